"""A committed write tells what it changed (OpChanges), once, where it commits; a refused one tells nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import DomainError
from pvz_desktop.store.models import Cell
from pvz_desktop.workflows import placement, shift
from pvz_desktop.workflows.changes import OpChanges, collect


@pytest.fixture
def heard(ctx) -> list[OpChanges]:
    seen: list[OpChanges] = []
    ctx.changes.subscribe(seen.append)
    return seen


def _cell_id(store, code: str) -> int:
    with store.read() as s:
        return s.scalar(select(Cell.id).where(Cell.code == code))


def test_a_placement_names_its_shipment_its_cells_and_the_outbox(ctx, point, heard):
    a, b = point.add_cells()[:2]
    posting = point.add_shipment(customer=None, status="received")
    with collect() as changes:
        placement.place(ctx, posting, a)
    assert (
        changes()
        == heard[0]
        == OpChanges(
            shipments=frozenset({posting}),
            cells=frozenset({_cell_id(ctx.store, a)}),
            kinds=frozenset({"place"}),
            outbox=True,
        )
    )
    placement.place(ctx, posting, b)  # a move empties one cell and fills another
    assert heard[1].cells == {_cell_id(ctx.store, a), _cell_id(ctx.store, b)}
    assert not heard[1].shift


def test_a_refused_write_tells_nothing_and_a_shift_says_so(ctx, point, heard):
    [a, *_] = point.add_cells()
    posting = point.add_shipment(customer=None, status="expected")
    with collect() as changes, pytest.raises(DomainError):
        placement.place(ctx, posting, a)  # not received yet: rolled back
    assert changes() == OpChanges() and not changes() and heard == []
    shift.open_shift(ctx)
    [opened] = heard
    assert opened.shift and opened.outbox and not opened.shipments


def test_changes_sum_over_the_operations_of_one_call(ctx, point):
    a, b = point.add_cells()[:2]
    one, two = (point.add_shipment(customer=None, status="received") for _ in range(2))
    with collect() as changes:
        placement.place(ctx, one, a)
        placement.place(ctx, two, b)
    assert changes().shipments == {one, two} and changes().kinds == {"place"}
    with collect() as nothing:
        pass
    assert nothing() == OpChanges()
