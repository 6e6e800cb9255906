"""Network drill: counter workflows pushed by the real SyncWorker through a faulty network.

Deliveries are made on the real central server; the counter accepts and places every parcel
while a loopback proxy drops, resets, stalls, duplicates and fails (5xx) its requests at random
(seeded). Once the network heals, the outbox drains, the server holds every operation exactly
once, and the counter's cache equals the server's state.
"""

from __future__ import annotations

import time
from collections import Counter as Tally
from pathlib import Path

from sqlalchemy import func, select

from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.store.models import Cell, Outbox, Shipment
from pvz_desktop.sync import pusher
from pvz_desktop.sync.puller import pull_once
from pvz_desktop.sync.pusher import pending_count, push_pending, reread_pushed
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.outbox_body import wire_text
from tests.builders import PointBuilder
from tests.central.harness import POINT, Central, delivery, make_counter, wait_until
from tests.drills.netproxy import KINDS, FaultyNetwork
from tests.sync import conftest as sync_fixtures

central, owner = sync_fixtures.central, sync_fixtures.owner  # the real server and its owner, as in tests/sync
DRILL = "network faults"
SEED = 20261127
PARCELS_PER_WAYBILL = 50
# Stalls hold the one push thread, so they are rarer than the other faults.
WEIGHTS = {"drop": 3, "reset": 3, "stall": 1, "duplicate": 3, "error5xx": 3}


def _server_state(central: Central) -> dict[str, tuple[str, str | None, int]]:
    with central.db.read() as s:
        rows = s.execute(
            select(
                CentralShipment.posting_number, CentralShipment.status, CentralShipment.cell, CentralShipment.version
            ).where(CentralShipment.point_id == POINT)
        ).all()
    return {p: (status, cell, version) for p, status, cell, version in rows}


def _counter_state(counter_store: object) -> dict[str, tuple[str, str | None, int]]:
    with counter_store.read() as s:  # type: ignore[attr-defined]
        cells = {c.id: c.code for c in s.scalars(select(Cell))}
        return {sh.posting_number: (sh.status, cells.get(sh.cell_id), sh.version) for sh in s.scalars(select(Shipment))}


def test_operations_through_a_faulty_network_land_exactly_once(
    central, owner, tmp_path: Path, size, long_run, figures, monkeypatch
):
    # One operation per batch request: as many requests as operations, so every kind of fault
    # meets the pushes (lost answers of bigger batches: tests/sync/test_offline_and_lossy_network.py).
    monkeypatch.setattr(pusher, "BATCH", 1)
    waybills = [delivery(owner, PARCELS_PER_WAYBILL) for _ in range(size(5, 99))]
    n_ops = len(waybills) * (1 + 2 * PARCELS_PER_WAYBILL)  # open, then a scan and a placement per parcel
    net = FaultyNetwork(central.port, seed=SEED, fault_rate=0.08, stall=10.0 if long_run else 1.5, weights=WEIGHTS)
    counter = make_counter(tmp_path, "counter-net", net.url)  # logs in while the network is healthy
    worker = SyncWorker(counter.ctx, counter.client, long_poll=1, backoff=(0.01, 0.2))
    try:
        counter.pull()
        cells = PointBuilder(counter.store).add_cells(racks=10, shelves=5, capacity=100)
        net.healed = False
        worker.start()
        started = time.monotonic()
        i = 0
        for waybill in waybills:
            acceptance.open_waybill(counter.ctx, waybill["number"])
            for shipment in waybill["shipments"]:
                acceptance.scan(counter.ctx, waybill["number"], shipment["posting"])
                placement.place(counter.ctx, shipment["posting"], cells[i % len(cells)])
                i += 1
            worker.wake()
        worked = time.monotonic() - started
        # Faults go on while the worker pushes 90 % of the operations (and every kind has happened).
        wait_until(
            lambda: (
                (set(net.faults) == set(KINDS) and pending_count(counter.store) <= n_ops // 10)
                or pending_count(counter.store) == 0
            ),
            size(60, 1500),
            0.05,
        )
        net.healed = True
        healed_at = time.monotonic()
        wait_until(lambda: pending_count(counter.store) == 0, size(30, 300), 0.02)
        drained_at = time.monotonic()
        stale = worker.stale  # shipments a pull skipped while unpushed: re-read one by one after the push
        reread_time = wait_until(lambda: worker.stale == 0, size(10, 900), 0.02)
    finally:
        worker.stop()
        net.healed = True
    try:
        counter.pull()  # the versions the server gave to the pushed operations

        with counter.store.read() as s:
            states = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
            keys = set(s.scalars(select(Outbox.op_id)))
        with central.db.read() as s:
            records = s.execute(select(OperationRecord.key, OperationRecord.status_code)).all()
            events = s.execute(select(ShipmentEvent.posting_number, ShipmentEvent.action)).all()
        per_action = Tally(events)
        duplicates = sum(n - 1 for n in per_action.values() if n > 1) + len(records) - len(keys)

        figures(DRILL, "operations", n_ops)
        figures(DRILL, "requests through the proxy", net.requests)
        for kind in KINDS:
            figures(DRILL, f"faults: {kind}", net.faults[kind])
        figures(DRILL, "local work (s)", f"{worked:.1f}")
        figures(DRILL, "drain after work ended (s)", f"{drained_at - started - worked:.1f}")
        figures(DRILL, "drain after heal (s)", f"{drained_at - healed_at:.2f}")
        figures(DRILL, "duplicates found", duplicates)
        figures(DRILL, "shipments to re-read at the drain / time (s)", f"{stale} / {reread_time:.1f}")

        assert set(net.faults) == set(KINDS), f"every kind of fault must have happened: {dict(net.faults)}"
        assert states == {"sent": n_ops}, "every operation applied: none refused, none left pending"
        assert {k for k, _ in records} == keys and len(records) == n_ops
        assert {code for _, code in records} == {200}
        postings = {sh["posting"] for w in waybills for sh in w["shipments"]}
        assert per_action == {(p, a): 1 for p in postings for a in ("accept", "place")}
        assert duplicates == 0
        server = _server_state(central)
        assert {status for status, _, _ in server.values()} == {"stored"}
        assert _counter_state(counter.store) == server
    finally:
        counter.store.close()
        net.close()


def test_a_shipment_the_feed_skipped_while_unpushed_is_re_read_once_pushed(central, owner, tmp_path: Path):
    """Found by the drill: an answer lost after the server applied an operation let the next pull
    skip the shipment (kept local) and move the cursor past it, so the cache kept an old version."""
    waybill = delivery(owner, 1)
    posting = waybill["shipments"][0]["posting"]
    counter = make_counter(tmp_path, "counter-skip", central.url)
    try:
        counter.pull()
        acceptance.open_waybill(counter.ctx, waybill["number"])
        acceptance.scan(counter.ctx, waybill["number"], posting)
        with counter.store.read() as s:
            rows = [(r.op_id, r.kind, r.payload) for r in s.scalars(select(Outbox).order_by(Outbox.id))]
        for op_id, kind, payload in rows:  # the server applies them; the answers are lost
            assert counter.client.push(op_id, wire_text(kind, payload)).applied
        report = pull_once(counter.ctx, counter.client)
        assert posting in report.kept
        server_version = _server_state(central)[posting][2]
        assert counter.shipment(posting).version < server_version  # the page's snapshot was skipped
        assert push_pending(counter.ctx, counter.client).applied == len(rows)  # replayed answers

        assert reread_pushed(counter.ctx, counter.client, set(report.kept)) == set()
        assert _counter_state(counter.store)[posting] == _server_state(central)[posting]
    finally:
        counter.store.close()
