"""The counter pushes its outbox in batches: in order, each operation once, refusals as before,
lost answers replayed by key, and single pushes to a server without the batch route."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.types import Receive, Scope, Send

from pvz_central.app import create_app
from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_central.server import start_in_thread
from pvz_desktop.store.models import Cell, Outbox
from pvz_desktop.sync.client import CentralClient, ServerUnavailable
from pvz_desktop.sync.pusher import pending_count, push_pending
from pvz_desktop.workflows import acceptance, placement
from tests.builders import PointBuilder
from tests.central.harness import Central, Counter, delivery, make_counter
from tests.sync.proxy import DroppingProxy

BATCH_PATH = "/operations/batch"


@dataclass
class Calls:
    """The requests a client made: the size of each batch, and the number of single pushes."""

    batches: list[int] = field(default_factory=list)
    singles: int = 0


def _count_calls(client: CentralClient, monkeypatch: pytest.MonkeyPatch) -> Calls:
    calls = Calls()
    push_batch, push = client.push_batch, client.push

    def counted_batch(ops: Any) -> Any:
        calls.batches.append(len(ops))
        return push_batch(ops)

    def counted_push(*args: Any) -> Any:
        calls.singles += 1
        return push(*args)

    monkeypatch.setattr(client, "push_batch", counted_batch)
    monkeypatch.setattr(client, "push", counted_push)
    return calls


def _scan_all(counter: Counter, waybill: dict) -> list[str]:
    postings = [s["posting"] for s in waybill["shipments"]]
    acceptance.open_waybill(counter.ctx, waybill["number"])
    for p in postings:
        acceptance.scan(counter.ctx, waybill["number"], p)
    return postings


def _outbox(counter: Counter) -> list[tuple[str, str, int]]:
    with counter.store.read() as s:
        return [tuple(r) for r in s.execute(select(Outbox.op_id, Outbox.state, Outbox.attempts).order_by(Outbox.id))]


def _server_log(central: Central) -> tuple[dict[str, int], dict[str, list[str]]]:
    """The stored keys with their status codes, and each shipment's actions in the order applied."""
    with central.db.read() as s:
        records = dict(s.execute(select(OperationRecord.key, OperationRecord.status_code)).all())
        events = s.execute(select(ShipmentEvent.posting_number, ShipmentEvent.action).order_by(ShipmentEvent.id))
        actions: dict[str, list[str]] = defaultdict(list)
        for posting, action in events:
            actions[posting].append(action)
    return records, dict(actions)


def test_five_hundred_operations_go_in_batches_and_land_exactly_once(central, owner, counter, monkeypatch):
    waybill = delivery(owner, 499)
    counter.pull()
    postings = _scan_all(counter, waybill)  # 500 operations: the opening, then a scan each
    calls = _count_calls(counter.client, monkeypatch)

    report = push_pending(counter.ctx, counter.client)

    assert (report.applied, report.refused) == (500, ())
    assert calls == Calls([100] * 5, 0)
    outbox = _outbox(counter)
    assert {(state, attempts) for _, state, attempts in outbox} == {("sent", 1)}
    records, actions = _server_log(central)
    assert records == {key: 200 for key, _, _ in outbox}
    assert actions == {p: ["accept"] for p in postings}
    assert list(actions) == postings  # applied in the outbox's order
    assert {central.central_status(p) for p in postings} == {"received"}


def test_a_refused_operation_in_a_batch_is_handled_as_before(central, owner, counter, tmp_path: Path):
    other = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    try:
        for c in (counter, other):
            PointBuilder(c.store).add_cells()
        waybill = delivery(owner, 3)
        a, b, c = (s["posting"] for s in waybill["shipments"])
        counter.pull()
        other.pull()
        # The other counter accepts «b» and shelves it first.
        acceptance.open_waybill(other.ctx, waybill["number"])
        acceptance.scan(other.ctx, waybill["number"], b)
        placement.place(other.ctx, b, "C-A-01-02")
        assert push_pending(other.ctx, other.client).refused == ()

        _scan_all(counter, waybill)  # «b» is still expected here: its scan is stale
        report = push_pending(counter.ctx, counter.client)

        assert report.applied == 3 and len(report.refused) == 1
        (refusal,) = report.refused
        assert refusal.postings == (b,) and "изменили на другой стойке" in refusal.reason
        states = [state for _, state, _ in _outbox(counter)]
        assert states == ["sent", "sent", "refused", "sent"]  # open, a, b, c
        with counter.store.read() as s:
            row = s.scalar(select(Outbox).where(Outbox.op_id == refusal.op_id))
            assert row.last_error == refusal.reason
        # The refused shipment was re-read: the counter shows the server's shelf.
        shipment = counter.shipment(b)
        assert shipment.status == "stored"
        with counter.store.read() as s:
            assert s.get(Cell, shipment.cell_id).code == "C-A-01-02"
        assert [central.central_status(p) for p in (a, b, c)] == ["received", "stored", "received"]
    finally:
        other.store.close()


def test_a_lost_batch_answer_is_resent_and_replayed_by_key(central, owner, tmp_path: Path):
    proxy = DroppingProxy(central.port)
    counter = make_counter(tmp_path, "counter-lossy", proxy.url)  # logs in while nothing is dropped
    try:
        waybill = delivery(owner, 9)
        counter.pull()
        postings = _scan_all(counter, waybill)
        proxy.drop_every = 1  # the server applies the batch; its answer never arrives
        with pytest.raises(ServerUnavailable):
            push_pending(counter.ctx, counter.client)
        outbox = _outbox(counter)
        assert {(state, attempts) for _, state, attempts in outbox} == {("pending", 1)}
        records, actions = _server_log(central)
        assert set(records) == {key for key, _, _ in outbox} and actions == {p: ["accept"] for p in postings}

        proxy.drop_every = 0
        report = push_pending(counter.ctx, counter.client)
        assert (report.applied, report.refused) == (10, ())
        assert pending_count(counter.store) == 0
        assert _server_log(central) == (records, actions)  # replayed: nothing applied twice
    finally:
        proxy.close()
        counter.store.close()


@pytest.fixture
def old_server(central: Central) -> Iterator[str]:
    """The same database served by an API without the batch route (a server not yet updated)."""
    app = create_app(central.db)

    async def older_api(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(BATCH_PATH):
            await JSONResponse({"detail": "Not Found"}, 404)(scope, receive, send)  # FastAPI's answer to no route
            return
        await app(scope, receive, send)

    thread = start_in_thread(older_api)  # type: ignore[arg-type]
    yield thread.url
    thread.stop()


def test_a_server_without_the_batch_route_gets_single_pushes(central, owner, old_server, tmp_path, monkeypatch):
    counter = make_counter(tmp_path, "counter-old", old_server)
    try:
        calls = _count_calls(counter.client, monkeypatch)
        waybill = delivery(owner, 5)
        counter.pull()
        postings = [s["posting"] for s in waybill["shipments"]]
        acceptance.open_waybill(counter.ctx, waybill["number"])
        for p in postings[:2]:
            acceptance.scan(counter.ctx, waybill["number"], p)
        assert push_pending(counter.ctx, counter.client).applied == 3
        assert calls == Calls([3], 3)  # asked once, answered 404: one request per operation
        for p in postings[2:]:
            acceptance.scan(counter.ctx, waybill["number"], p)
        assert push_pending(counter.ctx, counter.client).applied == 3
        assert calls == Calls([3], 6)  # the server's answer is remembered: no batch asked again
        records, actions = _server_log(central)
        assert len(records) == 6 and actions == {p: ["accept"] for p in postings}
        assert list(actions) == postings
    finally:
        counter.store.close()


def test_a_batch_the_server_does_not_take_is_pushed_one_by_one(central, owner, counter, monkeypatch):
    """One malformed row makes the server refuse the whole batch (422): the rows then go one by
    one, so the others are applied and that one is refused with the server's reason, in order."""
    waybill = delivery(owner, 2)
    counter.pull()
    a, b = (s["posting"] for s in waybill["shipments"])
    acceptance.open_waybill(counter.ctx, waybill["number"])
    acceptance.scan(counter.ctx, waybill["number"], a)
    bad = {"transitions": [{"posting": b, "action": "accept", "from": "expected", "to": "nowhere"}]}
    with counter.store.write() as s:
        s.add(Outbox(op_id=str(uuid.uuid4()), kind="acceptance_scan", payload=json.dumps(bad)))
    acceptance.scan(counter.ctx, waybill["number"], b)
    calls = _count_calls(counter.client, monkeypatch)

    report = push_pending(counter.ctx, counter.client)

    assert calls == Calls([4], 4)
    assert report.applied == 3 and len(report.refused) == 1
    assert report.refused[0].reason.startswith("Неверный запрос")
    assert [state for _, state, _ in _outbox(counter)] == ["sent", "sent", "refused", "sent"]
    assert [central.central_status(p) for p in (a, b)] == ["received", "received"]
    assert counter.client.batch_supported  # a refused batch is not a missing route
