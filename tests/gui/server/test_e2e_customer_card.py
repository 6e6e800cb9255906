"""The customer's card end to end in the real window with the real server: parcels in all four
tabs; one extended; one annulled with the owner logged in at the counter; two of three parcels to
the fitting room, one bought and one refused with its reason, paid; a defect photo recorded and
visible in the parcel's history at the point's second counter after sync."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import select

from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.gui.annul_dialog import AnnulDialog
from pvz_desktop.gui.card_tabs import DONE, ELSEWHERE, READY, TRANSIT
from pvz_desktop.gui.defect_dialog import DefectDialog
from pvz_desktop.gui.pages.issuance import RefusalDialog
from pvz_desktop.store.models import Employee, Event, Outbox
from pvz_desktop.workflows import acceptance, placement
from pvz_desktop.workflows.annulment import AnnulReason
from pvz_desktop.workflows.defects import DefectKind
from pvz_desktop.workflows.issuance import PaymentMethod, RefusalReason
from tests.central.harness import OTHER_POINT, delivery, login, make_counter
from tests.central.test_defect_photos import png

CUSTOMER = "41000099"
PIN = "8181"


def _sent(ctx) -> bool:
    with ctx.store.read() as s:
        return s.scalar(select(Outbox.id).where(Outbox.state == "pending").limit(1)) is None


def _central(central, posting):
    with central.db.read() as s:
        return s.execute(
            select(CentralShipment.status, CentralShipment.storage_deadline).where(
                CentralShipment.posting_number == posting
            )
        ).one()


def test_a_customer_card_in_four_tabs_with_extension_annulment_fitting_and_a_defect_photo(
    synced, central, owner, qtbot, tmp_path
):
    ctx, counter = synced.ctx, synced.counter
    stored = delivery(owner, 4, customer=CUSTOMER, pin=PIN)
    transit = delivery(owner, 1, customer=CUSTOMER, pin=PIN)
    elsewhere = delivery(login(central.url, "owner2"), 1, customer=CUSTOMER, pin="9191", point=OTHER_POINT)
    fits = delivery(owner, 3, customer=CUSTOMER, pin=PIN, amount_due=79900)  # paid at the counter
    postings = [s["posting"] for s in stored["shipments"]]
    to_try = [s["posting"] for s in fits["shipments"]]
    qtbot.waitUntil(lambda: _has(ctx, transit["shipments"][0]["posting"]) and _has(ctx, to_try[-1]), timeout=15_000)
    for waybill, parcels in ((stored, postings), (fits, to_try)):
        acceptance.open_waybill(ctx, waybill["number"])
        for n, posting in enumerate(parcels):
            acceptance.scan(ctx, waybill["number"], posting)
            placement.place(ctx, posting, f"C-A-01-0{n % 3 + 1}")
    # Everything sent and its echo back from the feed before the cashier starts: a page of the
    # feed composed before the issuance below must not be what the card is read from.
    qtbot.waitUntil(lambda: _sent(ctx) and _caught_up(ctx, central, postings + to_try), timeout=15_000)
    first, extended, annulled, damaged = postings
    page = counter.page("issuance")
    tabs = page.card_tabs

    # One parcel issued earlier: it is in «Завершено».
    counter.scan(f"{CUSTOMER}*{PIN}")
    counter.scan(first)
    counter.act(page.issue_button.click)
    counter.scan(f"{CUSTOMER}*{PIN}")
    assert [tabs.tabText(i).split(" (")[0] for i in range(4)] == [
        "Готово к выдаче",
        "В пути",
        "Завершено",
        "Другие пункты",
    ]
    assert tabs.tabText(READY).endswith("(6)") and tabs.tabText(TRANSIT).endswith("(1)")
    assert tabs.tabText(DONE).endswith("(1)") and tabs.done_model.row_at(0).posting_number == first
    tabs.setCurrentIndex(ELSEWHERE)
    qtbot.waitUntil(lambda: tabs.elsewhere_model.rowCount() == 1, timeout=10_000)
    assert tabs.elsewhere_model.row_at(0).posting == elsewhere["shipments"][0]["posting"]
    tabs.setCurrentIndex(READY)

    def choose(posting: str) -> None:
        page.table.selectRow([r.shipment.posting_number for r in page.state.rows].index(posting))

    # Extended once, by the server's rule.
    before = _central(central, extended)[1]
    choose(extended)
    assert counter.act(page.extend_button.click)[0] == "ok"
    qtbot.waitUntil(lambda: _central(central, extended)[1] != before, timeout=10_000)

    # Annulled by the owner logged in at this counter.
    with ctx.store.write() as s:
        s.add(Employee(id="owner1", display_name="Смирнова О.", role="owner", point_id="p1"))
    employee = ctx.actor
    ctx.actor = replace(employee, employee_id="owner1", employee_name="Смирнова О.")
    choose(annulled)
    page.open_annulment()
    dialog = page.findChild(AnnulDialog, "annul_dialog")
    dialog.set_reason(AnnulReason.CANCELLED, "обращение 5521")
    assert counter.act(dialog.accept)[0] == "ok"
    ctx.actor = employee
    qtbot.waitUntil(lambda: _central(central, annulled)[0] == "to_return", timeout=10_000)
    assert any(line.posting_number == annulled and line.last_kind == "annul" for line in tabs.done_model.rows())

    # Two of three parcels to the fitting room; back, one is bought, one refused, and paid for.
    kept, tried_on, left = to_try
    counter.scan(f"{CUSTOMER}*{PIN}")
    counter.scan(kept)
    counter.scan(tried_on)
    tone, text = counter.act(page.fitting_button.click)
    assert tone == "ok" and page.fitting_line.isVisible()
    qtbot.waitUntil(
        lambda: [_central(central, p)[0] for p in to_try] == ["on_fitting", "on_fitting", "stored"], timeout=10_000
    )
    assert left in [r.shipment.posting_number for r in page.state.rows]
    for p in (kept, tried_on):
        tone, text = counter.scan(p)
        assert tone == "ok" and p in text
    page.open_refusal()
    refusal = page.findChild(RefusalDialog, "refusal_dialog")
    refusal.set_checked(tried_on, 1, True)
    refusal.set_reason(RefusalReason.SIZE, "мала")
    assert counter.act(refusal.accept)[0] == "ok"
    assert page.state.total_due == 79900
    page.card_radio.setChecked(True)
    with qtbot.waitSignal(page.completed) as paid:
        counter.act(page.issue_button.click)
    slip = paid.args[0]
    assert (slip.total, slip.payment_method) == (79900, PaymentMethod.CARD)
    assert [line.posting_number for line in slip.issued] == [kept]
    assert [(line.posting_number, line.refusal) for line in slip.refused] == [(tried_on, "не подошёл размер (мала)")]
    qtbot.waitUntil(
        lambda: [_central(central, p)[0] for p in to_try] == ["issued", "to_return", "stored"], timeout=10_000
    )
    ledger = counter.page("ledger")
    with qtbot.waitSignal(ledger.history_shown, timeout=5_000):
        ledger.show_history(kept)
    # The latest first; the feed's echo of the server's state may come between them as «synced».
    kinds = [ledger.timeline_model.row_at(i).kind for i in range(ledger.timeline_model.rowCount())]
    assert [k for k in kinds if k != "synced"][:3] == ["issue", "fitting_back", "fit"]
    assert ledger.history.shipment.status.value == "issued"

    counter.scan(f"{CUSTOMER}*{PIN}")  # the customer's card again, for the damaged parcel

    # A defect photo, picked from a file, reaches the point's second counter.
    shot = tmp_path / "damaged.png"
    shot.write_bytes(png(seed=7))
    choose(damaged)
    page.open_defect()
    dialog = page.findChild(DefectDialog, "defect_dialog")
    dialog.add_photos([shot])
    dialog.set_kind(DefectKind.GOODS, "трещина на корпусе")
    assert counter.act(dialog.accept)[0] == "ok"
    qtbot.waitUntil(lambda: _sent(ctx), timeout=10_000)
    second = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    try:
        second.pull()
        with second.store.read() as s:
            [event] = s.scalars(select(Event).where(Event.posting_number == damaged, Event.kind == "defect_recorded"))
            details = json.loads(event.details)
        assert details["note"] == "трещина на корпусе" and len(details["photos"]) == 1
    finally:
        second.store.close()


def _caught_up(ctx, central, postings: list[str]) -> bool:
    """The counter's cache holds the server's latest version of every one of ``postings``."""
    from pvz_desktop.store.models import Shipment

    with central.db.read() as s:
        server = dict(
            s.execute(
                select(CentralShipment.posting_number, CentralShipment.version).where(
                    CentralShipment.posting_number.in_(postings)
                )
            ).all()
        )
    with ctx.store.read() as s:
        here = dict(
            s.execute(
                select(Shipment.posting_number, Shipment.version).where(Shipment.posting_number.in_(postings))
            ).all()
        )
    return here == server


def _has(ctx, posting: str) -> bool:
    from pvz_desktop.store.models import Shipment

    with ctx.store.read() as s:
        return s.scalar(select(Shipment.id).where(Shipment.posting_number == posting)) is not None
