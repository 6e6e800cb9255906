"""Defect records with photos: the upload route (size, type, idempotent), the record checked at
the server, and the record in the parcel's history at the point's second counter after sync."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from pvz_central.models import Defect, Photo
from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.photos import MAX_PHOTO_BYTES, content_hash
from pvz_desktop.store.models import Event
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.defects import DefectKind, photo_path, record_defect
from tests.builders import PointBuilder
from tests.central.harness import POINT, delivery
from tests.central.test_two_counters import _receive_and_place


def png(width: int = 2, height: int = 2, seed: int = 0) -> bytes:
    """A real PNG still (what a camera or a file picker gives the counter), built with zlib."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes((seed + x + y) % 256 for x in range(width * 3)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _put(counter, data: bytes, content_type: str = "image/png", sha: str | None = None):
    return counter.auth.request(
        "PUT",
        f"/api/v1/points/{POINT}/photos/{sha or content_hash(data)}",
        data=data,
        headers={"Content-Type": content_type},
    )


def test_the_upload_route_takes_an_image_once_and_refuses_the_rest(central, counter1):
    photo = png()
    first, again = _put(counter1, photo), _put(counter1, photo)
    assert (first.status_code, again.status_code) == (201, 200)  # idempotent by its hash
    with central.db.read() as s:
        assert s.get(Photo, content_hash(photo)).data == photo
    text = b"not a photo at all"
    assert _put(counter1, text).status_code == 415
    assert _put(counter1, photo, "image/jpeg").status_code == 415  # the type named is not what it is
    assert _put(counter1, photo, sha=content_hash(b"other")).status_code == 409
    big = png() + b"\x00" * MAX_PHOTO_BYTES
    r = _put(counter1, big)
    assert r.status_code == 413 and r.json()["code"] == "photo_too_large"
    with central.db.read() as s:
        assert s.scalar(select(Photo.sha256).where(Photo.sha256 == content_hash(big))) is None


def test_a_defect_with_photos_reaches_the_server_and_the_second_counters_history(
    central, owner, counter1, counter2, tmp_path: Path
):
    for c in (counter1, counter2):
        PointBuilder(c.store).add_cells()
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    shots = []
    for n in range(2):
        shot = tmp_path / f"shot{n}.png"
        shot.write_bytes(png(seed=n))
        shots.append(shot)

    record = record_defect(counter1.ctx, posting, DefectKind.PACKAGING, "коробка смята", shots)
    assert all(photo_path(counter1.ctx, p).read_bytes() == shots[i].read_bytes() for i, p in enumerate(record.photos))
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    with central.db.read() as s:
        [defect] = s.scalars(select(Defect).where(Defect.posting_number == posting)).all()
        assert defect.kind == "packaging" and defect.user_id == "emp1"
        assert {p["sha256"] for p in json.loads(defect.photos)} == {content_hash(p.read_bytes()) for p in shots}
        assert s.scalar(select(Photo.size).where(Photo.sha256 == record.photos[0].sha256)) > 0

    counter2.pull()
    with counter2.store.read() as s:
        [event] = s.scalars(select(Event).where(Event.posting_number == posting, Event.kind == "defect_recorded"))
        details = json.loads(event.details)
    assert details["defect"] == "packaging" and details["note"] == "коробка смята"
    assert [p["sha256"] for p in details["photos"]] == [p.sha256 for p in record.photos]
    counter1.pull()  # the recording counter does not note its own record twice
    with counter1.store.read() as s:
        kinds = s.scalars(select(Event.kind).where(Event.posting_number == posting, Event.kind == "defect_recorded"))
        assert len(list(kinds)) == 1


def test_a_photo_too_large_or_not_an_image_is_refused_at_the_counter(counter1, tmp_path: Path):
    PointBuilder(counter1.store).add_cells()
    text = tmp_path / "notes.png"
    text.write_text("это не фото")
    huge = tmp_path / "huge.png"
    huge.write_bytes(png() + b"\x00" * MAX_PHOTO_BYTES)
    for bad, said in ((text, "не изображение"), (huge, "больше 5 МБ")):
        with pytest.raises(BadInput) as err:
            record_defect(counter1.ctx, "0000000001-0001-1", DefectKind.GOODS, "", [bad])
        assert said in err.value.message
    assert not (counter1.store.path.parent / "photos").exists()
