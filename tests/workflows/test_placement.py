from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, CellFull, NotFound, StateConflict
from pvz_desktop.store.models import Shipment
from pvz_desktop.workflows import placement
from pvz_desktop.workflows.placement import PlacementSession


@pytest.fixture
def received(point):
    point.add_cells(shelves=3, capacity=2)
    point.add_customer("48213377")
    point.add_customer("48213378")
    return [point.add_shipment(customer="48213377", status="received") for _ in range(3)]


def test_place_sets_cell_status_and_deadline(ctx, store, received) -> None:
    placed = placement.place(ctx, received[0], "C-A-01-02")
    assert placed.shipment.status == "stored" and placed.shipment.cell == "C-A-01-02"
    assert (placed.cell.used, placed.cell.capacity) == (1, 2)
    with store.read() as s:
        row = s.scalar(select(Shipment).where(Shipment.posting_number == received[0]))
        assert row.storage_deadline - row.stored_at == timedelta(days=ctx.rules.storage_days)


def test_suggests_the_same_customers_cell_first(ctx, point, received) -> None:
    placement.place(ctx, received[0], "C-A-01-03")
    s = placement.suggest_cell(ctx, received[1])
    assert (s.cell.code, s.reason) == ("C-A-01-03", "same_customer")
    assert "C-A-01-03" in s.message


def test_suggests_the_least_full_cell_otherwise(ctx, point, received) -> None:
    other = point.add_shipment(customer="48213378", status="received")
    placement.place(ctx, received[0], "C-A-01-01")
    placement.place(ctx, received[1], "C-A-01-02")
    s = placement.suggest_cell(ctx, other)
    assert (s.cell.code, s.reason, s.cell.used) == ("C-A-01-03", "least_full", 0)


def test_same_customer_cell_full_falls_back(ctx, point, received) -> None:
    placement.place(ctx, received[0], "C-A-01-01")
    placement.place(ctx, received[1], "C-A-01-01")  # now full (capacity 2)
    s = placement.suggest_cell(ctx, received[2])
    assert s.reason == "least_full" and s.cell.code == "C-A-01-02"


def test_full_cell_is_refused_with_an_alternative(ctx, received, unchanged) -> None:
    placement.place(ctx, received[0], "C-A-01-01")
    placement.place(ctx, received[1], "C-A-01-01")
    with unchanged(), pytest.raises(CellFull) as err:
        placement.place(ctx, received[2], "C-A-01-01")
    assert "заполнена (2 из 2)" in err.value.message and "C-A-01-02" in err.value.message


def test_move_between_cells(ctx, store, received) -> None:
    placement.place(ctx, received[0], "C-A-01-01")
    moved = placement.move(ctx, received[0], "C-A-01-03")
    assert (moved.moved_from, moved.shipment.cell, moved.shipment.status) == ("C-A-01-01", "C-A-01-03", "stored")
    assert placement.where_is(ctx, received[0]).cell == "C-A-01-03"
    loads = {c.code: c.used for c in placement.cell_loads(ctx)}
    assert loads == {"C-A-01-01": 0, "C-A-01-02": 0, "C-A-01-03": 1}


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda ctx, r: placement.place(ctx, "0000000000-0000-0", "C-A-01-01"), NotFound, "не найдено"),
        (lambda ctx, r: placement.place(ctx, r[0], "C-Z-09-09"), NotFound, "не заведена"),
        (lambda ctx, r: placement.move(ctx, r[0], "C-A-01-01"), StateConflict, "ещё не размещено"),
    ],
)
def test_refusals_change_nothing(ctx, received, unchanged, call, error, text) -> None:
    with unchanged(), pytest.raises(error, match=text):
        call(ctx, received)


def test_same_cell_again_is_refused(ctx, received, unchanged) -> None:
    placement.place(ctx, received[0], "C-A-01-01")
    with unchanged(), pytest.raises(StateConflict, match="уже лежит"):
        placement.place(ctx, received[0], "C-A-01-01")


def test_issued_shipment_cannot_be_placed(ctx, point, received, unchanged) -> None:
    issued = point.add_shipment(customer="48213377", status="issued")
    with unchanged(), pytest.raises(Exception, match="в статусе «выдано»"):
        placement.place(ctx, issued, "C-A-01-01")


def test_session_shipment_then_cell(ctx, received) -> None:
    session = PlacementSession(ctx)
    step = session.scan(received[0])
    assert step.pending_shipment == received[0] and step.suggestion.cell.code == "C-A-01-01"
    step = session.scan("С-Ф-01-02")  # Russian layout
    assert step.placed.shipment.cell == "C-A-01-02"
    assert session.pending_shipment is None


def test_session_cell_then_several_shipments(ctx, received) -> None:
    session = PlacementSession(ctx)
    assert session.scan("C-A-01-03").current_cell == "C-A-01-03"
    assert session.scan(received[0]).placed.shipment.cell == "C-A-01-03"
    assert session.scan(received[1]).placed.shipment.cell == "C-A-01-03"
    with pytest.raises(CellFull):
        session.scan(received[2])
    assert placement.where_is(ctx, received[2]).status == "received"


def test_session_refuses_other_barcodes_and_unknown_cells(ctx, received, unchanged) -> None:
    session = PlacementSession(ctx)
    with unchanged(), pytest.raises(BadInput, match="Ожидался штрихкод"):
        session.scan("GM0000412345")
    with unchanged(), pytest.raises(NotFound):
        session.scan("C-Q-01-01")
    assert session.current_cell is None


def test_session_refuses_a_shipment_with_nothing_to_place(ctx, point, received) -> None:
    issued = point.add_shipment(customer="48213377", status="issued")
    with pytest.raises(StateConflict, match="выдано"):
        PlacementSession(ctx).scan(issued)
