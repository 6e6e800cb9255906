"""Stand-ins for the marketplace side of drop-off (owner routes, like the other admin routes).

A seller announces a supply with its parcels, a private sender creates a C2C send, the
marketplace schedules a courier's pickup of one route. Each becomes rows of the point and
feed entries; the counters pull them through the change feed.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_central import feed
from pvz_central.api import BODY, POINT_ROUTES, Owner, Svc, point_write
from pvz_central.errors import responses
from pvz_central.models import CourierPickup, OutboundParcel, Point, Shipment, Supply
from pvz_central.strict_input import STRICT, IsoDateTime
from pvz_desktop.core.barcodes import DEFAULT_PATTERNS, BarcodeKind
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.parcel_sizes import SIZE_CLASSES
from pvz_desktop.core.statuses import ShipmentStatus

router = APIRouter(prefix="/api/v1/points/{point_id}/admin", tags=["marketplace"], responses=POINT_ROUTES)
_CONFLICT = responses(*BODY, 409)
_SIZES = "^(" + "|".join(SIZE_CLASSES) + ")$"


def _pattern(kind: BarcodeKind) -> str:
    return DEFAULT_PATTERNS[kind]


class SupplyParcelIn(BaseModel):
    model_config = STRICT

    posting: str = Field(pattern=_pattern(BarcodeKind.OUTBOUND), description="tracking number on its label")
    description: str = Field(default="", max_length=256)


class SupplyIn(BaseModel):
    model_config = STRICT

    number: str = Field(pattern=_pattern(BarcodeKind.SUPPLY))
    seller: str = Field(min_length=1, max_length=128)
    route: str = Field(min_length=1, max_length=32, description="where the courier takes it (sort centre)")
    parcels: list[SupplyParcelIn] = Field(min_length=1, max_length=5000)


class SendIn(BaseModel):
    model_config = STRICT

    code: str = Field(pattern=_pattern(BarcodeKind.SEND_CODE), description="the code the sender shows")
    posting: str = Field(pattern=_pattern(BarcodeKind.OUTBOUND), description="tracking number given to the parcel")
    sender: str = Field(min_length=1, max_length=128, description="masked name, e.g. «Петров И.»")
    size_class: str = Field(pattern=_SIZES)
    declared_value: int = Field(ge=0, le=10_000_000, description="kopecks")
    recipient_point: str = Field(min_length=1, max_length=128)
    route: str = Field(min_length=1, max_length=32)
    amount_due: int = Field(default=0, ge=0, le=10_000_000, description="kopecks to pay at the counter; 0 = prepaid")


class PickupIn(BaseModel):
    model_config = STRICT

    code: str = Field(pattern=_pattern(BarcodeKind.COURIER_PICKUP))
    courier: str = Field(min_length=1, max_length=128)
    route: str = Field(min_length=1, max_length=32)
    due_at: IsoDateTime | None = None


def _free_postings(session: Session, postings: list[str]) -> None:
    if len(set(postings)) != len(postings):
        raise HTTPException(409, "Трек-номера повторяются.")
    taken = session.scalars(select(Shipment.posting_number).where(Shipment.posting_number.in_(postings))).first()
    if taken is not None:
        raise HTTPException(409, f"Отправление {taken} уже есть на сервере.")


def _announced(point: Point, posting: str, outbound: OutboundParcel, amount_due: int = 0) -> Shipment:
    return Shipment(
        point_id=point.id,
        posting_number=posting,
        order_number=posting,
        status=ShipmentStatus.ANNOUNCED.value,
        amount_due=amount_due,
        updated_at=utcnow(),
        outbound=outbound,
    )


def announce(session: Session, point: Point, body: SupplyIn) -> None:
    """The supply and its parcels, ``announced``, into the point's feed (the caller holds its lock)."""
    if session.scalar(select(Supply.id).where(Supply.number == body.number)) is not None:
        raise HTTPException(409, f"Поставка {body.number} уже заявлена.")
    _free_postings(session, [p.posting for p in body.parcels])
    supply = Supply(point_id=point.id, number=body.number, seller=body.seller, route=body.route, created_at=utcnow())
    session.add(supply)
    session.flush()
    feed.record_supply(session, point, supply)
    for p in body.parcels:
        outbound = OutboundParcel(
            kind="supply", supply=supply, party=body.seller, description=p.description, route=body.route
        )
        shipment = _announced(point, p.posting, outbound)
        session.add(shipment)
        session.flush()
        feed.record_shipment(session, point, shipment)


def create(session: Session, point: Point, body: SendIn) -> None:
    if session.scalar(select(OutboundParcel.shipment_id).where(OutboundParcel.send_code == body.code)) is not None:
        raise HTTPException(409, f"Код отправки {body.code} уже выдан.")
    _free_postings(session, [body.posting])
    outbound = OutboundParcel(
        kind="c2c",
        send_code=body.code,
        party=body.sender,
        route=body.route,
        recipient_point=body.recipient_point,
        size_class=body.size_class,
        declared_value=body.declared_value,
    )
    shipment = _announced(point, body.posting, outbound, body.amount_due)
    session.add(shipment)
    session.flush()
    feed.record_shipment(session, point, shipment)


def schedule(session: Session, point: Point, body: PickupIn) -> None:
    if session.scalar(select(CourierPickup.id).where(CourierPickup.code == body.code)) is not None:
        raise HTTPException(409, f"Передача курьеру {body.code} уже назначена.")
    due = body.due_at
    if due is not None and due.tzinfo is not None:
        due = due.astimezone(UTC).replace(tzinfo=None)  # times are stored as naive UTC
    pickup = CourierPickup(point_id=point.id, code=body.code, courier=body.courier, route=body.route, due_at=due)
    session.add(pickup)
    session.flush()
    feed.record_pickup(session, point, pickup)


@router.post("/supplies", status_code=201, responses=_CONFLICT, summary="A seller announces a supply to bring")
def announce_supply(body: SupplyIn, principal: Owner, svc: Svc) -> dict[str, Any]:
    with point_write(svc, principal.point_id) as (session, point):
        announce(session, point, body)
    return {"number": body.number, "parcels": len(body.parcels)}


@router.post("/c2c-sends", status_code=201, responses=_CONFLICT, summary="A private sender creates a C2C send")
def create_send(body: SendIn, principal: Owner, svc: Svc) -> dict[str, Any]:
    with point_write(svc, principal.point_id) as (session, point):
        create(session, point, body)
    return {"code": body.code, "posting": body.posting}


@router.post("/courier-pickups", status_code=201, responses=_CONFLICT, summary="Schedule a courier's pickup")
def schedule_pickup(body: PickupIn, principal: Owner, svc: Svc) -> dict[str, Any]:
    with point_write(svc, principal.point_id) as (session, point):
        schedule(session, point, body)
    return {"code": body.code}
