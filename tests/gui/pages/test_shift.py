from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from pvz_desktop.store.models import Shift


def test_open_work_close_and_print_the_report(counter, point, qtbot):
    point.add_cells()
    code = point.add_customer("48213377")
    cod = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", amount_due=70000)
    page = counter.page("shift")
    counter.window.show_page("shift")
    counter.idle()
    assert not page.close_button.isEnabled()
    tone, _ = counter.act(page.open_button.click)
    assert tone == "ok" and page.current is not None

    issuance = counter.page("issuance")
    counter.scan(code)
    counter.scan(cod)
    issuance.card_radio.setChecked(True)
    counter.act(issuance.issue_button.click)

    counter.window.show_page("shift")
    counter.idle()
    assert page.values["issued"].text() == "1"
    assert page.values["card_total"].text() == "700,00 ₽"
    page.close_button.click()
    box = page.findChild(QMessageBox, "confirm_shift_close")
    tone, text = counter.act(box.defaultButton().click)
    assert tone == "ok" and "700,00" in text
    with point.store.read() as s:
        assert s.scalar(select(Shift.closed_at)) is not None
    assert "700" in counter.window.preview.text.toPlainText()


def test_work_outside_a_shift_is_refused_and_f2_opens_one_from_any_tab(counter, point, qtbot):
    from pvz_desktop.workflows.context import Rules

    counter.window.services.ctx.rules = Rules(require_open_shift=True)  # as the counter app runs
    waybill = point.add_waybill("TN-0000031337")
    counter.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter.window)
    tone, text = counter.scan(waybill)
    assert tone == "error" and text.startswith("Откройте смену (F2)")
    assert counter.window.current_page().key == "acceptance"  # F2 works right here
    tone, text = counter.act(lambda: qtbot.keyClick(counter.window, Qt.Key.Key_F2))
    assert tone == "ok" and "Смена открыта" in text
    tone, _ = counter.scan(waybill)
    assert tone == "ok"
