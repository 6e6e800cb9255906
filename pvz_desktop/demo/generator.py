"""Deterministic demo point generator: ``pvz-desktop demo-data --shipments N --db PATH``.

Builds zones and cells, open and closed waybills with transport packages, customers with
pickup codes, shipments in every status (Russian item names, 18+, cash on delivery, overdue),
return requests, return boxes (open, sealed, handed over) holding the parcels in those
statuses, a few unknown barcodes and support tickets, and a hash-chained ledger entry for each
shipment. Rows go in with Core ``executemany`` inserts in one transaction on the fresh file
with ``synchronous=OFF`` and a large page cache: a crash while generating only means
generating again, and 300,000 shipments take seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
import time
import uuid
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update

from pvz_central.demo_names import ADULT_ITEMS, COURIERS, INITIALS, ITEMS, RETURN_REASONS, SURNAMES
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.core.statuses import ShipmentStatus as S
from pvz_desktop.demo.pickup_pins import save_pins
from pvz_desktop.store.engine import Store
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import (
    Cell,
    Customer,
    Employee,
    Event,
    ReturnBox,
    ReturnRequest,
    Shipment,
    ShipmentItem,
    SupportMessage,
    SupportTicket,
    TransportPackage,
    UnknownScan,
    Waybill,
)
from pvz_desktop.workflows.ledger_chain import GENESIS, HASHED_FIELDS, event_hash

# Share of shipments per status in a working point.
STATUS_WEIGHTS: tuple[tuple[S, float], ...] = (
    (S.STORED, 0.55),
    (S.ISSUED, 0.28),
    (S.EXPECTED, 0.05),
    (S.TO_RETURN, 0.03),
    (S.RETURNED_TO_CARRIER, 0.03),
    (S.RECEIVED, 0.015),
    (S.EXPIRED, 0.01),
    (S.IN_RETURN_BOX, 0.01),
    (S.MISSING, 0.005),
    (S.REFUSED, 0.005),
    (S.UNEXPECTED, 0.005),
    (S.LOST, 0.005),
)
CELL_CAPACITY = 20
SHIPMENTS_PER_WAYBILL = 150
DEMO_EMPLOYEES = (("emp-1", "Смирнова О.", "owner"), ("emp-2", "Кузнецов Д.", "employee"))
PARCELS_PER_BOX = 30
BULK_CACHE_KIB = 160 * 1024  # page cache while loading: index pages stay in memory (most of the peak RSS)
DEFAULT_CACHE_KIB = 2000  # SQLite's default, restored afterwards
# The generated point's pickup-code key: public, for demo data only (a real point's key comes from
# its server at login). The customers' PINs go to the demo's own file (``demo.pickup_pins``).
DEMO_PICKUP_KEY = hashlib.sha256(b"pvz demo point pickup key").digest()
CHUNK = 5000  # rows per insert while streaming the point into the file
JUNK_CODES = ("SALE -50%", "4607001234567", "0123604?87-12", "GM00004", "http://qr.example/a7")


@dataclass(frozen=True)
class DemoSummary:
    shipments: int
    customers: int
    cells: int
    waybills: int
    open_waybills: tuple[str, ...]
    seconds: float
    pins: dict[str, str]  # customer id → PIN, valid today: for the demo's own data, not the database


def _cells(n: int) -> list[dict[str, Any]]:
    rows = []
    shelves, racks = 5, 99
    for i in range(n):
        zone, rest = divmod(i, racks * shelves)
        rack, shelf = divmod(rest, shelves)
        if zone >= 26:
            break
        z = chr(ord("A") + zone)
        rows.append(
            {
                "id": i + 1,
                "code": f"C-{z}-{rack + 1:02d}-{shelf + 1:02d}",
                "zone": z,
                "rack": rack + 1,
                "shelf": shelf + 1,
                "capacity": CELL_CAPACITY,
            }
        )
    return rows


@contextmanager
def _bulk_load(store: Store) -> Iterator[Connection]:
    """One write transaction with durability relaxed: only for a fresh file being generated."""
    with store.engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA synchronous=OFF")  # SQLite refuses to change it inside a transaction
        raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            with conn.begin():
                yield conn
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages land in the file itself
        finally:
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")


def _return_boxes(chosen: list[S], now: datetime) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Boxes for the parcels already packed (by their index in ``chosen``): the last one still
    open, the rest sealed or handed over. Returns the boxes and each packed parcel's box."""
    boxes: list[dict[str, Any]] = []
    box_of: dict[int, int] = {}
    for status, done in ((S.RETURNED_TO_CARRIER, "handed_over"), (S.IN_RETURN_BOX, "sealed")):
        parcels = [i for i, s in enumerate(chosen) if s == status]
        chunks = [parcels[i : i + PARCELS_PER_BOX] for i in range(0, len(parcels), PARCELS_PER_BOX)]
        for k, chunk in enumerate(chunks):
            box_id = len(boxes) + 1
            state = "open" if status == S.IN_RETURN_BOX and k == len(chunks) - 1 else done
            opened = now - timedelta(days=2 if done == "handed_over" else 1, hours=k % 24)
            boxes.append(
                {
                    "id": box_id,
                    "barcode": f"RB-{box_id:010d}",
                    "status": state,
                    "opened_at": opened,
                    "sealed_at": opened + timedelta(hours=2) if state != "open" else None,
                    "handed_over_at": opened + timedelta(hours=3) if state == "handed_over" else None,
                    "handover_ref": f"DEMO{box_id:04d}" if state == "handed_over" else None,
                }
            )
            for i in chunk:
                box_of[i] = box_id
    return boxes, box_of


def _unknown_scans(rnd: random.Random, waybills: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    closed = [w for w in waybills if w["status"] == "closed"] or waybills
    rows = []
    for _ in range(n):
        w = rnd.choice(closed)
        rows.append(
            {
                "code": rnd.choice(JUNK_CODES),
                "workflow": "acceptance",
                "context": w["number"],
                "employee_id": rnd.choice(DEMO_EMPLOYEES)[0],
                "scanned_at": w["created_at"] + timedelta(minutes=rnd.randrange(5, 90)),
                "status": "open",
                "resolution": "",
            }
        )
    return rows


def _support(
    rnd: random.Random, posting_of: Callable[[int], str], shipments: int, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Three tickets: one waiting, one answered, one closed."""
    topics = (
        ("Вскрыта упаковка при приёмке", "damage", "Грузоместо пришло вскрытым, внутри не хватает товара.", None),
        (
            "Не приходит отправление по накладной",
            "shipment",
            "Отправление числится в накладной, но его нет.",
            "Отправление догрузят следующей машиной, отметьте его как не пришедшее.",
        ),
        (
            "Принтер печатает иероглифы",
            "equipment",
            "После замены ленты чек печатается нечитаемо.",
            "Проверьте кодовую страницу принтера в настройках: для этой модели нужна 17.",
        ),
    )
    tickets, messages = [], []
    for k, (subject, category, body, answer) in enumerate(topics):
        at = now - timedelta(days=3 - k, hours=rnd.randrange(1, 8))
        status = ("open", "answered", "closed")[k]
        tickets.append(
            {
                "id": k + 1,
                "uuid": str(uuid.UUID(int=rnd.getrandbits(128))),
                "subject": subject,
                "category": category,
                "postings": json.dumps([posting_of(rnd.randrange(shipments))]),
                "status": status,
                "employee_id": "emp-1",
                "created_at": at,
                "updated_at": at + timedelta(hours=2 if answer else 0),
            }
        )
        thread = [("employee", "Смирнова О.", body, at)]
        if answer:
            thread.append(("support", "Поддержка", answer, at + timedelta(hours=2)))
        for author, name, text, when in thread:
            messages.append(
                {
                    "uuid": str(uuid.UUID(int=rnd.getrandbits(128))),
                    "ticket_id": k + 1,
                    "author": author,
                    "author_name": name,
                    "body": text,
                    "created_at": when,
                }
            )
    return tickets, messages


def _customer(rnd: random.Random, i: int, today: date, pins: dict[str, str]) -> dict[str, Any]:
    cid = _customer_id(i)
    name = f"{rnd.choice(SURNAMES)}{rnd.choice(('', 'а'))} {rnd.choice(INITIALS)}."
    last4 = f"{rnd.randrange(10000):04d}"
    pins[cid] = pin = f"{rnd.randrange(10000):04d}"
    return {
        "id": cid,
        "display_name": name,
        "phone_last4": last4,
        "pickup_verifier": verifier(DEMO_PICKUP_KEY, cid, pin, today),
        "pickup_pin_date": today,
    }


def _customer_id(i: int) -> str:
    return f"{40000000 + i * 7:08d}"


def _posting(sid: int, suffix: int) -> str:
    return f"{100000000 + sid * 3:010d}-{suffix:04d}-1"


class _Batches:
    """Rows for one table, inserted every CHUNK rows: the point is streamed, never held whole."""

    def __init__(self, conn: Connection, table: Any) -> None:
        self.conn, self.table, self.rows = conn, table, []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    @property
    def full(self) -> bool:
        return len(self.rows) >= CHUNK

    def flush(self) -> None:
        if self.rows:
            self.conn.execute(insert(self.table), self.rows)
            self.rows = []


def generate(store: Store, *, shipments: int, seed: int = 1, now: datetime | None = None) -> DemoSummary:
    """The same point for the same seed and ``now``, written as it is made, CHUNK rows at a time:
    what stays in memory is one number or two per shipment, not its rows (a million shipments fit
    in well under 500 MB)."""
    started = time.perf_counter()
    rnd = random.Random(seed)
    now = now or utcnow()
    n_customers = max(10, shipments // 3)
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    chosen = rnd.choices(statuses, weights, k=shipments)
    n_stored = sum(1 for s in chosen if s in (S.STORED, S.EXPIRED, S.TO_RETURN, S.REFUSED))
    cells = _cells(max(30, math.ceil(n_stored / (CELL_CAPACITY * 0.5))))
    per_cell = math.ceil(n_stored / len(cells))  # an even fill: the demo map shows every cell in use
    n_waybills = max(3, math.ceil(shipments / SHIPMENTS_PER_WAYBILL))
    today = to_local(now).date()
    pins: dict[str, str] = {}

    with _bulk_load(store) as conn:
        conn.execute(
            insert(Employee),
            [{"id": i, "display_name": n, "role": r, "point_id": "demo", "active": True} for i, n, r in DEMO_EMPLOYEES],
        )
        conn.execute(insert(Cell), cells)
        customers = _Batches(conn, Customer)
        for i in range(n_customers):
            customers.add(_customer(rnd, i, today, pins))
        customers.flush()
        waybills, open_ids = _waybills(conn, rnd, n_waybills, now)
        boxes, box_of = _return_boxes(chosen, now)
        if boxes:
            conn.execute(insert(ReturnBox), boxes)
        suffixes, returned = _shipments(conn, rnd, chosen, cells, per_cell, waybills, open_ids, box_of, now)
        expected = [{"wid": w["id"], "n": w["expected_shipments"]} for w in waybills]
        conn.execute(
            update(Waybill).where(Waybill.id == bindparam("wid")).values(expected_shipments=bindparam("n")), expected
        )
        returns = [
            {
                "number": f"RT-{k + 1:010d}",
                "shipment_id": sid,
                "customer_id": customer_id,
                "item_names": json.dumps(names, ensure_ascii=False),
                "reason": rnd.choice(RETURN_REASONS),
                "status": "open",
                "created_at": now,
            }
            for k, (sid, customer_id, names) in enumerate(returned)
        ]
        if returns:
            conn.execute(insert(ReturnRequest), returns)
        conn.execute(insert(UnknownScan), _unknown_scans(rnd, waybills, 5 + shipments // 10000))
        tickets, messages = _support(rnd, lambda i: _posting(i + 1, suffixes[i]), shipments, now)
        conn.execute(insert(SupportTicket), tickets)
        conn.execute(insert(SupportMessage), messages)
    return DemoSummary(
        shipments=shipments,
        customers=n_customers,
        cells=len(cells),
        waybills=n_waybills,
        open_waybills=tuple(w["number"] for w in waybills if w["status"] == "open"),
        seconds=time.perf_counter() - started,
        pins=pins,
    )


def _waybills(
    conn: Connection, rnd: random.Random, n_waybills: int, now: datetime
) -> tuple[list[dict[str, Any]], list[int]]:
    """Waybills and their transport packages; each waybill's expected count is set after the shipments."""
    open_count = min(3, n_waybills)
    waybills = [
        {
            "id": i + 1,
            "number": f"TN-{1000000 + i:010d}",
            "courier": rnd.choice(COURIERS),
            "status": "open" if i >= n_waybills - open_count else "closed",
            "expected_packages": 3,
            "expected_shipments": 0,
            "duplicate_scans": 0,
            "created_at": now - timedelta(days=n_waybills - i),
            "opened_at": None,
            "closed_at": None,
            "version": 0,
        }
        for i in range(n_waybills)
    ]
    conn.execute(insert(Waybill), waybills)
    packages = _Batches(conn, TransportPackage)
    number = 0
    for w in waybills:
        for _ in range(3):
            number += 1
            packages.add(
                {
                    "id": number,
                    "barcode": f"GM{number:010d}",
                    "waybill_id": w["id"],
                    "state": "expected" if w["status"] == "open" else "received",
                    "received_at": None if w["status"] == "open" else w["created_at"],
                }
            )
    packages.flush()
    return waybills, [w["id"] for w in waybills if w["status"] == "open"]


def _shipments(
    conn: Connection,
    rnd: random.Random,
    chosen: list[S],
    cells: list[dict[str, Any]],
    per_cell: int,
    waybills: list[dict[str, Any]],
    open_ids: list[int],
    box_of: dict[int, int],
    now: datetime,
) -> tuple[array[int], list[tuple[int, str, list[str]]]]:
    """Shipments, their lines and one hash-chained ledger event each, written CHUNK at a time.

    Returns each shipment's posting suffix (the posting is made from it and the id) and, for the
    first issued ones, what a return request needs (id, customer, item names)."""
    n_waybills, open_count = len(waybills), len(open_ids)
    n_customers = max(10, len(chosen) // 3)
    wanted_returns = max(3, len(chosen) // 200)
    shelf_slots = [c["id"] for c in cells for _ in range(per_cell)]
    rnd.shuffle(shelf_slots)
    suffixes = array("H")
    returned: list[tuple[int, str, list[str]]] = []
    rows, items, events = _Batches(conn, Shipment), _Batches(conn, ShipmentItem), _Batches(conn, Event)
    batches = (rows, items, events)  # flushed together, shipments first: lines and events refer to them
    prev = GENESIS
    for i, status in enumerate(chosen):
        sid = i + 1
        customer_id = _customer_id(rnd.randrange(n_customers))
        if status in (S.EXPECTED,):
            wb_id = rnd.choice(open_ids)
        else:
            wb_id = rnd.randrange(1, n_waybills - open_count + 1) if n_waybills > open_count else open_ids[0]
        waybills[wb_id - 1]["expected_shipments"] += 1
        age = rnd.uniform(0.1, 6.5)
        adult = rnd.random() < 0.03
        n_items = rnd.choices((1, 2, 3), (0.7, 0.2, 0.1))[0]
        picks = [rnd.choice(ADULT_ITEMS) if adult and j == 0 else rnd.choice(ITEMS) for j in range(n_items)]
        total = 0
        for line, (name, price) in enumerate(picks, start=1):
            qty = 1 if rnd.random() < 0.85 else 2
            total += qty * price
            items.rows.append(
                {"shipment_id": sid, "line_no": line, "name": name, "qty": qty, "price": price, "refused": False}
            )
        cod = rnd.random() < 0.25
        cell_id = None
        if status in (S.STORED, S.EXPIRED, S.TO_RETURN, S.REFUSED):
            cell_id = shelf_slots.pop()
        received = None if status in (S.EXPECTED, S.MISSING) else now - timedelta(days=age + 1)
        stored_at = received + timedelta(hours=1) if received and status != S.RECEIVED else None
        deadline = stored_at + timedelta(days=7) if stored_at else None
        if status == S.STORED and rnd.random() < 0.04:  # overdue, waiting for the sweep
            deadline = now - timedelta(hours=rnd.uniform(1, 48))
        suffix = rnd.randrange(10000)
        suffixes.append(suffix)
        posting = _posting(sid, suffix)
        updated = now - timedelta(days=age / 2)
        rows.rows.append(
            {
                "id": sid,
                "posting_number": posting,
                "order_number": f"{100000000 + sid * 3:010d}",
                "customer_id": customer_id,
                "status": status.value,
                "cell_id": cell_id,
                "amount_due": total if cod else 0,
                "adult_only": adult,
                "storage_deadline": deadline,
                "waybill_id": wb_id,
                "transport_package_id": None,
                "return_box_id": box_of.get(i),
                "parent_id": None,
                "arrived_unexpected": status == S.UNEXPECTED,
                "created_at": now - timedelta(days=age + 2),
                "received_at": received,
                "stored_at": stored_at,
                "issued_at": now - timedelta(days=age / 2) if status == S.ISSUED else None,
                "updated_at": updated,
                "version": 1,
            }
        )
        if status == S.ISSUED and len(returned) < wanted_returns:
            returned.append((sid, customer_id, [name for name, _ in picks]))
        event = {
            "shipment_id": sid,
            "posting_number": posting,
            "kind": "imported",
            "from_status": None,
            "to_status": status.value,
            "employee_id": "system",
            "workstation": "demo",
            "workflow": "demo",
            "occurred_at": updated,
            "details": "{}",
            "op_id": None,
        }
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, {k: event[k] for k in HASHED_FIELDS})
        events.rows.append(event)
        if rows.full:
            for batch in batches:
                batch.flush()
    for batch in batches:
        batch.flush()
    return suffixes, returned


def generate_cli(db: str, *, shipments: int, seed: int) -> int:
    path = Path(db)
    if path.exists():
        print(f"Файл {path} уже существует: демо-данные пишутся только в новую базу.", file=sys.stderr)
        return 2
    store = open_store(path)
    try:
        summary = generate(store, shipments=shipments, seed=seed)
    finally:
        store.close()
    pins = save_pins(path.parent, summary.pins)
    print(
        f"Готово за {summary.seconds:.1f} с: отправлений {summary.shipments}, покупателей {summary.customers}, "
        f"ячеек {summary.cells}, накладных {summary.waybills} (открытые: {', '.join(summary.open_waybills)}); "
        f"коды получения на сегодня: {pins}"
    )
    return 0
