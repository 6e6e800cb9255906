"""Scanners into the router, printer events into the status bar: the window's device wiring."""

from __future__ import annotations

import logging
from collections import deque
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError
from pvz_desktop.devices.scale.reader import ScaleReader
from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState
from pvz_desktop.devices.scale.urls import parse_scale_url
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from pvz_desktop.devices.scanner.urls import WEDGE_URL
from pvz_desktop.devices.scanner.wedge import WedgeDetector
from pvz_desktop.gui.feedback import Tone
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.printing import PrinterService
from pvz_desktop.gui.scan_router import ScanRouter
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.status_bar import CounterStatusBar
from pvz_desktop.gui.texts import reason
from pvz_desktop.gui.wedge_filter import WedgeKeyFilter

if TYPE_CHECKING:
    from pvz_desktop.gui.early_scanners import EarlyScanners

log = logging.getLogger(__name__)

REFUSING_TONES = frozenset({Tone.ERROR, Tone.ALERT})  # a refused scan, another customer's parcel


class CounterDevices(QObject):
    """Owns the scanner hub, the wedge key filter, the scale and the print queue for one window."""

    weighed = Signal(object)  # ScaleReading, on the GUI thread (the scale's thread hands it over)

    def __init__(
        self,
        services: Services,
        router: ScanRouter,
        status: CounterStatusBar,
        printer: PrinterService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.router = router
        self.status = status
        # Scans from a scanner that beeps the counter's verdict (host ACK), oldest first; the next
        # answer on the banner is theirs.
        self._awaiting: deque[ScanEvent] = deque()
        services.feedback.shown.connect(self._send_verdict)
        self.printer = printer
        printer.status_changed.connect(lambda text, ok: status.set_printer(text, ok=ok))
        printer.drawer_changed.connect(status.set_drawer)
        self.hub: ScannerHub | None = None
        self.wedge: WedgeKeyFilter | None = None
        # None: the hub's own (the same label twice within 0.3 s counts once).
        self.debouncer: Debouncer | None = None
        self.scale: ScaleReader | None = None
        self._last_scale_state: ScaleState | None = None
        self.weighed.connect(self._scale_status)

    def _on_hub_event(self, event: HubEvent) -> None:
        """Called by the hub inline, on a reader thread: handed to the GUI thread, nothing else."""
        if isinstance(event, ScanEvent):
            self._post_scan(event)
        else:
            self._device_status(event)

    def _post_scan(self, event: ScanEvent) -> None:
        # Later even from the GUI thread (a wedge scan without a hub): the hub calls in under its lock.
        run_on_main(partial(self._scanned, event), self)

    def _scanned(self, event: ScanEvent) -> None:
        """On the GUI thread: note a scan whose scanner waits for the verdict, then route it."""
        if self.hub is not None and self.hub.acknowledges(event.source):
            self._awaiting.append(event)
        self.router.route(event)

    def _device_status(self, event: DeviceStatusEvent) -> None:
        run_on_main(partial(self.status.device_status, event), self)

    def _send_verdict(self, tone: str, _text: str) -> None:
        """The banner's answer to a scan, sounded by the scanner too: an error tone for a refusal."""
        if self._awaiting and tone != Tone.IDLE and self.hub is not None:
            self.hub.answer(self._awaiting.popleft(), accepted=tone not in REFUSING_TONES)

    def start(self, early: EarlyScanners | None = None) -> None:
        """Open the scanners, or take over those ``early`` opened (and what they read meanwhile)."""
        urls = early.urls if early is not None else self.services.settings.scanner_urls
        try:
            if early is None:
                self.hub = ScannerHub.from_urls(
                    urls, on_event=self._on_hub_event, debouncer=self.debouncer, inline=True
                )
            elif early.refused is not None:
                raise early.refused
            else:
                self.hub = early.hub
        except DomainError as exc:
            log.warning("scanner settings refused: %s", exc.message)
            self._device_status(DeviceStatusEvent("scanners", DeviceState.ERROR, reason(exc), utcnow()))
        else:
            if early is None:
                assert self.hub is not None
                self.hub.start()
            else:
                early.release(self._on_hub_event)
            if WEDGE_URL in (u.lower() for u in urls):
                self.install_wedge(WedgeDetector())
        self._start_scale()
        self.printer.start()

    def _start_scale(self) -> None:
        url = self.services.settings.scale
        if not url:
            return
        try:
            config = parse_scale_url(url)
        except DomainError as exc:
            self._device_status(DeviceStatusEvent("scale", DeviceState.ERROR, reason(exc), utcnow()))
            return
        self.scale = ScaleReader(config, lambda reading: run_on_main(partial(self.weighed.emit, reading), self))
        self.scale.start()

    def _scale_status(self, reading: ScaleReading) -> None:
        """The status bar shows the scale like a scanner: there and answering, or why not."""
        if reading.state is ScaleState.DISCONNECTED or reading.state is ScaleState.ERROR:
            state = DeviceState.DISCONNECTED if reading.state is ScaleState.DISCONNECTED else DeviceState.ERROR
            self._device_status(DeviceStatusEvent("scale", state, reading.describe(), utcnow()))
        elif self._last_scale_state is not ScaleState.WEIGHING:
            self._device_status(DeviceStatusEvent("scale", DeviceState.ENABLED, self.tr("Весы на связи"), utcnow()))
        self._last_scale_state = reading.state

    def install_wedge(self, detector: WedgeDetector) -> WedgeKeyFilter:
        app = QApplication.instance()
        assert app is not None
        self.wedge = WedgeKeyFilter(detector, max_gap=detector.max_gap, parent=self)
        hub = self.hub
        # Wedge scans go through the hub too, so its debounce treats every source alike.
        self.wedge.scanned.connect(hub.submit if hub is not None else self._post_scan)
        app.installEventFilter(self.wedge)
        return self.wedge

    def stop(self) -> None:
        app = QApplication.instance()
        if self.wedge is not None and app is not None:
            app.removeEventFilter(self.wedge)
            self.wedge = None
        if self.hub is not None:
            self.hub.stop()
            self.hub = None
        if self.scale is not None:
            self.scale.stop()
            self.scale = None
        self.printer.stop()
