"""Placement (размещение): put a received shipment into a storage cell, or move it.

Scanner flows: a shipment then a cell, or a cell then several shipments. ``PlacementSession``
keeps that scan state in memory; every completed pair is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import CellFull, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import Cell, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import cell_by_code, expect_kind, shipment_by_posting
from pvz_desktop.workflows.operation import operation
from pvz_desktop.workflows.views import ShipmentView, shipment_view

WORKFLOW = "placement"
S = ShipmentStatus


@dataclass(frozen=True)
class CellLoad:
    code: str
    used: int
    capacity: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.used)


@dataclass(frozen=True)
class CellSuggestion:
    cell: CellLoad | None
    reason: str  # "same_customer" / "least_full" / "none"

    @property
    def message(self) -> Text:
        if self.cell is None:
            return msg("Свободных ячеек нет")
        why = msg("там уже лежат заказы этого покупателя") if self.reason == "same_customer" else msg("самая свободная")
        return msg("Положите в ячейку {code} ({why})", code=self.cell.code, why=why)


@dataclass(frozen=True)
class Placed:
    shipment: ShipmentView
    cell: CellLoad
    moved_from: str | None


def _load(session: Session, cell: Cell) -> CellLoad:
    used = session.scalar(select(func.count()).select_from(Shipment).where(Shipment.cell_id == cell.id)) or 0
    return CellLoad(cell.code, used, cell.capacity)


def _suggest(session: Session, shipment: Shipment) -> CellSuggestion:
    if shipment.customer_id is not None:
        same = session.execute(
            select(Cell, func.count(Shipment.id))
            .join(Shipment, Shipment.cell_id == Cell.id)
            .where(Shipment.customer_id == shipment.customer_id, Shipment.id != shipment.id)
            .group_by(Cell.id)
            .order_by(Cell.code)
        ).all()
        for cell, _ in same:
            load = _load(session, cell)
            if load.free > 0 and cell.id != shipment.cell_id:
                return CellSuggestion(load, "same_customer")
    used = (
        select(Shipment.cell_id, func.count().label("n"))
        .where(Shipment.cell_id.is_not(None))
        .group_by(Shipment.cell_id)
        .subquery()
    )
    n = func.coalesce(used.c.n, 0)
    row = session.execute(
        select(Cell, n)
        .outerjoin(used, used.c.cell_id == Cell.id)
        .where(n < Cell.capacity)
        .where(Cell.id != (shipment.cell_id or -1))
        .order_by(n, Cell.code)
        .limit(1)
    ).first()
    if row is None:
        return CellSuggestion(None, "none")
    return CellSuggestion(CellLoad(row[0].code, row[1], row[0].capacity), "least_full")


def suggest_cell(ctx: WorkflowContext, posting: str) -> CellSuggestion:
    with ctx.store.read() as session:
        return _suggest(session, shipment_by_posting(session, posting))


def place(ctx: WorkflowContext, posting: str, cell_code: str) -> Placed:
    """Put a received shipment into a cell; a stored one is moved there instead."""
    with operation(ctx, WORKFLOW, "place") as op:
        shipment = shipment_by_posting(op.session, posting)
        cell = cell_by_code(op.session, cell_code)
        previous = shipment.cell.code if shipment.cell is not None else None
        if shipment.status == S.STORED and shipment.cell_id == cell.id:
            raise StateConflict(
                msg("Отправление {posting} уже лежит в ячейке {code}.", posting=posting, code=cell.code)
            )
        if shipment.status == S.UNEXPECTED:
            raise StateConflict(
                msg(
                    "Отправление {posting} пришло без накладной: его нельзя размещать, пока оно не оприходовано.",
                    posting=posting,
                )
            )
        load = _load(op.session, cell)
        if load.free == 0:
            alt = _suggest(op.session, shipment)
            hint = msg(" Свободна ячейка {cell}.", cell=alt.cell.code) if alt.cell else ""
            raise CellFull(
                msg(
                    "Ячейка {code} заполнена ({used} из {capacity}).{hint}",
                    code=cell.code,
                    used=load.used,
                    capacity=load.capacity,
                    hint=hint,
                )
            )
        action = Action.MOVE if shipment.status == S.STORED else Action.PLACE
        op.transition(shipment, action, cell=cell.code, from_cell=previous)
        shipment.cell_id = cell.id
        shipment.cell = cell
        if action is Action.PLACE:
            shipment.stored_at = op.now
            shipment.storage_deadline = op.now + timedelta(days=ctx.rules.storage_days)
        op.payload.update(posting=posting, cell=cell.code, action=action.value)
        return Placed(shipment_view(shipment), CellLoad(cell.code, load.used + 1, cell.capacity), previous)


def move(ctx: WorkflowContext, posting: str, cell_code: str) -> Placed:
    with ctx.store.read() as session:
        if shipment_by_posting(session, posting).status != S.STORED:
            raise StateConflict(
                msg("Переместить можно только отправление на хранении: {posting} ещё не размещено.", posting=posting)
            )
    return place(ctx, posting, cell_code)


def where_is(ctx: WorkflowContext, posting: str) -> ShipmentView:
    with ctx.store.read() as session:
        return shipment_view(shipment_by_posting(session, posting))


def cell_loads(ctx: WorkflowContext) -> list[CellLoad]:
    """Every cell with its occupancy, for the occupancy map."""
    with ctx.store.read() as session:
        used = dict(
            session.execute(
                select(Shipment.cell_id, func.count()).where(Shipment.cell_id.is_not(None)).group_by(Shipment.cell_id)
            ).all()
        )
        cells = session.execute(select(Cell.id, Cell.code, Cell.capacity).order_by(Cell.code))
        return [CellLoad(code, used.get(cid, 0), capacity) for cid, code, capacity in cells]


@dataclass(frozen=True)
class PlacementStep:
    message: Text | str  # a bare «posting → cell» needs no words
    placed: Placed | None = None
    suggestion: CellSuggestion | None = None
    pending_shipment: str | None = None
    current_cell: str | None = None


class PlacementSession:
    """Scan state of one placement run at one counter (in memory, nothing to lose)."""

    def __init__(self, ctx: WorkflowContext) -> None:
        self.ctx = ctx
        self.pending_shipment: str | None = None
        self.current_cell: str | None = None

    def scan(self, raw: str) -> PlacementStep:
        code = expect_kind(self.ctx.profile, raw, BarcodeKind.SHIPMENT, BarcodeKind.CELL)
        if code.kind is BarcodeKind.CELL:
            with self.ctx.store.read() as session:
                cell_by_code(session, code.code)  # unknown cell: refuse before remembering it
            if self.pending_shipment is not None:
                posting, self.pending_shipment = self.pending_shipment, None
                placed = place(self.ctx, posting, code.code)
                return PlacementStep(f"{posting} → {code.code}", placed=placed, current_cell=self.current_cell)
            self.current_cell = code.code
            return PlacementStep(
                msg("Ячейка {code}: сканируйте отправления для неё", code=code.code), current_cell=self.current_cell
            )
        if self.current_cell is not None:
            placed = place(self.ctx, code.code, self.current_cell)
            return PlacementStep(f"{code.code} → {self.current_cell}", placed=placed, current_cell=self.current_cell)
        view = where_is(self.ctx, code.code)
        if view.status not in (S.RECEIVED, S.STORED):
            raise StateConflict(msg("{shipment}. Размещать его не нужно.", shipment=view.describe()))
        suggestion = suggest_cell(self.ctx, code.code)
        self.pending_shipment = code.code
        return PlacementStep(
            msg("{code}: {message}, затем отсканируйте ячейку", code=code.code, message=suggestion.message),
            suggestion=suggestion,
            pending_shipment=code.code,
        )

    def reset(self) -> None:
        self.pending_shipment = None
        self.current_cell = None
