"""The fitting room (примерка): a customer tries parcels on before buying them.

From the customer's card the cashier hands the scanned parcels over for fitting (``hand_out``):
they become «на примерке» and the customer's timer starts (``rules.fitting_minutes``, the point's
setting, 20 by default). On the way back each parcel is scanned again (``take_back``): it is on
the shelf's status again, confirmed in the customer's issuance, and the usual issuance decides what
is bought and what is refused (with the refusal's reason) and takes payment for the bought lines
only. A parcel on fitting is no one else's to issue (its status is not ``stored``), is not booked
missing by an inventory, and counts in the shift report.

The timer is the customer's: it runs from the earliest hand-out of their parcels still on
fitting. When it runs out nothing moves by itself — the parcels are in the fitting room, and
only a scan at the counter can say they came back. The counter warns ``fitting_warn_minutes``
before the end, alerts once at the end, and shows the overdue customer in red on the card and in
the status bar until every parcel of theirs is scanned back.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict, WrongCustomer
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import Customer, Event, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import operation
from pvz_desktop.workflows.shift import ensure_shift_open

WORKFLOW = "fitting"
S = ShipmentStatus


class FittingTimer(StrEnum):
    RUNNING = "running"
    WARNING = "warning"  # the last ``fitting_warn_minutes``
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Fitting:
    """One customer's parcels in the fitting room, and their timer."""

    customer_id: str
    customer_name: str
    postings: tuple[str, ...]
    since: datetime  # UTC: the earliest hand-out of the parcels still on fitting
    minutes: int
    warn_minutes: int

    @property
    def due(self) -> datetime:
        return self.since + timedelta(minutes=self.minutes)

    def remaining(self, now: datetime) -> timedelta:
        """Time left; negative once it ran out (by how much it is overdue)."""
        return self.due - now

    def timer(self, now: datetime) -> FittingTimer:
        left = self.remaining(now)
        if left <= timedelta(0):
            return FittingTimer.OVERDUE
        return FittingTimer.WARNING if left <= timedelta(minutes=self.warn_minutes) else FittingTimer.RUNNING


def clock_text(left: timedelta) -> str:
    """«14:05» left, or «−3:10» over: minutes and seconds, as the card's timer shows them."""
    seconds = int(left.total_seconds())
    sign = "−" if seconds < 0 else ""
    minutes, seconds = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class HandOut:
    op_id: str
    fitting: Fitting


# When each parcel went on fitting: its last change into ``on_fitting`` in the ledger.
_SINCE = (
    select(Shipment.customer_id, Shipment.posting_number, func.max(Event.occurred_at), Shipment.updated_at)
    .outerjoin(Event, (Event.shipment_id == Shipment.id) & (Event.to_status == S.ON_FITTING.value))
    .where(Shipment.status == S.ON_FITTING.value)
    .group_by(Shipment.id)
    .order_by(Shipment.posting_number)
)


def open_fittings(session: Session, ctx: WorkflowContext, customer_id: str | None = None) -> tuple[Fitting, ...]:
    """Every customer with parcels on fitting (or only ``customer_id``), the longest waiting first."""
    stmt = _SINCE if customer_id is None else _SINCE.where(Shipment.customer_id == customer_id)
    parcels: dict[str, list[tuple[str, datetime]]] = {}
    for customer, posting, since, updated in session.execute(stmt):
        parcels.setdefault(customer or "", []).append((posting, since or updated))
    if not parcels:
        return ()
    names = dict(session.execute(select(Customer.id, Customer.display_name).where(Customer.id.in_(parcels))).all())
    fittings = [
        Fitting(
            customer_id=customer,
            customer_name=names.get(customer) or customer,
            postings=tuple(p for p, _ in rows),
            since=min(t for _, t in rows),
            minutes=ctx.rules.fitting_minutes,
            warn_minutes=ctx.rules.fitting_warn_minutes,
        )
        for customer, rows in parcels.items()
    ]
    return tuple(sorted(fittings, key=lambda f: (f.since, f.customer_id)))


def fittings(ctx: WorkflowContext) -> tuple[Fitting, ...]:
    """The point's open fittings (the status bar's read)."""
    with ctx.store.read() as session:
        return open_fittings(session, ctx)


def _customer_shipment(session: Session, customer_id: str, posting: str) -> Shipment:
    shipment = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None:
        raise NotFound(msg("Отправление {posting} не найдено.", posting=posting))
    if shipment.customer_id != customer_id:
        raise WrongCustomer(msg("СТОП! {posting} — отправление ДРУГОГО покупателя. Не отдавайте его.", posting=posting))
    return shipment


def hand_out(ctx: WorkflowContext, customer_id: str, postings: Collection[str]) -> HandOut:
    """Hand the customer's stored parcels over for fitting: one operation, the timer starts."""
    wanted = sorted(set(postings))
    if not wanted:
        raise BadInput(msg("Отсканируйте отправления, которые покупатель берёт на примерку."))
    with operation(ctx, WORKFLOW, "fitting_out") as op:
        ensure_shift_open(op.session, ctx)
        for posting in wanted:
            shipment = _customer_shipment(op.session, customer_id, posting)
            if shipment.status != S.STORED:
                raise StateConflict(
                    msg(
                        "На примерку отдаётся только отправление на хранении, а {posting} — «{status}».",
                        posting=posting,
                        status=Text.of(S(shipment.status).label),
                    )
                )
            cell = shipment.cell.code if shipment.cell else None
            op.transition(shipment, Action.FIT, customer=customer_id, cell=cell, minutes=ctx.rules.fitting_minutes)
        op.payload.update(customer=customer_id, postings=wanted, minutes=ctx.rules.fitting_minutes)
        op.session.flush()  # this operation's ledger rows come at its end: its parcels count from their change
        [fitting] = open_fittings(op.session, ctx, customer_id)
        return HandOut(op.op_id, fitting)


def take_back(ctx: WorkflowContext, customer_id: str, raw: str) -> str:
    """A parcel of ``customer_id`` scanned back from the fitting room: stored again, its posting."""
    posting = expect_kind(ctx.profile, raw, BarcodeKind.SHIPMENT).code
    with operation(ctx, WORKFLOW, "fitting_back") as op:
        shipment = _customer_shipment(op.session, customer_id, posting)
        if shipment.status != S.ON_FITTING:
            raise StateConflict(
                msg(
                    "Отправление {posting} не на примерке (статус «{status}»).",
                    posting=posting,
                    status=Text.of(S(shipment.status).label),
                )
            )
        op.transition(shipment, Action.FITTING_BACK, customer=customer_id)
        op.payload.update(customer=customer_id, postings=[posting])
    return posting


def customer_on_fitting(ctx: WorkflowContext, raw: str) -> str:
    """Whose fitting a scanned parcel belongs to: the way back to that customer's card without
    their code (they showed it when the parcel was handed over)."""
    posting = expect_kind(ctx.profile, raw, BarcodeKind.SHIPMENT).code
    with ctx.store.read() as session:
        row = session.execute(
            select(Shipment.customer_id, Shipment.status).where(Shipment.posting_number == posting)
        ).first()
    if row is None:
        raise NotFound(msg("Отправление {posting} не найдено.", posting=posting))
    if row.status != S.ON_FITTING or row.customer_id is None:
        raise StateConflict(
            msg(
                "Отправление {posting} не на примерке (статус «{status}»): для выдачи отсканируйте код "
                "получения покупателя.",
                posting=posting,
                status=Text.of(S(row.status).label),
            )
        )
    return row.customer_id


class FittingWatch:
    """Which fittings just reached their warning or ran out: each is announced once per stage (the
    status bar polls; the cashier hears a warning, then an alert, not one every poll)."""

    def __init__(self) -> None:
        self._told: dict[tuple[str, datetime], FittingTimer] = {}

    def news(self, open_now: Collection[Fitting], now: datetime) -> list[tuple[Fitting, FittingTimer]]:
        fresh: list[tuple[Fitting, FittingTimer]] = []
        told: dict[tuple[str, datetime], FittingTimer] = {}
        for f in open_now:
            key, stage = (f.customer_id, f.since), f.timer(now)
            before = self._told.get(key, FittingTimer.RUNNING)
            told[key] = stage if stage is not FittingTimer.RUNNING else before
            if stage is not FittingTimer.RUNNING and stage != before:
                fresh.append((f, stage))
        self._told = told  # a fitting scanned back is forgotten
        return fresh
