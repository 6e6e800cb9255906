"""Приёмка driven by scans: open by scan or from the list, live counters, close with an act."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from pvz_desktop.store.models import DiscrepancyAct, Shipment, UnknownScan


def delivery(point):
    number = point.add_waybill("TN-0000031337", packages={"GM0000412345": 1, "GM0000412346": 1})
    postings = [point.add_shipment(customer=None, waybill=number) for _ in range(3)]
    return number, postings


def tile(page, name: str) -> str:
    return page.tiles[name].value


def test_waybill_scan_opens_acceptance_and_counts_live(counter, point, qtmodeltester):
    number, (a, _b, _c) = delivery(point)
    counter.window.show_page("issuance")
    tone, text = counter.scan(number)
    page = counter.page("acceptance")
    assert counter.window.current_page() is page
    assert tone == "ok" and number in text
    assert (tile(page, "expected"), tile(page, "received"), tile(page, "missing")) == ("3", "0", "3")

    assert counter.scan(a)[0] == "ok"
    assert counter.scan("GM0000412345")[0] == "ok"
    tone, text = counter.scan(a)
    assert tone == "error" and "Повторный" in text
    tone, text = counter.scan("0999999999-0001-1")
    assert tone == "info" and "излишек" in text
    tone, text = counter.scan("ЖУНК-123")
    assert tone == "error" and "Зависшие" in text

    assert (tile(page, "received"), tile(page, "missing"), tile(page, "unexpected"), tile(page, "duplicates")) == (
        "1",
        "2",
        "1",
        "1",
    )
    assert page.package_tiles["received"].value == "1"
    assert page.log_model.rowCount() == 5
    assert page.log_model.row_at(0).code == "ЖУНК-123" or not page.log_model.row_at(0).ok
    qtmodeltester.check(page.log_model)
    with point.store.read() as s:
        assert s.scalar(select(Shipment.status).where(Shipment.posting_number == a)) == "received"
        assert s.scalar(select(UnknownScan.code)) is not None


def test_close_asks_first_then_writes_the_discrepancy_act(counter, point, qtbot):
    number, (a, b, c) = delivery(point)
    page = counter.page("acceptance")
    counter.scan(number)
    counter.scan(a)
    page.close_button.click()
    box = page.findChild(QMessageBox, "confirm_close_waybill")
    assert box is not None and "2" in box.text()
    # "No" closes nothing.
    no = next(btn for btn in box.buttons() if box.buttonRole(btn) == QMessageBox.ButtonRole.NoRole)
    no.click()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "confirm_close_waybill") is None)
    assert page.waybill == number

    page.close_button.click()
    box = page.findChild(QMessageBox, "confirm_close_waybill")
    with qtbot.waitSignal(page.closed) as closed:
        counter.act(box.defaultButton().click)
    result = closed.args[0]
    assert result.act is not None and set(result.act.missing_shipments) == {b, c}
    assert page.waybill is None
    assert b in page.summary.toPlainText() and "Не пришли (2)" in page.summary.toPlainText()
    with point.store.read() as s:
        assert s.scalar(select(Shipment.status).where(Shipment.posting_number == b)) == "missing"
        assert s.scalar(select(DiscrepancyAct.missing_shipments)) == 2
    # The act is printed at once, in two copies, with signature lines for the courier and the employee.
    printed = counter.window.status.services.printer.last
    assert printed is not None and printed.kind == "discrepancy_act"
    preview = " ".join(printed.preview_text().split())
    assert preview.count("АКТ О РАСХОЖДЕНИИ") == 2 and preview.count(number) == 2
    assert "Экземпляр 2 из 2" in preview and "Не поступили отправления: 2" in preview and b in preview
    assert "Курьер ____" in preview and "Сотрудник ____" in preview and "Смирнова О." in preview


def test_a_discrepancy_act_is_reprinted_from_the_closed_waybills(counter, point, qtbot):
    number, (a, _b, _c) = delivery(point)
    page = counter.page("acceptance")
    counter.scan(number)
    counter.scan(a)
    page.close_button.click()
    counter.act(page.findChild(QMessageBox, "confirm_close_waybill").defaultButton().click)
    printer = counter.window.status.services.printer
    first = printer.last
    dialog = page.open_discrepancy_acts()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.row_at(0).waybill == number
    tone, text = counter.act(dialog.print_button.click)
    assert tone == "ok" and number in text
    assert printer.last is not first and printer.last.preview_text() == first.preview_text()


def test_open_list_opens_by_keyboard_and_refuses_a_closed_waybill(counter, point, qtbot, qtmodeltester, unchanged):
    number, _ = delivery(point)
    page = counter.page("acceptance")
    counter.window.show_page("acceptance")
    counter.idle()
    assert page.open_model.rowCount() == 1
    qtmodeltester.check(page.open_model)
    page.open_list.selectRow(0)
    tone, _ = counter.act(page.open_button.click)
    assert tone == "ok" and page.waybill == number
    counter.act(page._do_close)
    with unchanged():
        tone, text = counter.scan(number)
    assert tone == "error" and "уже закрыта" in text
