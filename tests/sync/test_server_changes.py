"""The server_changes workflow on a real store: one page = one transaction with its cursor."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from pvz_desktop.store.models import Cell, Event, Outbox, Shipment, SyncState
from pvz_desktop.workflows import placement
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.server_changes import apply_changes, apply_shipment, outbox_mark, sync_cursor
from tests.builders import PointBuilder

POSTING = "0123604587-1235-1"


def _shipment(status: str, version: int, cell: str | None = None, **extra: object) -> dict:
    data = {
        "posting": POSTING,
        "order": "0123604587",
        "status": status,
        "cell": cell,
        "customer": {"id": "48213377", "name": "Иванова А.", "phone_last4": "1234", "pickup_verifier": "v1"},
        "amount_due": 129900,
        "adult_only": False,
        "storage_deadline": None,
        "waybill": "TN-0000031337",
        "package": "GM0000412345",
        "parent": None,
        "arrived_unexpected": False,
        "version": version,
        "items": [{"line_no": 1, "name": "Наушники беспроводные", "qty": 1, "price": 129900, "refused": False}],
    }
    data.update(extra)
    return {"entity": "shipment", "key": POSTING, "data": data}


WAYBILL = {
    "entity": "waybill",
    "key": "TN-0000031337",
    "data": {
        "number": "TN-0000031337",
        "courier": "Гусев Д.",
        "status": "open",
        "version": 1,
        "packages": [{"barcode": "GM0000412345", "state": "expected"}],
    },
}


def _sync_events(store) -> list[tuple[str | None, str | None, str]]:
    with store.read() as s:
        rows = s.scalars(select(Event).where(Event.workflow == "sync").order_by(Event.id))
        return [(e.from_status, e.to_status, e.kind) for e in rows]


def test_a_page_upserts_records_status_changes_and_stores_the_cursor(ctx, store):
    result = apply_changes(ctx, [_shipment("expected", 1), WAYBILL], "c1")  # order does not matter
    assert (result.shipments, result.waybills, result.status_changes, result.cursor) == (1, 1, 1, "c1")
    assert sync_cursor(ctx) == "c1"
    apply_changes(ctx, [_shipment("received", 2)], "c2")
    apply_changes(ctx, [_shipment("received", 2, amount_due=0)], "c3")  # no status change: no event
    apply_changes(ctx, [_shipment("expected", 1)], "c4")  # an older snapshot is ignored
    assert _sync_events(store) == [(None, "expected", "synced"), ("expected", "received", "synced")]
    with store.read() as s:
        sh = s.scalar(select(Shipment).where(Shipment.posting_number == POSTING))
        assert (sh.status, sh.amount_due, sh.version, sh.customer.display_name) == ("received", 0, 2, "Иванова А.")
        assert sh.transport_package_id is not None and s.scalar(select(Outbox.id)) is None  # nothing to push
    assert verify_chain(ctx).ok
    assert sync_cursor(ctx) == "c4"


def test_a_page_that_fails_changes_nothing_not_even_the_cursor(ctx, store, unchanged):
    apply_changes(ctx, [WAYBILL, _shipment("expected", 1)], "c1")
    broken = [_shipment("received", 2), {"entity": "shipment", "key": "x", "data": {"posting": "x", "status": "???"}}]
    with unchanged(), pytest.raises(ValueError):
        apply_changes(ctx, broken, "c2")
    assert sync_cursor(ctx) == "c1"


def test_a_shipment_with_an_unpushed_local_change_keeps_its_local_state(ctx, store, point):
    point.add_cells()
    apply_changes(ctx, [WAYBILL, _shipment("received", 2)], "c1")
    placement.place(ctx, POSTING, "C-A-01-01")  # local, not yet pushed
    result = apply_changes(ctx, [_shipment("received", 3, amount_due=5)], "c2")
    assert result.kept_local == (POSTING,)
    with store.read() as s:
        assert s.scalar(select(Shipment.status).where(Shipment.posting_number == POSTING)) == "stored"
        assert s.get(SyncState, 1).cursor == "c2"
    # After a refusal the server's state is re-read and wins.
    apply_shipment(ctx, _shipment("received", 3)["data"])
    with store.read() as s:
        sh = s.scalar(select(Shipment).where(Shipment.posting_number == POSTING))
        assert (sh.status, sh.cell_id) == ("received", None)
        last = s.scalars(select(Event).order_by(Event.id.desc())).first()
        assert (last.workflow, last.from_status, last.to_status, json.loads(last.details)["version"]) == (
            "sync",
            "stored",
            "received",
            3,
        )


def _status(store) -> str:
    with store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == POSTING))


def test_a_page_asked_for_before_a_push_does_not_undo_what_that_push_carried(ctx, store, point):
    """The pull thread asks for a page; the push thread sends a placement the server applies
    after composing that page; the page arrives with the shipment as it was before. The outbox row
    is ``sent`` by then, yet the counter keeps its state: the parcel does not go back to
    «received» (an issued one would show as ready to issue again)."""
    point.add_cells()
    apply_changes(ctx, [WAYBILL, _shipment("received", 2)], "c1")
    asked = outbox_mark(ctx)  # the page is asked for now
    placement.place(ctx, POSTING, "C-A-01-01")
    with store.write() as s:  # pushed and applied by the server
        s.execute(Outbox.__table__.update().values(state="sent"))
    result = apply_changes(ctx, [_shipment("received", 2)], "c2", asked)
    assert _status(store) == "stored"
    assert result.kept_local == ()  # the push's own change comes in a later page: no re-read
    # A page asked for after the push is the server's truth again.
    result = apply_changes(ctx, [_shipment("received", 3)], "c3", outbox_mark(ctx))
    assert result.kept_local == () and _status(store) == "received"


def test_a_pulled_page_tells_what_it_changed_on_the_change_feed(ctx, store):
    """Each page publishes its OpChanges: the shipments, the cells they left and entered, the
    waybills, the entities it brought; a page that moves a parcel without a status change too."""
    PointBuilder(store).add_cells()
    told: list[OpChanges] = []
    ctx.changes.subscribe(told.append)
    apply_changes(ctx, [WAYBILL, _shipment("stored", 1, cell="C-A-01-01")], "c1")
    with store.read() as s:
        waybill_id, first_cell = s.execute(
            select(Shipment.waybill_id, Shipment.cell_id).where(Shipment.posting_number == POSTING)
        ).one()
        second_cell = s.scalar(select(Cell.id).where(Cell.code == "C-A-01-02"))
    [new] = told
    assert new.pulled and {"server_changes", "pulled:shipment", "pulled:waybill"} <= new.kinds
    assert (new.shipments, new.cells, new.waybills, new.outbox) == (
        {POSTING},
        {first_cell},
        {waybill_id},
        False,
    )

    apply_changes(ctx, [_shipment("stored", 2, cell="C-A-01-02")], "c2")  # moved at another counter
    moved = told[-1]
    assert (moved.shipments, moved.cells, moved.waybills) == ({POSTING}, {first_cell, second_cell}, {waybill_id})

    apply_changes(ctx, [{**WAYBILL, "data": {**WAYBILL["data"], "status": "closed", "version": 2}}], "c3")
    closed = told[-1]
    assert (closed.shipments, closed.waybills, closed.kinds) == (
        frozenset(),
        {waybill_id},
        {"server_changes", "pulled:waybill"},
    )

    apply_changes(ctx, [], "c4")  # nothing changed: nothing told
    assert len(told) == 3
