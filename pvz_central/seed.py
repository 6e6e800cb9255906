"""Points, users and the deterministic demo point (``pvz-central seed``).

The demo point ``demo`` has an owner ``emp-1`` and an employee ``emp-2`` (password ``demo``,
the same ids as the counter's demo), cells, open and closed waybills with transport
packages, customers with pickup codes, shipments in the everyday statuses and a few return
requests. The same seed gives the same data.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import insert, select

from pvz_central import feed, snapshots
from pvz_central.db import CentralDB
from pvz_central.demo_names import COURIERS, INITIALS, ITEMS, RETURN_REASONS, SURNAMES
from pvz_central.models import (
    Change,
    Customer,
    PickupCode,
    Point,
    PointOwner,
    ReturnRequest,
    Shipment,
    ShipmentItem,
    TransportPackage,
    User,
    Waybill,
)
from pvz_central.passwords import hash_password
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.core.statuses import ShipmentStatus as S

DEMO_POINT = ("demo", "ПВЗ Демо, ул. Тверская, 1")
DEMO_PASSWORD = "demo"
DEMO_USERS = (("emp-1", "Смирнова О.", "owner"), ("emp-2", "Кузнецов Д.", "employee"))
ROLES = ("owner", "employee")
STATUS_WEIGHTS = ((S.STORED, 0.6), (S.EXPECTED, 0.15), (S.ISSUED, 0.15), (S.RECEIVED, 0.05), (S.TO_RETURN, 0.05))
PER_WAYBILL = 60


@dataclass(frozen=True)
class SeedSummary:
    point_id: str
    shipments: int
    open_waybills: tuple[str, ...]
    return_requests: tuple[str, ...]
    # The demo customers' PINs (customer id → PIN): for the demo's own data only, never stored here.
    codes: dict[str, str] = field(default_factory=dict)


def create_point(
    db: CentralDB,
    point_id: str,
    name: str,
    *,
    storage_days: int = 7,
    address: str = "",
    time_zone: str = "Europe/Moscow",
) -> None:
    """``time_zone``: the IANA zone the owner console reports the point's days and times in."""
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(f"Часовой пояс «{time_zone}» неизвестен (например Europe/Moscow, Asia/Yekaterinburg).") from None
    with db.write() as session:
        if session.get(Point, point_id) is not None:
            raise StateConflict(f"Пункт {point_id} уже есть.")
        epoch = secrets.token_hex(4)
        session.add(
            Point(
                id=point_id,
                name=name,
                feed_epoch=epoch,
                storage_days=storage_days,
                address=address,
                time_zone=time_zone,
            )
        )


def create_user(db: CentralDB, login: str, name: str, password: str, point_id: str, role: str) -> None:
    if role not in ROLES:
        raise BadInput(f"Роль «{role}» неизвестна: owner или employee.")
    if len(password) < 4:
        raise BadInput("Пароль слишком короткий.")
    with db.write() as session:
        if session.get(Point, point_id) is None:
            raise BadInput(f"Пункт {point_id} не найден: сначала создайте его.")
        if session.get(User, login) is not None:
            raise StateConflict(f"Логин {login} уже занят.")
        session.add(
            User(id=login, display_name=name, password_hash=hash_password(password), point_id=point_id, role=role)
        )
        if role == "owner":
            session.flush()
            session.add(PointOwner(user_id=login, point_id=point_id))


def grant_point(db: CentralDB, login: str, point_id: str) -> None:
    """One more point for an owner account (an owner runs several)."""
    with db.write() as session:
        user = session.get(User, login)
        if user is None or user.role != "owner":
            raise BadInput(f"Владелец {login} не найден.")
        if session.get(Point, point_id) is None:
            raise BadInput(f"Пункт {point_id} не найден: сначала создайте его.")
        if session.get(PointOwner, (login, point_id)) is None:
            session.add(PointOwner(user_id=login, point_id=point_id))


def seed_demo(db: CentralDB, *, shipments: int = 500, seed: int = 1, now: datetime | None = None) -> SeedSummary:
    """Create the demo point once; a second call changes nothing and says what is there."""
    point_id, name = DEMO_POINT
    with db.read() as session:
        if session.get(Point, point_id) is not None:
            numbers = session.scalars(select(Waybill.number).where(Waybill.status != "closed")).all()
            return SeedSummary(point_id, 0, tuple(numbers), ())
    create_point(db, point_id, name)
    for login, display, role in DEMO_USERS:
        create_user(db, login, display, DEMO_PASSWORD, point_id, role)
    now = now or utcnow()
    summary = _demo_data(db, point_id, shipments, random.Random(seed), now)
    from pvz_central.dropoff_demo import seed_dropoff  # the routes' module: only when seeding

    seed_dropoff(db, point_id, now)
    return summary


ADULT_ITEM = "Энергетический напиток, упаковка"


def _cover_every_path(rows: list[Shipment], now: datetime) -> None:
    """Whatever the dice gave, the demo has a parcel for every path of the counter: 18+ parcels
    (the passport check), storage ending today and tomorrow, overdue parcels waiting for the
    sweep, and a customer at the counter with parcels still on their way."""
    stored = [s for s in rows if s.status == S.STORED]
    expected = [s for s in rows if s.status == S.EXPECTED]
    local = to_local(now)
    to_midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1) - local
    for s in stored[0:3]:
        s.adult_only = True
        s.items[0].name = ADULT_ITEM
    for s in stored[3:5]:
        s.storage_deadline = now + to_midnight / 2  # later today, whatever the hour
    for s in stored[5:7]:
        s.storage_deadline = now + to_midnight + timedelta(hours=12)  # tomorrow at noon
    for hours, s in enumerate(stored[7:10], start=3):
        s.storage_deadline = now - timedelta(hours=hours)  # overdue, not swept yet
    if stored:
        for s in expected[:2]:
            s.customer = stored[0].customer  # this customer also has parcels in transit


def _demo_data(db: CentralDB, point_id: str, n: int, rnd: random.Random, now: datetime) -> SeedSummary:
    cells = [f"C-{z}-{r:02d}-{s:02d}" for z in "AB" for r in range(1, 6) for s in range(1, 6)]
    n_waybills = max(3, -(-n // PER_WAYBILL))
    with db.write() as session:
        point = db.lock_point(session, point_id)
        assert point is not None
        customers = [
            Customer(
                id=f"{40000000 + i * 7:08d}",
                display_name=f"{rnd.choice(SURNAMES)}{rnd.choice(('', 'а'))} {rnd.choice(INITIALS)}.",
                phone_last4=f"{rnd.randrange(10000):04d}",
            )
            for i in range(max(10, n // 3))
        ]
        pins = {c.id: f"{rnd.randrange(10000):04d}" for c in customers}
        waybills = []
        for i in range(n_waybills):
            is_open = i >= n_waybills - 2
            w = Waybill(
                point_id=point_id,
                number=f"TN-{2000000 + i:010d}",
                courier=rnd.choice(COURIERS),
                status="open" if is_open else "closed",
                created_at=now - timedelta(days=n_waybills - i),
                closed_at=None if is_open else now - timedelta(days=n_waybills - i - 0.5),
            )
            w.packages = [
                TransportPackage(barcode=f"GM{2000000 + i * 3 + k:010d}", state="expected" if is_open else "received")
                for k in range(3)
            ]
            waybills.append(w)
        session.add_all(customers + waybills)
        rows: list[Shipment] = []
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        for k, status in enumerate(rnd.choices(statuses, weights, k=n)):
            w = waybills[-1 - rnd.randrange(2)] if status is S.EXPECTED else waybills[rnd.randrange(n_waybills - 2)]
            age = rnd.uniform(0.2, 6.0)
            received = None if status is S.EXPECTED else now - timedelta(days=age + 0.5)
            stored = received + timedelta(hours=1) if received and status is not S.RECEIVED else None
            picks = [rnd.choice(ITEMS) for _ in range(rnd.choice((1, 1, 1, 2, 3)))]
            total = sum(price for _, price in picks)
            number = f"{300000000 + k * 7:010d}"
            rows.append(
                Shipment(
                    point_id=point_id,
                    posting_number=f"{number}-{rnd.randrange(10000):04d}-1",
                    order_number=number,
                    customer=customers[rnd.randrange(len(customers))],
                    status=status.value,
                    cell=rnd.choice(cells) if status in (S.STORED, S.TO_RETURN) else None,
                    amount_due=total if rnd.random() < 0.25 else 0,
                    adult_only=False,
                    storage_deadline=stored + timedelta(days=7) if stored else None,
                    waybill=w,
                    package_barcode=w.packages[rnd.randrange(3)].barcode,
                    received_at=received,
                    stored_at=stored,
                    issued_at=now - timedelta(days=age / 2) if status is S.ISSUED else None,
                    updated_at=now - timedelta(days=age / 2),
                    items=[
                        ShipmentItem(line_no=i, name=item, qty=1, price=price)
                        for i, (item, price) in enumerate(picks, start=1)
                    ],
                )
            )
        _cover_every_path(rows, now)
        session.add_all(rows)
        key, today = db.keys.for_point(point_id), to_local(now).date()
        session.add_all(
            PickupCode(
                point_id=point_id, customer_id=cid, valid_on=today, verifier=verifier(key, cid, pins[cid], today)
            )
            for cid in sorted({s.customer.id for s in rows if s.customer is not None})
        )
        session.flush()
        issued = [s for s in rows if s.status == S.ISSUED][:3]
        requests = [
            ReturnRequest(
                point_id=point_id,
                number=f"RT-{2000000 + i:010d}",
                shipment=s,
                item_names=json.dumps([s.items[0].name], ensure_ascii=False),
                reason=rnd.choice(RETURN_REASONS),
                created_at=now,
            )
            for i, s in enumerate(issued)
        ]
        session.add_all(requests)
        session.flush()
        changes = (
            [("waybill", w.number, snapshots.waybill_data(w)) for w in waybills]
            + [("shipment", s.posting_number, snapshots.shipment_data(s)) for s in rows]
            + [("return_request", r.number, snapshots.return_request_data(r)) for r in requests]
        )
        seq = point.change_seq
        session.execute(
            insert(Change),
            [
                {
                    "point_id": point_id,
                    "entity": entity,
                    "key": key,
                    "seq": seq + i,
                    "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                }
                for i, (entity, key, data) in enumerate(changes, start=1)
            ],
        )
        point.change_seq = seq + len(changes)
    return SeedSummary(
        point_id,
        n,
        tuple(w.number for w in waybills if w.status == "open"),
        tuple(r.number for r in requests),
        {cid: pins[cid] for cid in sorted(pins)},
    )


def issue_demo_codes(db: CentralDB, point_id: str, codes: dict[str, str], day: date) -> int:
    """The demo's codes made valid on ``day`` (the demo keeps its PINs; a real network sends new
    ones every day): verifiers replaced and the customers' shipments sent again. How many changed."""
    with db.write() as session:
        point = db.lock_point(session, point_id)
        assert point is not None
        key = db.keys.for_point(point_id)
        stale = {
            c.customer_id: c
            for c in session.scalars(select(PickupCode).where(PickupCode.point_id == point_id))
            if c.valid_on != day or c.verifier != verifier(key, c.customer_id, codes.get(c.customer_id, ""), day)
        }
        for cid, code in stale.items():
            if cid in codes:
                code.valid_on, code.verifier = day, verifier(key, cid, codes[cid], day)
        changed = [cid for cid in stale if cid in codes]
        if changed:
            session.flush()
            shipments = session.scalars(
                select(Shipment).where(Shipment.point_id == point_id, Shipment.customer_id.in_(changed))
            )
            for shipment in shipments:
                feed.record_shipment(session, point, shipment)
    return len(changed)
