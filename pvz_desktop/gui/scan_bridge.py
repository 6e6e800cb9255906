"""Adapter from the Qt-free scanner hub to Qt: callbacks from any thread become signals.

The hub calls ``push_scan``/``push_status`` on its own reader threads; the signals are
delivered to the GUI thread through queued connections, so slots may touch widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pvz_desktop.devices.scanner.events import DeviceStatusEvent, ScanEvent


class ScannerBridge(QObject):
    scanned = Signal(object)  # ScanEvent
    status_changed = Signal(object)  # DeviceStatusEvent

    def push_scan(self, event: ScanEvent) -> None:
        self.scanned.emit(event)

    def push_status(self, event: DeviceStatusEvent) -> None:
        self.status_changed.emit(event)
