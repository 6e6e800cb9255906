from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.store.models import Event, Outbox, Shipment, UnknownScan
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.acceptance import ScanOutcome
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.outbox_body import stored_payload

WB = "TN-0000031337"


@pytest.fixture
def waybill(point):
    point.add_customer("48213377")
    point.add_waybill(WB, {"GM0000412345": 1, "GM0000412346": 1})
    postings = [point.add_shipment(customer="48213377", waybill=WB) for _ in range(3)]
    return postings


def status_of(store, posting: str) -> str:
    with store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))


def test_open_scan_and_reconcile_live(ctx, store, waybill) -> None:
    rec = acceptance.open_waybill(ctx, WB)
    assert (rec.status, rec.expected_shipments, rec.missing_shipments, rec.expected_packages) == ("receiving", 3, 3, 2)

    r = acceptance.scan(ctx, WB, waybill[0])
    assert r.outcome is ScanOutcome.RECEIVED and r.outcome.ok
    assert (r.reconciliation.received_shipments, r.reconciliation.missing_shipments) == (1, 2)
    assert status_of(store, waybill[0]) == "received"

    r = acceptance.scan(ctx, WB, "ПЬ0000412345")  # Russian layout on a wedge scanner
    assert r.outcome is ScanOutcome.PACKAGE_RECEIVED
    assert (r.reconciliation.received_packages, r.reconciliation.missing_packages) == (1, 1)


def test_open_by_scan_in_russian_layout(ctx, waybill) -> None:
    assert acceptance.open_waybill(ctx, "ЕТ-0000031337").waybill == WB


def test_duplicate_is_reported_not_counted_twice(ctx, store, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    acceptance.scan(ctx, WB, waybill[0])
    with store.read() as s:
        outbox_before = s.query(Outbox).count()
    r = acceptance.scan(ctx, WB, waybill[0])
    assert r.outcome is ScanOutcome.DUPLICATE
    assert "Повторный" in r.message
    assert r.reconciliation.received_shipments == 1
    assert r.reconciliation.duplicate_scans == 1
    with store.read() as s:
        assert s.query(Outbox).count() == outbox_before  # nothing for the server
    r = acceptance.scan(ctx, WB, "GM0000412345")
    r = acceptance.scan(ctx, WB, "GM0000412345")
    assert r.outcome is ScanOutcome.DUPLICATE and r.reconciliation.received_packages == 1


def test_unexpected_shipment_is_created_and_counted(ctx, store, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    r = acceptance.scan(ctx, WB, "0999999999-0001-1")
    assert r.outcome is ScanOutcome.UNEXPECTED
    assert r.reconciliation.unexpected_shipments == 1
    assert r.reconciliation.expected_shipments == 3
    assert status_of(store, "0999999999-0001-1") == "unexpected"


def test_unexpected_package(ctx, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    r = acceptance.scan(ctx, WB, "GM0000999999")
    assert r.outcome is ScanOutcome.UNEXPECTED_PACKAGE
    assert r.reconciliation.unexpected_packages == 1


def test_unknown_barcode_goes_to_unknown_scans(ctx, store, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    r = acceptance.scan(ctx, WB, "4607001234567")
    assert r.outcome is ScanOutcome.UNKNOWN
    with store.read() as s:
        row = s.scalar(select(UnknownScan))
        assert (row.code, row.context, row.workflow, row.status) == ("4607001234567", WB, "acceptance", "open")


def test_close_marks_missing_and_writes_the_act(ctx, store, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    acceptance.scan(ctx, WB, waybill[0])
    acceptance.scan(ctx, WB, waybill[1])
    acceptance.scan(ctx, WB, "0999999999-0001-1")
    acceptance.scan(ctx, WB, "GM0000412345")
    closed = acceptance.close_waybill(ctx, WB)
    assert closed.reconciliation.status == "closed"
    assert closed.reconciliation.missing_shipments == 1
    assert closed.act is not None
    assert closed.act.missing_shipments == (waybill[2],)
    assert closed.act.unexpected_shipments == ("0999999999-0001-1",)
    assert closed.act.missing_packages == ("GM0000412346",)
    assert acceptance.discrepancy_act(ctx, WB) == closed.act
    assert status_of(store, waybill[2]) == "missing"
    with store.read() as s:
        ops = [stored_payload(p) for p in s.scalars(select(Outbox.payload).where(Outbox.kind == "waybill_close"))]
    assert ops[0]["missing"] == [waybill[2]]
    assert verify_chain(ctx).ok


def test_clean_close_has_no_act(ctx, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    for code in [*waybill, "GM0000412345", "GM0000412346"]:
        acceptance.scan(ctx, WB, code)
    closed = acceptance.close_waybill(ctx, WB)
    assert closed.act is None and closed.reconciliation.complete
    assert acceptance.discrepancy_act(ctx, WB) is None


def test_missing_parcel_arriving_later_is_accepted(ctx, store, point, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    acceptance.close_waybill(ctx, WB)
    point.add_waybill("TN-0000031338")
    acceptance.open_waybill(ctx, "TN-0000031338")
    r = acceptance.scan(ctx, "TN-0000031338", waybill[0])
    assert r.outcome is ScanOutcome.RECEIVED
    assert status_of(store, waybill[0]) == "received"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda ctx: acceptance.open_waybill(ctx, "TN-0000000000"), NotFound),
        (lambda ctx: acceptance.open_waybill(ctx, "GM0000412345"), BadInput),
        (lambda ctx: acceptance.scan(ctx, WB, "GM0000412345"), StateConflict),  # not opened yet
        (lambda ctx: acceptance.close_waybill(ctx, WB), StateConflict),  # not opened yet
        (lambda ctx: acceptance.scan(ctx, "TN-0000000000", "GM0000412345"), NotFound),
    ],
)
def test_refusals_change_nothing(ctx, waybill, unchanged, call, error) -> None:
    with unchanged(), pytest.raises(error) as err:
        call(ctx)
    assert err.value.message


def test_closed_waybill_refuses_scans(ctx, waybill, unchanged) -> None:
    acceptance.open_waybill(ctx, WB)
    acceptance.close_waybill(ctx, WB)
    with unchanged(), pytest.raises(StateConflict, match="закрыта"):
        acceptance.scan(ctx, WB, waybill[0])
    with unchanged(), pytest.raises(StateConflict, match="закрыта"):
        acceptance.open_waybill(ctx, WB)


def test_shipment_already_stored_is_refused_with_its_place(ctx, point, waybill, unchanged) -> None:
    point.add_cells()
    stored = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-02")
    acceptance.open_waybill(ctx, WB)
    with unchanged(), pytest.raises(StateConflict) as err:
        acceptance.scan(ctx, WB, stored)
    assert "на хранении" in err.value.message and "C-A-01-02" in err.value.message


def test_each_scan_writes_event_and_outbox_together(ctx, store, waybill) -> None:
    acceptance.open_waybill(ctx, WB)
    acceptance.scan(ctx, WB, waybill[0])
    with store.read() as s:
        ev = s.scalars(select(Event).where(Event.posting_number == waybill[0])).one()
        ob = s.scalars(select(Outbox).where(Outbox.op_id == ev.op_id)).one()
    assert (ev.kind, ev.from_status, ev.to_status, ev.workflow) == ("accept", "expected", "received", "acceptance")
    body = json.loads(ob.payload)
    assert body["kind"] == "acceptance_scan" and ob.payload.startswith('{"kind":"acceptance_scan","payload":')
    payload = body["payload"]
    assert payload["code"] == waybill[0]
    assert payload["transitions"] == [
        {"posting": waybill[0], "action": "accept", "from": "expected", "to": "received", "details": {"waybill": WB}}
    ]
    assert ob.state == "pending"


def test_open_waybills_lists_what_can_be_accepted(ctx, point, waybill) -> None:
    point.add_waybill("TN-0000000002")
    assert [r.waybill for r in acceptance.open_waybills(ctx)] == ["TN-0000000002", WB]
