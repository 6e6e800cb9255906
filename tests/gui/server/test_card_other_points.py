"""«Другие пункты» in the real window with the real server: the customer's parcels at another
point after their code was scanned here; offline the tab says it needs the network."""

from __future__ import annotations

from pvz_desktop.gui.card_tabs import ELSEWHERE
from tests.central.harness import OTHER_POINT, delivery, login

CUSTOMER = "41000088"
PIN = "6161"


def test_other_points_tab_lists_the_customers_parcels_elsewhere_and_needs_the_network(synced, central, owner, qtbot):
    here = delivery(owner, 1, customer=CUSTOMER, pin=PIN)
    there = delivery(login(central.url, "owner2"), 1, customer=CUSTOMER, pin="7272", point=OTHER_POINT)
    counter = synced.counter
    page = counter.page("issuance")
    tabs = page.card_tabs
    posting_here = here["shipments"][0]["posting"]
    qtbot.waitUntil(lambda: counter_has(synced, posting_here), timeout=10_000)

    counter.scan(f"{CUSTOMER}*{PIN}")
    assert page.state is not None and page.state.card.customer_id == CUSTOMER
    assert tabs.transit_model.row_at(0).posting_number == posting_here
    tabs.setCurrentIndex(ELSEWHERE)
    qtbot.waitUntil(lambda: tabs.elsewhere_model.rowCount() == 1, timeout=10_000)
    parcel = tabs.elsewhere_model.row_at(0)
    assert (parcel.posting, parcel.point_name) == (there["shipments"][0]["posting"], "ПВЗ Арбат 5")
    assert "1" in tabs.elsewhere_note.text()

    central.stop()
    counter.scan(f"{CUSTOMER}*{PIN}")  # the same customer again: the tab asks again, and cannot
    assert tabs.elsewhere_model.rowCount() == 0  # nothing of the last answer stays for a new card
    tabs.setCurrentIndex(ELSEWHERE)
    qtbot.waitUntil(lambda: "связь с сервером" in tabs.elsewhere_note.text(), timeout=15_000)
    assert tabs.elsewhere_model.rowCount() == 0


def counter_has(synced, posting: str) -> bool:
    from sqlalchemy import select

    from pvz_desktop.store.models import Shipment

    with synced.ctx.store.read() as s:
        return s.scalar(select(Shipment.id).where(Shipment.posting_number == posting)) is not None
