"""The customer card's tabs: ready (the only ones issued), in transit with the waybill, completed
with when and by whom, and an issuance's slip printed again from the ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import NotFound
from pvz_desktop.core.statuses import ShipmentStatus as S
from pvz_desktop.store.models import Employee, Event
from pvz_desktop.workflows import issuance
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from pvz_desktop.workflows.issuance_reprint import slip_again

CODE = "48213377*5521"


@pytest.fixture
def card_point(point, store):
    point.add_cells()
    point.add_customer("48213377", "5521")
    with store.write() as s:
        s.add(Employee(id="emp-1", display_name="Смирнова О.", role="employee"))
    waybill = point.add_waybill("TN-0000000777")
    return {
        "cod": point.add_shipment(
            customer="48213377",
            status="stored",
            cell="C-A-01-01",
            amount_due=150000,
            items=[("Кроссовки", 1, 100000), ("Носки", 2, 25000)],
        ),
        "prepaid": point.add_shipment(customer="48213377", status="stored", cell="C-A-01-03"),
        "transit": point.add_shipment(customer="48213377", status="expected", waybill=waybill),
        "received": point.add_shipment(customer="48213377", status="received", waybill=waybill),
    }


def test_in_transit_tab_names_the_waybill_and_its_date(ctx, card_point) -> None:
    card = issuance.lookup(ctx, CODE)
    assert {line.posting_number: (line.status, line.waybill) for line in card.in_transit} == {
        card_point["transit"]: (S.EXPECTED, "TN-0000000777"),
        card_point["received"]: (S.RECEIVED, "TN-0000000777"),
    }
    assert all(line.at is not None for line in card.in_transit)
    assert {s.posting_number for s in card.ready} == {card_point["cod"], card_point["prepaid"]}
    assert card.completed == ()


def test_completed_tab_says_when_and_who_and_reprints_the_slip_as_printed(ctx, card_point) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(card_point["cod"])
    session.scan(card_point["prepaid"])
    session.refuse_lines(card_point["cod"], {2}, "size", "мал")
    first = session.complete(PaymentMethod.CASH, tendered=200000)

    card = issuance.lookup(ctx, CODE)
    done = {line.posting_number: line for line in card.completed}
    assert set(done) == {card_point["cod"], card_point["prepaid"], f"{card_point['cod']}/R"}
    cod = done[card_point["cod"]]
    assert (cod.status, cod.employee_name, cod.issue_op) == (S.ISSUED, "Смирнова О.", first.op_id)
    assert abs(cod.at - first.issued_at.replace(tzinfo=None)) < timedelta(seconds=1)
    # The split-off refused goods are done with too, but there is no slip of theirs to print.
    assert done[f"{card_point['cod']}/R"].status is S.TO_RETURN
    assert done[f"{card_point['cod']}/R"].issue_op is None
    assert card.ready == ()

    again = slip_again(ctx, first.op_id)
    assert replace(again, issued_at=first.issued_at) == first


def test_a_whole_parcel_refused_is_on_the_reprinted_slip_with_its_reason(ctx, card_point) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(card_point["cod"])
    session.scan(card_point["prepaid"])
    session.refuse_lines(card_point["cod"], {1, 2}, "other", "не тот цвет")
    first = session.complete()
    again = slip_again(ctx, first.op_id)
    assert [(line.posting_number, line.refusal) for line in again.refused] == [(card_point["cod"], "не тот цвет")]
    assert replace(again, issued_at=first.issued_at) == first


def test_reprint_of_an_unknown_operation_is_refused(ctx, store, card_point) -> None:
    with pytest.raises(NotFound):
        slip_again(ctx, "00000000-0000-0000-0000-000000000000")
    with store.read() as s:
        assert s.scalar(select(Event.id).where(Event.kind == "payment")) is None
