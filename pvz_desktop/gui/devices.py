"""Scanners into the router, printer events into the status bar: the window's device wiring."""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
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
from pvz_desktop.gui.printing import PrinterService
from pvz_desktop.gui.scan_bridge import ScannerBridge
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

    weighed = Signal(object)  # ScaleReading, from the scale's thread: queued to the GUI thread

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
        self.bridge = ScannerBridge(self)
        # Scans from a scanner that beeps the counter's verdict (host ACK), oldest first; the next
        # answer on the banner is theirs. Connected before the router, so a scan waits before it is routed.
        self._awaiting: deque[ScanEvent] = deque()
        self.bridge.scanned.connect(self._await_verdict, Qt.ConnectionType.QueuedConnection)
        # Queued even from the GUI thread (a wedge scan): the hub calls the bridge under its lock.
        self.bridge.scanned.connect(router.route, Qt.ConnectionType.QueuedConnection)
        services.feedback.shown.connect(self._send_verdict)
        self.bridge.status_changed.connect(status.device_status, Qt.ConnectionType.QueuedConnection)
        self.printer = printer
        printer.status_changed.connect(lambda text, ok: status.set_printer(text, ok=ok))
        printer.drawer_changed.connect(status.set_drawer)
        self.hub: ScannerHub | None = None
        self.wedge: WedgeKeyFilter | None = None
        # None: the hub's own (the same label twice within 0.3 s counts once).
        self.debouncer: Debouncer | None = None
        self.scale: ScaleReader | None = None
        self._last_scale_state: ScaleState | None = None
        self.weighed.connect(self._scale_status, Qt.ConnectionType.QueuedConnection)

    def _on_hub_event(self, event: HubEvent) -> None:
        """Called by the hub inline, on a reader thread: only emit, the bridge queues it to the GUI thread."""
        if isinstance(event, ScanEvent):
            self.bridge.push_scan(event)
        else:
            self.bridge.push_status(event)

    def _await_verdict(self, event: ScanEvent) -> None:
        if self.hub is not None and self.hub.acknowledges(event.source):
            self._awaiting.append(event)

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
            self.bridge.push_status(DeviceStatusEvent("scanners", DeviceState.ERROR, reason(exc), utcnow()))
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
            self.bridge.push_status(DeviceStatusEvent("scale", DeviceState.ERROR, exc.message, utcnow()))
            return
        self.scale = ScaleReader(config, self.weighed.emit)
        self.scale.start()

    def _scale_status(self, reading: ScaleReading) -> None:
        """The status bar shows the scale like a scanner: there and answering, or why not."""
        if reading.state is ScaleState.DISCONNECTED or reading.state is ScaleState.ERROR:
            state = DeviceState.DISCONNECTED if reading.state is ScaleState.DISCONNECTED else DeviceState.ERROR
            self.bridge.push_status(DeviceStatusEvent("scale", state, reading.describe(), utcnow()))
        elif self._last_scale_state is not ScaleState.WEIGHING:
            self.bridge.push_status(DeviceStatusEvent("scale", DeviceState.ENABLED, "Весы на связи", utcnow()))
        self._last_scale_state = reading.state

    def install_wedge(self, detector: WedgeDetector) -> WedgeKeyFilter:
        app = QApplication.instance()
        assert app is not None
        self.wedge = WedgeKeyFilter(detector, max_gap=detector.max_gap, parent=self)
        hub = self.hub
        # Wedge scans go through the hub too, so its debounce treats every source alike.
        self.wedge.scanned.connect(hub.submit if hub is not None else self.bridge.push_scan)
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
