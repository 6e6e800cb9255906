from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.workflows import acceptance, ledger, placement
from pvz_desktop.workflows.issuance import IssuanceSession
from pvz_desktop.workflows.ledger import ShipmentQuery

WB = "TN-0000000001"


@pytest.fixture
def day(ctx, point):
    point.add_cells()
    point.add_customer("48213377", "5521", name="Иванова А.", last4="1234")
    point.add_customer("55555555", "0000", name="Петров П.", last4="9876")
    point.add_waybill(WB)
    a = point.add_shipment(customer="48213377", waybill=WB)
    b = point.add_shipment(customer="55555555", waybill=WB)
    acceptance.open_waybill(ctx, WB)
    acceptance.scan(ctx, WB, a)
    acceptance.scan(ctx, WB, b)
    placement.place(ctx, a, "C-A-01-01")
    placement.place(ctx, b, "C-A-01-02")
    session = IssuanceSession.start(ctx, "48213377*5521")
    session.scan(a)
    session.complete()
    return a, b


def test_full_history_of_a_shipment(ctx, day) -> None:
    h = ledger.history(ctx, day[0])
    assert [(e.kind, e.from_status, e.to_status) for e in h.events] == [
        ("accept", "expected", "received"),
        ("place", "received", "stored"),
        ("issue", "stored", "issued"),
    ]
    assert h.events[1].details["cell"] == "C-A-01-01"
    assert all(e.employee_id == "emp-1" and e.workstation == "counter-1" for e in h.events)
    with pytest.raises(NotFound):
        ledger.history(ctx, "0000000000-0000-0")


def test_search_by_each_criterion(ctx, day) -> None:
    a, b = day
    found = lambda **kw: [s.posting_number for s in ledger.search(ctx, ShipmentQuery(**kw))]  # noqa: E731
    assert found(posting=a) == [a]
    assert found(posting=a[:5]) and set(found(posting=a[:5])) >= {a}
    assert found(order=a.split("-")[0]) == [a]
    assert found(customer="Петров") == [b]
    assert found(customer="1234") == [a]
    assert found(customer="55555555") == [b]
    assert found(status=ShipmentStatus.ISSUED) == [a]
    assert found(cell="c-a-01-02") == [b]
    today = utcnow().date()
    assert set(found(updated_from=today - timedelta(days=1), updated_to=today + timedelta(days=1))) == {a, b}
    assert found(updated_from=today + timedelta(days=2)) == []
    assert found(posting="%") == []  # wildcards are literal
    with pytest.raises(BadInput):
        ledger.search(ctx, ShipmentQuery(updated_from=today, updated_to=today - timedelta(days=1)))


def test_counts_per_status(ctx, day) -> None:
    counts = ledger.status_counts(ctx)
    assert counts[ShipmentStatus.ISSUED] == 1 and counts[ShipmentStatus.STORED] == 1
    assert sum(counts.values()) == 2


def test_deadline_list(ctx, point) -> None:
    point.add_customer("48213377")
    now = utcnow()
    overdue = point.add_shipment(customer="48213377", status="stored", deadline=now - timedelta(hours=1))
    later = point.add_shipment(customer="48213377", status="stored", deadline=now + timedelta(days=5))
    tomorrow = point.add_shipment(customer="48213377", status="stored", deadline=now + timedelta(days=1, seconds=1))
    report = ledger.deadlines(ctx)
    assert [s.posting_number for s in report.overdue] == [overdue]
    listed = {s.posting_number for s in report.overdue + report.due_today + report.due_tomorrow}
    assert later not in listed
    assert tomorrow in {s.posting_number for s in report.due_today + report.due_tomorrow}
    counts = ledger.deadline_counts(ctx)
    assert (counts.overdue, counts.due_today, counts.due_tomorrow) == (
        len(report.overdue),
        len(report.due_today),
        len(report.due_tomorrow),
    )
    assert counts.overdue == 1 and counts.due_today + counts.due_tomorrow == 1


def test_chain_verifies_and_finds_the_first_broken_link(ctx, store, day) -> None:
    report = ledger.verify_chain(ctx)
    assert report.ok and report.checked >= 7 and "цел" in report.message
    con = sqlite3.connect(store.path)
    ids = [r[0] for r in con.execute("SELECT id FROM event ORDER BY id")]
    con.execute("UPDATE event SET to_status='issued' WHERE id=?", (ids[3],))  # tamper with one record
    con.commit()
    report = ledger.verify_chain(ctx, batch=2)
    assert not report.ok and report.first_broken_id == ids[3] and "изменено" in report.reason
    con.execute("DELETE FROM event WHERE id=?", (ids[1],))  # and remove an earlier one
    con.commit()
    con.close()
    report = ledger.verify_chain(ctx)
    assert report.first_broken_id == ids[2] and str(ids[2]) in report.message
