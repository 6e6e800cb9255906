from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from pvz_desktop.core.errors import BadInput, IllegalTransition, NotFound, StateConflict
from pvz_desktop.store.models import Cell, Event, Outbox, Shipment
from pvz_desktop.workflows.context import Rules
from pvz_desktop.workflows.expiry import apply_extension, sweep
from pvz_desktop.workflows.placement import place
from tests.workflows.counter_builders import at, events, outbox, shipment_row, status_of

NOW = datetime(2026, 11, 27, 9, 0)


@pytest.fixture
def shelf(point):
    point.add_cells()
    point.add_customer("48213377")
    return point


def test_sweep_sends_overdue_parcels_to_return_and_leaves_them_on_the_shelf(ctx, store, shelf):
    overdue_b = shelf.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-02", deadline=NOW - timedelta(hours=1)
    )
    overdue_a = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", deadline=NOW)
    fresh = shelf.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-01", deadline=NOW + timedelta(hours=1)
    )
    issued = shelf.add_shipment(customer="48213377", status="issued", deadline=NOW - timedelta(days=3))

    result = sweep(at(ctx, NOW))

    assert [(p.posting_number, p.cell) for p in result.parcels] == [(overdue_a, "C-A-01-01"), (overdue_b, "C-A-01-02")]
    assert result.count == 2 and result.swept_at == NOW
    assert [status_of(store, p) for p in (overdue_a, overdue_b, fresh, issued)] == [
        "to_return",
        "to_return",
        "stored",
        "issued",
    ]
    assert shipment_row(store, overdue_a).cell_id is not None  # still on the shelf until packed
    steps = [(e.posting_number, e.kind, e.from_status, e.to_status) for e in events(store)]
    assert (overdue_a, "expire", "stored", "expired") in steps
    assert (overdue_a, "send_to_return", "expired", "to_return") in steps
    assert len(steps) == 4
    assert {e.op_id for e in events(store)} == {result.op_id}
    [(kind, payload)] = outbox(store)
    assert kind == "storage_sweep" and sorted(payload["postings"]) == sorted([overdue_a, overdue_b])


def test_a_sweep_with_nothing_overdue_writes_nothing(ctx, shelf, unchanged):
    shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", deadline=NOW + timedelta(days=1))
    with unchanged():
        result = sweep(at(ctx, NOW))
    assert result.count == 0 and result.op_id is None


def test_the_storage_period_is_configurable(ctx, store, shelf):
    long_ctx = dataclasses.replace(ctx, rules=Rules(storage_days=10))
    posting = shelf.add_shipment(customer="48213377", status="received")
    place(at(long_ctx, NOW), posting, "C-A-01-01")

    assert shipment_row(store, posting).storage_deadline == NOW + timedelta(days=10)
    assert sweep(at(long_ctx, NOW + timedelta(days=9, hours=23))).count == 0
    assert sweep(at(long_ctx, NOW + timedelta(days=10))).count == 1


def test_a_parcel_without_a_deadline_counts_from_when_it_was_stored(ctx, store, shelf):
    posting = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    with store.write() as s:
        s.execute(
            Shipment.__table__.update().values(storage_deadline=None, stored_at=NOW - timedelta(days=7, minutes=1))
        )
    assert sweep(at(dataclasses.replace(ctx, rules=Rules(storage_days=8)), NOW)).count == 0
    assert [p.posting_number for p in sweep(at(ctx, NOW)).parcels] == [posting]


def test_sweep_of_thousands_is_one_quick_transaction(ctx, store, shelf):
    n = 3000
    with store.write() as s:
        cell_id = s.scalar(select(Cell.id).where(Cell.code == "C-A-01-01"))
        s.execute(
            insert(Shipment),
            [
                {
                    "posting_number": f"{20000000 + i:08d}-0001-1",
                    "customer_id": "48213377",
                    "status": "stored",
                    "cell_id": cell_id,
                    "storage_deadline": NOW - timedelta(minutes=i % 500),
                }
                for i in range(n)
            ],
        )
    started = time.perf_counter()
    result = sweep(at(ctx, NOW))
    elapsed = time.perf_counter() - started

    assert result.count == n
    with store.read() as s:
        assert s.scalar(select(func.count()).where(Shipment.status == "to_return")) == n
        assert s.scalar(select(func.count()).select_from(Event)) == 2 * n
        assert s.scalar(select(func.count()).select_from(Outbox)) == 1
    assert elapsed < 10, f"sweep of {n} parcels took {elapsed:.1f} s"


def test_extension_moves_the_deadline_of_a_stored_parcel(ctx, store, shelf):
    deadline = NOW + timedelta(days=1)
    posting = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", deadline=deadline)

    ext = apply_extension(at(ctx, NOW), posting)

    assert ext.deadline == deadline + timedelta(days=3) and ext.previous_deadline == deadline
    assert not ext.back_on_shelf and ext.shipment.status == "stored"
    assert shipment_row(store, posting).storage_deadline == deadline + timedelta(days=3)
    [event] = events(store, "extend")
    assert (event.from_status, event.to_status) == ("stored", "stored")
    [(kind, payload)] = outbox(store)
    assert kind == "storage_extension" and payload["days"] == 3


def test_extension_after_the_sweep_puts_the_parcel_back_while_it_is_on_the_shelf(ctx, store, shelf):
    deadline = NOW - timedelta(hours=2)
    posting = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-03", deadline=deadline)
    sweep(at(ctx, NOW))

    ext = apply_extension(at(ctx, NOW), posting, 5)

    assert ext.back_on_shelf and ext.shipment.status == "stored" and ext.shipment.cell == "C-A-01-03"
    assert ext.deadline == deadline + timedelta(days=5)
    assert sweep(at(ctx, NOW + timedelta(days=1))).count == 0
    [event] = events(store, "extend")
    assert (event.from_status, event.to_status) == ("to_return", "stored")


def test_extension_of_an_expired_parcel_returns_it_to_storage(ctx, store, shelf):
    posting = shelf.add_shipment(customer="48213377", status="expired", cell="C-A-01-01", deadline=NOW)
    ext = apply_extension(at(ctx, NOW), posting)
    assert status_of(store, posting) == "stored" and ext.back_on_shelf


def test_extension_that_is_already_over_is_refused(ctx, shelf, unchanged):
    posting = shelf.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-01", deadline=NOW - timedelta(days=5)
    )
    sweep(at(ctx, NOW))
    with unchanged(), pytest.raises(StateConflict) as err:
        apply_extension(at(ctx, NOW), posting, 3)
    assert "уже истекло" in err.value.message


def test_extension_of_a_parcel_off_the_shelf_is_refused(ctx, shelf, unchanged):
    refused = shelf.add_shipment(customer="48213377", status="to_return", deadline=NOW + timedelta(days=1))
    with unchanged(), pytest.raises(StateConflict) as err:
        apply_extension(at(ctx, NOW), refused)
    assert "снято с полки" in err.value.message


@pytest.mark.parametrize("status", ["issued", "in_return_box", "expected"])
def test_extension_in_a_status_without_storage_is_refused(ctx, shelf, unchanged, status):
    posting = shelf.add_shipment(customer="48213377", status=status, deadline=NOW + timedelta(days=1))
    with unchanged(), pytest.raises(IllegalTransition) as err:
        apply_extension(at(ctx, NOW), posting)
    assert posting in err.value.message and "продлить хранение" in err.value.message


@pytest.mark.parametrize("days", [0, -1, 31])
def test_extension_by_a_wrong_number_of_days_is_refused(ctx, shelf, unchanged, days):
    posting = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    with unchanged(), pytest.raises(BadInput) as err:
        apply_extension(ctx, posting, days)
    assert "от 1 до 30 дней" in err.value.message


def test_extension_of_an_unknown_parcel_is_refused(ctx, shelf, unchanged):
    with unchanged(), pytest.raises(NotFound):
        apply_extension(ctx, "0999999999-0001-1")


def test_a_second_extension_of_the_same_parcel_is_refused_at_the_counter(ctx, store, shelf, unchanged):
    posting = shelf.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-01", deadline=NOW + timedelta(days=1)
    )
    first = apply_extension(at(ctx, NOW), posting)
    with unchanged(), pytest.raises(StateConflict) as err:
        apply_extension(at(ctx, NOW), posting)
    assert "уже продлевали" in err.value.message
    assert shipment_row(store, posting).storage_deadline == first.deadline
