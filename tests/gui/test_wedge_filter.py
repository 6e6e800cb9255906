"""Keyboard-wedge scans never land in the focused field; a person's typing still does."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from pvz_desktop.devices.scanner.wedge import WedgeDetector
from pvz_desktop.gui.wedge_filter import WedgeKeyFilter


class Clock:
    """Each reading moves time on by ``step``: the pace of the keys."""

    def __init__(self, step: float) -> None:
        self.now = 100.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def form(qtbot) -> Iterator[tuple[QWidget, QLineEdit]]:
    w = QWidget()
    layout = QVBoxLayout(w)
    edit = QLineEdit()
    layout.addWidget(edit)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    yield w, edit


@pytest.fixture
def wedge() -> Iterator[Callable[[Clock], WedgeKeyFilter]]:
    """``wedge(clock)`` puts a filter with the real detector in front of every widget."""
    installed: list[WedgeKeyFilter] = []

    def install(clock: Clock) -> WedgeKeyFilter:
        detector = WedgeDetector(min_length=6, max_gap=0.030)
        f = WedgeKeyFilter(detector, max_gap=detector.max_gap, clock=clock)
        QApplication.instance().installEventFilter(f)
        installed.append(f)
        return f

    yield install
    for f in installed:
        QApplication.instance().removeEventFilter(f)


def test_a_fast_burst_ending_in_enter_is_a_scan_and_not_text(form, qtbot, wedge):
    _, edit = form
    f = wedge(Clock(0.005))
    with qtbot.waitSignal(f.scanned) as got:
        QTest.keyClicks(edit, "TN-0000000077")
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert got.args[0].code == "TN-0000000077"
    assert edit.text() == ""


def test_russian_layout_burst_is_mapped_back(form, qtbot, wedge):
    _, edit = form
    f = wedge(Clock(0.005))
    with qtbot.waitSignal(f.scanned) as got:
        for ch in "ПЬ0000412345":  # QTest cannot type Cyrillic: send what the keyboard would
            QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert got.args[0].code == "GM0000412345"
    assert edit.text() == ""


def test_human_typing_reaches_the_field_in_order(form, qtbot, wedge):
    _, edit = form
    scans = []
    f = wedge(Clock(0.25))
    f.scanned.connect(scans.append)
    QTest.keyClicks(edit, "1234,50")
    qtbot.waitUntil(lambda: edit.text() == "1234,50", timeout=2000)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert scans == []
    assert edit.text() == "1234,50"


def test_a_short_fast_burst_is_typing_too(form, qtbot, wedge):
    _, edit = form
    f = wedge(Clock(0.005))
    scans = []
    f.scanned.connect(scans.append)
    QTest.keyClicks(edit, "abc")
    QTest.keyClick(edit, Qt.Key.Key_Return)  # too short to be a barcode: released in order
    qtbot.waitUntil(lambda: edit.text() == "abc", timeout=2000)
    assert scans == []


def test_keys_through_the_window_are_fed_once(form, qtbot, wedge):
    """Real input visits the window, then the focused widget: the detector must see each key once."""
    w, edit = form
    f = wedge(Clock(0.005))
    with qtbot.waitSignal(f.scanned) as got:
        for ch in "C-A-01-03":
            QTest.keyClick(w.windowHandle(), ch)
        QTest.keyClick(w.windowHandle(), Qt.Key.Key_Return)
    assert got.args[0].code == "C-A-01-03"
    assert edit.text() == ""
