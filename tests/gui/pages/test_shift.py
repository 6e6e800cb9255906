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


def test_the_owner_opens_the_drawer_without_a_sale_and_the_printer_kicks_it(qtbot, ctx, settings, tcp_printer):
    from pvz_desktop.store.models import Employee
    from tests.gui.conftest import make_counter

    with ctx.store.write() as s:
        s.add(Employee(id=ctx.actor.employee_id, display_name="Орлова Т.", role="owner"))
    settings = settings.model_copy(update={"printer": tcp_printer.url})
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        counter.window.start_devices()
        page = counter.page("shift")
        counter.window.show_page("shift")
        counter.act(page.open_button.click)
        tone, text = counter.act(lambda: page.open_drawer("   "))
        assert tone == "error" and "Укажите, зачем" in text
        tone, text = counter.act(lambda: page.open_drawer("размен для курьера"))
        assert tone == "ok" and "размен для курьера" in text
        assert tcp_printer.wait_for(lambda p: b"\x1bp\x00\x19\xfa" in p.data)
        counter.idle()
        qtbot.waitUntil(lambda: page.values["drawer_opened_by_owner"].text() == "1", timeout=5000)
    finally:
        gen.close()


def test_an_employee_is_refused_the_drawer(counter, point):
    page = counter.page("shift")
    counter.window.show_page("shift")
    tone, text = counter.act(lambda: page.open_drawer("размен"))
    assert tone == "error" and "только владелец" in text
