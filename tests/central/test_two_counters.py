"""Two counters of one point against one real server: propagation and conflicting operations."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.store.models import Cell, Event, Outbox
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.issuance import IssuanceSession
from tests.builders import PointBuilder
from tests.central.harness import Central, Counter, delivery, wait_until


def _receive_and_place(counter: Counter, waybill: dict, cell: str) -> list[str]:
    """Accept every shipment of the waybill at ``counter`` and put it into ``cell``; push it all."""
    postings = [s["posting"] for s in waybill["shipments"]]
    acceptance.open_waybill(counter.ctx, waybill["number"])
    for p in postings:
        acceptance.scan(counter.ctx, waybill["number"], p)
        placement.place(counter.ctx, p, cell)
    report = push_pending(counter.ctx, counter.client)
    assert report.refused == ()
    return postings


def test_a_change_at_counter_1_shows_at_counter_2_within_a_second(central, owner, counter1, counter2):
    waybill = delivery(owner, 3)
    counter1.pull()
    counter2.pull()
    posting = waybill["shipments"][0]["posting"]
    assert counter2.status(posting) == "expected"
    workers = [SyncWorker(c.ctx, c.client, long_poll=5) for c in (counter1, counter2)]
    for w in workers:
        w.start()
    try:
        # Both workers are idle and long-polling; counter 1 starts acceptance.
        wait_until(lambda: all(w.status.online for w in workers), 5)
        acceptance.open_waybill(counter1.ctx, waybill["number"])
        acceptance.scan(counter1.ctx, waybill["number"], posting)
        workers[0].wake()  # what the app does after each operation
        took = wait_until(lambda: counter2.status(posting) == "received", 5)
    finally:
        for w in workers:
            w.stop()
    assert took < 1.0, f"counter 2 saw the change after {took:.2f} s"
    assert central.central_status(posting) == "received"
    # The pulled change is in counter 2's ledger as a sync event, and nothing went back to the server.
    with counter2.store.read() as s:
        ev = s.scalars(select(Event).where(Event.posting_number == posting, Event.workflow == "sync")).all()
        assert [(e.from_status, e.to_status) for e in ev][-1] == ("expected", "received")
        assert s.scalar(select(func.count()).select_from(Outbox).where(Outbox.kind == "server_changes")) == 0


def test_both_counters_issue_the_same_parcel_and_exactly_one_succeeds(central, owner, counter1, counter2):
    for c in (counter1, counter2):
        PointBuilder(c.store).add_cells()
    waybill = delivery(owner, 1, customer="41000014", pin="7777")
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    counter2.pull()
    assert counter2.status(posting) == "stored"

    # Offline-first: both cashiers hand the parcel out locally before either push.
    for c in (counter1, counter2):
        session = IssuanceSession.start(c.ctx, "41000014*7777")
        session.scan(posting)
        session.complete()
        assert c.status(posting) == "issued"

    barrier = threading.Barrier(2)
    reports = {}

    def push(c: Counter) -> None:
        barrier.wait()
        reports[c.ctx.actor.workstation] = push_pending(c.ctx, c.client)

    threads = [threading.Thread(target=push, args=(c,)) for c in (counter1, counter2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    applied = [name for name, r in reports.items() if r.applied == 1]
    refused = [r.refused[0] for r in reports.values() if r.refused]
    assert len(applied) == 1 and len(refused) == 1, reports
    reason = refused[0].reason
    assert posting in reason and "«выдано»" in reason and "другой стойке" in reason
    assert refused[0].postings == (posting,)
    with central.db.read() as s:
        issues = s.scalars(select(ShipmentEvent).where(ShipmentEvent.posting_number == posting)).all()
        assert [e.action for e in issues] == ["accept", "place", "issue"]
        assert s.scalar(select(OperationRecord.status_code).where(OperationRecord.key == refused[0].op_id)) == 409
    loser = counter2 if applied == ["counter-1"] else counter1
    with loser.store.read() as s:
        row = s.scalar(select(Outbox).where(Outbox.op_id == refused[0].op_id))
        assert row.state == "refused" and row.last_error == reason
    # The loser re-read the shipment: it is issued, by the other counter, at version of the server.
    assert loser.status(posting) == "issued"
    with central.db.read() as s:
        server_version = s.scalar(select(CentralShipment.version).where(CentralShipment.posting_number == posting))
    assert loser.shipment(posting).version == server_version


def test_a_stale_placement_is_refused_and_the_counter_shows_the_servers_cell(central, owner, counter1, counter2):
    for c in (counter1, counter2):
        PointBuilder(c.store).add_cells()
    waybill = delivery(owner, 1)
    [posting] = [x["posting"] for x in waybill["shipments"]]
    counter1.pull()
    acceptance.open_waybill(counter1.ctx, waybill["number"])
    acceptance.scan(counter1.ctx, waybill["number"], posting)
    push_pending(counter1.ctx, counter1.client)
    counter2.pull()
    assert counter2.status(posting) == "received"
    # Both put the parcel on a shelf; counter 1 reaches the server first.
    placement.place(counter1.ctx, posting, "C-A-01-02")
    placement.place(counter2.ctx, posting, "C-A-01-03")
    assert push_pending(counter1.ctx, counter1.client).applied == 1
    report = push_pending(counter2.ctx, counter2.client)
    assert report.applied == 0 and len(report.refused) == 1
    assert "«на хранении»" in report.refused[0].reason
    shipment = counter2.shipment(posting)
    assert shipment.status == "stored"
    with counter2.store.read() as s:
        assert s.get(Cell, shipment.cell_id).code == "C-A-01-02"
    assert central.central_status(posting) == "stored"


def test_pulling_twice_is_idempotent_and_the_cursor_moves_with_the_data(central: Central, owner, counter1):
    waybill = delivery(owner, 5)
    assert counter1.pull() >= 6  # waybill + 5 shipments
    with counter1.store.read() as s:
        events = s.scalar(select(func.count()).select_from(Event))
    assert counter1.pull() == 0
    with counter1.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == events
    assert {counter1.status(x["posting"]) for x in waybill["shipments"]} == {"expected"}
