"""The scripted scans of the verdict tests: the real window with a scanner URL, a waybill that
opens, a code that is refused, the waybill again; each scan's banner tone, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication

from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.main_window import MainWindow

CODES = ("TN-0000031337", "NOT-A-LABEL-42", "TN-0000031337")
REFUSING = ("error", "alert")


@contextmanager
def verdict_window(qtbot, ctx, settings, point, scanners: str) -> Iterator[MainWindow]:
    """The window over a point with the waybill of ``CODES``, its devices started from ``scanners``."""
    point.add_cells(racks=1, shelves=1, capacity=5)
    point.add_waybill("TN-0000031337", packages={"GM0000412345": 1})
    ensure_app()
    window = build_window(ctx, settings.model_copy(update={"scanners": scanners}), demo=False, sound=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window or window.isVisible())
    window.devices.debouncer = Debouncer(window=0.0)
    window.start_devices()
    try:
        qtbot.waitUntil(lambda: "✓" in window.status.scanners.text(), timeout=5000)
        yield window
    finally:
        window.devices.stop()
        window.services.runner.shutdown()


def scan_tones(qtbot, window: MainWindow, send: Callable[[bytes], object], suffix: bytes) -> list[str]:
    """Each code of ``CODES`` sent with ``suffix``; the banner's tone for each. The waybill opens,
    the junk is refused (asserted: the verdicts under test would mean nothing otherwise)."""
    tones = []
    for code in CODES:
        with qtbot.waitSignal(window.services.feedback.shown, timeout=5000) as shown:
            send(code.encode() + suffix)
        tones.append(shown.args[0])
        qtbot.waitUntil(lambda: window.services.runner.idle, timeout=5000)
    assert tones[0] not in REFUSING and tones[1] == "error"
    return tones
