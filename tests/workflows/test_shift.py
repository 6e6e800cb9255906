from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import NotFound, StateConflict
from pvz_desktop.store.models import Employee, Shift
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from pvz_desktop.workflows.shift import close_shift, current_shift, open_shift, shift_report
from tests.workflows.counter_builders import at, outbox

T0 = datetime(2026, 11, 27, 6, 0)


def _issue(ctx, code: str, posting: str, method: PaymentMethod | None = None, refuse: set[int] | None = None):
    session = IssuanceSession.start(ctx, code)
    session.scan(posting)
    if refuse:
        session.refuse_lines(posting, refuse, "size")
    return session.complete(method)


def test_open_and_close_a_shift(ctx, store):
    opened = open_shift(at(ctx, T0))
    assert (opened.employee_id, opened.employee_name, opened.workstation, opened.opened_at) == (
        "emp-1",
        "Смирнова О.",
        "counter-1",
        T0,
    )
    assert current_shift(ctx) == opened
    with store.read() as s:
        assert s.get(Employee, "emp-1").display_name == "Смирнова О."

    report = close_shift(at(ctx, T0 + timedelta(hours=12)))

    assert report.shift.closed_at == T0 + timedelta(hours=12) and report.until == report.shift.closed_at
    assert report.counts.issued == 0 and report.counts.takings == 0
    assert current_shift(ctx) is None
    assert [k for k, _ in outbox(store)] == ["shift_open", "shift_close"]
    assert open_shift(at(ctx, T0 + timedelta(days=1))).id != opened.id  # the next day's shift


def test_a_second_open_shift_is_refused(ctx, unchanged):
    open_shift(at(ctx, T0))
    with unchanged(), pytest.raises(StateConflict) as err:
        open_shift(ctx)
    assert "Смена уже открыта" in err.value.message


def test_one_open_shift_per_employee_and_workstation(ctx):
    open_shift(ctx)
    colleague = dataclasses.replace(
        ctx, actor=dataclasses.replace(ctx.actor, employee_id="emp-2", employee_name="Кузнецов Д.")
    )
    other_counter = dataclasses.replace(ctx, actor=dataclasses.replace(ctx.actor, workstation="counter-2"))
    assert open_shift(colleague).employee_name == "Кузнецов Д."
    assert open_shift(other_counter).workstation == "counter-2"


def test_the_database_itself_refuses_a_second_open_shift(ctx, store):
    open_shift(ctx)
    with pytest.raises(IntegrityError), store.write() as s:
        s.add(Shift(employee_id="emp-1", workstation="counter-1", opened_at=T0))
    with store.read() as s:
        assert len(s.scalars(select(Shift)).all()) == 1


def test_closing_without_an_open_shift_is_refused(ctx, unchanged):
    with unchanged(), pytest.raises(StateConflict) as err:
        close_shift(ctx)
    assert "не открыта" in err.value.message
    with unchanged(), pytest.raises(NotFound):
        shift_report(ctx)
    with unchanged(), pytest.raises(NotFound):
        shift_report(ctx, 42)


def test_the_report_counts_the_ledger_within_the_shift(ctx, point):
    point.add_cells()
    code = point.add_customer("48213377", valid_on=to_local(T0).date())  # the code of that day
    two_lines = [("Футболка хлопковая", 1, 79900), ("Кроссовки беговые", 1, 459000)]
    before, cash, card, theirs = (
        point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", amount_due=100000) for _ in range(4)
    )
    partly = point.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-02", amount_due=538900, items=two_lines
    )
    prepaid = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-02")
    _issue(at(ctx, T0 - timedelta(minutes=5)), code, before, PaymentMethod.CASH)  # before the shift: not counted
    open_shift(at(ctx, T0))
    _issue(at(ctx, T0 + timedelta(hours=1)), code, cash, PaymentMethod.CASH)
    _issue(at(ctx, T0 + timedelta(hours=2)), code, card, PaymentMethod.CARD)
    _issue(at(ctx, T0 + timedelta(hours=3)), code, partly, PaymentMethod.CARD, refuse={2})
    _issue(at(ctx, T0 + timedelta(hours=4)), code, prepaid)
    # A colleague at another counter during the shift: their work is not in this report.
    colleague = dataclasses.replace(ctx, actor=dataclasses.replace(ctx.actor, employee_id="emp-2", workstation="c-2"))
    _issue(at(colleague, T0 + timedelta(hours=5)), code, theirs, PaymentMethod.CASH)

    interim = shift_report(at(ctx, T0 + timedelta(hours=6)))
    report = close_shift(at(ctx, T0 + timedelta(hours=8)))

    assert interim.counts == report.counts
    c = report.counts
    assert (c.issued, c.refused, c.refused_lines) == (4, 1, 1)
    assert (c.cash_total, c.card_total, c.takings) == (100000, 100000 + 79900, 279900)


def test_issuing_receiving_and_returns_need_an_open_shift(ctx, point, unchanged):
    """With the counter's rule on, work that belongs to a shift is refused until one is open."""
    from pvz_desktop.core.errors import ShiftNotOpen
    from pvz_desktop.workflows import acceptance, returns
    from pvz_desktop.workflows.context import Rules
    from tests.workflows.counter_builders import add_return_request

    ctx = dataclasses.replace(ctx, rules=Rules(require_open_shift=True))
    point.add_cells()
    code = point.add_customer("48213377")
    stored = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    issued = point.add_shipment(customer="48213377", status="issued")
    request = add_return_request(point.store, "RT-0000007781", issued, ["Товар"])
    waybill = point.add_waybill("TN-0000031337")
    checks = returns.ReturnChecklist(condition_ok=True, complete=True, item_matches=True, reason_matches=True)
    session = IssuanceSession.start(ctx, code)
    session.scan(stored)
    for attempt in (
        session.complete,
        lambda: acceptance.open_waybill(ctx, waybill),
        lambda: returns.decide_return(ctx, request, checks, "approved"),
    ):
        with unchanged(), pytest.raises(ShiftNotOpen) as err:
            attempt()
        assert err.value.message.startswith("Откройте смену (F2)")
    open_shift(ctx)
    assert session.complete().issued[0].posting_number == stored
    assert acceptance.open_waybill(ctx, waybill).status == "receiving"
