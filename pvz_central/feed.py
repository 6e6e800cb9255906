"""The change feed: write a snapshot when an entity changes, read pages after a cursor, wake long-polls.

The cursor is opaque to the counter: the point's feed epoch and the last change number it has
seen. A cursor from another epoch, or one ahead of the point's counter (the server was restored
from a backup), answers ``reset``: the counter drops its cursor and pulls everything again.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from pvz_central import snapshots
from pvz_central.models import Change, Point, ReturnRequest, Shipment, StorageExtension, SupportMessage, Waybill

# Order in which a counter applies one page: what a row refers to comes first.
ENTITY_ORDER = ("waybill", "shipment", "return_request", "storage_extension", "support_message")
PAGE_LIMIT = 500


def record(session: Session, point: Point, entity: str, key: str, data: dict[str, Any]) -> None:
    """Give the entity the point's next change number and its latest snapshot."""
    point.change_seq += 1
    body = json.dumps(data, ensure_ascii=False, sort_keys=True)
    row = session.get(Change, (point.id, entity, key))
    if row is None:
        session.add(Change(point_id=point.id, entity=entity, key=key, seq=point.change_seq, data=body))
    else:
        row.seq, row.data = point.change_seq, body
    session.flush()


def record_shipment(session: Session, point: Point, s: Shipment) -> None:
    record(session, point, "shipment", s.posting_number, snapshots.shipment_data(s))


def record_waybill(session: Session, point: Point, w: Waybill) -> None:
    record(session, point, "waybill", w.number, snapshots.waybill_data(w))


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
class Page:
    changes: tuple[dict[str, Any], ...]
    cursor: str | None
    has_more: bool
    reset: bool

    def as_json(self) -> dict[str, Any]:
        return {"changes": list(self.changes), "cursor": self.cursor, "has_more": self.has_more, "reset": self.reset}


def _wire(row: Change) -> dict[str, Any]:
    return {"entity": row.entity, "key": row.key, "seq": row.seq, "data": json.loads(row.data)}


def _dependencies(session: Session, point_id: str, rows: list[Change]) -> list[Change]:
    """Rows that the page refers to but that sit later in the feed: each page stands on its own."""
    have = {(r.entity, r.key) for r in rows}
    extra: list[Change] = []
    wanted_shipments = {
        json.loads(r.data)["posting"] for r in rows if r.entity in ("return_request", "storage_extension")
    }
    extra += _rows(session, point_id, "shipment", wanted_shipments - {k for e, k in have if e == "shipment"})
    all_shipments = [r for r in rows + extra if r.entity == "shipment"]
    wanted_waybills = {w for r in all_shipments if (w := json.loads(r.data).get("waybill"))}
    extra += _rows(session, point_id, "waybill", wanted_waybills - {k for e, k in have if e == "waybill"})
    return extra


def _rows(session: Session, point_id: str, entity: str, keys: Iterable[str]) -> list[Change]:
    keys = sorted(keys)
    if not keys:
        return []
    pairs = [(entity, k) for k in keys]
    return list(
        session.scalars(select(Change).where(Change.point_id == point_id, tuple_(Change.entity, Change.key).in_(pairs)))
    )


def read_page(session: Session, point: Point, cursor: str | None, limit: int = PAGE_LIMIT) -> Page:
    after = 0
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded is None or decoded[0] != point.feed_epoch or decoded[1] > point.change_seq:
            return Page((), None, False, True)
        after = decoded[1]
    rows = list(
        session.scalars(
            select(Change).where(Change.point_id == point.id, Change.seq > after).order_by(Change.seq).limit(limit + 1)
        )
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else after
    deps = _dependencies(session, point.id, rows)
    ordered = sorted(deps + rows, key=lambda r: (ENTITY_ORDER.index(r.entity), r.seq))
    return Page(tuple(_wire(r) for r in ordered), encode_cursor(point.feed_epoch, last), has_more, False)


class ChangeNotifier:
    """Wakes the long-polls of a point when one of its writes commits (any thread, any loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

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
