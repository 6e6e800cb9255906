"""The real window answers a host-ACK scanner: good read for an accepted scan, error for a refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.gui.application import build_window, ensure_app
from tests.devices.scanner.ports import PtyPort

GOOD, BAD = b"\x1b7,", b"\x1b8,"  # Honeywell host ACK commands


@pytest.fixture
def scanner() -> Iterator[PtyPort]:
    with PtyPort() as port:
        yield port


def test_the_scanner_sounds_the_banners_verdict(qtbot, ctx, settings, point, scanner):
    point.add_cells(racks=1, shelves=1, capacity=5)
    point.add_waybill("TN-0000031337", packages={"GM0000412345": 1})
    settings = settings.model_copy(update={"scanners": f"serial://{scanner.path}?ack=honeywell"})
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
        answers = []
        for code in ("TN-0000031337", "NOT-A-LABEL-42", "TN-0000031337"):
            with qtbot.waitSignal(feedback.shown, timeout=5000) as shown:
                scanner.write(code.encode() + b"\r\n")
            answers.append(shown.args[0])
            qtbot.waitUntil(lambda: window.services.runner.idle, timeout=5000)
        expected = b"".join(BAD if tone in ("error", "alert") else GOOD for tone in answers)
        assert answers[0] not in ("error", "alert") and answers[1] == "error"  # the waybill opens; junk is refused
        assert scanner.read_exactly(len(expected)) == expected
        assert scanner.waiting() == b""
    finally:
        window.devices.stop()
        window.services.runner.shutdown()
