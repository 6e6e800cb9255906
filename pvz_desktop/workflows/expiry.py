"""Storage deadlines (срок хранения): the sweep that sends overdue parcels to return, and extensions.

A parcel is stored for ``rules.storage_days`` (7 by default) from placement. The sweep moves
every stored parcel past its deadline to ``expired`` and at once to ``to_return``, in one
transaction for the whole sweep (thousands of parcels are one bulk write, not thousands of
commits). The parcel keeps its cell: it is still on the shelf, and the shelf is where the
cashier picks it for the return box. The cell is cleared only when it leaves the shelf —
when it is packed (``return_boxes.pack``). Refusals at the counter go to return in
``issuance`` (they never return to a shelf), so they are not handled here.

An extension at the counter (``apply_extension``: by ``rules.extension_days``, at most
``rules.extensions_per_parcel`` times per parcel; the server checks both again against its own
limits and a refusal comes back with the reason) moves the deadline. A parcel the sweep already sent to return
goes back to ``stored`` while it is still on its shelf; once packed it is too late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import lazyload

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import msg
from pvz_desktop.store.models import Cell, Event, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import shipment_by_posting
from pvz_desktop.workflows.operation import operation
from pvz_desktop.workflows.views import ShipmentView, shipment_view

WORKFLOW = "expiry"
S = ShipmentStatus
MAX_EXTENSION_DAYS = 30


@dataclass(frozen=True)
class ExpiredParcel:
    posting_number: str
    cell: str | None
    deadline: datetime | None  # UTC


@dataclass(frozen=True)
class SweepResult:
    swept_at: datetime  # UTC
    op_id: str | None  # None when nothing was overdue (nothing written)
    parcels: tuple[ExpiredParcel, ...]  # sorted by cell: the walk to take them off the shelves

    @property
    def count(self) -> int:
        return len(self.parcels)


@dataclass(frozen=True)
class Extension:
    shipment: ShipmentView
    previous_deadline: datetime | None
    deadline: datetime
    back_on_shelf: bool  # it had been sent to return and is stored again


def sweep(ctx: WorkflowContext) -> SweepResult:
    """Send every stored parcel past its deadline to return (``expired`` → ``to_return``)."""
    with operation(ctx, WORKFLOW, "storage_sweep") as op:
        # A parcel without a deadline (imported that way) counts from when it was stored.
        overdue = or_(
            Shipment.storage_deadline <= op.now,
            and_(
                Shipment.storage_deadline.is_(None),
                Shipment.stored_at <= op.now - timedelta(days=ctx.rules.storage_days),
            ),
        )
        # The cell code comes in the same row; relationships stay unloaded, which keeps the flush cheap.
        rows = op.session.execute(
            select(Shipment, Cell.code)
            .outerjoin(Cell, Cell.id == Shipment.cell_id)
            .where(Shipment.status == S.STORED, overdue)
            .options(lazyload(Shipment.cell), lazyload(Shipment.customer))
        ).all()
        parcels = []
        for shipment, cell in rows:
            op.transition(shipment, Action.EXPIRE, deadline=shipment.storage_deadline, cell=cell)
            op.transition(shipment, Action.SEND_TO_RETURN, reason="storage_expired")
            parcels.append(ExpiredParcel(shipment.posting_number, cell, shipment.storage_deadline))
        parcels.sort(key=lambda p: (p.cell or "", p.posting_number))
        op.payload["postings"] = [p.posting_number for p in parcels]
        return SweepResult(op.now, op.op_id if parcels else None, tuple(parcels))


def apply_extension(ctx: WorkflowContext, posting: str, days: int | None = None) -> Extension:
    """Extend the storage of ``posting`` by ``days`` (``rules.extension_days`` by default), once."""
    days = ctx.rules.extension_days if days is None else days
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise BadInput(
            msg("Продление хранения — от 1 до {most} дней, а не {days}.", most=MAX_EXTENSION_DAYS, days=days)
        )
    with operation(ctx, WORKFLOW, "storage_extension") as op:
        shipment = shipment_by_posting(op.session, posting)
        status = S(shipment.status)
        if status is S.TO_RETURN and (shipment.cell_id is None or shipment.return_box_id is not None):
            raise StateConflict(
                msg("Отправление {posting} уже снято с полки для возврата: продлить хранение нельзя.", posting=posting)
            )
        used = op.session.scalar(
            select(func.count()).where(Event.shipment_id == shipment.id, Event.kind == Action.EXTEND.value)
        )
        if used >= ctx.rules.extensions_per_parcel:
            raise StateConflict(
                msg(
                    "Хранение {posting} уже продлевали (продлений: {used} из {most}): больше продлить нельзя.",
                    posting=posting,
                    used=used,
                    most=ctx.rules.extensions_per_parcel,
                )
            )
        previous = shipment.storage_deadline
        deadline = (previous or op.now) + timedelta(days=days)
        if status is not S.STORED and deadline <= op.now:
            raise StateConflict(
                msg(
                    "Продление хранения {posting} до {until:%d.%m.%Y %H:%M} уже истекло: отправление остаётся в "
                    "возврате.",
                    posting=posting,
                    until=to_local(deadline),
                )
            )
        op.transition(shipment, Action.EXTEND, days=days, deadline_from=previous, deadline_to=deadline)
        shipment.storage_deadline = deadline
        op.payload.update(posting=posting, days=days, deadline=deadline.isoformat())
        return Extension(shipment_view(shipment), previous, deadline, back_on_shelf=status is not S.STORED)
