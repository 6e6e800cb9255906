"""The counter fits a 1366×768 screen in Russian and English, through a scripted day on the demo
point: after every step the window is still 1366×768 and no visible widget reaches past it, also
after a 10,000-character code is scanned and after one is typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolButton, QWidget
from sqlalchemy import select

from pvz_desktop.core.barcodes import MAX_CODE_LENGTH
from pvz_desktop.demo.generator import DEMO_PICKUP_KEY, generate
from pvz_desktop.demo.pickup_pins import save_pins
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.store.models import UnknownScan
from tests.gui.conftest import Counter, make_counter

SCREEN = QRect(0, 0, 1366, 768)
HUGE = "7" * 10_000


@pytest.fixture
def demo(language, qtbot, store, ctx, settings) -> Iterator[Counter]:
    summary = generate(store, shipments=300, seed=3)
    save_pins(settings.data_dir, summary.pins)  # the demo's own file: the database has only verifiers
    gen = make_counter(qtbot, dataclasses.replace(ctx, pickup_key=lambda: DEMO_PICKUP_KEY), settings, demo=True)
    counter = next(gen)
    window = counter.window
    window.move(0, 0)
    # The whole frame on the screen: the title bar and borders take their part of 1366×768.
    extra = window.frameGeometry().size() - window.geometry().size()
    window.resize(SCREEN.size() - extra)
    counter.idle()
    yield counter
    gen.close()


def scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: may be wider than the view, by design, and scrolls."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
            return True
        parent = parent.parentWidget()
    return False


def overflowing(window: MainWindow) -> list[str]:
    """Visible widgets that reach outside the window, and the window itself if it outgrew the screen."""
    QApplication.processEvents()
    problems = []
    frame = window.frameGeometry()
    if not SCREEN.contains(frame):
        problems.append(f"window frame {frame.getRect()} (minimum {window.minimumSizeHint().toTuple()})")
    inside = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not inside.contains(rect):
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} at {rect.getRect()}")
    return problems


def codes(window: MainWindow, prefix: str) -> list[str]:
    dock = window.demo_dock
    return next((c for title, c in dock.codes().items() if title.startswith(prefix) and c), [])  # type: ignore[union-attr]


def test_a_day_fits_1366x768(demo: Counter, qtbot, store, language) -> None:
    window = demo.window
    steps: dict[str, list[str]] = {}

    def check(step: str) -> None:
        demo.idle()
        steps[step] = overflowing(window)

    qtbot.waitUntil(lambda: bool(window.demo_dock.codes()), timeout=5000)  # type: ignore[union-attr]
    check("start")
    for key in ("acceptance", "placement", "issuance", "returns", "ledger", "inventory", "support", "shift"):
        window.show_page(key)
        check(f"tab {key}")

    window.page("shift").open_shift()  # type: ignore[union-attr]
    check("shift opened")
    demo.scan(codes(window, "Накладная")[0])
    check("waybill opened")
    for _ in range(4):
        demo.scan(codes(window, "Приёмка")[0])
    check("waybill mid-acceptance")

    window.show_page("placement")
    for code in codes(window, "Размещение")[:2]:
        demo.scan(code)
        cell = window.page("placement").target_cell  # type: ignore[union-attr]
        if cell:
            demo.scan(cell)
    check("put away")

    pickups = codes(window, "Коды получения")
    assert pickups, "the demo offers pickup codes"
    demo.scan(pickups[0])
    check("customer card")
    qtbot.waitUntil(lambda: bool(codes(window, "Посылки покупателя")), timeout=5000)
    parcels = codes(window, "Посылки покупателя")
    demo.scan(parcels[0])
    demo.scan(parcels[-1])  # another customer's parcel: the loud alert
    check("alert")

    ledger = window.page("ledger")
    window.show_page("ledger")
    ledger.show_history(parcels[0])  # type: ignore[union-attr]
    check("ledger timeline")
    who = ledger.history_items.text()  # type: ignore[union-attr]
    assert who.split(" ")[1].endswith(".") and ".." not in who  # «Иванова И. Рюкзак…», not «И..»

    # A runaway scanner burst and a pasted wall of digits change nothing on screen.
    tone, text = demo.scan(HUGE)
    assert tone == "error" and HUGE not in text and str(MAX_CODE_LENGTH) in text
    check("10,000-character scan")
    window.manual.setFocus()
    with qtbot.waitSignal(demo.feedback.shown, timeout=5000):
        window.manual.insert(HUGE)
    assert window.manual.text() == ""
    QTest.keyClicks(window.manual, "8" * (MAX_CODE_LENGTH + 3))
    assert len(window.manual.text()) == MAX_CODE_LENGTH
    check("10,000-character paste, over-long typing")

    window.demo_dock.close()  # type: ignore[union-attr]
    for key in ("acceptance", "issuance", "ledger", "inventory", "support"):
        window.show_page(key)
        check(f"demo dock closed, tab {key}")

    bad = {step: problems for step, problems in steps.items() if problems}
    assert bad == {}
    with store.read() as s:
        kept = s.scalars(select(UnknownScan.code).where(UnknownScan.code.startswith("777"))).all()
    assert kept == ["7" * MAX_CODE_LENGTH]  # the unreadable burst, cut to the longest code


def test_every_tab_is_in_sight_at_1366_with_the_demo_panel_open(demo: Counter, qtbot, language) -> None:
    """All tabs side by side, none behind the tab bar's scroll arrows, whichever is selected (bold)."""
    window = demo.window
    dock = window.demo_dock
    assert dock is not None and dock.isVisible()
    bar = window.tabs.tabBar()
    for index in range(bar.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
        assert not arrows, f"the tab bar scrolls with «{bar.tabText(index)}» selected"
        wanted = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        assert wanted <= bar.width(), (bar.tabText(index), wanted, bar.width())
        for i in range(bar.count()):
            assert bar.rect().contains(bar.tabRect(i)), bar.tabText(i)
