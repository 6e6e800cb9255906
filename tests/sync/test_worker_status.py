"""What the GUI gets from the SyncWorker: refusals with their reason, login ended, online again."""

from __future__ import annotations

import queue

from sqlalchemy import update

from pvz_central.models import Token
from pvz_desktop.sync.worker import SyncStatus, SyncWorker
from pvz_desktop.workflows import acceptance
from tests.central.harness import delivery


def _next(statuses: queue.Queue, predicate, timeout: float = 10) -> SyncStatus:
    while True:
        status = statuses.get(timeout=timeout)
        if predicate(status):
            return status


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
        assert counter.status(posting) == "missing"  # re-read from the server

        # The login is revoked at the server: the worker says so instead of retrying forever.
        with central.db.write() as s:
            s.execute(update(Token).values(revoked=True))
        counter.auth._tokens = None  # the next call must refresh; the revoked refresh token fails
        worker.wake()
        ended = _next(statuses, lambda s: s.login_required)
        assert ended.message == "Нужен вход: синхронизация остановлена"
    finally:
        worker.stop()


def test_status_messages_read_well():
    from datetime import datetime

    online = SyncStatus(True, 3, datetime(2026, 1, 5, 9, 30), False, (), None)
    assert online.message.startswith("Синхронизировано в ") and online.message.endswith(", в очереди: 3")
    assert SyncStatus(False, 0, None, False, (), "x").message == "Нет связи с сервером — работаем локально"
    assert SyncStatus(None, 1, None, False, (), None).message == "Подключение к серверу…, в очереди: 1"
