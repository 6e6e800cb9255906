"""Hostile-server drill: the change feed answers garbage and the counter's store stays as it was.

A counter synced with the real central server is pointed at a small local HTTP server that
poses as the change feed. For every malformed answer the puller raises only its documented
``ServerUnavailable`` (``MalformedAnswer``) and the store is unchanged: integrity check ok,
ledger chain verifies, shipments and cursor as before. Then hypothesis fuzzes the page parser
and the applying of pages with random snapshots.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event, Shipment
from pvz_desktop.sync import client as client_module
from pvz_desktop.sync.client import (
    AccessDenied,
    CentralClient,
    ChangePage,
    MalformedAnswer,
    ServerUnavailable,
    parse_change_page,
)
from pvz_desktop.sync.puller import Puller, pull_once
from pvz_desktop.sync.pusher import push_pending, reread
from pvz_desktop.workflows import acceptance, placement, server_changes
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.outbox_body import operation_body
from tests.builders import PointBuilder
from tests.central.harness import POINT, Counter, delivery, login, make_counter, start_central
from tests.drills.checks import integrity, ledger_chain

DRILL = "hostile server"


@dataclass
class Answer:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = ()


class FeedImpostor(ThreadingHTTPServer):
    """Answers every request with ``answer``, whatever was asked."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = Answer()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(
        self, body: Any, *, status: int = 200, content_type: str = "application/json", gzipped: bool = False
    ) -> None:
        """``gzipped``: ``body`` is sent as it is, said to be gzip'd (``Content-Encoding: gzip``)."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answer = Answer(status, content_type, raw, (("Content-Encoding", "gzip"),) if gzipped else ())

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FeedImpostor

    def do_GET(self) -> None:
        answer = self.server.answer
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    do_POST = do_GET  # a pushed operation gets the same answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class World:
    counter: Counter
    db: Path
    impostor: FeedImpostor
    client: CentralClient  # the counter's login, talking to the impostor
    first_cursor: str
    snapshots: dict[str, dict[str, Any]]  # posting -> the server's snapshot of it


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("hostile")
    central = start_central(f"sqlite:///{tmp / 'central.db'}")
    owner = login(central.url, "owner1")
    waybill = delivery(owner, 5)
    counter = make_counter(tmp, "counter-hostile", central.url)
    counter.pull()
    first_cursor = server_changes.sync_cursor(counter.ctx)
    assert first_cursor is not None
    cells = PointBuilder(counter.store).add_cells(racks=1, shelves=5)
    acceptance.open_waybill(counter.ctx, waybill["number"])
    for cell, sh in zip(cells, waybill["shipments"], strict=True):
        acceptance.scan(counter.ctx, waybill["number"], sh["posting"])
        placement.place(counter.ctx, sh["posting"], cell)
    push_pending(counter.ctx, counter.client)
    counter.pull()
    snapshots = {sh["posting"]: counter.client.shipment(sh["posting"]) for sh in waybill["shipments"]}
    impostor = FeedImpostor()
    counter.auth.api_url = impostor.url  # the same login, now answered by the impostor
    try:
        yield World(
            counter, tmp / "counter-hostile.db", impostor, CentralClient(counter.auth, POINT), first_cursor, snapshots
        )
    finally:
        impostor.close()
        counter.store.close()
        central.close()


def _state(db: Path) -> tuple[Any, ...]:
    """Everything a pull may change: shipments, their lines, the cursor, the ledger's length."""
    with closing(sqlite3.connect(db)) as conn:
        return (
            conn.execute("SELECT * FROM shipment ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM shipment_item ORDER BY id").fetchall(),
            conn.execute("SELECT cursor FROM sync_state").fetchall(),
            conn.execute("SELECT count(*) FROM event").fetchone(),
        )


def _sound(db: Path) -> None:
    assert integrity(db) == "ok"
    report = ledger_chain(db)
    assert report.ok, report


def _page(changes: list[Any], cursor: Any = "Y3Vyc29y", has_more: Any = False, reset: Any = False) -> dict[str, Any]:
    return {"changes": changes, "cursor": cursor, "has_more": has_more, "reset": reset}


def _shipment_change(snapshot: dict[str, Any], **override: Any) -> dict[str, Any]:
    return {"entity": "shipment", "key": snapshot["posting"], "seq": 1, "data": {**snapshot, **override}}


def _waybill_change(**override: Any) -> dict[str, Any]:
    """A waybill as ``pvz_central.snapshots.waybill_data`` writes it, with ``override``."""
    data = {"number": "TN-0000099999", "courier": "Гусев Д.", "status": "open", "created_at": "2026-12-03T09:00:00"}
    data |= {"closed_at": None, "version": 1, "packages": [{"barcode": "GM0000099999", "state": "expected"}]}
    return {"entity": "waybill", "key": "TN-0000099999", "seq": 1, "data": data | override}


JSON_TYPE = "application/json"
# Name -> the body of a 200 answer (from a real shipment snapshot) that no API version sends.
GARBAGE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "invalid JSON": lambda s: b'{"changes": [{"entity": "shipment"',
    "empty body": lambda s: b"",
    "a list, not an object": lambda s: [1, 2, 3],
    "missing fields": lambda s: {"changes": []},
    "changes not a list": lambda s: _page("abc"),
    "flags of wrong type": lambda s: _page([], has_more="yes", reset=None),
    "cursor a number": lambda s: _page([], cursor=5),
    "changes of wrong type": lambda s: _page([1, "x", None, []]),
    "change without data": lambda s: _page([{"entity": "shipment", "key": "k"}]),
    "unknown status": lambda s: _page([_shipment_change(s, status="teleported", version=99)]),
    "version not a number": lambda s: _page([_shipment_change(s, version="new")]),
    "posting a list": lambda s: _page([_shipment_change(s, posting=["x"], version=99)]),
    "shipment without posting": lambda s: _page([{"entity": "shipment", "key": "k", "data": {"status": "stored"}}]),
    "item lines of wrong type": lambda s: _page([_shipment_change(s, items=[{"line_no": "one"}], version=99)]),
    "waybill without number": lambda s: _page([{"entity": "waybill", "key": "w", "data": {}}]),
    "a good change, then a bad one": lambda s: _page(
        [_shipment_change(s, status="issued", version=99), _shipment_change(s, status=7, version=100)]
    ),
    "customer id a number": lambda s: _page([_shipment_change(s, customer={"id": 5, "name": "И", "phone_last4": ""})]),
    "a time that is no time": lambda s: _page([_shipment_change(s, stored_at="вчера", version=99)]),
    "amount due a string": lambda s: _page([_shipment_change(s, amount_due="100", version=99)]),
    "a 70-bit amount": lambda s: _page([_shipment_change(s, amount_due=2**70, version=99)]),
    "waybill package without barcode": lambda s: _page([_waybill_change(packages=[{"state": "expected"}])]),
    "waybill version negative": lambda s: _page([_waybill_change(version=-1)]),
    "support message without ticket": lambda s: _page(
        [{"entity": "support_message", "key": "m", "seq": 1, "data": {"uuid": "m", "author": "support", "body": "?"}}]
    ),
    "100k-item list": lambda s: _page(list(range(100_000))),
    "50 MB cursor": lambda s: _page([], cursor="A" * 50_000_000),
}


@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_from_the_feed_changes_nothing(world: World, name: str) -> None:
    world.impostor.serve(GARBAGE[name](next(iter(world.snapshots.values()))))
    before = _state(world.db)
    with pytest.raises(MalformedAnswer):
        pull_once(world.counter.ctx, world.client)
    assert _state(world.db) == before
    _sound(world.db)


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"stored_at": "вчера"}, "changes.1.data.stored_at"),
        ({"customer": {"id": "48213377", "name": None, "phone_last4": "1234"}}, "changes.1.data.customer.name"),
        ({"items": [{"line_no": 1, "name": "x", "qty": "1", "price": 0, "refused": False}]}, "data.items.0.qty"),
    ],
)
def test_a_bad_entity_field_refuses_the_whole_page_naming_the_field(world: World, override, named: str) -> None:
    """A good change, then one with one field wrong: nothing of the page is applied, and the
    reason names the field (the log and the sync status show it)."""
    good, bad = list(world.snapshots.values())[:2]
    cursor = server_changes.sync_cursor(world.counter.ctx)
    changes = [_shipment_change(good, status="issued", version=99), _shipment_change(bad, version=99, **override)]
    world.impostor.serve(_page(changes, cursor))
    before = _state(world.db)
    with pytest.raises(MalformedAnswer, match=named.replace(".", r"\.")):
        pull_once(world.counter.ctx, world.client)
    assert _state(world.db) == before
    _sound(world.db)


def _snapshot(lines: list[Any], point: str = POINT) -> bytes:
    head = {"format": 1, "point": point, "cursor": "Y3Vyc29y"}
    return b"".join(json.dumps(x).encode() + b"\n" for x in [head, *lines, {"end": len(lines)}])


def test_a_bad_entity_in_the_snapshot_loads_nothing(world: World) -> None:
    """A cache without a cursor loads the point's snapshot: one change with a wrong field and
    none of it is written, the cursor stays unset, the error names the line and the field."""
    good, bad = list(world.snapshots.values())[:2]
    lines = [_shipment_change(good, status="issued", version=99), _shipment_change(bad, version="99")]
    world.impostor.serve(_snapshot(lines), content_type="application/x-ndjson")
    with _as_new_counter(world) as before:
        with pytest.raises(MalformedAnswer, match=r"строка 3, data\.version"):
            Puller(world.counter.ctx, world.client).pull_once()
        after = _state(world.db)
        assert after[:2] == before[:2] and after[2] == [(None,)] and after[3] == before[3]


@contextmanager
def _as_new_counter(world: World) -> Iterator[list]:
    """The counter's state before, with its cursor forgotten (as a new counter's) while the block
    runs; the cursor is put back afterwards and the store checked sound."""
    cursor = server_changes.sync_cursor(world.counter.ctx)
    before = _state(world.db)
    server_changes.reset_cursor(world.counter.ctx)
    try:
        yield before
    finally:
        with closing(sqlite3.connect(world.db)) as conn, conn:
            conn.execute("UPDATE sync_state SET cursor = ?", (cursor,))
    _sound(world.db)


def _changes(world: World) -> list[dict[str, Any]]:
    """The world's shipments as snapshot lines, as the server last sent them."""
    return [_shipment_change(s) for s in world.snapshots.values()]


def _with(line: dict[str, Any], **data: Any) -> dict[str, Any]:
    return {**line, "data": {**line["data"], **data}}


def _cut_mid_line(lines: list[dict[str, Any]]) -> bytes:
    whole = _snapshot(lines)
    return whole[: whole.index(b"\n", whole.index(b"\n") + 1) + 40]  # 40 bytes into the second change


FIFTY_MB = 50 << 20
# Name -> (lines -> the body of a snapshot answer no server of this API sends, and whether it says gzip).
HOSTILE_SNAPSHOTS: dict[str, tuple[Callable[[list[dict[str, Any]]], bytes], bool]] = {
    "cut mid-line": (_cut_mid_line, False),
    "cut mid-line, gzip'd": (lambda lines: gzip.compress(_snapshot(lines))[:-30], True),
    "another point's": (lambda lines: _snapshot(lines, point="p2"), False),
    "said gzip, is not": (_snapshot, True),
    "gzip with a broken body": (lambda lines: (z := gzip.compress(_snapshot(lines)))[:20] + b"\0" * 64 + z[84:], True),
    "a version past 64 bits": (lambda lines: _snapshot([_with(lines[0], version=10**30)]), False),
    "an amount past 64 bits": (lambda lines: _snapshot([_with(lines[0], amount_due=-(10**25))]), False),
    "a 50 MB line, gzip'd": (
        lambda lines: gzip.compress(_snapshot([_with(lines[0], order="7" * (50 << 20))]), 1),
        True,
    ),
    "a line that never ends": (lambda lines: gzip.compress(_snapshot(lines)[:-5] + b" " * FIFTY_MB, 1), True),
    "a waybill after its shipments, a block later": (lambda lines: _snapshot([*lines, _waybill_change()]), False),
}


@pytest.mark.parametrize("name", HOSTILE_SNAPSHOTS)
def test_a_hostile_snapshot_loads_nothing(world: World, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache without a cursor asks for the point's snapshot and gets one no server sends: the
    load is refused as MalformedAnswer (retried later like an outage), nothing of it is written,
    the cursor stays unset (the next try asks again), the store is sound."""
    monkeypatch.setattr(client_module, "SPOOL_LINES", 2)  # blocks of two: the load goes over several
    make, gzipped = HOSTILE_SNAPSHOTS[name]
    world.impostor.serve(make(_changes(world)), content_type="application/x-ndjson", gzipped=gzipped)
    with _as_new_counter(world) as before:
        with pytest.raises(MalformedAnswer):
            Puller(world.counter.ctx, world.client).pull_once()
        after = _state(world.db)
        assert after[:2] == before[:2] and after[2] == [(None,)] and after[3] == before[3]


def test_a_snapshot_with_duplicated_lines_loads_each_row_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line twice, the copies in other blocks (the end line counts them all): taken as the
    same state twice, into an empty cache and into this one — each shipment once, its ledger event
    once, nothing else moved."""
    monkeypatch.setattr(client_module, "SPOOL_LINES", 2)
    lines = _changes(world)
    world.impostor.serve(_snapshot(lines + lines), content_type="application/x-ndjson")
    empty = WorkflowContext(store=open_store(world.db.with_name("counter-empty.db")), actor=world.counter.ctx.actor)
    report = Puller(empty, world.client).pull_once()
    assert report.changes == 2 * len(lines)
    with empty.store.read() as s:
        postings = s.scalars(select(Shipment.posting_number)).all()
        synced = s.scalar(select(func.count()).select_from(Event).where(Event.kind == "synced"))
    assert sorted(postings) == sorted(world.snapshots) and synced == len(lines)
    empty.store.close()
    _sound(world.db.with_name("counter-empty.db"))

    with _as_new_counter(world) as before:
        Puller(world.counter.ctx, world.client).pull_once()
        after = _state(world.db)
        assert after[:2] == before[:2] and after[2] == [("Y3Vyc29y",)] and after[3] == before[3]


def test_html_with_status_200_changes_nothing(world: World) -> None:
    world.impostor.serve(b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")
    before = _state(world.db)
    with pytest.raises(MalformedAnswer):
        pull_once(world.counter.ctx, world.client)
    assert _state(world.db) == before


@pytest.mark.parametrize("status", [500, 502, 503, 429, 404, 418])
def test_error_statuses_are_server_unavailable(world: World, status: int) -> None:
    world.impostor.serve(b"<html>oops</html>", status=status, content_type="text/html")
    before = _state(world.db)
    with pytest.raises(ServerUnavailable):
        pull_once(world.counter.ctx, world.client)
    assert _state(world.db) == before


def test_unknown_entities_are_skipped(world: World) -> None:
    cursor = server_changes.sync_cursor(world.counter.ctx)
    world.impostor.serve(
        _page([{"entity": "planet", "key": str(i), "seq": i, "data": {}} for i in range(100_000)], cursor)
    )
    before = _state(world.db)
    report = pull_once(world.counter.ctx, world.client)
    assert report.changes == 100_000 and report.status_changes == 0
    assert _state(world.db)[:3] == before[:3]  # the page's own ledger entry aside, nothing moved
    _sound(world.db)


def test_an_old_cursor_with_old_snapshots_does_not_roll_shipments_back(world: World) -> None:
    """The cursor is opaque to the counter (pvz_central.feed): it cannot tell an old one from a
    new one. What matters holds: older snapshots never replace newer ones."""
    old = [
        _shipment_change(s, status="received", cell=None, version=s["version"] - 1) for s in world.snapshots.values()
    ]
    world.impostor.serve(_page(old, world.first_cursor))
    before = _state(world.db)
    pull_once(world.counter.ctx, world.client)
    assert _state(world.db)[:2] == before[:2]
    assert {world.counter.status(p) for p in world.snapshots} == {"stored"}
    _sound(world.db)


# Name -> (status, body) of an answer to a pushed operation that no API version sends.
PUSH_GARBAGE: dict[str, tuple[int, Any]] = {
    "409, not JSON": (409, b"<html>Conflict</html>"),
    "409, a list": (409, [1, 2]),
    "409 without a reason": (409, {"code": "already_issued"}),
    "409, reason a number": (409, {"reason": 5, "code": "x"}),
    "422, a string": (422, "bad"),
    "409 for another operation": (409, {"result": "refused", "op_id": "another", "reason": "Нет."}),
    "200 for another operation": (200, {"result": "applied", "op_id": "another"}),
    "200 saying refused": (200, {"result": "refused", "op_id": "6f1c2a8e-0000-4000-8000-000000000001", "reason": "?"}),
    "200, op_id a number": (200, {"result": "applied", "op_id": 7}),
    "422 without a detail": (422, {"code": "invalid_input", "errors": []}),
    "422, detail a list": (422, {"code": "invalid_input", "detail": ["поле"], "errors": []}),
    "422, field errors of wrong shape": (
        422,
        {"code": "invalid_input", "detail": "Неверно.", "errors": [{"loc": "x"}]},
    ),
    "422, a proxy's page": (422, b"<html>Unprocessable</html>"),
    "403, a proxy's page": (403, b"<html>Forbidden</html>"),
    "404, a proxy's page": (404, b"<html>Not Found</html>"),
    "400 without a code": (400, {"detail": "Запрос не разобран."}),
}


@pytest.mark.parametrize("name", list(PUSH_GARBAGE))
def test_garbage_answer_to_a_pushed_operation_is_malformed(world: World, name: str) -> None:
    status, body = PUSH_GARBAGE[name]
    world.impostor.serve(body, status=status)
    before = _state(world.db)
    with pytest.raises(MalformedAnswer):
        world.client.push("6f1c2a8e-0000-4000-8000-000000000001", operation_body("issue", {"posting": "x"}))
    assert _state(world.db) == before


def test_a_422_names_the_field_the_server_names(world: World) -> None:
    field = {"loc": ["body", "payload", "transitions", "0", "to"], "msg": "Input should be 'stored'", "type": "enum"}
    world.impostor.serve({"code": "invalid_input", "detail": "Неверный запрос.", "errors": [field]}, status=422)
    answer = world.client.push("6f1c2a8e-0000-4000-8000-000000000003", operation_body("issue", {"posting": "x"}))
    assert (answer.applied, answer.code) == (False, "invalid")
    assert answer.reason == "Неверный запрос. (payload.transitions.0.to: Input should be 'stored')"


def test_a_403_with_the_error_body_is_a_refusal_with_its_reason(world: World) -> None:
    world.impostor.serve({"code": "forbidden", "detail": "Токен другого пункта.", "errors": []}, status=403)
    with pytest.raises(AccessDenied, match="Токен другого пункта"):
        world.client.push("6f1c2a8e-0000-4000-8000-000000000004", operation_body("issue", {"posting": "x"}))


def test_a_real_refusal_still_reads_as_one(world: World) -> None:
    key = "6f1c2a8e-0000-4000-8000-000000000002"
    refusal = {"result": "refused", "op_id": key, "reason": "Отправление уже выдано на другой кассе."}
    world.impostor.serve({**refusal, "code": "already_issued", "posting": "x"}, status=409)
    answer = world.client.push(key, operation_body("issue", {"posting": "x"}))
    assert (answer.applied, answer.reason, answer.code) == (
        False,
        "Отправление уже выдано на другой кассе.",
        "already_issued",
    )


# Name -> the body of a 200 answer to «GET shipments/<posting>» (from the real snapshot) that no API sends.
SHIPMENT_GARBAGE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "invalid JSON": lambda s: b'{"posting": ',
    "a list": lambda s: [s],
    "empty object": lambda s: {},
    "another shipment": lambda s: {**s, "posting": s["posting"] + "-9"},
    "posting a list": lambda s: {**s, "posting": [s["posting"]]},
    "unknown status": lambda s: {**s, "status": "teleported", "version": 99},
    "version not a number": lambda s: {**s, "status": "issued", "version": "new"},
    "item lines of wrong type": lambda s: {**s, "items": [{"line_no": "one"}], "version": 99},
}


@pytest.mark.parametrize("name", list(SHIPMENT_GARBAGE))
def test_garbage_shipment_on_reread_changes_nothing(world: World, name: str) -> None:
    snapshot = next(iter(world.snapshots.values()))
    world.impostor.serve(SHIPMENT_GARBAGE[name](snapshot))
    before = _state(world.db)
    with pytest.raises(MalformedAnswer):
        reread(world.counter.ctx, world.client, (snapshot["posting"],))
    assert _state(world.db) == before
    _sound(world.db)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
FIELDS = ("posting", "status", "version", "cell", "items", "waybill", "package", "customer", "number", "parent")


def _near_page() -> st.SearchStrategy[Any]:
    """Pages with the API's keys and random values: the parser's edge."""
    change = st.fixed_dictionaries(
        {
            "entity": st.sampled_from([*server_changes.ENTITY_ORDER, "x"]) | JSON,
            "key": JSON,
            "seq": st.integers() | JSON,
            "data": JSON,
        }
    )
    return st.fixed_dictionaries(
        {"changes": st.lists(change, max_size=4) | JSON, "cursor": st.none() | st.text(max_size=250) | JSON},
        optional={"has_more": st.booleans() | JSON, "reset": st.booleans() | JSON},
    )


def test_fuzz_the_page_parser(size, figures) -> None:
    examples = size(400, 10_000)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(JSON | _near_page())
    def fuzz(body: Any) -> None:
        try:
            page = parse_change_page(body)
        except MalformedAnswer:
            return
        assert isinstance(page, ChangePage) and all(isinstance(c["data"], dict) for c in page.changes)

    fuzz()
    figures(DRILL, "page parser examples", examples)


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("shipment", "version", float("inf")),  # int() of it overflows
        ("shipment", "version", 2**70),  # no SQLite INTEGER holds it
        ("waybill", "number", float("inf")),  # a key JSON cannot carry to SQLite
    ],
)
def test_numbers_no_column_can_hold_are_a_malformed_page(world: World, entity: str, field: str, value: Any) -> None:
    """Values the fuzz drill found: each page is refused whole, and nothing changes."""
    base = next(iter(world.snapshots.values()))
    change = {"entity": entity, "key": "k", "seq": 1, "data": {**base, field: value}}
    world.impostor.serve(_page([change], server_changes.sync_cursor(world.counter.ctx)))
    before = _state(world.db)
    with pytest.raises(MalformedAnswer):
        pull_once(world.counter.ctx, world.client)
    assert _state(world.db) == before


def test_fuzz_applying_pages_of_random_snapshots(world: World, size, figures) -> None:
    """Snapshots with the shipment's real fields, some replaced by random values: a page is
    applied whole or raises MalformedAnswer and changes nothing."""
    examples = size(150, 3_000)
    real = list(world.snapshots.values())
    data = st.builds(
        lambda base, extra: {**base, **extra},
        st.sampled_from(real),
        st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=3),
    )
    change = st.builds(
        lambda e, d: {"entity": e, "key": "k", "seq": 1, "data": d}, st.sampled_from(["shipment", "waybill"]), data
    )
    outcomes = {"applied": 0, "refused": 0}

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(change, min_size=1, max_size=3))
    def fuzz(changes: list[dict[str, Any]]) -> None:
        world.impostor.serve(_page(changes, server_changes.sync_cursor(world.counter.ctx)))
        before = _state(world.db)
        try:
            pull_once(world.counter.ctx, world.client)
        except MalformedAnswer:
            outcomes["refused"] += 1
            assert _state(world.db) == before
            return
        outcomes["applied"] += 1

    fuzz()
    _sound(world.db)
    figures(DRILL, "random pages applied / refused", f"{outcomes['applied']} / {outcomes['refused']}")
    assert outcomes["refused"] > 0
