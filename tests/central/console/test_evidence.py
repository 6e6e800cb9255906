"""A parcel's evidence pack after a real counter (its sync client) received, placed and issued it:
events in the point's time, counter, employee, operation id, CCTV clips, the hash chain; the PDF's
text (pdftotext) says the same."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from pvz_central.console.i18n import LANG_COOKIE
from pvz_central.models import ShipmentEvent
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.issuance import IssuanceSession
from tests.builders import PointBuilder
from tests.central.harness import Central, Counter, delivery

MOSCOW = ZoneInfo("Europe/Moscow")


def issue_one(central: Central, owner, counter: Counter) -> str:
    """A parcel delivered, accepted, placed and issued at ``counter``, all pushed to the server."""
    PointBuilder(counter.store).add_cells()
    waybill = delivery(owner, 1, customer="41000021", pin="4321")
    counter.pull()
    posting = waybill["shipments"][0]["posting"]
    acceptance.open_waybill(counter.ctx, waybill["number"])
    acceptance.scan(counter.ctx, waybill["number"], posting)
    placement.place(counter.ctx, posting, "C-A-01-01")
    session = IssuanceSession.start(counter.ctx, "41000021*4321")
    session.scan(posting)
    session.complete()
    report = push_pending(counter.ctx, counter.client)
    assert report.refused == () and central.central_status(posting) == "issued"
    return posting


def add_cameras(browser) -> None:
    browser.get("/console/p/p1/cameras")
    for name, workstation, offset in (("Касса 1", "counter-1", "5"), ("Зал", "", "-3"), ("Касса 2", "counter-2", "0")):
        r = browser.post("/console/p/p1/cameras", {"name": name, "workstation": workstation, "offset": offset})
        assert r.status_code == 200 and r.url.endswith("?done=1")


def _server_events(central: Central, posting: str) -> list[ShipmentEvent]:
    with central.db.read() as s:
        return list(
            s.scalars(
                select(ShipmentEvent)
                .where(ShipmentEvent.posting_number == posting)
                .order_by(ShipmentEvent.occurred_at, ShipmentEvent.id)
            )
        )


def _expected_clip(event: ShipmentEvent, camera: str, offset: int) -> str:
    at = event.occurred_at.replace(tzinfo=UTC).astimezone(MOSCOW) + timedelta(seconds=offset)
    start, end = at - timedelta(seconds=20), at + timedelta(seconds=10)
    return f"камера «{camera}», {start:%H:%M:%S}–{end:%H:%M:%S}"


def _chain(events: list[ShipmentEvent]) -> str:
    """The documented procedure, written again here from the pack's own description."""
    h = "0" * 64
    for e in events:
        fields = {
            "posting": e.posting_number,
            "action": e.action,
            "from": e.from_status or "",
            "to": e.to_status,
            "at_utc": e.occurred_at.isoformat(timespec="seconds") + "Z",
            "workstation": e.workstation,
            "employee": e.user_id,
            "op_id": e.op_key or "",
        }
        h = hashlib.sha256(
            (h + json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))).encode()
        ).hexdigest()
    return h


def test_the_pack_of_an_issued_parcel_names_every_event_and_its_cameras(central, owner, counter1, browser):
    posting = issue_one(central, owner, counter1)
    add_cameras(browser)
    events = _server_events(central, posting)
    assert [e.action for e in events] == ["accept", "place", "issue"]
    page = browser.get(f"/console/p/p1/parcels/{posting}").text
    for e in events:
        local = e.occurred_at.replace(tzinfo=UTC).astimezone(MOSCOW)
        assert f"{local:%d.%m.%Y %H:%M:%S}" in page
        assert e.op_key in page
        assert _expected_clip(e, "Касса 1", 5) in page and _expected_clip(e, "Зал", -3) in page
    assert "Касса 2" not in page  # films another counter
    assert "Кузнецов Д. (emp1)" in page and "counter-1" in page
    assert "Статус: выдано." in page and "ожидается → принято" in page and "на хранении → выдано" in page
    assert ">issued<" not in page and ">issue<" not in page  # words on the page, codes only in titles
    english = browser.get(f"/console/p/p1/parcels/{posting}", cookies={LANG_COOKIE: "en"}).text
    assert "Status: handed over." in english and "stored → handed over" in english and "hand over" in english
    assert _chain(events) in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_pdf_says_the_same_as_the_page(central, owner, counter1, browser, tmp_path: Path):
    posting = issue_one(central, owner, counter1)
    add_cameras(browser)
    r = browser.get(f"/console/p/p1/parcels/{posting}/evidence.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert f'filename="evidence-{posting}.pdf"' in r.headers["content-disposition"]
    text = pdf_text(r.content, tmp_path)
    events = _server_events(central, posting)
    for e in events:
        local = e.occurred_at.replace(tzinfo=UTC).astimezone(MOSCOW)
        assert f"{local:%d.%m.%Y %H:%M:%S}" in text and e.op_key in text
        assert _expected_clip(e, "Касса 1", 5) in text and _expected_clip(e, "Зал", -3) in text
    assert "Кузнецов Д. (emp1)" in text and "ПВЗ Тверская 1" in text
    flat = " ".join(text.split())
    assert "выдать (на хранении → выдано) [issue: stored → issued]" in flat  # words, and the codes the chain hashes
    assert _chain(events) in text.replace("\n", "")
    assert "pvz-desktop verify-ledger" in " ".join(text.split())


def pdf_text(body: bytes, folder: Path) -> str:
    path = folder / "pack.pdf"
    path.write_bytes(body)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def test_a_parcel_of_another_owners_point_has_no_pack(central, owner, browser):
    posting = delivery(owner, 1)["shipments"][0]["posting"]  # at p1: owner1's
    other = delivery(
        __import__("tests.central.harness", fromlist=["login"]).login(central.url, "owner2"), 1, point="p2"
    )["shipments"][0]["posting"]
    assert browser.get(f"/console/p/p1/parcels/{posting}").status_code == 200
    for point in ("p1", "all"):
        r = browser.get(f"/console/p/{point}/parcels/{other}")
        assert r.status_code == 404 and "не найдено" in r.text
        assert browser.get(f"/console/p/{point}/parcels/{other}/evidence.pdf").status_code == 404
    assert browser.get(f"/console/p/p3/parcels/{posting}").status_code == 404  # owner1's, but not at p3


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils (pdfimages) is not installed")
def test_defect_photos_recorded_at_the_counter_are_in_the_pack_and_its_pdf(central, owner, counter1, browser, tmp_path):
    from pvz_desktop.core.photos import content_hash
    from pvz_desktop.workflows.defects import DefectKind, DefectPlace, record_defect
    from tests.central.test_defect_photos import png

    PointBuilder(counter1.store).add_cells()
    waybill = delivery(owner, 1)
    counter1.pull()
    posting = waybill["shipments"][0]["posting"]
    acceptance.open_waybill(counter1.ctx, waybill["number"])
    acceptance.scan(counter1.ctx, waybill["number"], posting)
    shot = tmp_path / "shot.png"
    shot.write_bytes(png(16, 12, seed=7))
    record_defect(counter1.ctx, posting, DefectKind.PACKAGING, "коробка смята", [shot], DefectPlace.ACCEPTANCE)
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    sha = content_hash(shot.read_bytes())

    page = browser.get(f"/console/p/p1/parcels/{posting}").text
    assert f'src="/console/p/p1/photos/{sha}"' in page and f"SHA-256 {sha}" in page
    assert "повреждена упаковка: коробка смята" in page and "Кузнецов Д. (emp1)" in page
    image = browser.get(f"/console/p/p1/photos/{sha}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert content_hash(image.content) == sha  # the very bytes the counter recorded
    assert browser.get(f"/console/p/p1/photos/{'0' * 64}").status_code == 404

    r = browser.get(f"/console/p/p1/parcels/{posting}/evidence.pdf")
    text = " ".join(pdf_text(r.content, tmp_path).split())
    assert f"SHA-256: {sha}" in text and "повреждена упаковка: коробка смята" in text
    (tmp_path / "pack.pdf").write_bytes(r.content)
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "pack.pdf")], capture_output=True, text=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert [(row[3], row[4]) for row in rows] == [("16", "12")]  # the photo itself, at its size


def test_a_shifts_pack_has_every_parcel_that_employee_touched_at_that_counter_that_day(
    central, owner, counter1, browser, tmp_path
):
    issued = issue_one(central, owner, counter1)
    waybill = delivery(owner, 1)
    counter1.pull()
    accepted = waybill["shipments"][0]["posting"]
    acceptance.open_waybill(counter1.ctx, waybill["number"])
    acceptance.scan(counter1.ctx, waybill["number"], accepted)
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    add_cameras(browser)
    with central.db.read() as s:
        events = list(
            s.scalars(
                select(ShipmentEvent)
                .where(ShipmentEvent.user_id == "emp1")
                .order_by(ShipmentEvent.occurred_at, ShipmentEvent.id)
            )
        )
    assert {e.posting_number for e in events} == {issued, accepted} and len(events) == 4
    day = events[0].occurred_at.replace(tzinfo=UTC).astimezone(MOSCOW).date()

    # The staff page links the shift to its pack.
    staff = browser.get("/console/p/p1/staff").text
    path = f"/console/p/p1/shifts/{day.isoformat()}/emp1/counter-1"
    assert f'href="{path}"' in staff
    page = browser.get(path).text
    assert f"смена {day:%d.%m.%Y}, Кузнецов Д. (emp1), counter-1" in page and "Отправлений: 2." in page
    for e in events:
        assert e.op_key in page and _expected_clip(e, "Касса 1", 5) in page
    assert f'href="/console/p/p1/parcels/{accepted}"' in page
    assert _chain(events) in page  # one chain over the shift's events, in order

    r = browser.get(f"{path}/evidence.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert f'filename="evidence-shift-{day.isoformat()}-emp1-counter-1.pdf"' in r.headers["content-disposition"]
    text = " ".join(pdf_text(r.content, tmp_path).split())
    assert issued in text and accepted in text and "Отправлений: 2" in text
    assert all(e.op_key in text for e in events) and _chain(events) in text.replace(" ", "")

    # Another day, another counter, another employee, a date that is not one: no pack.
    for other in (
        f"/console/p/p1/shifts/{(day - timedelta(days=1)).isoformat()}/emp1/counter-1",
        f"/console/p/p1/shifts/{day.isoformat()}/emp1/counter-2",
        f"/console/p/p1/shifts/{day.isoformat()}/owner1/counter-1",
        "/console/p/p1/shifts/03.12.2026/emp1/counter-1",
    ):
        assert browser.get(other).status_code == 404, other
    english = browser.get(path, cookies={LANG_COOKIE: "en"}).text
    assert f"shift {day:%d.%m.%Y}" in english and "Parcels: 2." in english
