"""What the status bar shows of the database: what waits for the server, and the open shift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import OUTBOX_PENDING, OUTBOX_REFUSED, Outbox, Shift, SyncState
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.fitting import Fitting, open_fittings


@dataclass(frozen=True)
class SyncSummary:
    pending: int  # operations not yet accepted by the server
    refused: int  # operations the server refused: the cashier must look at them
    last_push_at: datetime | None  # UTC


@dataclass(frozen=True)
class StatusSnapshot:
    sync: SyncSummary
    shift_opened_at: datetime | None  # UTC; None = no open shift at this counter
    fittings: tuple[Fitting, ...] = ()  # the point's customers in the fitting room


def outbox_rows(session: Session, state: str) -> int:
    """Outbox rows in ``state`` (on the (state, id) index: sent rows, however many, are not read)."""
    return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == state)) or 0


def pending_operations(store: Store) -> int:
    """Operations waiting for the server (the sync worker's count; the status bar's is the same query)."""
    with store.read() as session:
        return outbox_rows(session, OUTBOX_PENDING)


def status_snapshot(ctx: WorkflowContext, employee_id: str, workstation: str) -> StatusSnapshot:
    with ctx.store.read() as session:
        pending, refused = outbox_rows(session, OUTBOX_PENDING), outbox_rows(session, OUTBOX_REFUSED)
        last_push = session.scalar(select(func.max(SyncState.last_push_at)))
        opened = session.scalar(
            select(Shift.opened_at)
            .where(Shift.employee_id == employee_id, Shift.workstation == workstation, Shift.closed_at.is_(None))
            .order_by(Shift.opened_at.desc())
            .limit(1)
        )
        in_fitting = open_fittings(session, ctx)
    return StatusSnapshot(
        SyncSummary(pending=pending, refused=refused, last_push_at=last_push),
        opened,
        in_fitting,
    )
