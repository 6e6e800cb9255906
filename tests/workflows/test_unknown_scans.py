from __future__ import annotations

import pytest

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.statuses import Action
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.placement import place
from pvz_desktop.workflows.unknown_scans import (
    ScanStatus,
    dismiss,
    resolve,
    scans,
    take_in_unexpected,
    unexpected,
)
from tests.workflows.counter_builders import events, outbox, status_of

WAYBILL = "TN-0000031337"


@pytest.fixture
def delivery(ctx, point):
    """A waybill being received: one parcel with a torn label, one junk sticker scanned."""
    point.add_cells()
    point.add_customer("48213377")
    point.add_waybill(WAYBILL)
    torn = point.add_shipment(customer="48213377", waybill=WAYBILL)
    acceptance.open_waybill(ctx, WAYBILL)
    acceptance.scan(ctx, WAYBILL, "0123604?87-12")
    acceptance.scan(ctx, WAYBILL, "SALE -50%")
    return torn


def test_unknown_barcodes_from_acceptance_are_listed(ctx, delivery):
    listed = scans(ctx)
    assert [s.code for s in listed] == ["SALE -50%", "0123604?87-12"]
    assert {(s.workflow, s.context, s.status) for s in listed} == {("acceptance", WAYBILL, ScanStatus.OPEN)}


def test_resolving_to_an_awaited_parcel_accepts_it(ctx, store, delivery):
    torn_scan = next(s for s in scans(ctx) if s.code.startswith("0123"))

    result = resolve(ctx, torn_scan.id, delivery, "  Номер переписан с накладной ")

    assert result.action is Action.ACCEPT and result.shipment.status == "received"
    assert result.scan.status is ScanStatus.RESOLVED and result.scan.posting_number == delivery
    assert result.scan.resolution == "Номер переписан с накладной"
    [accept] = events(store, "accept")
    assert accept.posting_number == delivery and '"unknown_scan":' in accept.details
    assert acceptance.reconcile(ctx, WAYBILL).missing_shipments == 0
    assert outbox(store)[-1][0] == "unknown_scan_resolve"
    assert [s.code for s in scans(ctx)] == ["SALE -50%"]


def test_resolving_to_a_parcel_without_a_waybill_takes_it_into_stock(ctx, store, delivery):
    acceptance.scan(ctx, WAYBILL, "0555555555-0001-1")  # arrived without being on the waybill
    junk = scans(ctx)[0]
    assert unexpected(ctx)[0].posting_number == "0555555555-0001-1"

    result = resolve(ctx, junk.id, "0555555555-0001-1")

    assert result.action is Action.RESOLVE
    assert status_of(store, "0555555555-0001-1") == "received"
    assert unexpected(ctx) == []
    assert place(ctx, "0555555555-0001-1", "C-A-01-01").shipment.status == "stored"


def test_resolving_to_a_parcel_already_in_stock_only_links_it(ctx, store, point, delivery):
    stored = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    junk = scans(ctx)[0]
    before = len(events(store))

    result = resolve(ctx, junk.id, stored)

    assert result.action is None and status_of(store, stored) == "stored"
    assert [e.kind for e in events(store)[before:]] == ["unknown_scan_resolved"]


def test_dismissing_needs_a_reason(ctx, delivery, unchanged):
    junk = scans(ctx)[0]
    with unchanged(), pytest.raises(BadInput) as err:
        dismiss(ctx, junk.id, "   ")
    assert "Укажите, почему" in err.value.message

    view = dismiss(ctx, junk.id, "Рекламная наклейка")

    assert (view.status, view.resolution, view.posting_number) == (ScanStatus.DISMISSED, "Рекламная наклейка", None)
    assert [s.code for s in scans(ctx)] == ["0123604?87-12"]
    assert [s.status for s in scans(ctx, None)] == [ScanStatus.DISMISSED, ScanStatus.OPEN]


def test_a_scan_is_sorted_out_only_once(ctx, delivery, unchanged):
    junk = scans(ctx)[0]
    dismiss(ctx, junk.id, "Рекламная наклейка")
    with unchanged(), pytest.raises(StateConflict) as err:
        resolve(ctx, junk.id, delivery)
    assert "уже разобран: списан" in err.value.message
    with unchanged(), pytest.raises(StateConflict):
        dismiss(ctx, junk.id, "ещё раз")


@pytest.mark.parametrize(
    ("scan_id", "posting", "error", "text"),
    [
        (999, "0123604587-1235-1", NotFound, "№999 не найден"),
        (None, "0999999999-0001-1", NotFound, "не найдено"),
        (None, "C-A-01-01", BadInput, "Ожидался штрихкод: отправление"),
    ],
)
def test_resolving_with_wrong_data_is_refused(ctx, delivery, unchanged, scan_id, posting, error, text):
    with unchanged(), pytest.raises(error) as err:
        resolve(ctx, scan_id or scans(ctx)[0].id, posting)
    assert text in err.value.message


def test_taking_in_an_unexpected_parcel(ctx, store, delivery, unchanged):
    acceptance.scan(ctx, WAYBILL, "0555555555-0001-1")
    assert take_in_unexpected(ctx, "0555555555-0001-1").status == "received"
    [event] = events(store, "resolve")
    assert (event.from_status, event.to_status) == ("unexpected", "received")
    with unchanged(), pytest.raises(StateConflict) as err:
        take_in_unexpected(ctx, "0555555555-0001-1")
    assert "Оприходовать его не нужно" in err.value.message


def test_a_barcode_from_any_tab_is_recorded_with_ledger_and_outbox(ctx, store, unchanged):
    from pvz_desktop.store.models import Event, Outbox
    from pvz_desktop.workflows import unknown_scans

    view = unknown_scans.record(ctx, " 4607001234567 ", "issuance")
    assert (view.code, view.workflow, view.status.value) == ("4607001234567", "issuance", "open")
    assert [s.id for s in unknown_scans.scans(ctx)] == [view.id]
    with store.read() as s:
        assert s.query(Event).filter_by(kind="unknown_scan").count() == 1
        assert s.query(Outbox).filter_by(kind="unknown_scan").count() == 1
    with unchanged(), pytest.raises(BadInput):
        unknown_scans.record(ctx, "   ", "issuance")
