"""The dashboard's figures of one or several points for a period, read from the server's ledger
(``shipment_event``), waybills, stored answers (refused operations) and shipments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from pvz_central.console.periods import Period, local, zone
from pvz_central.models import OperationRecord, Point, Shipment, ShipmentEvent, TransportPackage, User, Waybill
from pvz_desktop.core.clock import utcnow

# The network's limit from a waybill's arrival (its first parcel accepted) to its close.
ACCEPTANCE_LIMIT = timedelta(hours=1, minutes=30)
# Counted per action of the ledger; "customers" are issuance operations (one per customer at the counter).
COUNTED = {
    "accept": "accepted",
    "resolve": "accepted",
    "issue": "issued",
    "customer_return": "returned",
    "drop_off": "dropped_off",
    "hand_to_courier": "handed_to_couriers",
    "lose": "shortages",
}
# Shipments still at the point whose storage ended: they belong in a return box.
NOT_IN_RETURN_BOX = ("stored", "expired", "refused", "to_return")


@dataclass
class Tally:
    accepted: int = 0
    issued: int = 0
    returned: int = 0
    dropped_off: int = 0
    handed_to_couriers: int = 0
    shortages: int = 0
    customers: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Figures:
    """What the dashboard shows; ``per_day``/``per_hour`` count issued parcels (the chart)."""

    period: Period
    totals: Tally = field(default_factory=Tally)
    per_employee: dict[str, Tally] = field(default_factory=dict)  # display name → tally
    waybills_closed: int = 0
    acceptance_avg: timedelta | None = None
    acceptance_worst: timedelta | None = None
    waybills_over_limit: int = 0
    past_deadline: int = 0
    discrepancy_acts: int = 0
    refused_operations: int = 0
    per_day: dict[date, int] = field(default_factory=dict)
    per_hour: list[int] = field(default_factory=lambda: [0] * 24)


def figures(session: Session, point_ids: list[str], period: Period, now: datetime | None = None) -> Figures:
    now = now or utcnow()
    result = Figures(period, per_day={d: 0 for d in period.days()})
    durations: list[timedelta] = []
    names = dict(session.execute(select(User.id, User.display_name)).all())
    for point in session.scalars(select(Point).where(Point.id.in_(point_ids)).order_by(Point.id)):
        tz = zone(point.time_zone)
        start, end = period.utc_bounds(tz)
        _events(session, point.id, start, end, tz, names, result)
        durations += _acceptance(session, point.id, start, end)
        result.past_deadline += (
            session.scalar(
                select(func.count())
                .select_from(Shipment)
                .where(
                    Shipment.point_id == point.id,
                    Shipment.status.in_(NOT_IN_RETURN_BOX),
                    Shipment.storage_deadline < now,
                )
            )
            or 0
        )
        result.discrepancy_acts += _discrepancy_acts(session, point.id, start, end)
        result.refused_operations += (
            session.scalar(
                select(func.count())
                .select_from(OperationRecord)
                .where(
                    OperationRecord.point_id == point.id,
                    OperationRecord.status_code == 409,
                    OperationRecord.created_at >= start,
                    OperationRecord.created_at < end,
                )
            )
            or 0
        )
    if durations:
        result.waybills_closed = len(durations)
        result.acceptance_avg = sum(durations, timedelta()) / len(durations)
        result.acceptance_worst = max(durations)
        result.waybills_over_limit = sum(1 for d in durations if d > ACCEPTANCE_LIMIT)
    return result


def _events(
    session: Session,
    point_id: str,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    names: dict[str, str],
    result: Figures,
) -> None:
    e = ShipmentEvent
    rows = session.execute(
        select(e.action, e.user_id, e.op_key, e.occurred_at).where(
            e.point_id == point_id, e.occurred_at >= start, e.occurred_at < end, e.action.in_(COUNTED)
        )
    )
    visits: dict[str, set[str]] = defaultdict(set)  # employee → issuance operations
    for action, user_id, op_key, at in rows:
        who = names.get(user_id, user_id)
        tally = result.per_employee.setdefault(who, Tally())
        name = COUNTED[action]
        setattr(tally, name, getattr(tally, name) + 1)
        setattr(result.totals, name, getattr(result.totals, name) + 1)
        if action == "issue":
            visits[who].add(op_key or f"{at.isoformat()}")
            when = local(at, tz)
            if when.date() in result.per_day:
                result.per_day[when.date()] += 1
            result.per_hour[when.hour] += 1
    for who, ops in visits.items():
        result.per_employee[who].customers += len(ops)
        result.totals.customers += len(ops)


def _acceptance(session: Session, point_id: str, start: datetime, end: datetime) -> list[timedelta]:
    """Arrival (the first parcel of the waybill accepted) to close, for waybills closed in the period."""
    first_accept = (
        select(func.min(ShipmentEvent.occurred_at))
        .join(Shipment, Shipment.posting_number == ShipmentEvent.posting_number)
        .where(Shipment.waybill_id == Waybill.id, ShipmentEvent.action.in_(("accept", "resolve")))
        .scalar_subquery()
    )
    rows = session.execute(
        select(first_accept, Waybill.closed_at).where(
            Waybill.point_id == point_id, Waybill.closed_at >= start, Waybill.closed_at < end
        )
    )
    return [closed - arrived for arrived, closed in rows if arrived is not None and closed >= arrived]


def _discrepancy_acts(session: Session, point_id: str, start: datetime, end: datetime) -> int:
    """Waybills closed in the period with a difference: a package missing or brought unexpected, or
    a parcel missing or unexpected (each such close printed its «Акт о расхождении»)."""
    package_diff = exists().where(
        TransportPackage.waybill_id == Waybill.id, TransportPackage.state.in_(("missing", "unexpected"))
    )
    parcel_diff = exists().where(
        Shipment.waybill_id == Waybill.id, or_(Shipment.status == "missing", Shipment.arrived_unexpected)
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(Waybill)
            .where(
                Waybill.point_id == point_id,
                Waybill.closed_at >= start,
                Waybill.closed_at < end,
                or_(package_diff, parcel_diff),
            )
        )
        or 0
    )


def per_employee_rows(fig: Figures) -> list[tuple[str, Tally]]:
    return sorted(fig.per_employee.items(), key=lambda kv: (-kv[1].issued - kv[1].accepted, kv[0]))
