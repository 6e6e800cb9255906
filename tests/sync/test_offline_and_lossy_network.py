"""The counter keeps working without the server and loses nothing; every operation lands exactly once."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.store.models import Cell, Outbox, Shipment
from pvz_desktop.sync import pusher
from pvz_desktop.sync.pusher import pending_count
from pvz_desktop.sync.worker import SyncStatus, SyncWorker
from pvz_desktop.workflows import acceptance, placement
from tests.builders import PointBuilder
from tests.central.harness import Central, Counter, delivery, make_counter, wait_until
from tests.sync.proxy import DroppingProxy


def _accept_and_place_all(counter: Counter, waybill: dict) -> list[str]:
    """One operation to open the waybill, then a scan and a placement per parcel."""
    postings = [s["posting"] for s in waybill["shipments"]]
    cells = PointBuilder(counter.store).add_cells(racks=4, shelves=5, capacity=10)
    acceptance.open_waybill(counter.ctx, waybill["number"])
    for i, p in enumerate(postings):
        acceptance.scan(counter.ctx, waybill["number"], p)
        placement.place(counter.ctx, p, cells[i % len(cells)])
    return postings


def _assert_applied_exactly_once(central: Central, counter: Counter, postings: list[str], n_ops: int) -> None:
    with counter.store.read() as s:
        assert dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all()) == {"sent": n_ops}
        keys = set(s.scalars(select(Outbox.op_id)))
        local = {sh.posting_number: (sh.status, s.get(Cell, sh.cell_id).code) for sh in s.scalars(select(Shipment))}
    with central.db.read() as s:
        records = s.execute(select(OperationRecord.key, OperationRecord.status_code)).all()
        events = s.execute(select(ShipmentEvent.posting_number, ShipmentEvent.action).order_by(ShipmentEvent.id)).all()
        server = {sh.posting_number: (sh.status, sh.cell) for sh in s.scalars(select(CentralShipment))}
    assert len(records) == n_ops and {k for k, _ in records} == keys
    assert {code for _, code in records} == {200}
    per_posting = defaultdict(list)
    for posting, action in events:
        per_posting[posting].append(action)
    assert per_posting == {p: ["accept", "place"] for p in postings}
    assert server == local


def test_two_hundred_operations_offline_are_all_applied_once_the_server_is_back(central, owner, counter):
    waybill = delivery(owner, 100)
    counter.pull()
    statuses: list[SyncStatus] = []
    worker = SyncWorker(counter.ctx, counter.client, on_status=statuses.append, long_poll=2, backoff=(0.05, 0.5))
    worker.start()
    try:
        wait_until(lambda: worker.status.online, 5)
        central.stop()
        postings = _accept_and_place_all(counter, waybill)  # the cashier works on: 201 local operations
        wait_until(lambda: worker.status.online is False, 10)
        assert pending_count(counter.store) == 201
        assert all(counter.status(p) == "stored" for p in postings)  # shown at once, from the local store

        central.start()
        worker.wake()
        wait_until(lambda: pending_count(counter.store) == 0, 60)
        wait_until(lambda: worker.status.pending == 0 and worker.status.online, 5)
    finally:
        worker.stop()
    _assert_applied_exactly_once(central, counter, postings, 201)
    offline = [s for s in statuses if s.online is False]
    assert offline and max(s.pending for s in offline) > 0
    assert "Нет связи с сервером" in offline[-1].message


def test_lost_answers_do_not_duplicate_operations(central, owner, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(pusher, "BATCH", 4)  # small batches: many batch answers to lose (a lost one is re-sent whole)
    proxy = DroppingProxy(central.port)
    counter = make_counter(tmp_path, "counter-lossy", proxy.url)  # logs in while nothing is dropped
    try:
        waybill = delivery(owner, 20)
        counter.pull()
        proxy.drop_every = 3
        worker = SyncWorker(counter.ctx, counter.client, long_poll=1, backoff=(0.01, 0.1))
        worker.start()
        try:
            postings = _accept_and_place_all(counter, waybill)
            worker.wake()
            wait_until(lambda: pending_count(counter.store) == 0, 60)
        finally:
            worker.stop()
        assert proxy.dropped >= 5, "the proxy must really have lost answers"
        _assert_applied_exactly_once(central, counter, postings, 41)
    finally:
        proxy.close()
        counter.store.close()
