"""Clock drill: the PC's clock is moved an hour back and a day forward during a shift.

The counter's clock (``CounterClock``) runs over a PC clock the test moves: its wall time and its
monotonic time are separate, as on a real PC, and moving the wall clock does not move the
monotonic one. Checked with the real workflows on a real SQLite file: the ledger's times never go
back in the chain's order and the chain verifies; storage deadlines set after each jump are the
minutes that really passed later than the ones before, not an hour earlier or a day later; the
pickup-code lockout lasts its minute of real time — neither an hour after the clock went back nor
nothing after it went forward — also across a restart after the clock went back. With the real
central server, the counter takes the server's time from its answers (a PC clock a day ahead
still gives the server's deadlines), and the change-feed cursor goes on through the jumps:
every delivery made on the server before and after them arrives once.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pvz_desktop.core.clock import CounterClock, utcnow
from pvz_desktop.core.errors import LookupLocked, NotFound
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event, Shipment, SyncState
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance, issuance, placement
from pvz_desktop.workflows.context import Actor, Rules, WorkflowContext
from pvz_desktop.workflows.ledger import latest_event_time, verify_chain
from tests.builders import PointBuilder, the_test_pickup_key
from tests.central.harness import Counter, delivery, make_counter, start_central, wait_until

LOCK_SECONDS = 60
WAYBILL = "TN-0000000099"
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


class PcClock:
    """The PC's two clocks: the wall clock a person can move, and the monotonic one they cannot."""

    def __init__(self) -> None:
        self.wall = utcnow()  # today: pickup codes are valid on their date
        self.mono = 10_000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def passes(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def moved(self, by: timedelta) -> None:
        self.wall += by


def deadline(ctx: WorkflowContext, posting: str) -> datetime:
    with ctx.store.read() as s:
        value = s.scalar(select(Shipment.storage_deadline).where(Shipment.posting_number == posting))
    assert value is not None
    return value


def test_moving_the_pc_clock_changes_no_order_deadline_or_lockout(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pvz.db")
    pc = PcClock()
    rules = Rules(pickup_lock_seconds=LOCK_SECONDS)
    actor = Actor(employee_id="emp-1", workstation="counter-1")
    ctx = WorkflowContext(
        store, actor, rules=rules, clock=CounterClock(pc.now, pc.monotonic), pickup_key=the_test_pickup_key
    )
    point = PointBuilder(store)
    cell = point.add_cells(capacity=50)[0]
    point.add_waybill(WAYBILL)
    parcels = [point.add_shipment(customer=None, waybill=WAYBILL) for _ in range(3)]
    code = point.add_customer("40000077")
    point.add_shipment(customer="40000077", status="stored", cell=cell)
    acceptance.open_waybill(ctx, WAYBILL)

    def receive_and_place(posting: str) -> datetime:
        acceptance.scan(ctx, WAYBILL, posting)
        placement.place(ctx, posting, cell)
        return deadline(ctx, posting)

    first = receive_and_place(parcels[0])
    pc.passes(60)
    pc.moved(-HOUR)  # the PC's clock goes back an hour
    second = receive_and_place(parcels[1])
    assert second - first == timedelta(seconds=60)
    pc.passes(60)
    pc.moved(DAY)  # and forward a day
    third = receive_and_place(parcels[2])
    assert third - second == timedelta(seconds=60)

    def lock() -> None:
        cid, pin = code.split("*")
        for n in range(1, rules.pickup_failures_to_lock + 1):
            with pytest.raises((NotFound, LookupLocked)):
                issuance.lookup(ctx, f"{cid}*{(int(pin) + n) % 10_000:04d}")
        with pytest.raises(LookupLocked):
            issuance.lookup(ctx, code)

    # Locked, then the clock goes a day forward: the lock still holds for its minute of real time.
    lock()
    pc.passes(10)
    pc.moved(DAY)
    with pytest.raises(LookupLocked):
        issuance.lookup(ctx, code)
    pc.passes(LOCK_SECONDS - 10 + 1)
    assert issuance.lookup(ctx, code).customer_id == "40000077"

    # Locked, then the clock goes an hour back: the lock ends after its minute, not an hour later.
    lock()
    pc.moved(-HOUR)
    pc.passes(LOCK_SECONDS - 1)
    with pytest.raises(LookupLocked):
        issuance.lookup(ctx, code)
    pc.passes(2)
    assert issuance.lookup(ctx, code).customer_id == "40000077"

    # Locked, the clock goes an hour back and the program starts again: the new start does not go
    # back past the ledger, so the lock still ends after about its minute.
    lock()
    pc.wall = ctx.now() - HOUR  # the PC's clock an hour behind what the counter has recorded
    ctx.clock = CounterClock(pc.now, pc.monotonic, floor=latest_event_time(store))
    with pytest.raises(LookupLocked):
        issuance.lookup(ctx, code)
    pc.passes(LOCK_SECONDS + 1)
    assert issuance.lookup(ctx, code).customer_id == "40000077"

    with store.read() as s:
        times = list(s.scalars(select(Event.occurred_at).order_by(Event.id)))
    assert times == sorted(times), "the ledger's times went back"
    assert times[-1] - times[0] < timedelta(minutes=10)  # the minutes that really passed
    assert verify_chain(ctx).ok
    store.close()


def test_the_counter_keeps_the_servers_time_and_its_feed_through_clock_jumps(tmp_path: Path) -> None:
    central = start_central(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        owner_counter: Counter = make_counter(tmp_path, "owner-side", central.url, user="owner1")
        counter = make_counter(tmp_path, "counter-1", central.url)
        pc = PcClock()
        pc.moved(DAY)  # this PC's clock is a day ahead from the start
        counter.ctx.clock = CounterClock(pc.now, time.monotonic)
        first = delivery(owner_counter.auth, 3)
        worker = SyncWorker(counter.ctx, counter.client, long_poll=0.5, backoff=(0.05, 0.2))
        worker.start()
        try:
            postings = [s["posting"] for s in first["shipments"]]
            wait_until(lambda: all(counter.status(p) == "expected" for p in postings), 20)
            assert counter.ctx.clock.from_server
            # The server's time, not the PC's: a day off before, within a few seconds now.
            assert abs(counter.ctx.now() - utcnow()) < timedelta(seconds=3)
            cursor_before = cursor(counter)
            pc.moved(-DAY - HOUR)  # now an hour behind
            second = delivery(owner_counter.auth, 2)
            pc.moved(2 * DAY)  # now a day ahead again
            third = delivery(owner_counter.auth, 2)
            later = [s["posting"] for s in second["shipments"] + third["shipments"]]
            wait_until(lambda: all(counter.status(p) == "expected" for p in later), 20)
            assert abs(counter.ctx.now() - utcnow()) < timedelta(seconds=3)
        finally:
            worker.stop()
        assert cursor(counter) not in (None, cursor_before)
        with counter.store.read() as s:
            known = list(s.scalars(select(Shipment.posting_number)))
        assert sorted(known) == sorted(set(known))  # each once
        assert set(postings + later) <= set(known)
        # A parcel received and placed now gets the server's storage days from the server's today.
        acceptance.open_waybill(counter.ctx, first["number"])
        acceptance.scan(counter.ctx, first["number"], postings[0])
        cells = PointBuilder(counter.store).add_cells(zone="Z", capacity=5)
        placement.place(counter.ctx, postings[0], cells[0])
        expected = utcnow() + timedelta(days=counter.ctx.rules.storage_days)
        assert abs(deadline(counter.ctx, postings[0]) - expected) < timedelta(seconds=5)
        counter.store.close()
        owner_counter.store.close()
    finally:
        central.close()


def cursor(counter: Counter) -> str | None:
    with counter.store.read() as s:
        return s.scalar(select(SyncState.cursor))


def test_the_counter_clock_follows_the_server_and_ignores_noise() -> None:
    pc = PcClock()
    clock = CounterClock(pc.now, pc.monotonic)
    start = clock()
    pc.moved(timedelta(minutes=-30))
    assert clock() == start
    server = start + timedelta(hours=3)
    clock.observe_server(server)
    assert clock() == server and clock.from_server
    pc.passes(random.uniform(1, 5))
    now = clock()
    clock.observe_server(now - timedelta(seconds=1))  # the Date header's whole seconds: not a jump
    assert clock() == now
