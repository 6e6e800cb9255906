"""Dispute evidence, for a parcel or for a shift (one employee at one counter on one local day):
every ledger event with the point's local time, counter, employee and operation id; the CCTV clip
of each event; the defect photos the counters recorded (each named by its SHA-256); a hash chain
over the events anyone can recompute.

The chain: ``h0 = 64 zeros``, ``h_n = SHA-256(h_{n-1} + canonical JSON of event n)`` where the
canonical JSON is the event's ``FIELDS`` with sorted keys, UTF-8, no spaces, times in ISO 8601 UTC.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pvz_central.console.cameras import CameraRow, cameras
from pvz_central.console.periods import Period, local, zone
from pvz_central.models import Defect, Photo, Point, Shipment, ShipmentEvent, User

GENESIS = "0" * 64
FIELDS = ("posting", "action", "from", "to", "at_utc", "workstation", "employee", "op_id")
# The counter records the moment an operation was confirmed: the clip starts before it (the
# parcel scanned and handed over) and runs a little after.
CLIP_BEFORE = timedelta(seconds=20)
CLIP_AFTER = timedelta(seconds=10)


@dataclass(frozen=True)
class Clip:
    camera: str
    start: datetime  # on the camera's own clock, point's zone
    end: datetime

    def text(self, word: str = "камера") -> str:
        """«камера «Касса 1», 14:02:31–14:02:58» (``word``: «camera» in English)."""
        return f"{word} «{self.camera}», {self.start:%H:%M:%S}–{self.end:%H:%M:%S}"


@dataclass(frozen=True)
class PackEvent:
    posting: str
    at: datetime  # the point's local time
    action: str
    from_status: str
    to_status: str
    workstation: str
    employee: str  # "Name (login)"
    op_id: str
    clips: tuple[Clip, ...]
    hash: str


@dataclass(frozen=True)
class PackPhoto:
    """One photo of a defect record: what the counter said was wrong, when, who, and the image's hash."""

    posting: str
    sha256: str
    content_type: str
    at: datetime  # the point's local time of the record
    defect: str  # the kind's code: packaging, goods, incomplete, wet, other
    note: str
    employee: str  # "Name (login)"


@dataclass(frozen=True)
class Shift:
    """A shift as the server's ledger shows it: one employee's operations at one counter on one local day."""

    day: date
    login: str
    employee: str  # "Name (login)"
    workstation: str


@dataclass(frozen=True)
class Pack:
    posting: str  # the parcel's; "" in a shift's pack
    shift: Shift | None
    point_id: str
    point_name: str
    time_zone: str
    status: str
    events: tuple[PackEvent, ...]
    photos: tuple[PackPhoto, ...]
    chain_head: str
    made_at: datetime  # local


def canonical(event: dict[str, str]) -> str:
    return json.dumps({k: event[k] for k in FIELDS}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link(prev: str, event: dict[str, str]) -> str:
    return hashlib.sha256((prev + canonical(event)).encode()).hexdigest()


def clips_for(cams: list[CameraRow], workstation: str, at_local: datetime) -> tuple[Clip, ...]:
    """The clips of the cameras that film this counter (or the whole point), on each camera's clock."""
    return tuple(
        Clip(
            c.name,
            at_local - CLIP_BEFORE + timedelta(seconds=c.clock_offset_s),
            at_local + CLIP_AFTER + timedelta(seconds=c.clock_offset_s),
        )
        for c in cams
        if not c.workstation or c.workstation == workstation
    )


def pack(session: Session, owned: dict[str, str], posting: str, now: datetime) -> Pack | None:
    """The pack of a parcel at one of the owner's points; None when there is no such parcel there."""
    shipment = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None or shipment.point_id not in owned:
        return None
    point = session.get(Point, shipment.point_id)
    assert point is not None
    e, d = ShipmentEvent, Defect
    return _pack(
        session,
        point,
        select(e).where(e.posting_number == posting, e.point_id == point.id),
        select(d).where(d.posting_number == posting, d.point_id == point.id),
        now,
        posting=posting,
        status=shipment.status,
    )


def shift_pack(
    session: Session, owned: dict[str, str], point_id: str, day: date, login: str, workstation: str, now: datetime
) -> Pack | None:
    """The pack of one employee's shift at one counter of the owner's point on a local day (every
    parcel they touched there); None when that shift has no operation on the server."""
    point = session.get(Point, point_id) if point_id in owned else None
    if point is None:
        return None
    start, end = Period.of("day", day).utc_bounds(zone(point.time_zone))
    e, d = ShipmentEvent, Defect
    events = select(e).where(
        e.point_id == point.id,
        e.user_id == login,
        e.workstation == workstation,
        e.occurred_at >= start,
        e.occurred_at < end,
    )
    if session.scalar(events.limit(1)) is None:
        return None
    name = session.scalar(select(User.display_name).where(User.id == login)) or login
    defects = select(d).where(d.point_id == point.id, d.user_id == login, d.occurred_at >= start, d.occurred_at < end)
    return _pack(session, point, events, defects, now, shift=Shift(day, login, f"{name} ({login})", workstation))


def _pack(
    session: Session,
    point: Point,
    events: Select[tuple[ShipmentEvent]],
    defects: Select[tuple[Defect]],
    now: datetime,
    *,
    posting: str = "",
    status: str = "",
    shift: Shift | None = None,
) -> Pack:
    tz = zone(point.time_zone)
    cams = cameras(session, [point.id])
    names = dict(session.execute(select(User.id, User.display_name)).all())
    chain: list[PackEvent] = []
    prev = GENESIS
    for row in session.scalars(events.order_by(ShipmentEvent.occurred_at, ShipmentEvent.id)):
        fields = {
            "posting": row.posting_number,
            "action": row.action,
            "from": row.from_status or "",
            "to": row.to_status,
            "at_utc": row.occurred_at.isoformat(timespec="seconds") + "Z",
            "workstation": row.workstation,
            "employee": row.user_id,
            "op_id": row.op_key or "",
        }
        prev = link(prev, fields)
        at = local(row.occurred_at, tz)
        chain.append(
            PackEvent(
                row.posting_number,
                at,
                row.action,
                row.from_status or "",
                row.to_status,
                row.workstation,
                f"{names.get(row.user_id, row.user_id)} ({row.user_id})",
                row.op_key or "",
                clips_for(cams, row.workstation, at),
                prev,
            )
        )
    photos = tuple(
        PackPhoto(
            d.posting_number,
            p["sha256"],
            p.get("type", ""),
            local(d.occurred_at, tz),
            d.kind,
            d.note,
            f"{names.get(d.user_id, d.user_id)} ({d.user_id})",
        )
        for d in session.scalars(defects.order_by(Defect.occurred_at, Defect.id))
        for p in json.loads(d.photos)
    )
    return Pack(
        posting, shift, point.id, point.name, point.time_zone, status, tuple(chain), photos, prev, local(now, tz)
    )


def photo(session: Session, points: list[str], sha256: str) -> tuple[str, bytes] | None:
    """A defect photo's type and bytes, if it was recorded at one of ``points``."""
    row = session.get(Photo, sha256)
    return (row.content_type, row.data) if row is not None and row.point_id in points else None
