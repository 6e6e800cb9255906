"""The push thread never polls: it sleeps until a workflow commits an outbox row, or until its retry timer."""

from __future__ import annotations

import time

from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance
from tests.central.harness import delivery

TIMEOUT = 10.0


def _until(condition, timeout: float = TIMEOUT) -> None:
    """Wait for a condition the worker's threads make true (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def _settled(worker: SyncWorker) -> bool:
    """Everything pushed and re-read; the push thread asleep with no timer at all."""
    return worker.push_pause is None and not worker.push_woken and worker.status.pending == 0 and worker.stale == 0


def test_a_committed_outbox_row_wakes_the_push_and_a_local_only_commit_does_not(central, owner, counter):
    waybill = delivery(owner, 2)
    first, second = (s["posting"] for s in waybill["shipments"])
    counter.pull()
    acceptance.open_waybill(counter.ctx, waybill["number"])  # written before the worker starts
    worker = SyncWorker(counter.ctx, counter.client, long_poll=1)
    worker.start()
    try:
        _until(lambda: _settled(worker) and central.central_status(first) == "expected")
        acceptance.scan(counter.ctx, waybill["number"], first)  # no wake(): the commit wakes the push
        _until(lambda: central.central_status(first) == "received")
        _until(lambda: _settled(worker))

        # A repeated scan is a local fact (no outbox row). Its commit tells the listeners on this
        # thread before it returns: had it woken the push, the wake would still be pending, or
        # the thread would be working (pause 0) or have counted a round.
        rounds = worker.push_rounds
        acceptance.scan(counter.ctx, waybill["number"], first)
        assert not worker.push_woken and worker.push_pause is None and worker.push_rounds == rounds

        acceptance.scan(counter.ctx, waybill["number"], second)
        assert worker.push_woken or worker.push_rounds > rounds or worker.push_pause == 0.0
        _until(lambda: central.central_status(second) == "received")
    finally:
        worker.stop()


def test_with_the_server_gone_the_push_waits_on_its_retry_timer(central, owner, counter):
    waybill = delivery(owner, 1)
    [posting] = (s["posting"] for s in waybill["shipments"])
    counter.pull()
    worker = SyncWorker(counter.ctx, counter.client, long_poll=1, backoff=(0.05, 0.4))
    worker.start()
    try:
        _until(lambda: _settled(worker))
        central.stop()
        acceptance.open_waybill(counter.ctx, waybill["number"])
        acceptance.scan(counter.ctx, waybill["number"], posting)
        # Retried on a timer, not polled and not forgotten: the pause is the backoff's delay.
        _until(lambda: worker.push_pause is not None and worker.push_pause > 0 and worker.status.online is False)
        assert worker.push_pause <= 0.4 and worker.status.pending == 2
    finally:
        worker.stop()
