"""Opening the cash drawer without a sale: the owner only, with a reason, in the ledger and the outbox;
the shift report counts every opening (cash payments and the owner's)."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.store.models import Employee, Event
from pvz_desktop.workflows.cash_drawer import open_without_sale
from pvz_desktop.workflows.issuance import PaymentMethod
from pvz_desktop.workflows.shift import close_shift, open_shift
from tests.workflows.counter_builders import at, outbox
from tests.workflows.test_shift import T0, _issue


def _employee(store, employee_id: str, role: str) -> None:
    with store.write() as s:
        s.add(Employee(id=employee_id, display_name="Орлова Т.", role=role))


def test_the_owner_opens_the_drawer_with_a_reason(ctx, store):
    _employee(store, ctx.actor.employee_id, "owner")
    opening = open_without_sale(ctx, "  размен   для курьера ")
    assert opening.reason == "размен для курьера"
    with store.read() as s:
        event = s.scalars(select(Event).where(Event.kind == "drawer_opened")).one()
    assert json.loads(event.details)["reason"] == "размен для курьера"
    assert (event.employee_id, event.workstation) == ("emp-1", "counter-1")
    [(kind, payload)] = outbox(store)
    assert kind == "drawer_open" and payload["reason"] == "размен для курьера"


@pytest.mark.parametrize("role", ["employee", None])
def test_an_employee_may_not_open_the_drawer_without_a_sale(ctx, store, unchanged, role):
    if role is not None:
        _employee(store, ctx.actor.employee_id, role)
    with unchanged(), pytest.raises(StateConflict, match="только владелец"):
        open_without_sale(ctx, "размен")


@pytest.mark.parametrize(("reason", "words"), [("   ", "Укажите, зачем"), ("я" * 201, "длиннее 200")])
def test_a_missing_or_huge_reason_is_refused(ctx, store, unchanged, reason, words):
    _employee(store, ctx.actor.employee_id, "owner")
    with unchanged(), pytest.raises(BadInput, match=words):
        open_without_sale(ctx, reason)


def test_the_shift_report_counts_every_opening(ctx, store, point):
    _employee(store, ctx.actor.employee_id, "owner")
    point.add_cells()
    code = point.add_customer("48213377", valid_on=to_local(T0).date())  # the code of that day
    cash, card, prepaid = (
        point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", amount_due=due)
        for due in (100000, 50000, 0)
    )
    open_shift(at(ctx, T0))
    _issue(at(ctx, T0 + timedelta(hours=1)), code, cash, PaymentMethod.CASH)  # the drawer opens
    _issue(at(ctx, T0 + timedelta(hours=2)), code, card, PaymentMethod.CARD)  # it does not
    _issue(at(ctx, T0 + timedelta(hours=3)), code, prepaid)  # nothing to pay: it does not
    open_without_sale(at(ctx, T0 + timedelta(hours=4)), "размен")
    other = dataclasses.replace(ctx, actor=dataclasses.replace(ctx.actor, workstation="counter-2"))
    open_without_sale(at(other, T0 + timedelta(hours=4)), "другая касса: не в этом отчёте")
    report = close_shift(at(ctx, T0 + timedelta(hours=8)))
    assert (report.counts.drawer_openings, report.counts.drawer_opened_by_owner) == (2, 1)
