"""Инвентаризация: start, count cell by cell with the map following, apply the differences."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from pvz_desktop.gui.pages.inventory import COUNTED, NOT_COUNTED
from pvz_desktop.store.models import Shipment


def test_count_two_cells_and_apply_a_shortage(counter, point, qtbot, qtmodeltester):
    point.add_cells(shelves=3)
    here = point.add_shipment(customer=None, status="stored", cell="C-A-01-01")
    gone = point.add_shipment(customer=None, status="stored", cell="C-A-01-01")
    moved = point.add_shipment(customer=None, status="stored", cell="C-A-01-02")
    page = counter.page("inventory")
    counter.window.show_page("inventory")
    counter.idle()
    assert page.scan_kinds() == frozenset()  # nothing to count before it starts
    tone, _ = counter.act(page.start_button.click)
    assert tone == "ok" and page.progress is not None
    assert counter.scan("C-A-01-01")[0] == "ok"
    assert page.cell.text() == "C-A-01-01"
    assert counter.scan(here)[0] == "ok"
    tone, text = counter.scan(moved)
    assert tone == "error" and "C-A-01-02" in text
    counter.scan("C-A-01-03")
    counter.idle()
    assert page.progress.cells_checked == 2 and page.progress.scanned == 2
    assert page.map._overrides["C-A-01-01"] == COUNTED
    assert page.map._overrides["C-A-01-02"] == NOT_COUNTED
    qtmodeltester.check(page.log_model)
    assert "Недостача (1)" in page.summary.toPlainText() and gone in page.summary.toPlainText()

    page.apply_button.click()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "confirm_inventory_apply") is not None)
    box = page.findChild(QMessageBox, "confirm_inventory_apply")
    # The question says what applying does, in numbers, and which cell looks half-counted.
    text = box.text()
    assert "Станут «утеряно» (недостача): 1" in text
    assert "Найдено, вернутся на хранение: 0" in text and "Перемещено в ячейку, где найдены: 1" in text
    assert "C-A-01-01: найдено 1 из 2" in text
    assert "Не проверено ячеек: 1" in text
    with qtbot.waitSignal(page.applied):
        counter.act(box.defaultButton().click)
    with point.store.read() as s:
        status = dict(s.execute(select(Shipment.posting_number, Shipment.status)).all())
    assert status[gone] == "lost" and status[here] == "stored"
    assert page.progress is None and page.start_button.isEnabled()


def test_paused_inventory_takes_no_scans(counter, point):
    point.add_cells()
    page = counter.page("inventory")
    counter.window.show_page("inventory")
    counter.act(page.start_button.click)
    counter.act(page.pause_button.click)
    assert page.pause_button.text().endswith("Продолжить")
    tone, text = counter.scan("C-A-01-01")
    assert tone == "info" and "Инвентаризация" in text  # the router answers: not taken here now
