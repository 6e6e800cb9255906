"""Scanners opened with the window's frame, before the pages exist: nothing read meanwhile is lost.

A serial port drops what it holds when it is opened, so the scanners are opened at once (on a
thread of their own: the scanner modules load there, not on the GUI thread) and their events
kept here, in order, until the window hands them over to its devices (``release``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from pvz_desktop.core.errors import DomainError

if TYPE_CHECKING:
    from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub

OPEN_TIMEOUT_S = 30.0  # opening a port is a few milliseconds; this only guards a hung driver


class EarlyScanners:
    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self._lock = threading.Lock()
        self._held: list[HubEvent] = []
        self._target: Callable[[HubEvent], None] | None = None
        self._hub: ScannerHub | None = None
        self._refused: DomainError | None = None
        self._opener = threading.Thread(target=self._open, name="pvz-early-scanners", daemon=True)

    def start(self) -> EarlyScanners:
        self._opener.start()
        return self

    def _open(self) -> None:
        from pvz_desktop.devices.scanner.hub import ScannerHub

        try:
            # Inline, as CounterDevices opens its own: a scan goes from the reader thread to the
            # window's queued signal with no hub thread between (after release()).
            hub = ScannerHub.from_urls(self.urls, on_event=self._on_event, inline=True)
        except DomainError as exc:
            self._refused = exc
        else:
            self._hub = hub
            hub.start()

    def wait_opened(self) -> EarlyScanners:
        if self._opener.ident is not None:
            self._opener.join(OPEN_TIMEOUT_S)
        return self

    @property
    def hub(self) -> ScannerHub | None:
        return self.wait_opened()._hub

    @property
    def refused(self) -> DomainError | None:
        """Bad scanner settings: the devices report it in the status bar."""
        return self.wait_opened()._refused

    def _on_event(self, event: HubEvent) -> None:
        """On a reader thread, under the hub's lock: kept until release(), then passed straight on."""
        with self._lock:
            target = self._target
            if target is None:
                self._held.append(event)
                return
        target(event)

    def release(self, target: Callable[[HubEvent], None]) -> int:
        """Hand every kept event to ``target`` in order, then the later ones as they come."""
        with self._lock:  # held under the lock: a new event cannot overtake the kept ones
            held, self._held = self._held, []
            for event in held:
                target(event)
            self._target = target
        return len(held)

    def held_scans(self) -> list[str]:
        """The codes read and not yet handed over, in order."""
        from pvz_desktop.devices.scanner.events import ScanEvent

        with self._lock:
            return [e.code for e in self._held if isinstance(e, ScanEvent)]

    def stop(self) -> None:
        hub = self.hub
        if hub is not None:
            hub.stop()
