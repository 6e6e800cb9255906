"""Возвраты: the checklist dialog decides a customer return; return boxes packed by scan."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from pvz_desktop.gui.pages.returns import ReturnDialog
from pvz_desktop.store.models import ReturnBox, ReturnCase
from tests.workflows.counter_builders import add_return_request, status_of


def issued_with_request(point, items=("Кроссовки",)) -> tuple[str, str]:
    point.add_customer("48213377")
    posting = point.add_shipment(customer="48213377", status="issued", items=[("Кроссовки", 1, 300000)])
    return posting, add_return_request(point.store, "RT-0000007781", posting, list(items))


def open_dialog(counter, code, start: str = "issuance") -> ReturnDialog:
    counter.window.show_page(start)
    counter.scan(code)  # a request scanned anywhere opens Возвраты
    page = counter.page("returns")
    assert counter.window.current_page() is page
    dialog = page.findChild(ReturnDialog, "return_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_return_is_approved_only_after_every_check(counter, point, qtbot):
    posting, request = issued_with_request(point)
    dialog = open_dialog(counter, request)
    assert not dialog.approve_button.isEnabled()
    for box in (dialog.condition, dialog.complete, dialog.item):
        box.setChecked(True)
    assert not dialog.approve_button.isEnabled()
    dialog.reason_ok.setChecked(True)
    assert dialog.approve_button.isEnabled()
    tone, text = counter.act(dialog.approve_button.click)
    assert tone == "ok" and "возврат принят" in text
    assert status_of(point.store, posting) == "to_return"
    qtbot.waitUntil(lambda: counter.page("returns").findChild(ReturnDialog, "return_dialog") is None)
    preview = counter.window.preview.text.toPlainText()
    assert "ВОЗВРАТ" in preview and "Кроссовки" in preview and request in preview


def test_rejection_needs_a_reason_and_keeps_the_parcel_issued(counter, point):
    posting, _request = issued_with_request(point)
    dialog = open_dialog(counter, posting, start="returns")  # the issued posting finds the same request
    assert not dialog.reject_button.isEnabled()
    dialog.rejection.setPlainText("Следы носки")
    tone, text = counter.act(dialog.reject_button.click)
    assert tone == "info" and "Следы носки" in text
    assert status_of(point.store, posting) == "issued"
    with point.store.read() as s:
        case = s.scalar(select(ReturnCase))
        assert (case.decision, case.reason) == ("rejected", "Следы носки")
    preview = " ".join(counter.window.preview.text.toPlainText().split())  # the customer's receipt
    assert "ОТКАЗ В ВОЗВРАТЕ" in preview and "Причина отказа: Следы носки" in preview and posting in preview
    assert "Сумма к возврату" not in preview


def test_request_naming_an_item_never_issued_cannot_be_approved(counter, point):
    _posting, request = issued_with_request(point, items=("Телевизор",))
    counter.window.show_page("returns")
    tone, text = counter.scan(request)
    assert tone == "error" and "Телевизор" in text
    dialog = counter.page("returns").findChild(ReturnDialog, "return_dialog")
    for box in (dialog.condition, dialog.complete, dialog.item, dialog.reason_ok):
        box.setChecked(True)
    assert not dialog.approve_button.isEnabled()


def test_box_open_pack_seal_and_hand_over(counter, point, qtmodeltester):
    point.add_cells()
    a = point.add_shipment(customer=None, status="to_return", cell="C-A-01-01")
    stored = point.add_shipment(customer=None, status="stored", cell="C-A-01-02")
    page = counter.page("returns")
    counter.window.show_page("returns")
    counter.idle()
    assert [v.posting_number for v in page.waiting_model.rows()] == [a]
    qtmodeltester.check(page.waiting_model)
    tone, _ = counter.act(page.new_box_button.click)
    assert tone == "ok" and page.box.barcode == "RB-0000000001"
    assert "RB-0000000001" in counter.window.preview.text.toPlainText()  # the new box's label, at once
    tone, text = counter.scan(a)
    assert tone == "ok" and "C-A-01-01" in text
    tone, text = counter.scan(stored)
    assert tone == "error" and "к возврату" in text
    counter.act(page.seal_button.click)
    assert page.box is None
    assert "RB-0000000001" in counter.window.preview.text.toPlainText()  # the box label
    page.courier.setText("Сидоров К.")
    tone, text = counter.act(page.handover_button.click)
    assert tone == "ok" and "отправлений 1" in text
    assert status_of(point.store, a) == "returned_to_carrier"
    with point.store.read() as s:
        assert s.scalar(select(ReturnBox.status)) == "handed_over"
    assert not page.findChildren(QMessageBox)


def test_an_unknown_box_label_is_refused_and_opens_nothing(counter, point):
    page = counter.page("returns")
    counter.window.show_page("returns")
    counter.idle()
    tone, text = counter.scan("RB-0000160401")
    assert tone == "error" and "RB-0000160401" in text and "не найдена" in text
    assert page.box is None
    with point.store.read() as s:
        assert s.scalar(select(func.count()).select_from(ReturnBox)) == 0
