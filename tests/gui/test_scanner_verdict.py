"""The real window answers a host-ACK scanner: good read for an accepted scan, error for a refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.devices.scanner.ports import PtyPort
from tests.gui.verdict_day import REFUSING, scan_tones, verdict_window

GOOD, BAD = b"\x1b7,", b"\x1b8,"  # Honeywell host ACK commands


@pytest.fixture
def scanner() -> Iterator[PtyPort]:
    with PtyPort() as port:
        yield port


def test_the_scanner_sounds_the_banners_verdict(qtbot, ctx, settings, point, scanner):
    with verdict_window(qtbot, ctx, settings, point, f"serial://{scanner.path}?ack=honeywell") as window:
        tones = scan_tones(qtbot, window, scanner.write, b"\r\n")
        expected = b"".join(BAD if tone in REFUSING else GOOD for tone in tones)
        assert scanner.read_exactly(len(expected)) == expected
        assert scanner.waiting() == b""


def test_the_other_barcode_of_a_label_gets_the_error_beep(qtbot, ctx, settings, point, scanner):
    """The label's upper barcode is refused (scan the posting number instead): the scanner sounds
    its error tone, and the waybill scanned next its good-read tone, in that order."""
    with verdict_window(qtbot, ctx, settings, point, f"serial://{scanner.path}?ack=honeywell") as window:
        tones = []
        for code in (b"%101%806044518", b"TN-0000031337"):
            with qtbot.waitSignal(window.services.feedback.shown, timeout=5000) as shown:
                scanner.write(code + b"\r\n")
            tones.append(shown.args[0])
            qtbot.waitUntil(lambda: window.services.runner.idle, timeout=5000)
        assert tones[0] == "error" and tones[1] not in REFUSING
        assert scanner.read_exactly(len(BAD + GOOD)) == BAD + GOOD
        assert scanner.waiting() == b""
