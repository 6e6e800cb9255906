"""Sync in the window against the real server: queue and online state, the offline strip, refusals."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from pvz_desktop.gui.sync_bridge import OFFLINE_TEXT
from pvz_desktop.store.models import Shipment
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.issuance import IssuanceSession
from tests.builders import PointBuilder
from tests.central.harness import delivery, make_counter
from tests.gui.server.conftest import ServerCounter


def local_status(c: ServerCounter, posting: str) -> str | None:
    with c.ctx.store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))


def test_queue_goes_out_online_and_waits_through_an_outage(synced, central, owner, qtbot):
    c = synced
    qtbot.waitUntil(lambda: "Синхронизировано" in c.sync_text, timeout=5000)
    assert not c.strip.isVisible()
    waybill = delivery(owner, 2)
    first, second = (s["posting"] for s in waybill["shipments"])
    qtbot.waitUntil(lambda: local_status(c, second) == "expected", timeout=5000)  # pulled by the worker

    # Online: an accepted parcel leaves at once and the queue is empty again.
    assert c.counter.scan(waybill["number"])[0] == "ok"
    assert c.counter.scan(first)[0] == "ok"
    qtbot.waitUntil(lambda: central.central_status(first) == "received", timeout=5000)
    qtbot.waitUntil(lambda: "Синхронизировано в " in c.sync_text and "в очереди" not in c.sync_text, timeout=5000)

    # The server goes away: the strip appears, the scan still works and waits in the queue.
    central.stop()
    tone, text = c.counter.scan(second)
    assert tone == "ok", text
    assert local_status(c, second) == "received"
    qtbot.waitUntil(c.strip.isVisible, timeout=5000)
    assert c.strip.text() == OFFLINE_TEXT
    qtbot.waitUntil(lambda: "в очереди: 1" in c.sync_text and "Нет связи" in c.sync_text, timeout=5000)
    assert "c62828" in c.window.status.sync.styleSheet()
    assert central.central_status(second) == "expected"

    # Back: the queued scan goes out by itself and the strip goes away.
    central.start()
    qtbot.waitUntil(lambda: central.central_status(second) == "received", timeout=8000)
    qtbot.waitUntil(lambda: not c.strip.isVisible() and "в очереди" not in c.sync_text, timeout=5000)
    assert c.sync_text.startswith("Синхронизация: Синхронизировано в ")


def test_a_parcel_issued_at_two_counters_shows_the_refusal_reason(synced, central, owner, tmp_path, qtbot):
    c = synced
    other = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    try:
        PointBuilder(other.store).add_cells()
        waybill = delivery(owner, 1, customer="41000014", pin="7777")
        posting = waybill["shipments"][0]["posting"]
        other.pull()
        acceptance.open_waybill(other.ctx, waybill["number"])
        acceptance.scan(other.ctx, waybill["number"], posting)
        placement.place(other.ctx, posting, "C-A-01-01")
        assert push_pending(other.ctx, other.client).refused == ()
        qtbot.waitUntil(lambda: local_status(c, posting) == "stored", timeout=5000)

        # This counter loses the link; meanwhile both cashiers hand the same parcel out.
        c.link.stop()
        session = IssuanceSession.start(other.ctx, "41000014*7777")
        session.scan(posting)
        session.complete()
        assert push_pending(other.ctx, other.client).applied == 1
        page = c.counter.page("issuance")
        c.counter.scan("41000014*7777")
        c.counter.scan(posting)
        assert c.counter.act(page.issue_button.click)[0] == "ok"
        assert local_status(c, posting) == "issued"

        c.link.restart()
        qtbot.waitUntil(lambda: c.window.findChild(QMessageBox, "sync_refusal_dialog") is not None, timeout=5000)
        dialog = c.window.findChild(QMessageBox, "sync_refusal_dialog")
        assert dialog.isVisible()
        assert posting in dialog.text() and "«выдано»" in dialog.text() and "другой стойке" in dialog.text()
        tone, banner = c.counter.banner
        assert tone == "error" and "Сервер отклонил операцию" in banner and posting in banner
        qtbot.waitUntil(lambda: "отклонено 1" in c.sync_text, timeout=5000)
        dialog.accept()
    finally:
        other.store.close()
