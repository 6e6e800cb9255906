"""One working day at the counter, end to end through the real workflows on a real SQLite file."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from pvz_desktop.core.clock import to_local
from pvz_desktop.demo.generator import generate
from pvz_desktop.store.models import Cell, Shipment
from pvz_desktop.workflows import acceptance, inventory, return_boxes, support, unknown_scans
from pvz_desktop.workflows.expiry import sweep
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.placement import place
from pvz_desktop.workflows.return_boxes import handover, open_box, pack, seal
from pvz_desktop.workflows.returns import Decision, ReturnChecklist, decide_return, find_return
from pvz_desktop.workflows.shift import close_shift, open_shift
from pvz_desktop.workflows.unknown_scans import take_in_unexpected
from tests.workflows.counter_builders import add_return_request, at, shipment_row, status_of

T0 = datetime(2026, 11, 27, 6, 0)  # 09:00 in Moscow
WAYBILL = "TN-0000031337"
UNEXPECTED = "0555555555-0001-1"


def test_a_full_day(ctx, store, point):
    clock = iter(T0 + timedelta(minutes=10 * i) for i in range(1, 1000))

    def now():  # every step a little later, like a real day
        return at(ctx, next(clock))

    point.add_cells("A")
    day = to_local(T0).date()  # the codes of that day
    ivanova = point.add_customer("48213377", pin="5521", name="Иванова А.", valid_on=day)
    petrov = point.add_customer("48213378", pin="7310", name="Петров С.", valid_on=day)
    point.add_waybill(WAYBILL, packages={"GM0000412345": 1})
    two_lines = [("Футболка хлопковая", 1, 79900), ("Кроссовки беговые", 1, 459000)]
    partly = point.add_shipment(customer="48213377", waybill=WAYBILL, amount_due=538900, items=two_lines)
    by_card = point.add_shipment(customer="48213378", waybill=WAYBILL, amount_due=129000)
    misplaced = point.add_shipment(customer="48213378", waybill=WAYBILL)
    shortage = point.add_shipment(customer="48213378", waybill=WAYBILL)
    missing = point.add_shipment(customer="48213378", waybill=WAYBILL)
    overdue = point.add_shipment(
        customer="48213378", status="stored", cell="C-A-01-03", deadline=T0 + timedelta(minutes=30)
    )
    returned = point.add_shipment(customer="48213377", status="issued", items=[("Наушники беспроводные", 1, 289000)])
    add_return_request(store, "RT-0000007781", returned, ["Наушники беспроводные"], "Брак")

    open_shift(at(ctx, T0))

    # 1. Acceptance: everything but one parcel arrives, plus one that is not on the waybill.
    acceptance.open_waybill(now(), WAYBILL)
    acceptance.scan(now(), WAYBILL, "GM0000412345")
    for posting in (partly, by_card, misplaced, shortage, UNEXPECTED):
        acceptance.scan(now(), WAYBILL, posting)
    closed = acceptance.close_waybill(now(), WAYBILL)
    assert closed.act is not None
    assert (closed.act.missing_shipments, closed.act.unexpected_shipments) == ((missing,), (UNEXPECTED,))
    assert status_of(store, missing) == "missing"
    take_in_unexpected(now(), UNEXPECTED)

    # 2. Placement.
    for posting, cell in (
        (partly, "C-A-01-01"),
        (by_card, "C-A-01-01"),
        (misplaced, "C-A-01-02"),
        (shortage, "C-A-01-01"),
        (UNEXPECTED, "C-A-01-03"),
    ):
        assert place(now(), posting, cell).shipment.status == "stored"

    # 3. Issuance: Ivanova keeps the T-shirt, refuses the sneakers, pays cash; Petrov pays by card.
    counter = IssuanceSession.start(now(), ivanova)
    counter.scan(partly)
    counter.refuse_lines(partly, {2}, "size")
    cash_slip = counter.complete(PaymentMethod.CASH, tendered=100000)
    assert (cash_slip.total, cash_slip.change) == (79900, 20100)
    counter = IssuanceSession.start(now(), petrov)
    counter.scan(by_card)
    card_slip = counter.complete(PaymentMethod.CARD)
    assert status_of(store, f"{partly}/R") == "to_return"

    # 4. A customer return of yesterday's headphones.
    assert find_return(now(), "RT-0000007781").posting_number == returned
    checks = ReturnChecklist(condition_ok=True, complete=True, item_matches=True, reason_matches=True)
    receipt = decide_return(now(), "RT-0000007781", checks, Decision.APPROVED)
    assert receipt.decision is Decision.APPROVED and status_of(store, returned) == "to_return"

    # 5. The storage sweep: one parcel is past its deadline.
    swept = sweep(now())
    assert [p.posting_number for p in swept.parcels] == [overdue]
    assert shipment_row(store, overdue).cell.code == "C-A-01-03"  # still on the shelf

    # 6. Return box: the refused sneakers (by the original label), the return, the expired parcel.
    box = open_box(now()).barcode
    for posting in (partly, returned, overdue):
        pack(now(), box, posting)
    assert seal(now(), box).count == 3
    act = handover(now(), [box], "Гусев Д.")
    assert (act.total_boxes, act.total_shipments) == (1, 3)
    assert {status_of(store, p) for p in (f"{partly}/R", returned, overdue)} == {"returned_to_carrier"}

    # 7. Inventory of zone A: one parcel is gone, one sits in the wrong cell.
    sid = inventory.start(now(), ["A"]).session_id
    for raw in ("C-A-01-01", misplaced, "C-A-01-02", "C-A-01-03", UNEXPECTED):
        inventory.scan(now(), sid, raw)
    report = inventory.apply(now(), sid)
    assert [d.posting_number for d in report.shortage] == [shortage]
    assert [(d.posting_number, d.booked_cell, d.cell) for d in report.misplaced] == [
        (misplaced, "C-A-01-02", "C-A-01-01")
    ]
    assert (report.found, report.surplus, report.cells_unchecked) == ((), (), ())
    assert status_of(store, shortage) == "lost"
    assert shipment_row(store, misplaced).cell.code == "C-A-01-01"

    # 8. Closing the shift: the report tells the day as it happened.
    shift = close_shift(now())
    c = shift.counts
    assert (c.accepted, c.unexpected, c.placed) == (5, 1, 5)
    assert (c.issued, c.refused, c.returns_accepted, c.expired) == (2, 1, 1, 1)
    assert (c.boxes_handed_over, c.returned_to_carrier) == (1, 3)
    assert (c.cash_total, c.card_total) == (cash_slip.total, card_slip.total) == (79900, 129000)

    chain = verify_chain(ctx)
    assert chain.ok, chain.message
    assert chain.checked > 30


def test_the_demo_point_supports_every_counter_workflow(ctx, store):
    """The generated demo data is consistent with the rules: each workflow finds work on it."""
    generate(store, shipments=3000, seed=7, now=T0)
    day = at(ctx, T0)

    # Every open return request names items that were issued in its shipment.
    candidate = find_return(day, "RT-0000000001")
    assert candidate.unknown_items == ()
    checks = ReturnChecklist(condition_ok=True, complete=True, item_matches=True, reason_matches=True)
    decide_return(day, "RT-0000000001", checks, Decision.APPROVED)

    swept = sweep(day)
    assert swept.count > 0 and all(p.cell for p in swept.parcels)

    # Packed parcels sit in boxes: one open box to add to, sealed ones for the courier.
    [open_box_view] = return_boxes.boxes(day, "open")
    packed = pack(day, open_box_view.barcode, swept.parcels[0].posting_number)
    assert packed.box.count == open_box_view.count + 1
    sealed = return_boxes.boxes(day, "sealed")
    act = handover(day, [b.barcode for b in sealed], "Гусев Д.")
    assert act.total_shipments == sum(b.count for b in sealed) > 0
    with store.read() as s:
        loose = s.scalars(
            select(Shipment.posting_number).where(
                Shipment.status.in_(["in_return_box", "returned_to_carrier"]), Shipment.return_box_id.is_(None)
            )
        ).all()
        assert loose == []
        cell, booked = s.execute(
            select(Cell.code, Shipment.posting_number)
            .join(Shipment, Shipment.cell_id == Cell.id)
            .where(Shipment.status == "stored")
            .limit(1)
        ).one()

    sid = inventory.start(day, [cell[2]]).session_id
    inventory.scan(day, sid, cell)
    inventory.scan(day, sid, booked)
    assert inventory.apply(day, sid).matched >= 1

    assert unknown_scans.scans(day) and support.tickets(day)
    assert verify_chain(ctx).ok
