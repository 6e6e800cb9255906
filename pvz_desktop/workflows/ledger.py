"""Ledger (учёт): history of any shipment, search, counts, deadlines, chain verification."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from pvz_desktop.core.clock import local_midnight_utc, to_local
from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Cell, Customer, Event, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import shipment_by_posting
from pvz_desktop.workflows.ledger_chain import GENESIS, HASHED_FIELDS, event_hash
from pvz_desktop.workflows.views import ShipmentView, shipment_view, shipment_views

S = ShipmentStatus
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    from_status: str | None
    to_status: str | None
    employee_id: str
    workstation: str
    workflow: str
    occurred_at: datetime  # UTC
    details: dict[str, Any]


@dataclass(frozen=True)
class ShipmentHistory:
    shipment: ShipmentView
    events: tuple[EventView, ...]


def _event_view(e: Event) -> EventView:
    return EventView(
        e.id,
        e.kind,
        e.from_status,
        e.to_status,
        e.employee_id,
        e.workstation,
        e.workflow,
        e.occurred_at,
        json.loads(e.details),
    )


def history(ctx: WorkflowContext, posting: str) -> ShipmentHistory:
    with ctx.store.read() as session:
        shipment = shipment_by_posting(session, posting)
        events = session.scalars(select(Event).where(Event.shipment_id == shipment.id).order_by(Event.id))
        return ShipmentHistory(shipment_view(shipment, with_items=True), tuple(_event_view(e) for e in events))


@dataclass(frozen=True)
class ShipmentQuery:
    posting: str | None = None  # prefix
    order: str | None = None
    customer: str | None = None  # id, masked name or last four phone digits
    status: ShipmentStatus | None = None
    cell: str | None = None
    updated_from: date | None = None  # local dates, inclusive
    updated_to: date | None = None
    limit: int = SEARCH_LIMIT


def search(ctx: WorkflowContext, q: ShipmentQuery) -> list[ShipmentView]:
    if q.updated_from and q.updated_to and q.updated_from > q.updated_to:
        raise BadInput(msg("Начальная дата позже конечной."))
    stmt = select(Shipment)
    if q.posting:
        stmt = stmt.where(Shipment.posting_number.startswith(q.posting.strip(), autoescape=True))
    if q.order:
        stmt = stmt.where(Shipment.order_number == q.order.strip())
    if q.customer:
        text = q.customer.strip()
        matching = select(Customer.id).where(
            or_(
                Customer.id == text,
                Customer.phone_last4 == text,
                Customer.display_name.startswith(text, autoescape=True),
            )
        )
        stmt = stmt.where(Shipment.customer_id.in_(matching))
    if q.status:
        stmt = stmt.where(Shipment.status == ShipmentStatus(q.status).value)
    if q.cell:
        stmt = stmt.where(Shipment.cell_id.in_(select(Cell.id).where(Cell.code == q.cell.strip().upper())))
    if q.updated_from:
        stmt = stmt.where(Shipment.updated_at >= local_midnight_utc(q.updated_from))
    if q.updated_to:
        stmt = stmt.where(Shipment.updated_at < local_midnight_utc(q.updated_to + timedelta(days=1)))
    with ctx.store.read() as session:
        rows = session.scalars(stmt.order_by(Shipment.updated_at.desc()).limit(q.limit))
        return [shipment_view(s) for s in rows]


def status_counts(ctx: WorkflowContext) -> dict[ShipmentStatus, int]:
    with ctx.store.read() as session:
        rows = session.execute(select(Shipment.status, func.count()).group_by(Shipment.status)).all()
    counts = {s: 0 for s in ShipmentStatus}
    for status, n in rows:
        counts[ShipmentStatus(status)] = n
    return counts


@dataclass(frozen=True)
class DeadlineReport:
    overdue: tuple[ShipmentView, ...]
    due_today: tuple[ShipmentView, ...]
    due_tomorrow: tuple[ShipmentView, ...]


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int
    due_today: int
    due_tomorrow: int


def _deadline_bounds(ctx: WorkflowContext) -> tuple[datetime, datetime, datetime, datetime]:
    """now, start of today, start of tomorrow, end of tomorrow: local days, as stored UTC."""
    now = ctx.now()
    today = to_local(now).date()
    return (
        now,
        local_midnight_utc(today),
        local_midnight_utc(today + timedelta(days=1)),
        local_midnight_utc(today + timedelta(days=2)),
    )


def deadline_counts(ctx: WorkflowContext) -> DeadlineCounts:
    """Only the three numbers, for the alert buttons: one indexed aggregate, no rows built."""
    now, start_today, start_tomorrow, end_tomorrow = _deadline_bounds(ctx)
    d = Shipment.storage_deadline
    with ctx.store.read() as session:
        row = session.execute(
            select(
                func.count().filter(d <= now),
                func.count().filter(d > now, d >= start_today, d < start_tomorrow),
                func.count().filter(d >= start_tomorrow),
            ).where(Shipment.status == S.STORED, d < end_tomorrow)
        ).one()
    return DeadlineCounts(*row)


def deadlines(ctx: WorkflowContext) -> DeadlineReport:
    """Stored parcels whose storage deadline has passed, falls today, or falls tomorrow (local)."""
    now, start_today, start_tomorrow, end_tomorrow = _deadline_bounds(ctx)
    with ctx.store.read() as session:
        rows = shipment_views(
            session,
            Shipment.status == S.STORED,
            Shipment.storage_deadline < end_tomorrow,
            order_by=(Shipment.storage_deadline,),
        )
        views = [(v.storage_deadline, v) for v in rows]
    return DeadlineReport(
        overdue=tuple(v for d, v in views if d <= now),
        due_today=tuple(v for d, v in views if now < d and start_today <= d < start_tomorrow),
        due_tomorrow=tuple(v for d, v in views if start_tomorrow <= d < end_tomorrow),
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None
    reason: Text | None

    @property
    def message(self) -> Text:
        if self.ok:
            return msg("Журнал цел: проверено записей — {checked}.", checked=self.checked)
        return msg(
            "Журнал нарушен, начиная с записи №{first_broken_id}: {reason}.",
            first_broken_id=self.first_broken_id,
            reason=self.reason,
        )


def verify_chain(ctx: WorkflowContext, batch: int = 5000) -> ChainReport:
    """Recompute every hash in id order; report the first link that does not hold."""
    prev = GENESIS
    checked = 0
    last_id = 0
    with ctx.store.read() as session:
        while True:
            rows = session.scalars(select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)).all()
            if not rows:
                return ChainReport(True, checked, None, None)
            for e in rows:
                if e.prev_hash != prev:
                    return ChainReport(False, checked, e.id, msg("ссылка на предыдущую запись не совпадает"))
                fields = {k: getattr(e, k) for k in HASHED_FIELDS}
                if event_hash(prev, fields) != e.hash:
                    return ChainReport(False, checked, e.id, msg("содержимое записи изменено"))
                prev = e.hash
                checked += 1
                last_id = e.id
            session.expunge_all()


def latest_event_time(store: Store) -> datetime | None:
    """When the newest ledger event happened (the counter's clock never starts earlier)."""
    with store.read() as session:
        return session.scalar(select(func.max(Event.occurred_at)))
