from __future__ import annotations

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.store.models import ReturnCase, ReturnRequest, ShipmentItem
from pvz_desktop.workflows.returns import Decision, ReturnChecklist, decide_return, find_return
from tests.workflows.counter_builders import add_return_request, events, outbox, status_of

ALL_OK = ReturnChecklist(condition_ok=True, complete=True, item_matches=True, reason_matches=True)
ITEMS = [("Футболка хлопковая", 1, 79900), ("Кроссовки беговые", 1, 459000)]


@pytest.fixture
def issued(point):
    point.add_customer("48213377", name="Иванова А.")
    return point.add_shipment(customer="48213377", status="issued", items=ITEMS)


def test_found_by_request_barcode_or_by_posting(ctx, store, issued):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"], "Брак")

    by_rt = find_return(ctx, "RT-0000007781")
    by_posting = find_return(ctx, issued)

    assert by_rt == by_posting
    assert by_rt.posting_number == issued
    assert by_rt.customer_name == "Иванова А."
    assert by_rt.requested_items == ("Кроссовки беговые",)
    assert by_rt.reason == "Брак"
    assert [i.name for i in by_rt.issued_items] == ["Футболка хлопковая", "Кроссовки беговые"]
    assert by_rt.unknown_items == ()


def test_request_barcode_typed_in_russian_layout_is_understood(ctx, store, issued):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"])
    assert find_return(ctx, "КЕ-0000007781").request_number == "RT-0000007781"


def test_approval_sends_the_shipment_to_return_and_writes_the_case(ctx, store, issued):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"], "Брак")

    receipt = decide_return(ctx, "RT-0000007781", ALL_OK, Decision.APPROVED, photo_path="/photos/1.jpg")

    assert status_of(store, issued) == "to_return"
    assert receipt.decision is Decision.APPROVED
    assert receipt.posting_number == issued and receipt.request_number == "RT-0000007781"
    assert [(i.name, i.price) for i in receipt.items] == [("Кроссовки беговые", 459000)]
    assert receipt.reason == "Брак" and receipt.rejection_reason == ""
    assert receipt.point_name == "ПВЗ Тверская 1" and receipt.employee_name == "Смирнова О."
    with store.read() as s:
        request = s.scalar(select(ReturnRequest))
        case = s.scalar(select(ReturnCase))
        assert request.status == "accepted"
        assert (case.decision, case.condition_ok, case.complete, case.matches_request) == ("approved", True, True, True)
        assert case.photo_path == "/photos/1.jpg" and case.employee_id == "emp-1"
    [event] = events(store, "customer_return")
    assert (event.from_status, event.to_status, event.op_id) == ("issued", "to_return", receipt.op_id)
    [(kind, payload)] = outbox(store)
    assert kind == "customer_return"
    assert payload["decision"] == "approved" and payload["request"] == "RT-0000007781"


def test_rejection_keeps_the_shipment_issued_and_records_the_reason(ctx, store, issued):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"], "Брак")
    checklist = ReturnChecklist(condition_ok=False, complete=True, item_matches=True, reason_matches=False)

    receipt = decide_return(ctx, issued, checklist, "rejected", "  Следы носки, брака нет  ")

    assert status_of(store, issued) == "issued"
    assert receipt.decision is Decision.REJECTED
    assert receipt.rejection_reason == "Следы носки, брака нет"
    with store.read() as s:
        assert s.scalar(select(ReturnRequest.status)) == "rejected"
        case = s.scalar(select(ReturnCase))
        assert (case.decision, case.condition_ok, case.matches_request) == ("rejected", False, False)
        assert case.reason == "Следы носки, брака нет"
    [event] = events(store, "return_rejected")
    assert event.to_status is None and event.op_id == receipt.op_id
    assert [k for k, _ in outbox(store)] == ["customer_return"]


def test_posting_lookup_takes_the_open_request_over_an_old_rejected_one(ctx, store, issued):
    add_return_request(store, "RT-0000000001", issued, ["Футболка хлопковая"], status="rejected")
    add_return_request(store, "RT-0000000002", issued, ["Кроссовки беговые"])
    assert find_return(ctx, issued).request_number == "RT-0000000002"


def test_lines_refused_at_issuance_are_not_offered_for_return(ctx, store, point):
    point.add_customer("48213377")
    posting = point.add_shipment(customer="48213377", status="issued", items=ITEMS)
    with store.write() as s:
        s.execute(ShipmentItem.__table__.update().where(ShipmentItem.line_no == 2).values(refused=True))
    add_return_request(store, "RT-0000007781", posting, ["Кроссовки беговые"])

    candidate = find_return(ctx, "RT-0000007781")

    assert [i.name for i in candidate.issued_items] == ["Футболка хлопковая"]
    assert candidate.unknown_items == ("Кроссовки беговые",)


@pytest.mark.parametrize(
    ("checklist", "text"),
    [
        (ReturnChecklist(False, True, True, True), "товарный вид"),
        (ReturnChecklist(True, False, True, True), "комплектация"),
        (ReturnChecklist(True, True, False, True), "не совпадает с заявкой"),
        (ReturnChecklist(True, True, True, False), "причина не подтверждается"),
    ],
)
def test_approval_with_a_failed_check_is_refused(ctx, store, issued, unchanged, checklist, text):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"])
    with unchanged(), pytest.raises(BadInput) as err:
        decide_return(ctx, "RT-0000007781", checklist, Decision.APPROVED)
    assert text in err.value.message


def test_rejection_without_a_reason_is_refused(ctx, store, issued, unchanged):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"])
    with unchanged(), pytest.raises(BadInput) as err:
        decide_return(ctx, "RT-0000007781", ALL_OK, Decision.REJECTED, "   ")
    assert "причину" in err.value.message


def test_request_for_an_item_that_was_not_issued_cannot_be_approved(ctx, store, issued, unchanged):
    add_return_request(store, "RT-0000007781", issued, ["Пылесос вертикальный"])
    with unchanged(), pytest.raises(StateConflict) as err:
        decide_return(ctx, "RT-0000007781", ALL_OK, Decision.APPROVED)
    assert "Пылесос вертикальный" in err.value.message


def test_a_decided_request_cannot_be_decided_again(ctx, store, issued, unchanged):
    add_return_request(store, "RT-0000007781", issued, ["Кроссовки беговые"])
    decide_return(ctx, "RT-0000007781", ALL_OK, Decision.APPROVED)
    with unchanged(), pytest.raises(StateConflict) as err:
        decide_return(ctx, "RT-0000007781", ALL_OK, Decision.APPROVED)
    assert "уже рассмотрена" in err.value.message and "возврат принят" in err.value.message
    with unchanged(), pytest.raises(StateConflict):
        find_return(ctx, issued)


def test_return_of_a_shipment_that_was_not_issued_is_refused(ctx, store, point, unchanged):
    point.add_cells()
    point.add_customer("48213377")
    stored = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    add_return_request(store, "RT-0000000005", stored, ["Футболка хлопковая"])
    with unchanged(), pytest.raises(StateConflict) as err:
        decide_return(ctx, "RT-0000000005", ALL_OK, Decision.APPROVED)
    assert "на хранении" in err.value.message and "выданному" in err.value.message


@pytest.mark.parametrize(
    ("raw", "error", "text"),
    [
        ("RT-0000009999", NotFound, "Заявка RT-0000009999 не найдена"),
        ("C-A-01-01", BadInput, "Ожидался штрихкод"),
        ("0999999999-0001-1", NotFound, "не найдено"),
    ],
)
def test_unknown_codes_are_refused(ctx, issued, unchanged, raw, error, text):
    with unchanged(), pytest.raises(error) as err:
        decide_return(ctx, raw, ALL_OK, Decision.APPROVED)
    assert text in err.value.message


def test_posting_without_a_request_is_refused(ctx, issued, unchanged):
    with unchanged(), pytest.raises(NotFound) as err:
        decide_return(ctx, issued, ALL_OK, Decision.APPROVED)
    assert "нет заявки на возврат" in err.value.message
