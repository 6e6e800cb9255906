"""What the GUI gets from the SyncWorker: refusals with their reason, login ended, online again."""

from __future__ import annotations

import queue
import time

from sqlalchemy import update

from pvz_central.models import Token
from pvz_desktop.sync.client import CentralClient, ServerUnavailable
from pvz_desktop.sync.pusher import acknowledge_refusals, refused_operations
from pvz_desktop.sync.worker import SyncStatus, SyncWorker
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.counter_status import status_snapshot
from tests.central.harness import delivery


def _next(statuses: queue.Queue, predicate, timeout: float = 10) -> SyncStatus:
    while True:
        status = statuses.get(timeout=timeout)
        if predicate(status):
            return status


def _eventually(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_a_refusal_reaches_the_status_callback_with_its_reason(central, owner, counter):
    waybill = delivery(owner, 1)
    posting = waybill["shipments"][0]["posting"]
    counter.pull()
    # Meanwhile the server marked the parcel missing (another counter closed the waybill).
    acceptance.open_waybill(counter.ctx, waybill["number"])
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    worker = SyncWorker(counter.ctx, counter.client, on_status=statuses.put, long_poll=1)
    worker.start()
    try:
        _next(statuses, lambda s: s.online and s.pending == 0)
        with central.db.write() as s:
            from pvz_central.models import Shipment

            s.execute(update(Shipment).where(Shipment.posting_number == posting).values(status="missing"))
        acceptance.scan(counter.ctx, waybill["number"], posting)
        worker.wake()
        refused = _next(statuses, lambda s: s.new_refusals)
        [op] = refused.new_refusals
        assert op.kind == "acceptance_scan" and op.postings == (posting,)
        assert "«не пришло»" in op.reason and refused.pending == 0
        _eventually(lambda: counter.status(posting) == "missing")  # re-read from the server right after

        # The login is revoked at the server: the worker says so instead of retrying forever.
        with central.db.write() as s:
            s.execute(update(Token).values(revoked=True))
        counter.auth._tokens = None  # the next call must refresh; the revoked refresh token fails
        worker.wake()
        ended = _next(statuses, lambda s: s.login_required)
        assert ended.message == "Нужен вход: синхронизация остановлена"
    finally:
        worker.stop()


class RereadFailsFirst(CentralClient):
    """The real client, whose first ``failures`` shipment re-reads find the server unreachable."""

    def __init__(self, auth, failures: int) -> None:
        super().__init__(auth)
        self.failures = failures

    def shipment(self, posting: str):
        if self.failures > 0:
            self.failures -= 1
            raise ServerUnavailable("Нет связи с сервером.")
        return super().shipment(posting)


def test_a_refusal_whose_reread_fails_is_still_shown_reread_later_and_kept_until_read(central, owner, counter):
    waybill = delivery(owner, 1)
    posting = waybill["shipments"][0]["posting"]
    counter.pull()
    acceptance.open_waybill(counter.ctx, waybill["number"])
    client = RereadFailsFirst(counter.auth, failures=2)
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    worker = SyncWorker(counter.ctx, client, on_status=statuses.put, long_poll=1, backoff=(0.05, 0.2))
    worker.start()
    try:
        _next(statuses, lambda s: s.online and s.pending == 0)
        with central.db.write() as s:
            from pvz_central.models import Shipment

            s.execute(update(Shipment).where(Shipment.posting_number == posting).values(status="missing"))
        acceptance.scan(counter.ctx, waybill["number"], posting)
        worker.wake()
        refused = _next(statuses, lambda s: s.new_refusals)
        [op] = refused.new_refusals
        assert op.postings == (posting,) and "«не пришло»" in op.reason
        # The re-read failed twice; it is retried until the counter shows the server's state.
        _eventually(lambda: counter.status(posting) == "missing")
        assert client.failures == 0 and worker.stale == 0
    finally:
        worker.stop()
    # The refusal stays listed, and counted in the status bar, until the cashier reads it.
    assert [r.op_id for r in refused_operations(counter.store)] == [op.op_id]
    assert status_snapshot(counter.ctx, "emp1", "ws").sync.refused == 1
    assert acknowledge_refusals(counter.store, [op.op_id]) == 1
    assert refused_operations(counter.store) == []
    assert status_snapshot(counter.ctx, "emp1", "ws").sync.refused == 0


def test_status_messages_read_well():
    from datetime import datetime

    online = SyncStatus(True, 3, datetime(2026, 1, 5, 9, 30), False, (), None)
    assert online.message.startswith("Синхронизировано в ") and online.message.endswith(", в очереди: 3")
    assert SyncStatus(False, 0, None, False, (), "x").message == "Нет связи с сервером — работаем локально"
    assert SyncStatus(None, 1, None, False, (), None).message == "Подключение к серверу…, в очереди: 1"
