"""Scanners opened with the window's frame, before the pages exist: nothing read meanwhile is lost.

A serial port drops what it holds when it is opened, so the scanners are opened at once and their
events kept here, in order, until the window hands them over to its devices (``release``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from pvz_desktop.core.errors import DomainError
from pvz_desktop.devices.scanner.events import ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub

log = logging.getLogger(__name__)


class EarlyScanners:
    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self._lock = threading.Lock()
        self._held: list[HubEvent] = []
        self._target: Callable[[HubEvent], None] | None = None
        self.hub: ScannerHub | None = None
        self.refused: DomainError | None = None  # bad scanner settings: the devices report it

    def start(self) -> EarlyScanners:
        try:
            # Inline, as CounterDevices opens its own: a scan goes from the reader thread to the
            # window's queued signal with no hub thread between (after release()).
            self.hub = ScannerHub.from_urls(self.urls, on_event=self._on_event, inline=True)
        except DomainError as exc:
            self.refused = exc
        else:
            self.hub.start()
        return self

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
        with self._lock:
            return [e.code for e in self._held if isinstance(e, ScanEvent)]
