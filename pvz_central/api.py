"""The counters' API: operations (idempotent), change feed (long-poll), shipments, support, admin.

Every route is under ``/api/v1/points/{point_id}`` and needs a token of that point; owner
routes need the owner role. Refusals carry a Russian reason the cashier can read.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from starlette.concurrency import run_in_threadpool

from pvz_central import feed, login_throttle, point_snapshot, snapshots
from pvz_central.deps import Services, owner_principal, point_principal, services
from pvz_central.errors import ApiProblem, responses
from pvz_central.models import (
    Customer,
    Defect,
    Photo,
    PickupCode,
    Point,
    ReturnRequest,
    Shipment,
    ShipmentItem,
    StorageExtension,
    SupportMessage,
    SupportTicket,
    TransportPackage,
    User,
    Waybill,
)
from pvz_central.oauth import Principal
from pvz_central.operations import (
    KEY_REUSED,
    Outcome,
    Refused,
    Retry,
    Sender,
    Submitted,
    apply_in_order,
    shipment_in_point,
)
from pvz_central.passwords import hash_password
from pvz_central.strict_input import STRICT, IsoDate, Kopecks
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.photos import MAX_PHOTO_BYTES, content_hash, image_type
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.core.statuses import IN_TRANSIT, Action, ShipmentStatus, next_status
from pvz_desktop.wire import (
    MAX_BATCH,
    BatchIn,
    BatchOut,
    ChangePage,
    OperationIn,
    OperationOut,
    OperationRefused,
    OtherPointsAnswer,
    OtherPointsIn,
    PickupKeyAnswer,
    PointRulesAnswer,
    ShipmentData,
)

# Every route here needs a token of its point (401, 403) and validates its input (422).
POINT_ROUTES = responses(401, 403, 422)
BODY = (400, 413)  # routes with a body: not JSON at all, too large
router = APIRouter(prefix="/api/v1/points/{point_id}", tags=["counter"], responses=POINT_ROUTES)
admin = APIRouter(prefix="/api/v1/points/{point_id}", tags=["owner"], responses=POINT_ROUTES)
# Seconds: re-read the feed even without a wake-up, unless the PostgreSQL listener brings every
# process's commits (SQLite, or PostgreSQL while the listener reconnects).
FALLBACK_POLL = 1.0

Counter = Annotated[Principal, Depends(point_principal)]
Owner = Annotated[Principal, Depends(owner_principal)]
Svc = Annotated[Services, Depends(services)]


@contextmanager
def point_write(svc: Services, point_id: str) -> Iterator[tuple[Session, Point]]:
    """A write transaction holding the point's lock; long-polls wake after the commit."""
    with svc.db.write() as session:
        point = svc.db.lock_point(session, point_id)
        if point is None:
            raise ApiProblem(404, f"Пункт {point_id} не найден.", "point_not_found")
        yield session, point
    svc.notifier.notify(point_id)


def _submitted(key: str, body: OperationIn) -> Submitted:
    """The operation with the hash of its body (``kind`` and ``payload``: the key is not part of it)."""
    payload = body.payload.model_dump(mode="json", by_alias=True)
    data = {"kind": body.kind, "payload": payload}
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Submitted(key, body.kind, payload, digest)


def _apply(svc: Services, principal: Principal, ops: list[Submitted]) -> list[Outcome]:
    """One write transaction under the point's lock; long-polls wake after it commits if anything
    changed. First as the usual case (every operation new and applicable: no key lookup, no
    savepoint); a refusal or a stored key rolls that back and the operations go again carefully."""
    sender = Sender(principal.user_id, principal.name, principal.role)
    try:
        outcomes = _apply_once(svc, principal.point_id, sender, ops, careful=False)
    except Retry:
        outcomes = _apply_once(svc, principal.point_id, sender, ops, careful=True)
    if any(o.applied_now for o in outcomes):
        svc.notifier.notify(principal.point_id)
    return outcomes


def _apply_once(svc: Services, point_id: str, sender: Sender, ops: list[Submitted], *, careful: bool) -> list[Outcome]:
    with svc.db.write() as session:
        point = svc.db.lock_point(session, point_id)
        assert point is not None  # the token's point exists (foreign key)
        return apply_in_order(session, point, sender, ops, careful=careful)


@router.post(
    "/operations",
    response_model=OperationOut,
    responses={
        409: {"model": OperationRefused, "description": "Refused: the detail is for the cashier"},
        **responses(*BODY),
    },
    summary="Apply one counter operation exactly once (Idempotency-Key)",
)
def post_operation(
    body: OperationIn,
    idempotency_key: Annotated[UUID, Header(alias="Idempotency-Key")],
    principal: Counter,
    svc: Svc,
) -> JSONResponse:
    (outcome,) = _apply(svc, principal, [_submitted(str(idempotency_key), body)])
    if outcome.status == 422:
        raise ApiProblem(422, KEY_REUSED, "idempotency_key_reused")
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    body = outcome.body
    if outcome.status == 409:  # the error model's fields (answers stored before they existed lack them)
        body = {"detail": body.get("reason") or "", "errors": [], **body}
    return JSONResponse(body, outcome.status, headers=headers)


@router.post(
    "/operations/batch",
    response_model=BatchOut,
    responses=responses(*BODY),
    summary=f"Apply up to {MAX_BATCH} counter operations in order, each exactly once (its own key)",
)
def post_operations_batch(body: BatchIn, principal: Counter, svc: Svc) -> JSONResponse:
    """Each operation as by ``POST /operations``: a refusal refuses that one only; one answer each, in order."""
    if len(body.operations) > MAX_BATCH:
        raise ApiProblem(
            422,
            f"В одном пакете не больше {MAX_BATCH} операций, а прислано {len(body.operations)}: отправьте частями.",
            "batch_too_large",
        )
    outcomes = _apply(svc, principal, [_submitted(str(op.key), op) for op in body.operations])
    # Sent as built (the response model documents it): the answers are the stored ones, already checked.
    return JSONResponse({"results": [{**o.body, "status": o.status, "replayed": o.replayed} for o in outcomes]})


@router.get("/changes", response_model=ChangePage, summary="Changes after a cursor; long-polls up to `wait` s")
async def changes(
    principal: Counter,
    svc: Svc,
    since: Annotated[str | None, Query(max_length=200)] = None,
    wait: Annotated[float, Query(ge=0, le=60)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = feed.PAGE_LIMIT,
) -> Response:
    def read() -> feed.Page:
        with svc.db.read() as session:
            point = session.get(Point, principal.point_id)
            assert point is not None
            return feed.read_page(session, point, since, limit)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(wait, svc.max_wait)
    while True:
        # Subscribe before reading: a commit between the read and the wait still wakes us.
        event = svc.notifier.subscribe(principal.point_id)
        try:
            page = await run_in_threadpool(read)
            remaining = deadline - loop.time()
            if page.changes or page.reset or remaining <= 0 or svc.notifier.closed:
                # The stored snapshot texts go out as they are (the schema above documents them):
                # validating and re-serializing them was most of a page's time.
                return Response(await run_in_threadpool(page.body), media_type="application/json")
            with suppress(TimeoutError):
                await asyncio.wait_for(
                    event.wait(), remaining if svc.notifier.listening else min(remaining, FALLBACK_POLL)
                )
        finally:
            svc.notifier.unsubscribe(principal.point_id, event)


SNAPSHOT_ANSWER = {
    "description": (
        "The point's current state as gzip'd JSON lines (`Content-Encoding: gzip`): a header "
        '`{"format": 1, "point", "cursor"}`, one line per change as a feed page carries it, and '
        '`{"end": N}` last. The counter then follows the feed from `cursor`.'
    ),
    "content": {point_snapshot.MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/snapshot",
    response_class=StreamingResponse,
    responses={200: SNAPSHOT_ANSWER},
    summary="The point's current state in one download, with its feed cursor (a new counter's first load)",
)
async def snapshot(principal: Counter, svc: Svc) -> StreamingResponse:
    def read() -> point_snapshot.PointSnapshot:
        with svc.db.read() as session:
            point = session.get(Point, principal.point_id)
            assert point is not None
            return point_snapshot.read_snapshot(session, point)

    # Read in one transaction first (no connection held while a slow line downloads), then sent
    # compressed a chunk at a time.
    taken = await run_in_threadpool(read)
    headers = {"Content-Encoding": "gzip", "Cache-Control": "no-store"}
    return StreamingResponse(taken.gzipped(), media_type=point_snapshot.MEDIA_TYPE, headers=headers)


@router.get(
    "/shipments/{posting}",
    response_model=ShipmentData,
    responses=responses(404),
    summary="Current state of one shipment",
)
def get_shipment(posting: Annotated[str, Path(max_length=32)], principal: Counter, svc: Svc) -> dict[str, Any]:
    with svc.db.read() as session:
        shipment = session.scalar(
            select(Shipment)
            .where(Shipment.posting_number == posting, Shipment.point_id == principal.point_id)
            .options(selectinload(Shipment.items))
        )
        if shipment is None:
            raise ApiProblem(404, f"Отправление {posting} не найдено на этом пункте.", "shipment_not_found")
        return snapshots.shipment_data(shipment)


@router.get(
    "/pickup-key",
    response_model=PickupKeyAnswer,
    summary="The point's key for checking pickup codes against their verifiers",
    response_class=JSONResponse,
)
def pickup_key(principal: Counter, svc: Svc) -> JSONResponse:
    # no-store: the key must not stay in a proxy's or the client's HTTP cache.
    body = {"key": svc.db.keys.for_point(principal.point_id).hex()}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


PHOTO_BODY = {
    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ("image/jpeg", "image/png")},
    "required": True,
}


@router.put(
    "/photos/{sha256}",
    status_code=201,
    responses={200: {"description": "Already stored (the same content)"}, **responses(*BODY, 409, 415)},
    openapi_extra={"requestBody": PHOTO_BODY},
    summary=f"Upload a defect photo (JPEG or PNG, at most {MAX_PHOTO_BYTES // 2**20} MB), named by its SHA-256",
)
async def put_photo(
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")], request: Request, principal: Counter, svc: Svc
) -> JSONResponse:
    """Idempotent: the name is the content's hash, so a second upload of it changes nothing (200)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_PHOTO_BYTES:
        raise ApiProblem(413, f"Фото больше {MAX_PHOTO_BYTES // 2**20} МБ.", "photo_too_large")
    data = await request.body()
    if len(data) > MAX_PHOTO_BYTES:
        raise ApiProblem(413, f"Фото больше {MAX_PHOTO_BYTES // 2**20} МБ.", "photo_too_large")
    kind = image_type(data)
    said = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if kind is None or said != kind:
        raise ApiProblem(415, "Принимаются только снимки JPEG или PNG с верным типом содержимого.", "not_an_image")
    if content_hash(data) != sha256:
        # 409, not 422: the body and the address are each well-formed, they contradict each other.
        raise ApiProblem(409, "Содержимое не совпадает с его SHA-256 в адресе.", "hash_mismatch")

    def store() -> bool:
        with svc.db.write() as session:
            if session.get(Photo, sha256) is not None:
                return False
            session.add(Photo(sha256=sha256, point_id=principal.point_id, content_type=kind, size=len(data), data=data))
            return True

    created = await run_in_threadpool(store)
    return JSONResponse({"sha256": sha256, "size": len(data)}, status_code=201 if created else 200)


@router.get(
    "/photos/{sha256}",
    response_class=Response,
    responses={
        200: {
            "description": "The photo's bytes, as uploaded",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ("image/jpeg", "image/png")},
        },
        **responses(404),
    },
    summary="A defect photo of this point's parcels, by its SHA-256 (the point's other counters show it)",
)
def get_photo(sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")], principal: Counter, svc: Svc) -> Response:
    """Only for the point that uploaded the photo or whose defect record names it: another point
    gets 404, as for a hash nobody uploaded (it learns nothing of other points' parcels)."""
    with svc.db.read() as session:
        row = session.get(Photo, sha256)
        mine = row is not None and (
            row.point_id == principal.point_id
            or session.scalar(
                select(Defect.id).where(Defect.point_id == principal.point_id, Defect.photos.contains(sha256)).limit(1)
            )
            is not None
        )
        if row is None or not mine:
            raise ApiProblem(404, "Фото не найдено на этом пункте.", "photo_not_found")
        # The content never changes under its hash: the counter keeps it, a proxy may not.
        headers = {"Cache-Control": "private, max-age=31536000, immutable", "ETag": f'"{sha256}"'}
        return Response(row.data, media_type=row.content_type, headers=headers)


@router.get("/rules", response_model=PointRulesAnswer, summary="The point's limits: storage and its extension")
def point_rules(principal: Counter, svc: Svc) -> dict[str, int]:
    with svc.db.read() as session:
        point = session.get(Point, principal.point_id)
        assert point is not None  # the token's point exists (foreign key)
        return {
            "storage_days": point.storage_days,
            "extension_days": point.extension_days,
            "extensions_per_parcel": point.extensions_per_parcel,
        }


# Parcels «waiting» at another point: on its shelf, or on its way there.
WAITING = (ShipmentStatus.STORED.value, *sorted(s.value for s in IN_TRANSIT))
CODE_DAYS_SLACK = 1  # the counter's «today» is local; the server's is UTC: a day either side


def _presented_here(session: Session, svc: Services, point_id: str, customer_id: str, pin: str) -> bool:
    """The PIN is of the customer's current code at this point: the customer is at this counter."""
    code = session.get(PickupCode, (point_id, customer_id))
    if code is None or abs((code.valid_on - utcnow().date()).days) > CODE_DAYS_SLACK:
        return False
    expected = verifier(svc.db.keys.for_point(point_id), customer_id, pin, code.valid_on)
    return hmac.compare_digest(expected, code.verifier)


@router.post(
    "/customers/{customer_id}/other-points",
    response_model=OtherPointsAnswer,
    responses=responses(*BODY, 429),
    summary="The customer's parcels waiting at other points; only with the code presented at this one",
)
def other_points(
    customer_id: Annotated[str, Path(pattern=r"^\d{8}$")], body: OtherPointsIn, principal: Counter, svc: Svc
) -> dict[str, Any]:
    """A point sees a customer's parcels elsewhere only while the customer stands at its counter:
    the request carries the PIN of the code the customer presented, checked against this point's
    verifier. Without it the answer is 403 and names no parcel (no listing by customer number)."""
    limited = login_throttle.begin_pin_check(svc.db, principal.point_id, customer_id)
    if limited is not None:
        minutes = max(1, -(-limited.retry_after // 60))
        raise ApiProblem(
            429,
            f"Слишком много неверных кодов этого покупателя: повторите через {minutes} мин.",
            "too_many_attempts",
            {"Retry-After": str(limited.retry_after)},
        )
    with svc.db.read() as session:
        presented = _presented_here(session, svc, principal.point_id, customer_id, body.pin)
    if not presented:
        raise ApiProblem(
            403,
            "Покупатель не предъявлял код получения на этом пункте: его заказы на других пунктах не показываются.",
            "code_not_presented",
        )
    login_throttle.pin_matched(svc.db, principal.point_id, customer_id)
    with svc.db.read() as session:
        rows = session.execute(
            select(Shipment.posting_number, Shipment.status, Shipment.storage_deadline, Point.name, Point.address)
            .join(Point, Point.id == Shipment.point_id)
            .where(
                Shipment.customer_id == customer_id,
                Shipment.point_id != principal.point_id,
                Shipment.status.in_(WAITING),
            )
            .order_by(Point.name, Shipment.posting_number)
        ).all()
    parcels = [
        {
            "point_name": name,
            "address": address,
            "posting": posting,
            "status": status,
            "storage_deadline": snapshots.iso(deadline),
        }
        for posting, status, deadline, name, address in rows
    ]
    return {"customer": customer_id, "parcels": parcels}


@router.get("/support/tickets", summary="Support tickets of the point with their messages")
def support_tickets(principal: Counter, svc: Svc) -> list[dict[str, Any]]:
    with svc.db.read() as session:
        tickets = session.scalars(
            select(SupportTicket)
            .where(SupportTicket.point_id == principal.point_id)
            .options(selectinload(SupportTicket.messages))
            .order_by(SupportTicket.updated_at.desc())
        ).all()
        return [
            {
                "uuid": t.uuid,
                "subject": t.subject,
                "status": t.status,
                "messages": [snapshots.support_message_data(m) for m in t.messages],
            }
            for t in tickets
        ]


# Owner routes: staff of the point, and the feed's sources (deliveries, requests, extensions, replies).


class UserIn(BaseModel):
    model_config = STRICT

    login: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    display_name: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=8, max_length=256)
    role: str = Field(default="employee", pattern="^(owner|employee)$")


@admin.get("/users", summary="Staff of the point (owner only)")
def list_users(principal: Owner, svc: Svc) -> list[dict[str, Any]]:
    with svc.db.read() as session:
        users = session.scalars(select(User).where(User.point_id == principal.point_id).order_by(User.id))
        return [{"login": u.id, "display_name": u.display_name, "role": u.role, "active": u.active} for u in users]


@admin.post("/users", status_code=201, responses=responses(*BODY, 409), summary="Add an employee (owner only)")
def create_user(body: UserIn, principal: Owner, svc: Svc) -> dict[str, str]:
    with svc.db.write() as session:
        if session.get(User, body.login) is not None:
            raise ApiProblem(409, f"Логин {body.login} уже занят.", "login_taken")
        session.add(
            User(
                id=body.login,
                display_name=body.display_name,
                password_hash=hash_password(body.password),
                point_id=principal.point_id,
                role=body.role,
            )
        )
    return {"login": body.login}


class LockedAccountOut(BaseModel):
    login: str
    failures: int  # failed logins in a row
    locked_until: datetime  # UTC


@admin.get(
    "/login-locks", response_model=list[LockedAccountOut], summary="Accounts locked after failed logins (owner only)"
)
def list_login_locks(principal: Owner, svc: Svc) -> list[LockedAccountOut]:
    return [
        LockedAccountOut(login=a.login, failures=a.failures, locked_until=a.locked_until)
        for a in login_throttle.locked_accounts(svc.db, principal.point_id)
    ]


@admin.delete(
    "/login-locks/{login}", status_code=204, responses=responses(404), summary="Lift an account's lock (owner only)"
)
def unlock_login(login: Annotated[str, Path(max_length=64)], principal: Owner, svc: Svc) -> Response:
    with svc.db.read() as session:
        user = session.get(User, login)
    if user is None or user.point_id != principal.point_id or not login_throttle.unlock(svc.db, login):
        raise ApiProblem(404, f"Учётная запись {login} не заблокирована на этом пункте.", "not_locked")
    return Response(status_code=204)


class CustomerIn(BaseModel):
    model_config = STRICT

    id: str = Field(pattern=r"^\d{8}$")
    name: str = Field(min_length=1, max_length=64)
    phone_last4: str = Field(default="", pattern=r"^(\d{4})?$")
    pickup_pin: str = Field(pattern=r"^\d{4}$", description="kept only as a verifier, never stored or sent on")
    pickup_pin_date: IsoDate = Field(description="the one day the code is valid on (an undated code is refused)")


class ItemIn(BaseModel):
    model_config = STRICT

    name: str = Field(min_length=1, max_length=256)
    qty: int = Field(default=1, ge=1, le=1000)
    price: Kopecks = 0


class ShipmentIn(BaseModel):
    model_config = STRICT

    posting: str = Field(pattern=r"^\d{8,10}-\d{4}-\d$")
    order: str = Field(default="", max_length=32)
    customer: CustomerIn
    amount_due: Kopecks = 0
    adult_only: bool = False
    package: str | None = Field(default=None, pattern=r"^GM\d{10}$")
    items: list[ItemIn] = Field(min_length=1, max_length=100)


class WaybillIn(BaseModel):
    model_config = STRICT

    number: str = Field(pattern=r"^TN-\d{10}$")
    courier: str = Field(default="", max_length=128)
    packages: list[str] = Field(default_factory=list, max_length=500)
    shipments: list[ShipmentIn] = Field(min_length=1, max_length=2000)


def _upsert_customer(session: Session, point: Point, key: bytes, c: CustomerIn) -> None:
    """The customer's card, and the code at this point as its verifier: the PIN goes no further."""
    row = session.get(Customer, c.id)
    if row is None:
        session.add(Customer(id=c.id, display_name=c.name, phone_last4=c.phone_last4))
    else:
        row.display_name, row.phone_last4 = c.name, c.phone_last4
    code = session.get(PickupCode, (point.id, c.id))
    digest = verifier(key, c.id, c.pickup_pin, c.pickup_pin_date)
    if code is None:
        session.add(PickupCode(point_id=point.id, customer_id=c.id, valid_on=c.pickup_pin_date, verifier=digest))
    else:
        code.valid_on, code.verifier = c.pickup_pin_date, digest
    session.flush()


@admin.post("/admin/waybills", status_code=201, responses=responses(*BODY, 409), summary="A new delivery for the point")
def create_waybill(body: WaybillIn, principal: Owner, svc: Svc) -> dict[str, Any]:
    barcodes = set(body.packages) | {s.package for s in body.shipments if s.package}
    postings = [s.posting for s in body.shipments]
    if len(set(postings)) != len(postings):
        raise ApiProblem(409, "В накладной повторяются номера отправлений.")
    with point_write(svc, principal.point_id) as (session, point):
        if session.scalar(select(Waybill.id).where(Waybill.number == body.number)) is not None:
            raise ApiProblem(409, f"Накладная {body.number} уже есть.", "waybill_exists")
        taken = session.scalars(select(Shipment.posting_number).where(Shipment.posting_number.in_(postings))).all()
        if taken:
            raise ApiProblem(409, f"Отправление {taken[0]} уже есть на сервере.", "shipment_exists")
        if barcodes and session.scalar(select(TransportPackage.id).where(TransportPackage.barcode.in_(barcodes))):
            raise ApiProblem(409, "Одно из грузомест уже числится в другой накладной.")
        waybill = Waybill(point_id=point.id, number=body.number, courier=body.courier, created_at=utcnow())
        session.add(waybill)
        session.flush()
        for code in sorted(barcodes):
            session.add(TransportPackage(waybill_id=waybill.id, barcode=code, state="expected"))
        key = svc.db.keys.for_point(point.id)
        for c in {s.customer.id: s.customer for s in body.shipments}.values():
            _upsert_customer(session, point, key, c)
        session.flush()
        feed.record_waybill(session, point, waybill)
        for s in body.shipments:
            shipment = Shipment(
                point_id=point.id,
                posting_number=s.posting,
                order_number=s.order or s.posting.split("-")[0],
                customer_id=s.customer.id,
                status=ShipmentStatus.EXPECTED.value,
                amount_due=s.amount_due,
                adult_only=s.adult_only,
                waybill=waybill,
                package_barcode=s.package,
                items=[
                    ShipmentItem(line_no=n, name=i.name, qty=i.qty, price=i.price) for n, i in enumerate(s.items, 1)
                ],
            )
            session.add(shipment)
            session.flush()
            feed.record_shipment(session, point, shipment)
    return {"number": body.number, "shipments": len(postings), "packages": len(barcodes)}


class ReturnRequestIn(BaseModel):
    model_config = STRICT

    number: str = Field(pattern=r"^RT-\d{10}$")
    posting: str = Field(min_length=1, max_length=32)
    item_names: list[str] = Field(min_length=1, max_length=100)
    reason: str = Field(default="", max_length=256)


def _refuse(exc: DomainError) -> ApiProblem:
    return ApiProblem(409, exc.message, exc.code)


def _shipment_or_404(session: Session, point: Point, posting: str) -> Shipment:
    try:
        return shipment_in_point(session, point, posting)
    except Refused as exc:
        raise ApiProblem(404, exc.message, "shipment_not_found") from None


@admin.post(
    "/admin/return-requests",
    status_code=201,
    responses=responses(*BODY, 404, 409),
    summary="A customer's return request",
)
def create_return_request(body: ReturnRequestIn, principal: Owner, svc: Svc) -> dict[str, str]:
    with point_write(svc, principal.point_id) as (session, point):
        shipment = _shipment_or_404(session, point, body.posting)
        if shipment.status != ShipmentStatus.ISSUED:
            raise ApiProblem(409, f"Возврат оформляется только по выданному отправлению, а {body.posting} — нет.")
        if session.scalar(select(ReturnRequest.id).where(ReturnRequest.number == body.number)) is not None:
            raise ApiProblem(409, f"Заявка {body.number} уже есть.", "return_request_exists")
        request = ReturnRequest(
            point_id=point.id,
            number=body.number,
            shipment=shipment,
            item_names=json.dumps(body.item_names, ensure_ascii=False),
            reason=body.reason,
            created_at=utcnow(),
        )
        session.add(request)
        session.flush()
        feed.record_return_request(session, point, request)
    return {"number": body.number}


class ExtensionIn(BaseModel):
    model_config = STRICT

    posting: str = Field(min_length=1, max_length=32)
    days: int = Field(ge=1, le=30)


@admin.post(
    "/admin/storage-extensions",
    status_code=201,
    responses=responses(*BODY, 404, 409),
    summary="Extend the storage of a parcel",
)
def create_extension(body: ExtensionIn, principal: Owner, svc: Svc) -> dict[str, Any]:
    with point_write(svc, principal.point_id) as (session, point):
        shipment = _shipment_or_404(session, point, body.posting)
        if shipment.status == ShipmentStatus.TO_RETURN and shipment.cell is None:
            raise ApiProblem(409, f"Отправление {body.posting} уже снято с полки для возврата.")
        try:
            after = next_status(shipment.status, Action.EXTEND, posting=body.posting)
        except DomainError as exc:
            raise _refuse(exc) from None
        deadline = (shipment.storage_deadline or utcnow()) + timedelta(days=body.days)
        shipment.status, shipment.storage_deadline = after.value, deadline
        shipment.version += 1
        shipment.updated_at = utcnow()
        extension = StorageExtension(point_id=point.id, shipment=shipment, days=body.days, deadline=deadline)
        session.add(extension)
        session.flush()
        feed.record_shipment(session, point, shipment)
        feed.record_extension(session, point, extension)
        return {"id": extension.id, "posting": body.posting, "deadline": deadline.isoformat()}


class ReplyIn(BaseModel):
    model_config = STRICT

    ticket_uuid: str = Field(min_length=1, max_length=36)
    body: str = Field(min_length=1, max_length=10_000)
    author_name: str = Field(default="Поддержка", max_length=128)


@admin.post(
    "/admin/support/replies", status_code=201, responses=responses(*BODY, 404), summary="Support answers a ticket"
)
def support_reply(body: ReplyIn, principal: Owner, svc: Svc) -> dict[str, str]:
    with point_write(svc, principal.point_id) as (session, point):
        ticket = session.get(SupportTicket, body.ticket_uuid)
        if ticket is None or ticket.point_id != point.id:
            raise ApiProblem(404, f"Обращение {body.ticket_uuid} не найдено.", "ticket_not_found")
        ticket.status, ticket.updated_at = "answered", utcnow()
        message = SupportMessage(
            uuid=str(uuidlib.uuid4()), ticket=ticket, author="support", author_name=body.author_name, body=body.body
        )
        session.add(message)
        session.flush()
        feed.record_support_message(session, point, message)
        return {"uuid": message.uuid}
