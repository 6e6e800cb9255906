"""The real window answers a Honeywell HID-POS scanner with its beep: output report 4, Sound Good
Read Beep for an accepted scan, Sound Error Beep for a refusal. No USB device exists here: hidapi's
opened device is the stand-in of the HID tests, given to the source where hidapi would open it."""

from __future__ import annotations

from pvz_desktop.devices.scanner.hid_source import HidConnection, HidPosSource
from tests.devices.scanner.test_hid_ack import BAD, GOOD, BeepingDevice
from tests.gui.verdict_day import REFUSING, scan_tones, verdict_window


def test_the_hid_scanner_beeps_the_banners_verdict(qtbot, ctx, settings, point, monkeypatch):
    device = BeepingDevice([])
    monkeypatch.setattr(HidPosSource, "open", lambda self: HidConnection(device, self.source, self.ack))
    with verdict_window(qtbot, ctx, settings, point, "hid://0c2e:0b8f?ack=honeywell") as window:
        tones = scan_tones(qtbot, window, device.scan, b"\r")
        expected = [BAD if tone in REFUSING else GOOD for tone in tones]
        qtbot.waitUntil(lambda: len(device.written) >= len(expected), timeout=5000)
        assert device.written == expected
