"""Defect records with photos: the upload route (size, type, idempotent), the record checked at
the server, and the record in the parcel's history at the point's second counter after sync."""

from __future__ import annotations

import json
import struct
import uuid
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from pvz_central.models import Defect, Photo
from pvz_central.seed import create_user
from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.photos import MAX_PHOTO_BYTES, content_hash
from pvz_desktop.store.models import Event
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.defects import DefectKind, DefectPlace, photo_path, record_defect
from pvz_desktop.workflows.dropoff import supply
from pvz_desktop.workflows.outbox_body import operation_body
from tests.builders import PointBuilder
from tests.central.harness import OTHER_POINT, PASSWORD, POINT, delivery, login
from tests.central.test_dropoff import PARCELS, _marketplace
from tests.central.test_dropoff import SP as SUPPLY
from tests.central.test_two_counters import _receive_and_place


def png(width: int = 2, height: int = 2, seed: int = 0) -> bytes:
    """A real PNG still (what a camera or a file picker gives the counter), built with zlib."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes((seed + x + y) % 256 for x in range(width * 3)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _body(payload: dict) -> str:
    return operation_body("defect_record", payload)


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
    assert details["defect"] == "packaging" and details["note"] == "коробка смята" and details["place"] == "card"
    assert [p["sha256"] for p in details["photos"]] == [p.sha256 for p in record.photos]
    assert "defect" in {c["entity"] for c in counter2.client.snapshot().changes}  # validated as a defect
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


def _recorded_and_pushed(counter, posting: str, shot: Path, place: DefectPlace):
    record = record_defect(counter.ctx, posting, DefectKind.PACKAGING, "", [shot], place)
    report = push_pending(counter.ctx, counter.client)
    assert report.refused == ()
    return record


def test_the_photo_route_serves_the_points_own_photos_only(central, owner, counter1, tmp_path: Path):
    PointBuilder(counter1.store).add_cells()
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    shot = tmp_path / "shot.png"
    shot.write_bytes(png(seed=21))
    record = _recorded_and_pushed(counter1, posting, shot, DefectPlace.ACCEPTANCE)
    sha = record.photos[0].sha256

    mine = counter1.auth.request("GET", f"/api/v1/points/{POINT}/photos/{sha}")
    assert mine.status_code == 200 and mine.content == shot.read_bytes()
    assert mine.headers["content-type"] == "image/png" and "immutable" in mine.headers["cache-control"]
    assert counter1.client.get_photo(sha) == shot.read_bytes()
    # The point's other people see it too (an owner at the console, a second counter's employee).
    assert login(central.url, "owner1").request("GET", f"/api/v1/points/{POINT}/photos/{sha}").status_code == 200

    # Another point's owner and employee: not through our point's address, not through their own.
    create_user(central.db, "emp2", "Зайцев К.", PASSWORD, OTHER_POINT, "employee")
    for user in ("owner2", "emp2"):
        other = login(central.url, user)
        assert other.request("GET", f"/api/v1/points/{POINT}/photos/{sha}").status_code == 403
        theirs = other.request("GET", f"/api/v1/points/{OTHER_POINT}/photos/{sha}")
        assert theirs.status_code == 404 and theirs.json()["code"] == "photo_not_found"
    # A hash nobody uploaded, and one that is not a hash at all.
    assert counter1.client.get_photo(content_hash(b"never uploaded")) is None
    assert counter1.auth.request("GET", f"/api/v1/points/{POINT}/photos/{sha[:-1]}X").status_code == 422


def test_records_from_a_return_a_delivery_and_a_drop_off_are_checked_again_at_the_server(
    central, owner, counter1, tmp_path: Path
):
    PointBuilder(counter1.store).add_cells()
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    shot = tmp_path / "shot.png"
    shot.write_bytes(png(seed=5))
    _recorded_and_pushed(counter1, posting, shot, DefectPlace.ACCEPTANCE)
    _marketplace(owner)
    counter1.pull()
    supply.open_supply(counter1.ctx, SUPPLY)
    supply.scan(counter1.ctx, SUPPLY, PARCELS[0])
    _recorded_and_pushed(counter1, PARCELS[0], shot, DefectPlace.DROPOFF)
    with central.db.read() as s:
        places = {p: place for p, place in s.execute(select(Defect.posting_number, Defect.place))}
        assert places == {posting: "acceptance", PARCELS[0]: "dropoff"}

    # What the counter would refuse, sent as it is: the server refuses it too, with the reason.
    photo = [{"sha256": content_hash(shot.read_bytes()), "type": "image/png", "size": shot.stat().st_size}]
    base = {"defect": "goods", "note": "", "photos": photo}
    wrong = counter1.client.push(str(uuid.uuid4()), _body({**base, "posting": PARCELS[0], "place": "return"}))
    assert not wrong.applied and wrong.code == "wrong_place"
    odd = counter1.client.push(str(uuid.uuid4()), _body({**base, "posting": posting, "place": "roof"}))
    assert not odd.applied and odd.code == "bad_place"
    # A return's record is of an inbound parcel: taken.
    ok = counter1.client.push(str(uuid.uuid4()), _body({**base, "posting": posting, "place": "return"}))
    assert ok.applied
