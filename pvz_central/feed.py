"""The change feed: write a snapshot when an entity changes, read pages after a cursor, wake long-polls.

The cursor is opaque to the counter: the point's feed epoch and the last change number it has
seen. A cursor from another epoch, or one ahead of the point's counter (the server was restored
from a backup), answers ``reset``: the counter drops its cursor and pulls everything again.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pvz_central import snapshots
from pvz_central.models import (
    Change,
    CourierPickup,
    Point,
    ReturnRequest,
    Shipment,
    StorageExtension,
    Supply,
    SupportMessage,
    Waybill,
)

# Order in which a counter applies one page: what a row refers to comes first.
ENTITY_ORDER = (
    "waybill",
    "supply",
    "courier_pickup",
    "shipment",
    "return_request",
    "storage_extension",
    "defect",
    "support_message",
)
PAGE_LIMIT = 1000
PAGE_BYTES = 1_000_000  # snapshot text a page carries at most (one row more if a single row is larger)
DEPENDENCY_CHUNK = 500  # keys per IN (...) query
CHANGED_POINTS = "pvz_changed_points"  # session.info: points whose feed this transaction changed


def record(session: Session, point: Point, entity: str, key: str, data: dict[str, Any]) -> None:
    """Give the entity the point's next change number and its latest snapshot."""
    record_many(session, point, entity, [(key, data)])


def record_many(session: Session, point: Point, entity: str, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Each entity of ``items`` (key, snapshot) gets the point's next change number, in order: one
    upsert statement for them all (no read of the rows first; an entity changed twice in one
    transaction keeps its last number and snapshot)."""
    rows = []
    for key, data in items:
        point.change_seq += 1
        body = json.dumps(data, ensure_ascii=False, sort_keys=True)
        rows.append({"point_id": point.id, "entity": entity, "key": key, "seq": point.change_seq, "data": body})
    if rows:
        session.info.setdefault(CHANGED_POINTS, set()).add(point.id)  # wakes every process at commit (wakeups)
        session.execute(_upsert(session.get_bind().dialect.name), rows)


@functools.cache
def _upsert(dialect: str) -> Insert:
    """``INSERT … ON CONFLICT (point_id, entity, key) DO UPDATE`` of a feed row, in the dialect's form."""
    table = Change.__table__
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.point_id, table.c.entity, table.c.key],
        set_={"seq": stmt.excluded.seq, "data": stmt.excluded.data},
    )


def record_shipment(session: Session, point: Point, s: Shipment) -> None:
    record(session, point, "shipment", s.posting_number, snapshots.shipment_data(s))


def record_waybill(session: Session, point: Point, w: Waybill) -> None:
    record(session, point, "waybill", w.number, snapshots.waybill_data(w))


def record_supply(session: Session, point: Point, s: Supply) -> None:
    record(session, point, "supply", s.number, snapshots.supply_data(s))


def record_pickup(session: Session, point: Point, p: CourierPickup) -> None:
    record(session, point, "courier_pickup", p.code, snapshots.pickup_data(p))


def record_return_request(session: Session, point: Point, r: ReturnRequest) -> None:
    record(session, point, "return_request", r.number, snapshots.return_request_data(r))


def record_extension(session: Session, point: Point, e: StorageExtension) -> None:
    record(session, point, "storage_extension", str(e.id), snapshots.extension_data(e))


def record_support_message(session: Session, point: Point, m: SupportMessage) -> None:
    record(session, point, "support_message", m.uuid, snapshots.support_message_data(m))


def encode_cursor(epoch: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{epoch}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        epoch, seq = raw.split(":")
        return epoch, int(seq)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class WireChange:
    """One change as stored: ``data`` is the snapshot's JSON text, sent as it is."""

    entity: str
    key: str
    seq: int
    data: str

    def as_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "key": self.key, "seq": self.seq, "data": json.loads(self.data)}

    def body(self) -> str:
        entity, key = _json_str(self.entity), _json_str(self.key)
        return f'{{"entity":{entity},"key":{key},"seq":{self.seq},"data":{self.data}}}'


@dataclass(frozen=True)
class Page:
    changes: tuple[WireChange, ...]
    cursor: str | None
    has_more: bool
    reset: bool

    def as_json(self) -> dict[str, Any]:
        changes = [c.as_json() for c in self.changes]
        return {"changes": changes, "cursor": self.cursor, "has_more": self.has_more, "reset": self.reset}

    def body(self) -> bytes:
        """The page's JSON (what ``as_json`` holds), assembled from the stored snapshot texts: parsing
        and re-serializing ~500 snapshots a page was most of the feed's time."""
        tail = json.dumps({"cursor": self.cursor, "has_more": self.has_more, "reset": self.reset}, ensure_ascii=False)
        return ('{"changes":[' + ",".join(c.body() for c in self.changes) + "]," + tail[1:]).encode()


def _json_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


_COLUMNS = (Change.entity, Change.key, Change.seq, Change.data)


def _after(last: int) -> ColumnElement[bool]:
    """``seq > last`` that keeps SQLite off the (point_id, seq) index where the primary key (point_id,
    entity, key) narrows better: with the seq index, "these few keys after N" scanned the rest of the feed."""
    return Change.seq + 0 > last


def _later(session: Session, point_id: str, entity: str, keys: Iterable[str], last: int) -> list[WireChange]:
    """Rows of ``keys`` that sit after ``last`` in the feed (by the primary key, not the seq index)."""
    keys = sorted(keys)
    found: list[WireChange] = []
    for at in range(0, len(keys), DEPENDENCY_CHUNK):
        query = select(*_COLUMNS).where(
            Change.point_id == point_id,
            Change.entity == entity,
            Change.key.in_(keys[at : at + DEPENDENCY_CHUNK]),
            _after(last),
        )
        found += [WireChange(*row) for row in session.execute(query)]
    return found


def _dependencies(session: Session, point_id: str, rows: list[WireChange], last: int) -> list[WireChange]:
    """Rows that the page refers to but that sit later in the feed: a page never refers to what the
    counter has not had yet. What sits earlier was sent before (the counter follows the cursor);
    sending it again with every page made an initial pull of 100k shipments 177k changes."""
    wanted = {
        json.loads(r.data)["posting"] for r in rows if r.entity in ("return_request", "storage_extension", "defect")
    }
    extra = _later(session, point_id, "shipment", wanted, last)
    # Waybills are few: read which of them sit later before parsing the page's shipments for theirs.
    later_waybills = set(
        session.scalars(select(Change.key).where(Change.point_id == point_id, Change.entity == "waybill", _after(last)))
    )
    if later_waybills:
        referred = {json.loads(r.data).get("waybill") for r in rows + extra if r.entity == "shipment"}
        extra += _later(session, point_id, "waybill", referred & later_waybills, last)
    return extra


def read_page(
    session: Session, point: Point, cursor: str | None, limit: int = PAGE_LIMIT, max_bytes: int = PAGE_BYTES
) -> Page:
    after = 0
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded is None or decoded[0] != point.feed_epoch or decoded[1] > point.change_seq:
            return Page((), None, False, True)
        after = decoded[1]
    query = (
        select(*_COLUMNS).where(Change.point_id == point.id, Change.seq > after).order_by(Change.seq).limit(limit + 1)
    )
    rows: list[WireChange] = []
    size, has_more = 0, False
    for row in session.execute(query):
        change = WireChange(*row)
        size += len(change.data.encode())
        if len(rows) == limit or (rows and size > max_bytes):
            has_more = True
            break
        rows.append(change)
    last = rows[-1].seq if rows else after
    deps = _dependencies(session, point.id, rows, last)
    ordered = sorted(deps + rows, key=lambda r: (ENTITY_ORDER.index(r.entity), r.seq))
    return Page(tuple(ordered), encode_cursor(point.feed_epoch, last), has_more, False)


class ChangeNotifier:
    """Wakes the long-polls of a point when one of its writes commits (any thread, any loop).

    Commits of this process call ``notify`` directly; on PostgreSQL those of other processes arrive
    through the process's listener (``pvz_central.wakeups``), which keeps ``listening`` up to date."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self.closed = False  # the server is stopping: long-polls answer now instead of waiting
        # The PostgreSQL listener is connected: a commit of any process wakes waiters here, so a
        # long-poll waits without re-reading the feed every second (SQLite: always re-reads).
        self.listening = False
        self.listen_starts = 0  # how many times the listener has connected (a reconnect adds one)

    def close(self) -> None:
        """Wake every long-poll for good: each answers what it has, so a stopping server finishes
        its requests instead of cancelling them mid-wait (a traceback in the log, a cut answer)."""
        with self._lock:
            self.closed = True
        self.wake_all()

    def set_listening(self, listening: bool) -> None:
        """The cross-process wake-ups started or stopped: every waiter re-reads (a change may have
        slipped by meanwhile) and then waits as the new state allows."""
        self.listening = listening
        self.listen_starts += listening
        self.wake_all()

    def waiting(self) -> int:
        """Long-polls waiting in this process now (the health check reports it)."""
        with self._lock:
            return sum(len(point) for point in self._waiters.values())

    def wake_all(self) -> None:
        with self._lock:
            waiters = [w for point in self._waiters.values() for w in point]
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    def subscribe(self, point_id: str) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._waiters.setdefault(point_id, set()).add((asyncio.get_running_loop(), event))
        return event

    def unsubscribe(self, point_id: str, event: asyncio.Event) -> None:
        with self._lock:
            waiters = self._waiters.get(point_id, set())
            for entry in [w for w in waiters if w[1] is event]:
                waiters.discard(entry)

    def notify(self, point_id: str) -> None:
        with self._lock:
            waiters = list(self._waiters.get(point_id, ()))
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)
