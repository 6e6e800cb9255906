"""Outbound bags (мешки на отправку): parcels taken in are packed into a bag of their route.

A bag ``BG-…`` is opened by its label (or gets the next number, to print one); the first parcel
sets its route and every other parcel must go the same way. A parcel can be in one bag only:
the server re-checks the transition, so two counters bagging the same parcel cannot both win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import OutboundBag, OutboundParcel, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.dropoff import WORKFLOW
from pvz_desktop.workflows.dropoff.common import ParcelView, bag_by_barcode, parcel_view, scanned_parcel
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import operation

S = ShipmentStatus
_BAG_NUMBER = re.compile(r"^BG-(\d{10})$")


@dataclass(frozen=True)
class BagView:
    barcode: str
    route: str
    status: str  # open / handed_over
    opened_at: datetime  # UTC
    postings: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.postings)


@dataclass(frozen=True)
class Bagged:
    bag: BagView
    parcel: ParcelView


def contents(session: Session, bag: OutboundBag) -> tuple[str, ...]:
    """Parcels lying in the bag now (one handed over or taken out is no longer in it)."""
    q = (
        select(Shipment.posting_number)
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(OutboundParcel.bag_id == bag.id, Shipment.status == S.IN_BAG)
        .order_by(Shipment.posting_number)
    )
    return tuple(session.scalars(q))


def bag_view(session: Session, bag: OutboundBag) -> BagView:
    return BagView(bag.barcode, bag.route, bag.status, bag.opened_at, contents(session, bag))


def _next_number(session: Session) -> str:
    numbers = [int(m.group(1)) for b in session.scalars(select(OutboundBag.barcode)) if (m := _BAG_NUMBER.match(b))]
    return f"BG-{max(numbers, default=0) + 1:010d}"


def _open_bag(session: Session, barcode: str) -> OutboundBag:
    bag = bag_by_barcode(session, barcode)
    if bag.status != "open":
        raise StateConflict(msg("Мешок {barcode} уже передан курьеру: откройте новый мешок.", barcode=barcode))
    return bag


def open_bag(ctx: WorkflowContext, raw: str | None = None) -> BagView:
    """Open a bag by its label, or allocate the next number to print one. An open bag resumes."""
    barcode = expect_kind(ctx.profile, raw, BarcodeKind.BAG).code if raw is not None else None
    with operation(ctx, WORKFLOW, "bag_open") as op:
        barcode = barcode or _next_number(op.session)
        if op.session.scalar(select(OutboundBag.id).where(OutboundBag.barcode == barcode)) is not None:
            return bag_view(op.session, _open_bag(op.session, barcode))
        bag = OutboundBag(barcode=barcode, status="open", opened_at=op.now)
        op.session.add(bag)
        op.session.flush()
        op.record("bag_opened", bag=barcode)
        op.push = False  # the server learns the bag with its first parcel
        return bag_view(op.session, bag)


def put(ctx: WorkflowContext, bag_code: str, raw: str) -> Bagged:
    """Put a parcel that was taken in into the open bag of its route."""
    with operation(ctx, WORKFLOW, "bag_put") as op:
        bag = _open_bag(op.session, bag_code)
        parcel = scanned_parcel(op.session, ctx.profile, raw)
        s, o = parcel.shipment, parcel.outbound
        if s.status == S.IN_BAG:
            where = op.session.get(OutboundBag, o.bag_id) if o.bag_id is not None else None
            name = where.barcode if where is not None else "другом мешке"
            raise StateConflict(
                msg(
                    "Отправление {posting_number} уже лежит в мешке {name}.", posting_number=s.posting_number, name=name
                )
            )
        if s.status != S.DROPPED_OFF:
            raise StateConflict(
                msg(
                    "Отправление {posting_number} в статусе «{status}»: в мешок кладутся только принятые к отправке.",
                    posting_number=s.posting_number,
                    status=Text.of(S(s.status).label),
                )
            )
        if bag.route and o.route != bag.route:
            raise StateConflict(
                msg(
                    "Отправление {posting_number} идёт по маршруту {route}, а мешок {barcode} — по маршруту "
                    "{route2}: возьмите другой мешок.",
                    posting_number=s.posting_number,
                    route=o.route,
                    barcode=bag.barcode,
                    route2=bag.route,
                )
            )
        bag.route = bag.route or o.route
        op.transition(s, Action.BAG, bag=bag.barcode, route=o.route)
        o.bag_id = bag.id
        op.payload.update(bag=bag.barcode, posting=s.posting_number)
        op.session.flush()
        return Bagged(bag_view(op.session, bag), parcel_view(op.session, parcel))


def take_out(ctx: WorkflowContext, bag_code: str, raw: str) -> Bagged:
    """Take a parcel out of a bag not handed over yet; it waits loose for another bag."""
    with operation(ctx, WORKFLOW, "bag_take_out") as op:
        bag = _open_bag(op.session, bag_code)
        parcel = scanned_parcel(op.session, ctx.profile, raw)
        s, o = parcel.shipment, parcel.outbound
        if o.bag_id != bag.id or s.status != S.IN_BAG:
            raise StateConflict(
                msg(
                    "Отправления {posting_number} нет в мешке {barcode}.",
                    posting_number=s.posting_number,
                    barcode=bag.barcode,
                )
            )
        op.transition(s, Action.UNBAG, bag=bag.barcode)
        o.bag_id = None
        op.payload.update(bag=bag.barcode, posting=s.posting_number)
        op.session.flush()
        return Bagged(bag_view(op.session, bag), parcel_view(op.session, parcel))


def bag(ctx: WorkflowContext, raw: str) -> BagView:
    code = expect_kind(ctx.profile, raw, BarcodeKind.BAG).code
    with ctx.store.read() as session:
        return bag_view(session, bag_by_barcode(session, code))


def open_bags(ctx: WorkflowContext) -> list[BagView]:
    with ctx.store.read() as session:
        rows = session.scalars(select(OutboundBag).where(OutboundBag.status == "open").order_by(OutboundBag.barcode))
        return [bag_view(session, b) for b in rows]
