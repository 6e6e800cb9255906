"""The change feed's pages: the raw body, no repeated snapshots, bounded pages."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from pvz_central import feed
from pvz_central.api import ChangePage
from pvz_central.models import Change, Point, Waybill
from tests.central.harness import POINT, Central, delivery, login, raw_session


def _http_pages(central: Central, limit: int) -> list[dict[str, Any]]:
    """Every page of the feed from the start, as the counter reads it."""
    token = login(central.url, "emp1").tokens.access_token
    http = raw_session(central.url, token)
    pages, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": limit, **({"since": cursor} if cursor else {})}
        r = http.get(f"{central.url}/api/v1/points/{POINT}/changes", params=params, timeout=10)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        pages.append({"since": cursor, "body": r.json()})
        cursor = r.json()["cursor"]
        if not r.json()["has_more"]:
            return pages


def _stored(central: Central) -> dict[tuple[str, str], tuple[int, dict[str, Any]]]:
    with central.db.read() as s:
        rows = s.execute(select(Change.entity, Change.key, Change.seq, Change.data).where(Change.point_id == POINT))
        return {(e, k): (seq, json.loads(data)) for e, k, seq, data in rows}


def _move_to_the_end(central: Central, number: str) -> None:
    """What closing a waybill does to the feed: its snapshot gets the point's next change number."""
    with central.db.write() as s:
        point = central.db.lock_point(s, POINT)
        assert point is not None
        feed.record_waybill(s, point, s.scalars(select(Waybill).where(Waybill.number == number)).one())


def test_the_raw_body_is_the_parsed_page_and_nothing_is_sent_twice_unless_it_moved(central: Central, owner) -> None:
    # Pages of five: the first waybill's last shipment is on the second page, where the old feed sent
    # that waybill again; the second waybill moved to the end comes ahead with its shipments.
    first, second, third = (delivery(owner, n) for n in (5, 4, 2))
    _move_to_the_end(central, second["number"])
    stored = _stored(central)
    pages = _http_pages(central, limit=5)

    delivered: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    with central.db.read() as s:
        point = s.get(Point, POINT)
        assert point is not None
        for page in pages:
            # The body assembled from the stored texts is what parsing them gives, in the API's schema.
            assert page["body"] == feed.read_page(s, point, page["since"], 5).as_json()
            ChangePage.model_validate(page["body"])
            for c in page["body"]["changes"]:
                seq, data = stored[(c["entity"], c["key"])]
                assert (c["seq"], c["data"]) == (seq, data)  # the latest snapshot, unchanged
                delivered.append((c["entity"], c["key"]))
            seen.update((c["entity"], c["key"]) for c in page["body"]["changes"])
            # Whatever a shipment refers to has come with this page or an earlier one.
            for c in page["body"]["changes"]:
                if c["entity"] == "shipment":
                    assert ("waybill", c["data"]["waybill"]) in seen

    # Every row once; the moved waybill also ahead of its place, with the page of its shipments.
    assert sorted(set(delivered)) == sorted(stored)
    assert [k for k in delivered if k[0] == "waybill"] == [
        ("waybill", first["number"]),
        ("waybill", second["number"]),
        ("waybill", third["number"]),
        ("waybill", second["number"]),
    ]
    assert len(delivered) == len(stored) + 1


def test_a_page_stays_within_its_byte_budget(central: Central, owner) -> None:
    delivery(owner, 6)
    sizes = {k: len(json.dumps(d, ensure_ascii=False).encode()) for k, (_, d) in _stored(central).items()}
    budget = max(sizes.values()) * 2 + 1  # two snapshots fit, a third does not
    got: list[str] = []
    with central.db.read() as s:
        point = s.get(Point, POINT)
        assert point is not None
        cursor, more, pages = None, True, 0
        while more:
            page = feed.read_page(s, point, cursor, limit=1000, max_bytes=budget)
            assert 1 <= len(page.changes) <= 2
            got += [c.key for c in page.changes]
            cursor, more, pages = page.cursor, page.has_more, pages + 1
    assert sorted(got) == sorted(k for _, k in sizes) and pages >= len(sizes) // 2
