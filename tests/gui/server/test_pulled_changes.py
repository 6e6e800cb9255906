"""What another counter of the point does reaches the tab on screen through the pull: the pulled
page's OpChanges go to the open page, which re-reads only what they concern."""

from __future__ import annotations

from sqlalchemy import select

from pvz_desktop.store.models import Shipment
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.issuance import IssuanceSession
from tests.builders import PointBuilder
from tests.central.harness import Counter, delivery, make_counter

CUSTOMER = "41000077"
PIN = "6161"


def _status(ctx, posting: str) -> str | None:
    with ctx.store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))


def _stored_by(other: Counter, waybill: dict) -> list[str]:
    """The other counter accepts the delivery and shelves it; the server has it all."""
    postings = [s["posting"] for s in waybill["shipments"]]
    other.pull()
    acceptance.open_waybill(other.ctx, waybill["number"])
    for n, posting in enumerate(postings):
        acceptance.scan(other.ctx, waybill["number"], posting)
        placement.place(other.ctx, posting, f"C-A-01-0{n % 3 + 1}")
    assert push_pending(other.ctx, other.client).refused == ()
    return postings


def test_a_parcel_issued_at_another_counter_leaves_the_open_card(synced, central, owner, qtbot, tmp_path):
    ctx, counter = synced.ctx, synced.counter
    other = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    try:
        PointBuilder(other.store).add_cells()
        a, b, c = _stored_by(other, delivery(owner, 3, customer=CUSTOMER, pin=PIN))
        qtbot.waitUntil(lambda: all(_status(ctx, p) == "stored" for p in (a, b, c)), timeout=10_000)

        page = counter.page("issuance")
        counter.scan(f"{CUSTOMER}*{PIN}")
        assert counter.window.current_page() is page
        assert [r.shipment.posting_number for r in page.state.rows] == [a, b, c]
        assert counter.scan(b)[0] == "ok"  # taken from its cell for this customer

        # The customer's other parcel is handed out at the second counter meanwhile.
        session = IssuanceSession.start(other.ctx, f"{CUSTOMER}*{PIN}")
        session.scan(a)
        session.complete()
        assert push_pending(other.ctx, other.client).applied == 1

        # Pulled here: the card drops it, keeps what the cashier confirmed, and shows it completed.
        qtbot.waitUntil(lambda: [r.shipment.posting_number for r in page.state.rows] == [b, c], timeout=10_000)
        assert page.state.confirmed == (b,)
        assert page.card_tabs.tabText(0).endswith("(2)")
        assert any(line.posting_number == a for line in page.card_tabs.done_model.rows())
        assert _status(ctx, a) == "issued"
    finally:
        other.store.close()


def test_another_counters_scans_count_on_the_open_waybill_and_in_the_parcels_history(
    synced, central, owner, qtbot, tmp_path
):
    ctx, counter = synced.ctx, synced.counter
    other = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    try:
        PointBuilder(other.store).add_cells()
        waybill = delivery(owner, 3)
        first, second, third = (s["posting"] for s in waybill["shipments"])
        qtbot.waitUntil(lambda: _status(ctx, third) == "expected", timeout=10_000)

        # Two cashiers unload one delivery: this one opens it and scans the first parcel.
        page = counter.page("acceptance")
        counter.scan(waybill["number"])
        assert counter.window.current_page() is page
        assert counter.scan(first)[0] == "ok"
        assert page.tiles["received"].number.text() == "1"

        # The second counter scans the second parcel: its counter here follows by the pull.
        other.pull()
        acceptance.open_waybill(other.ctx, waybill["number"])
        acceptance.scan(other.ctx, waybill["number"], second)
        assert push_pending(other.ctx, other.client).refused == ()
        qtbot.waitUntil(lambda: page.tiles["received"].number.text() == "2", timeout=10_000)
        assert page.tiles["expected"].number.text() == "3"

        # The parcel's history on «Отправления» shows the other counter's placement when it is pulled.
        ledger = counter.window.show_page("ledger")
        ledger.show_history(second)
        qtbot.waitUntil(lambda: ledger.history is not None and ledger.history.shipment.status == "received")
        placement.place(other.ctx, second, "C-A-01-02")
        assert push_pending(other.ctx, other.client).refused == ()
        qtbot.waitUntil(lambda: ledger.history.shipment.status == "stored", timeout=10_000)
        assert ledger.history.events[-1].kind == "synced"
    finally:
        other.store.close()
