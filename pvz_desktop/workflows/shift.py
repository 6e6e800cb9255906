"""Shift (смена): an employee opens and closes a shift at a workstation; the shift report.

One open shift per employee and workstation (the database holds it too, with a partial unique
index). The report is computed from the ledger — the events this employee made at this
workstation within the shift's time window — never from counters kept on the side, so it
cannot disagree with the evidence. Cash and card totals come from the ``payment`` events
that issuance and the C2C drop-off write.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import NotFound, ShiftNotOpen, StateConflict
from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.core.text import msg
from pvz_desktop.store.models import Employee, Event, Shift, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.operation import operation

WORKFLOW = "shift"
# Report line -> the ledger event kinds it counts.
COUNTED_KINDS: dict[str, tuple[str, ...]] = {
    "accepted": ("accept", "arrived_unexpected"),
    "unexpected": ("arrived_unexpected",),
    "placed": ("place",),
    "issued": ("issue",),
    "refused": ("refuse", "split_refusal"),  # parcels refused at the counter, wholly or in part
    "inventory_lost": ("lose",),  # stocktaking: booked here, not found (shortage)
    "inventory_found": ("find",),  # stocktaking: a lost parcel found again
    "returns_accepted": ("customer_return",),
    "expired": ("expire",),
    "boxes_handed_over": ("box_handed_over",),
    "returned_to_carrier": ("handover",),
    "dropped_off": ("drop_off",),  # parcels handed in for sending (supplies and C2C)
    "dropoff_refused": ("refuse_dropoff",),
    "handed_to_courier": ("hand_to_courier",),
    "courier_handovers": ("courier_pickup_closed",),
    "drawer_opened_by_owner": ("drawer_opened",),  # the cash drawer opened without a sale
    "fitting_handed": ("fit",),  # parcels handed to customers for the fitting room
}


@dataclass(frozen=True)
class ShiftView:
    id: int
    employee_id: str
    employee_name: str
    workstation: str
    opened_at: datetime  # UTC
    closed_at: datetime | None

    @property
    def opened_at_local(self) -> datetime:
        return to_local(self.opened_at)


@dataclass(frozen=True)
class ShiftCounts:
    accepted: int = 0
    unexpected: int = 0
    placed: int = 0
    issued: int = 0
    refused: int = 0
    returns_accepted: int = 0
    expired: int = 0
    boxes_handed_over: int = 0
    returned_to_carrier: int = 0
    dropped_off: int = 0
    dropoff_refused: int = 0
    handed_to_courier: int = 0
    courier_handovers: int = 0
    inventory_lost: int = 0
    inventory_found: int = 0
    drawer_opened_by_owner: int = 0
    drawer_openings: int = 0  # every opening of the cash drawer: cash payments and the owner's
    refused_lines: int = 0  # goods lines refused at the counter (a parcel may have several)
    fitting_handed: int = 0
    on_fitting_now: int = 0  # the point's parcels in the fitting room when the report is made
    cash_total: int = 0  # kopecks
    card_total: int = 0

    @property
    def takings(self) -> int:
        return self.cash_total + self.card_total


@dataclass(frozen=True)
class ShiftReport:
    shift: ShiftView
    until: datetime  # end of the window: the close, or now for an open shift
    counts: ShiftCounts


def _view(session: Session, s: Shift) -> ShiftView:
    employee = session.get(Employee, s.employee_id)
    name = employee.display_name if employee is not None else s.employee_id
    return ShiftView(s.id, s.employee_id, name, s.workstation, s.opened_at, s.closed_at)


def _open_shift(session: Session, ctx: WorkflowContext) -> Shift | None:
    return session.scalar(
        select(Shift).where(
            Shift.employee_id == ctx.actor.employee_id,
            Shift.workstation == ctx.actor.workstation,
            Shift.closed_at.is_(None),
        )
    )


def _counts(session: Session, s: Shift, until: datetime) -> ShiftCounts:
    window = (
        Event.employee_id == s.employee_id,
        Event.workstation == s.workstation,
        Event.occurred_at >= s.opened_at,
        Event.occurred_at <= until,
    )
    by_kind = dict(session.execute(select(Event.kind, func.count()).where(*window).group_by(Event.kind)).all())
    totals = {"cash": 0, "card": 0}
    cash_payments = 0  # each one kicked the drawer open
    for details in session.scalars(select(Event.details).where(*window, Event.kind == "payment")):
        payment = json.loads(details)
        if payment.get("method") in totals:
            totals[payment["method"]] += int(payment.get("amount", 0))
        cash_payments += payment.get("method") == "cash" and int(payment.get("amount", 0)) > 0
    # Refused goods lines: a whole refused parcel lists them as ``lines``, a partly issued one as
    # ``refused_lines`` of its issue.
    refused_lines = 0
    for kind, details in session.execute(
        select(Event.kind, Event.details).where(*window, Event.kind.in_(("refuse", "issue")))
    ):
        d = json.loads(details)
        refused_lines += len(d.get("lines" if kind == "refuse" else "refused_lines") or [])
    lines = {line: sum(by_kind.get(k, 0) for k in kinds) for line, kinds in COUNTED_KINDS.items()}
    on_fitting = select(func.count()).select_from(Shipment).where(Shipment.status == ShipmentStatus.ON_FITTING.value)
    return ShiftCounts(
        **lines,
        on_fitting_now=session.scalar(on_fitting) or 0,
        drawer_openings=cash_payments + lines["drawer_opened_by_owner"],
        refused_lines=refused_lines,
        cash_total=totals["cash"],
        card_total=totals["card"],
    )


def ensure_shift_open(session: Session, ctx: WorkflowContext) -> None:
    """Refuse work that belongs to a shift (issuing, receiving, returns) outside an open one."""
    if ctx.rules.require_open_shift and _open_shift(session, ctx) is None:
        raise ShiftNotOpen(msg("Откройте смену (F2): выдача, приёмка и приём возвратов — только в открытой смене."))


def open_shift(ctx: WorkflowContext) -> ShiftView:
    with operation(ctx, WORKFLOW, "shift_open") as op:
        running = _open_shift(op.session, ctx)
        if running is not None:
            raise StateConflict(
                msg(
                    "Смена уже открыта на этой кассе с {since:%d.%m.%Y %H:%M}: закройте её, прежде чем открыть новую.",
                    since=to_local(running.opened_at),
                )
            )
        if op.session.get(Employee, ctx.actor.employee_id) is None:
            # The login token vouches for the employee; keep the name for reports made offline.
            op.session.add(
                Employee(
                    id=ctx.actor.employee_id,
                    display_name=ctx.actor.employee_name or ctx.actor.employee_id,
                    point_id=ctx.actor.point_id,
                )
            )
        s = Shift(employee_id=ctx.actor.employee_id, workstation=ctx.actor.workstation, opened_at=op.now)
        op.session.add(s)
        op.session.flush()
        op.record("shift_opened", shift=s.id)
        op.payload["shift"] = s.id
        return _view(op.session, s)


def close_shift(ctx: WorkflowContext) -> ShiftReport:
    """Close this employee's shift at this workstation and report what it did."""
    with operation(ctx, WORKFLOW, "shift_close") as op:
        s = _open_shift(op.session, ctx)
        if s is None:
            raise StateConflict(msg("Смена на этой кассе не открыта: закрывать нечего."))
        s.closed_at = op.now
        counts = _counts(op.session, s, op.now)
        op.record("shift_closed", shift=s.id, **asdict(counts))
        op.payload.update(shift=s.id, opened_at=s.opened_at.isoformat(), **asdict(counts))
        return ShiftReport(_view(op.session, s), op.now, counts)


def current_shift(ctx: WorkflowContext) -> ShiftView | None:
    with ctx.store.read() as session:
        s = _open_shift(session, ctx)
        return _view(session, s) if s is not None else None


def shift_report(ctx: WorkflowContext, shift_id: int | None = None) -> ShiftReport:
    """The report of a shift (the open one by default: an interim report up to now)."""
    with ctx.store.read() as session:
        s = session.get(Shift, shift_id) if shift_id is not None else _open_shift(session, ctx)
        if s is None:
            raise NotFound(msg("Смена не найдена.") if shift_id is not None else msg("Смена на этой кассе не открыта."))
        until = s.closed_at or ctx.now()
        return ShiftReport(_view(session, s), until, _counts(session, s, until))
