"""The real window answers a Honeywell HID-POS scanner with its beep: output report 4, Sound Good
Read Beep for an accepted scan, Sound Error Beep for a refusal. No USB device exists here: hidapi's
opened device is the stand-in of the HID tests, given to the source where hidapi would open it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.hid_source import HidConnection, HidPosSource
from pvz_desktop.gui.application import build_window, ensure_app
from tests.devices.scanner.test_hid_ack import BAD, GOOD, BeepingDevice


def test_the_hid_scanner_beeps_the_banners_verdict(qtbot, ctx, settings, point, monkeypatch):
    point.add_cells(racks=1, shelves=1, capacity=5)
    point.add_waybill("TN-0000031337", packages={"GM0000412345": 1})
    device = BeepingDevice([])
    monkeypatch.setattr(HidPosSource, "open", lambda self: HidConnection(device, self.source, self.ack))
    settings = settings.model_copy(update={"scanners": "hid://0c2e:0b8f?ack=honeywell"})
    ensure_app()
    window = build_window(ctx, settings, demo=False, sound=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window or window.isVisible())
    window.devices.debouncer = Debouncer(window=0.0)
    window.start_devices()
    feedback = window.services.feedback
    try:
        qtbot.waitUntil(lambda: "✓" in window.status.scanners.text(), timeout=5000)
        tones = []
        for code in ("TN-0000031337", "NOT-A-LABEL-42", "TN-0000031337"):
            with qtbot.waitSignal(feedback.shown, timeout=5000) as shown:
                device.scan(code.encode() + b"\r")
            tones.append(shown.args[0])
            qtbot.waitUntil(lambda: window.services.runner.idle, timeout=5000)
        assert tones[0] not in ("error", "alert") and tones[1] == "error"  # the waybill opens; junk is refused
        expected = [BAD if tone in ("error", "alert") else GOOD for tone in tones]
        qtbot.waitUntil(lambda: len(device.written) >= len(expected), timeout=5000)
        assert device.written == expected
    finally:
        window.devices.stop()
        window.services.runner.shutdown()
