"""A cache without a cursor loads the point's snapshot in one go, then follows the feed (real server)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from pvz_desktop.store.models import Base, Event, Shipment, SyncState
from pvz_desktop.sync import client as client_module
from pvz_desktop.sync.client import (
    CentralClient,
    MalformedAnswer,
    PointSnapshot,
    ServerUnavailable,
    SnapshotNotServed,
    SnapshotReader,
)
from pvz_desktop.sync.puller import Puller, pull_once
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, ledger, placement
from pvz_desktop.workflows.operation import Operation
from pvz_desktop.workflows.server_changes import reset_cursor, sync_cursor
from tests.builders import PointBuilder
from tests.central.harness import OTHER_POINT, POINT, Central, Counter, delivery, login, make_counter
from tests.sync.proxy import DroppingProxy

# The columns that name a row of another table, by the business key a cache and a replay share.
NATURAL_KEYS = {
    "shipment": "posting_number",
    "waybill": "number",
    "transport_package": "barcode",
    "cell": "code",
    "supply": "number",
    "courier_pickup": "code",
    "outbound_bag": "barcode",
    "support_ticket": "uuid",
}
# What the feed fills: compared row for row (ids and the local time a row was written left out).
FED_TABLES = ("customer", "cell", "waybill", "transport_package", "shipment", "shipment_item")
LOCAL_COLUMNS = {"id", "created_at"}


class HookedClient(CentralClient):
    """The real client; calls ``after_download`` once the snapshot is in, before it is applied."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(counter.auth)
        self.after_download: Any = None
        self.snapshots = 0

    def snapshot(self) -> PointSnapshot:
        taken = super().snapshot()
        self.snapshots += 1
        if self.after_download is not None:
            self.after_download(taken)
        return taken


def _rows(counter: Counter, name: str) -> list[tuple[Any, ...]]:
    """The table's rows with each reference to another row as that row's business key, sorted."""
    table: Table = Base.metadata.tables[name]
    with counter.store.read() as s:
        columns, joins = [], table
        for column in table.columns:
            if column.name in LOCAL_COLUMNS:
                continue
            fk = next(iter(column.foreign_keys), None)
            target = fk.column.table if fk is not None else None
            if target is not None and target.name in NATURAL_KEYS:
                alias = target.alias(f"{column.name}_ref")
                joins = joins.outerjoin(alias, alias.c.id == column)
                columns.append(alias.c[NATURAL_KEYS[target.name]])
            else:
                columns.append(column)
        return sorted(tuple(r) for r in s.execute(select(*columns).select_from(joins)))


def _events(counter: Counter) -> list[tuple[Any, ...]]:
    with counter.store.read() as s:
        query = select(Event.posting_number, Event.kind, Event.from_status, Event.to_status, Event.details)
        return sorted(tuple(r) for r in s.execute(query))


def _indexes(counter: Counter) -> list[tuple[str, str]]:
    """The cache's indexes as created (the load drops the shipment table's and builds them again)."""
    with counter.store.read() as s:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        return [tuple(r) for r in s.connection().exec_driver_sql(query)]


def _count(counter: Counter, model: Any) -> int:
    with counter.store.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _replay(counter: Counter) -> None:
    """The feed from the start, page by page (what a counter did before the snapshot)."""
    while pull_once(counter.ctx, counter.client).has_more:
        pass


def _follow(puller: Puller) -> list[int]:
    """Pull until the feed has nothing more; the changes of each pull."""
    done = []
    while True:
        report = puller.pull_once()
        done.append(report.changes)
        if not report.has_more:
            return done


@pytest.fixture
def busy_point(central: Central, owner, counter: Counter) -> dict:
    """A point with parcels expected, received and stored in a cell, one of them with its storage extended."""
    PointBuilder(counter.store).add_cells()
    first, second = delivery(owner, 30), delivery(owner, 20, customer="41000008")
    counter.pull()
    acceptance.open_waybill(counter.ctx, first["number"])
    for n, s in enumerate(first["shipments"][:12]):
        acceptance.scan(counter.ctx, first["number"], s["posting"])
        if n < 5:
            placement.place(counter.ctx, s["posting"], "C-A-01-01")
    assert push_pending(counter.ctx, counter.client).refused == ()
    posting = first["shipments"][0]["posting"]
    r = owner.request(
        "POST",
        f"/api/v1/points/{POINT}/admin/storage-extensions",
        json={"posting": posting, "days": 3},
    )
    assert r.status_code in (200, 201), r.text
    return {"first": first, "second": second}


def test_the_snapshot_gives_the_same_rows_and_ledger_as_replaying_the_feed(
    central: Central, busy_point: dict, tmp_path: Path
) -> None:
    loaded, replayed = make_counter(tmp_path, "loaded", central.url), make_counter(tmp_path, "replayed", central.url)
    client = HookedClient(loaded)
    pulls = _follow(Puller(loaded.ctx, client))
    _replay(replayed)

    assert client.snapshots == 1 and pulls[0] > 50  # everything came in the snapshot …
    assert pulls[1:] == [0]  # … and the feed after its cursor had nothing more
    for name in FED_TABLES:
        assert _rows(loaded, name) == _rows(replayed, name), name
    assert _count(loaded, Shipment) == 50
    # The same ledger events (a «synced» one for every shipment the cache did not have), chained.
    assert _events(loaded) == _events(replayed) and len(_events(loaded)) >= 50
    assert ledger.verify_chain(loaded.ctx).ok
    assert sync_cursor(loaded.ctx) == sync_cursor(replayed.ctx)
    assert _indexes(loaded) == _indexes(replayed) and any(n == "ix_shipment_order_number" for n, _ in _indexes(loaded))


def test_a_snapshot_is_held_and_written_a_block_at_a_time_with_the_same_result(
    central: Central, busy_point: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With blocks of 7 changes the download holds at most 7 parsed changes, the write reads and
    writes 7 at a time (their rows and ledger events), and the cache is the replay's all the same."""
    monkeypatch.setattr(client_module, "SPOOL_LINES", 7)
    written: list[int] = []  # ledger events waiting in memory each time a block is written
    write_events = Operation.write_events

    def counting(op: Operation) -> None:
        written.append(len(op._events))
        write_events(op)

    monkeypatch.setattr(Operation, "write_events", counting)
    blocks: list[int] = []
    loaded, replayed = make_counter(tmp_path, "loaded", central.url), make_counter(tmp_path, "replayed", central.url)
    client = HookedClient(loaded)
    client.after_download = lambda taken: blocks.extend(len(b) for b in taken.chunks())
    pulls = _follow(Puller(loaded.ctx, client))
    _replay(replayed)

    assert pulls[0] == sum(blocks) > 50 and max(blocks) == 7 and len(blocks) == -(-sum(blocks) // 7)
    assert len(written) == len(blocks) and max(written) <= 7 and sum(written) >= 50
    for name in FED_TABLES:
        assert _rows(loaded, name) == _rows(replayed, name), name
    assert _events(loaded) == _events(replayed)
    assert ledger.verify_chain(loaded.ctx).ok and sync_cursor(loaded.ctx) == sync_cursor(replayed.ctx)


def test_the_reader_holds_at_most_a_block_of_parsed_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "SPOOL_LINES", 2)
    data = _body(changes=9)
    reader = SnapshotReader(POINT, gzipped=False)
    reader.feed(data)  # nine changes in one piece: validated and spilled two at a time
    taken = reader.finish()
    assert reader.held == 2 and [len(b) for b in taken.chunks()] == [2, 2, 2, 2, 1]
    assert [c["key"] for c in taken.changes] == [str(n) for n in range(9)] and taken.count == 9
    taken.close()


def test_changes_made_during_the_download_arrive_after_it_through_the_feed(
    central: Central, owner, busy_point: dict, counter: Counter, tmp_path: Path
) -> None:
    fresh = make_counter(tmp_path, "fresh", central.url)
    client = HookedClient(fresh)
    waybill = busy_point["second"]
    moved = waybill["shipments"][0]["posting"]

    def meanwhile(_: PointSnapshot) -> None:
        # Another counter accepts a parcel the snapshot holds as expected, the owner adds a delivery.
        acceptance.open_waybill(counter.ctx, waybill["number"])
        acceptance.scan(counter.ctx, waybill["number"], moved)
        assert push_pending(counter.ctx, counter.client).refused == ()
        meanwhile.late = delivery(owner, 3)  # type: ignore[attr-defined]

    client.after_download = meanwhile
    puller = Puller(fresh.ctx, client)
    first = puller.pull_once()
    assert first.changes > 50 and first.has_more
    assert fresh.status(moved) == "expected"  # the snapshot was taken before the scan
    _follow(puller)

    late = [s["posting"] for s in meanwhile.late["shipments"]]  # type: ignore[attr-defined]
    assert fresh.status(moved) == "received" and all(fresh.status(p) == "expected" for p in late)
    # Exactly once: one «synced» event from the snapshot and one for the change after it.
    with fresh.store.read() as s:
        steps = s.execute(select(Event.from_status, Event.to_status).where(Event.posting_number == moved)).all()
    assert [tuple(x) for x in steps] == [(None, "expected"), ("expected", "received")]
    assert _count(fresh, Shipment) == 53 and ledger.verify_chain(fresh.ctx).ok
    assert client.snapshots == 1


def test_a_download_cut_mid_way_leaves_the_cache_as_it_was(central: Central, busy_point: dict, tmp_path: Path) -> None:
    proxy = DroppingProxy(central.port)
    try:
        cut = make_counter(tmp_path, "cut", proxy.url)
        proxy.drop_every = 2  # the answer's second chunk is replaced by a closed connection
        proxy.chunks = 0
        with pytest.raises(ServerUnavailable):
            Puller(cut.ctx, cut.client).pull_once()
        assert proxy.dropped == 1
        assert _count(cut, Shipment) == 0 and _count(cut, Event) == 0 and sync_cursor(cut.ctx) is None
        proxy.drop_every = 0
        _follow(Puller(cut.ctx, cut.client))  # the next try loads it whole
        assert _count(cut, Shipment) == 50 and ledger.verify_chain(cut.ctx).ok
    finally:
        proxy.close()


def test_a_snapshot_that_cannot_be_applied_writes_nothing(central: Central, busy_point: dict, tmp_path: Path) -> None:
    class Spoiling(HookedClient):
        """The last shipment of the snapshot gets a status no version knows: found only at the end."""

        def snapshot(self) -> PointSnapshot:
            taken = super().snapshot()
            sent = taken.changes
            taken.close()  # its spool: the changes are handed on in memory
            at = max(i for i, c in enumerate(sent) if c["entity"] == "shipment")
            bad = {**sent[at], "data": {**sent[at]["data"], "status": "испорчен"}}
            return PointSnapshot((*sent[:at], bad, *sent[at + 1 :]), taken.cursor, taken.size)

    fresh = make_counter(tmp_path, "fresh", central.url)
    indexes = _indexes(fresh)
    with pytest.raises(MalformedAnswer):
        Puller(fresh.ctx, Spoiling(fresh)).pull_once()
    assert _count(fresh, Shipment) == 0 and _count(fresh, Event) == 0 and sync_cursor(fresh.ctx) is None
    assert _indexes(fresh) == indexes  # the dropped indexes came back with the rollback


def test_after_a_reset_the_snapshot_refreshes_the_cache_and_keeps_unpushed_work(
    central: Central, busy_point: dict, counter: Counter
) -> None:
    counter.pull()  # up to date with the feed
    waybill = busy_point["second"]
    posting = waybill["shipments"][1]["posting"]
    acceptance.open_waybill(counter.ctx, waybill["number"])
    acceptance.scan(counter.ctx, waybill["number"], posting)  # not pushed yet
    events_before = _count(counter, Event)
    reset_cursor(counter.ctx)  # what the server's «reset» answer does
    client = HookedClient(counter)
    _follow(Puller(counter.ctx, client))
    assert client.snapshots == 1 and sync_cursor(counter.ctx) is not None
    assert counter.status(posting) == "received"  # the local scan wins until it is pushed
    assert _count(counter, Shipment) == 50 and _count(counter, Event) == events_before  # nothing changed meanwhile
    assert ledger.verify_chain(counter.ctx).ok


def test_a_server_without_the_snapshot_route_is_pulled_through_the_feed(
    central: Central, busy_point: dict, tmp_path: Path
) -> None:
    class OldServer(CentralClient):
        asked = 0

        def snapshot(self) -> PointSnapshot:
            OldServer.asked += 1
            raise SnapshotNotServed("Not Found")

    fresh = make_counter(tmp_path, "old", central.url)
    puller = Puller(fresh.ctx, OldServer(fresh.auth))
    _follow(puller)
    assert _count(fresh, Shipment) == 50 and OldServer.asked == 1
    with fresh.store.write() as s:
        s.get(SyncState, 1).cursor = None  # type: ignore[union-attr]
    _follow(puller)  # remembered: not asked again at once
    assert OldServer.asked == 1


def test_the_route_serves_only_the_logged_in_point(central: Central, busy_point: dict, owner) -> None:
    other = login(central.url, "owner2")
    denied = owner.request("GET", f"/api/v1/points/{OTHER_POINT}/snapshot")
    assert denied.status_code == 403 and denied.json()["code"] == "other_point"
    assert other.request("GET", f"/api/v1/points/{POINT}/snapshot").status_code == 403
    # Each point's own snapshot holds its parcels only.
    mine = owner.request("GET", f"/api/v1/points/{POINT}/snapshot")
    theirs = other.request("GET", f"/api/v1/points/{OTHER_POINT}/snapshot")
    assert mine.headers["Content-Encoding"] == "gzip"
    assert mine.headers["Content-Type"].startswith("application/x-ndjson")
    postings = [s["posting"] for s in busy_point["first"]["shipments"]]
    assert all(p in mine.text for p in postings) and not any(p in theirs.text for p in postings)
    assert theirs.text.splitlines()[-1] == '{"end": 0}'
    # No token: 401, as the feed.
    import requests

    assert requests.get(f"{central.url}/api/v1/points/{POINT}/snapshot", timeout=10).status_code == 401


def _supply(key: str, **override: object) -> dict[str, object]:
    """A supply as ``pvz_central.snapshots.supply_data`` writes it."""
    data = {"number": key, "seller": "ООО Ромашка", "route": "R1", "status": "announced"}
    data |= {"created_at": "2026-12-01T09:30:00.123456", "closed_at": None, "unexpected": [], "version": 1}
    return data | override


def _body(point: str = POINT, changes: int = 3, end: int | None = None, **override: object) -> bytes:
    head = json.dumps({"format": 1, "point": point, "cursor": "c"})
    lines = [
        json.dumps({"entity": "supply", "key": str(n), "seq": n, "data": _supply(str(n), **override)})
        for n in range(changes)
    ]
    return "\n".join([head, *lines, json.dumps({"end": changes if end is None else end})]).encode() + b"\n"


@pytest.mark.parametrize("step", [1, 7, 4096])
def test_the_reader_takes_a_whole_snapshot_in_any_chunks_gzipped_or_not(step: int) -> None:
    for gzipped in (True, False):
        data = gzip.compress(_body()) if gzipped else _body()
        reader = SnapshotReader(POINT, gzipped=gzipped)
        for at in range(0, len(data), step):
            reader.feed(data[at : at + step])
        taken = reader.finish()
        assert [c["key"] for c in taken.changes] == ["0", "1", "2"] and taken.cursor == "c" and taken.size == len(data)


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(_body())[:-20],  # cut inside the gzip stream
        gzip.compress(_body().rsplit(b"\n", 2)[0] + b"\n"),  # whole gzip, no end line
        gzip.compress(_body(end=2)),  # the end line counts another number
        gzip.compress(_body(point=OTHER_POINT)),  # another point's
        gzip.compress(_body().replace(b'"format": 1', b'"format": 2')),  # a format this version does not read
        gzip.compress(_body().replace(b'"cursor": "c"', b'"cursor": 5')),  # a head of the wrong shape
        gzip.compress(_body().replace(b'{"end": 3}', b'{"end": "3"}')),  # an end line of the wrong shape
        gzip.compress(_body(version="2")),  # an entity's field of the wrong type
        gzip.compress(_body().replace(b'{"end": 3}', b'{"end": 3}\n{"end": 3}')),  # a line after the end
        b"<html>proxy error</html>",
    ],
)
def test_the_reader_refuses_anything_but_a_whole_snapshot_of_its_point(data: bytes) -> None:
    reader = SnapshotReader(POINT)
    with pytest.raises(MalformedAnswer):
        reader.feed(data)
        reader.finish()


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"version": "2"}, "строка 2, data.version"),
        ({"created_at": "вчера"}, "строка 2, data.created_at"),
        ({"unexpected": [1]}, "строка 2, data.unexpected.0"),
        ({"number": ""}, "строка 2, data.number"),
    ],
)
def test_a_malformed_entity_in_the_snapshot_is_refused_naming_its_line_and_field(override, named: str) -> None:
    reader = SnapshotReader(POINT)
    with pytest.raises(MalformedAnswer, match=named):
        reader.feed(gzip.compress(_body(**override)))
        reader.finish()
