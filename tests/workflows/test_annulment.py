"""Annulment at the counter: only by the owner logged in there, with a reason; the parcel goes to
return on its shelf, the ledger and the outbox say why, and the card shows it as annulled."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.store.models import Employee, Event, Outbox
from pvz_desktop.workflows import issuance
from pvz_desktop.workflows.annulment import AnnulReason, annul
from pvz_desktop.workflows.outbox_body import stored_payload
from tests.workflows.counter_builders import status_of

CODE = "48213377*5521"


@pytest.fixture
def parcel(point, store):
    point.add_cells()
    point.add_customer("48213377", "5521")
    with store.write() as s:
        s.add(Employee(id="emp-1", display_name="Смирнова О.", role="employee"))
        s.add(Employee(id="own-1", display_name="Лебедев П.", role="owner"))
    return point.add_shipment(customer="48213377", status="stored", cell="C-A-01-02")


@pytest.fixture
def owner_ctx(ctx):
    from dataclasses import replace

    return replace(ctx, actor=replace(ctx.actor, employee_id="own-1", employee_name="Лебедев П."))


def test_an_employee_cannot_annul_without_the_owner(ctx, parcel, unchanged) -> None:
    with unchanged(), pytest.raises(StateConflict) as err:
        annul(ctx, parcel, AnnulReason.DAMAGED)
    assert err.value.code == "owner_only" and "владелец" in err.value.message


def test_the_owner_annuls_with_a_reason_and_the_parcel_goes_to_return_on_its_shelf(owner_ctx, store, parcel) -> None:
    result = annul(owner_ctx, parcel, "cancelled", "звонок в поддержку, обращение 123")
    assert status_of(store, parcel) == "to_return" and result.cell == "C-A-01-02"
    with store.read() as s:
        [event] = s.scalars(select(Event).where(Event.op_id == result.op_id)).all()
        outbox = s.scalar(select(Outbox).where(Outbox.op_id == result.op_id))
    assert (event.kind, event.employee_id) == ("annul", "own-1")
    assert json.loads(event.details)["reason"] == "cancelled"
    payload = stored_payload(outbox.payload)
    assert outbox.kind == "annul" and payload["employee_id"] == "own-1"
    assert payload["transitions"][0]["to"] == "to_return"
    card = issuance.lookup(owner_ctx, CODE)
    assert card.ready == ()
    [line] = card.completed
    assert (line.posting_number, line.last_kind, line.employee_name) == (parcel, "annul", "Лебедев П.")


@pytest.mark.parametrize(
    ("reason", "note", "said"),
    [(None, "", "Укажите причину"), ("nonsense", "", "Укажите причину"), ("other", "  ", "«другое»")],
)
def test_an_annulment_without_its_reason_is_refused(owner_ctx, parcel, unchanged, reason, note, said) -> None:
    with unchanged(), pytest.raises(BadInput) as err:
        annul(owner_ctx, parcel, reason, note)
    assert said in err.value.message


def test_only_a_stored_parcel_is_annulled(owner_ctx, point, parcel, unchanged) -> None:
    transit = point.add_shipment(customer="48213377", status="expected")
    with unchanged(), pytest.raises(StateConflict) as err:
        annul(owner_ctx, transit, AnnulReason.WRONG_ITEM)
    assert "только отправление на хранении" in err.value.message
