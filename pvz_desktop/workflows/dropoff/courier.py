"""Handing outbound parcels to the courier: open the pickup by the courier's code, scan each bag or
loose parcel, close with a handover act. Only what goes the pickup's route is taken; everything
handed over leaves the point's stock (``handed_to_courier``).

Each scan is written the moment it is taken (``courier_handover_scan`` and its ledger event, one
transaction), so a restart mid-handover comes back with everything scanned; the act is closed from
those rows. The scans are the point's own working list: the server learns the handover at the act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, DomainError, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import CourierPickup, HandoverScan, OutboundBag, OutboundParcel, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.dropoff import WORKFLOW
from pvz_desktop.workflows.dropoff.bags import contents
from pvz_desktop.workflows.dropoff.common import bag_by_barcode, pickup_by_code, scanned_parcel
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import Operation, operation

S = ShipmentStatus


@dataclass(frozen=True)
class HandoverItem:
    """One scanned thing to hand over: a bag (with its parcels) or a loose parcel."""

    code: str
    is_bag: bool
    postings: tuple[str, ...]


@dataclass(frozen=True)
class StaleScan:
    """A scan kept for the pickup that is no longer due (the bag emptied, the parcel bagged since):
    the act cannot be closed with it; F7 takes it off the handover."""

    code: str
    reason: Text


@dataclass(frozen=True)
class PickupView:
    code: str
    courier: str
    route: str
    due_at: datetime | None  # UTC
    status: str  # scheduled / closed
    bags_due: tuple[str, ...]  # open bags of the route with parcels in them
    loose_due: tuple[str, ...]  # parcels of the route taken in and not bagged
    scanned: tuple[HandoverItem, ...] = ()  # already scanned for it, in scan order (a resumed handover)
    stale: tuple[StaleScan, ...] = ()


@dataclass(frozen=True)
class HandoverScanned:
    """A scan for the courier: the item, and whether it is new (False: it was already scanned)."""

    item: HandoverItem
    added: bool
    total: int  # bags and loose parcels scanned for the pickup so far


@dataclass(frozen=True)
class CourierAct:
    """Акт приёма-передачи курьеру, printed in two copies."""

    op_id: str
    act_number: str
    point_name: str
    employee_name: str
    pickup: str
    courier: str
    route: str
    handed_over_at: datetime  # UTC
    items: tuple[HandoverItem, ...]

    @property
    def total_parcels(self) -> int:
        return sum(len(i.postings) for i in self.items)

    @property
    def handed_over_at_local(self) -> datetime:
        return to_local(self.handed_over_at)


def _scheduled(session: Session, code: str) -> CourierPickup:
    pickup = pickup_by_code(session, code)
    if pickup.status != "scheduled":
        raise StateConflict(
            msg("Передача курьеру {code} уже закрыта (акт {act_number}).", code=code, act_number=pickup.act_number)
        )
    return pickup


def _stored(session: Session, pickup: CourierPickup) -> list[HandoverScan]:
    return list(
        session.scalars(select(HandoverScan).where(HandoverScan.pickup_id == pickup.id).order_by(HandoverScan.id))
    )


def _view(session: Session, ctx: WorkflowContext, p: CourierPickup) -> PickupView:
    bags = session.scalars(
        select(OutboundBag)
        .where(OutboundBag.status == "open", OutboundBag.route == p.route)
        .order_by(OutboundBag.barcode)
    )
    loose = session.scalars(
        select(Shipment.posting_number)
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(Shipment.status == S.DROPPED_OFF, OutboundParcel.route == p.route)
        .order_by(Shipment.posting_number)
    )
    bags_due, loose_due = tuple(b.barcode for b in bags if contents(session, b)), tuple(loose)
    scanned: list[HandoverItem] = []
    stale: list[StaleScan] = []
    for row in _stored(session, p):
        try:  # as it stands now: a bag's parcels may have changed since it was scanned
            scanned.append(_item(session, ctx, p, row.code))
        except DomainError as exc:
            stale.append(StaleScan(row.code, exc.text))
    return PickupView(p.code, p.courier, p.route, p.due_at, p.status, bags_due, loose_due, tuple(scanned), tuple(stale))


def open_pickup(ctx: WorkflowContext, raw: str) -> PickupView:
    """The courier's pickup, what is due for it and what was already scanned for it."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.COURIER_PICKUP).code
    with ctx.store.read() as session:
        return _view(session, ctx, _scheduled(session, code))


def current(ctx: WorkflowContext) -> PickupView | None:
    """The handover left open (scanned for, not closed), the latest scanned first: the page
    resumes it after a restart."""
    with ctx.store.read() as session:
        pickup = session.scalar(
            select(CourierPickup)
            .join(HandoverScan, HandoverScan.pickup_id == CourierPickup.id)
            .where(CourierPickup.status == "scheduled")
            .order_by(HandoverScan.id.desc())
            .limit(1)
        )
        return _view(session, ctx, pickup) if pickup is not None else None


def _item(session: Session, ctx: WorkflowContext, pickup: CourierPickup, raw: str) -> HandoverItem:
    code = expect_kind(ctx.profile, raw, BarcodeKind.BAG, BarcodeKind.OUTBOUND)
    if code.kind is BarcodeKind.BAG:
        bag = bag_by_barcode(session, code.code)
        if bag.status != "open":
            raise StateConflict(msg("Мешок {barcode} уже передан курьеру.", barcode=bag.barcode))
        postings = contents(session, bag)
        if not postings:
            raise StateConflict(msg("Мешок {barcode} пуст: передавать нечего.", barcode=bag.barcode))
        if bag.route != pickup.route:
            raise StateConflict(
                msg(
                    "Мешок {barcode} идёт по маршруту {route}, а курьер {courier} забирает маршрут {route2}: "
                    "этот мешок не для него.",
                    barcode=bag.barcode,
                    route=bag.route,
                    courier=pickup.courier,
                    route2=pickup.route,
                )
            )
        return HandoverItem(bag.barcode, True, postings)
    parcel = scanned_parcel(session, ctx.profile, raw)
    s, o = parcel.shipment, parcel.outbound
    if s.status == S.IN_BAG:
        bag = session.get(OutboundBag, o.bag_id) if o.bag_id is not None else None
        raise StateConflict(
            msg(
                "Отправление {posting_number} лежит в мешке {value}: сканируйте мешок.",
                posting_number=s.posting_number,
                value=bag.barcode if bag else "",
            )
        )
    if s.status != S.DROPPED_OFF:
        raise StateConflict(
            msg(
                "Отправление {posting_number} в статусе «{status}»: передать его нельзя.",
                posting_number=s.posting_number,
                status=Text.of(S(s.status).label),
            )
        )
    if o.route != pickup.route:
        raise StateConflict(
            msg(
                "Отправление {posting_number} идёт по маршруту {route}, а курьер {courier} забирает маршрут "
                "{route2}: оно не для этого курьера.",
                posting_number=s.posting_number,
                route=o.route,
                courier=pickup.courier,
                route2=pickup.route,
            )
        )
    return HandoverItem(s.posting_number, False, (s.posting_number,))


def _count(session: Session, pickup: CourierPickup) -> int:
    return session.scalar(select(func.count()).where(HandoverScan.pickup_id == pickup.id)) or 0


def _local(op: Operation) -> None:
    op.push = False  # the point's working list: the server learns the handover from the act


def scan(ctx: WorkflowContext, pickup_code: str, raw: str) -> HandoverScanned:
    """A bag or loose parcel scanned for the courier: due for this pickup (kept at once, with its
    ledger event), or why not (nothing written)."""
    with operation(ctx, WORKFLOW, "courier_handover_scan") as op:
        pickup = _scheduled(op.session, pickup_code)
        item = _item(op.session, ctx, pickup, raw)
        known = op.session.scalar(
            select(HandoverScan.id).where(HandoverScan.pickup_id == pickup.id, HandoverScan.code == item.code)
        )
        if known is None:
            op.session.add(HandoverScan(pickup_id=pickup.id, code=item.code, is_bag=item.is_bag, scanned_at=op.now))
            op.session.flush()
            op.record("courier_handover_scan", pickup=pickup.code, code=item.code, postings=list(item.postings))
            _local(op)
        return HandoverScanned(item, known is None, _count(op.session, pickup))


def unscan(ctx: WorkflowContext, pickup_code: str, raw: str) -> str:
    """Take a scanned bag or parcel off the handover (the courier does not take it); its code."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.BAG, BarcodeKind.OUTBOUND).code
    with operation(ctx, WORKFLOW, "courier_handover_unscan") as op:
        pickup = _scheduled(op.session, pickup_code)
        row = op.session.scalar(
            select(HandoverScan).where(HandoverScan.pickup_id == pickup.id, HandoverScan.code == code)
        )
        if row is None:
            raise StateConflict(
                msg("{code} не отсканирован для курьера {courier}: убирать нечего.", code=code, courier=pickup.courier)
            )
        op.session.delete(row)
        op.record("courier_handover_unscan", pickup=pickup.code, code=code)
        _local(op)
        return code


def hand_over(ctx: WorkflowContext, pickup_code: str, codes: Sequence[str] = ()) -> CourierAct:
    """Everything scanned for the pickup (and ``codes``) leaves with the courier: parcels
    ``handed_to_courier``, bags closed, the act; the pickup's scans are done with."""
    with operation(ctx, WORKFLOW, "courier_handover") as op:
        pickup = _scheduled(op.session, pickup_code)
        stored = _stored(op.session, pickup)
        codes = [*(row.code for row in stored), *codes]
        if not codes:
            raise BadInput(msg("Отсканируйте мешки или посылки, которые забирает курьер."))
        act_number = op.op_id[:8].upper()
        items: dict[str, HandoverItem] = {}
        for raw in codes:
            item = _item(op.session, ctx, pickup, raw)
            items.setdefault(item.code, item)
        op.session.execute(delete(HandoverScan).where(HandoverScan.pickup_id == pickup.id))
        for item in items.values():
            bag = bag_by_barcode(op.session, item.code) if item.is_bag else None
            for posting in item.postings:
                parcel = scanned_parcel(op.session, ctx.profile, posting)
                details = {"pickup": pickup.code, "act": act_number, "bag": bag.barcode if bag else None}
                op.transition(parcel.shipment, Action.HAND_TO_COURIER, **details)
                parcel.outbound.pickup_id = pickup.id
            if bag is not None:
                bag.status, bag.handed_over_at = "handed_over", op.now
                op.record("bag_handed_over", bag=bag.barcode, count=len(item.postings), pickup=pickup.code)
        pickup.status, pickup.closed_at, pickup.act_number = "closed", op.now, act_number
        op.record("courier_pickup_closed", pickup=pickup.code, act=act_number, courier=pickup.courier)
        op.payload.update(pickup=pickup.code, act=act_number, items={i.code: list(i.postings) for i in items.values()})
        return CourierAct(
            op_id=op.op_id,
            act_number=act_number,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            pickup=pickup.code,
            courier=pickup.courier,
            route=pickup.route,
            handed_over_at=op.now,
            items=tuple(items.values()),
        )
