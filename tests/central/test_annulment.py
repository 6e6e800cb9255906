"""Annulment reaches the server: applied when the point's owner confirmed it at the counter (the
owner's login, or the owner logged in at an employee's counter), refused otherwise."""

from __future__ import annotations

from dataclasses import replace

from pvz_desktop.store.models import Employee
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.annulment import AnnulReason, annul
from tests.builders import PointBuilder
from tests.central.harness import delivery
from tests.central.test_two_counters import _receive_and_place


def _stored(counter, owner) -> str:
    PointBuilder(counter.store).add_cells()
    waybill = delivery(owner, 1)
    counter.pull()
    [posting] = _receive_and_place(counter, waybill, "C-A-01-01")
    return posting


def test_the_owner_at_an_employees_counter_annuls_and_the_server_applies_it(central, owner, counter1):
    posting = _stored(counter1, owner)
    with counter1.store.write() as s:  # the point's staff as the counter knows them
        s.add(Employee(id="owner1", display_name="Смирнова О.", role="owner", point_id="p1"))
    at_counter = replace(counter1.ctx, actor=replace(counter1.ctx.actor, employee_id="owner1"))
    annul(at_counter, posting, AnnulReason.DAMAGED, "коробка смята")
    assert push_pending(counter1.ctx, counter1.client).refused == ()  # sent with emp1's login
    assert central.central_status(posting) == "to_return"


def test_an_annulment_sent_by_an_employee_alone_is_refused_and_the_parcel_stays(central, owner, counter1):
    posting = _stored(counter1, owner)
    # A counter that let an employee annul (an older or altered one): the server refuses.
    with counter1.store.write() as s:
        s.add(Employee(id="emp1", display_name="Кузнецов Д.", role="owner", point_id="p1"))
    annul(counter1.ctx, posting, AnnulReason.WRONG_ITEM)
    [refusal] = push_pending(counter1.ctx, counter1.client).refused
    assert "только владелец" in refusal.reason
    assert central.central_status(posting) == "stored"
    assert counter1.status(posting) == "stored"  # re-read from the server
