"""The fitting room reaches the server: a hand-out and each scan back are checked again there (the
parcel at this point, in the status the counter saw, the customer's own) and reach the point's
other counter through the feed."""

from __future__ import annotations

import json

from sqlalchemy import select

from pvz_desktop.store.models import Outbox
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import fitting
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from tests.builders import PointBuilder
from tests.central.harness import delivery
from tests.central.test_two_counters import _receive_and_place

CUSTOMER, PIN = "41000021", "6161"


def _stored(counter, owner, n: int = 2) -> list[str]:
    PointBuilder(counter.store).add_cells()
    waybill = delivery(owner, n, customer=CUSTOMER, pin=PIN)
    counter.pull()
    return _receive_and_place(counter, waybill, "C-A-01-01")


def test_a_fitting_is_applied_on_the_server_and_seen_at_the_other_counter(central, owner, counter1, counter2):
    postings = _stored(counter1, owner)
    session = IssuanceSession.start(counter1.ctx, f"{CUSTOMER}*{PIN}")
    for p in postings:
        session.scan(p)
    session.to_fitting()
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    assert [central.central_status(p) for p in postings] == ["on_fitting", "on_fitting"]
    counter2.pull()
    assert [counter2.status(p) for p in postings] == ["on_fitting", "on_fitting"]
    # Back from the fitting: one bought, one refused; the server follows every step.
    back = IssuanceSession.start(counter1.ctx, f"{CUSTOMER}*{PIN}")
    for p in postings:
        back.scan(p)
    back.refuse_lines(postings[1], {1}, "size")
    back.complete(PaymentMethod.CARD)
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    assert [central.central_status(p) for p in postings] == ["issued", "to_return"]


def test_a_hand_out_of_a_parcel_the_server_does_not_have_here_is_refused(central, owner, counter1):
    PointBuilder(counter1.store).add_cells()
    local = PointBuilder(counter1.store)
    local.add_customer(CUSTOMER, PIN)
    stray = local.add_shipment(customer=CUSTOMER, status="stored", cell="C-A-01-02")  # never sent to the server
    fitting.hand_out(counter1.ctx, CUSTOMER, [stray])
    [refusal] = push_pending(counter1.ctx, counter1.client).refused
    assert "не числится за этим пунктом" in refusal.reason
    assert counter1.status(stray) == "on_fitting"  # the server has no record to re-read it from


def test_a_hand_out_naming_another_customer_is_refused_and_the_parcels_stay_stored(central, owner, counter1):
    postings = _stored(counter1, owner, 1)
    fitting.hand_out(counter1.ctx, CUSTOMER, postings)
    # An altered counter: the operation names another customer than the parcel's.
    with counter1.store.write() as s:
        row = s.scalar(select(Outbox).where(Outbox.kind == "fitting_out"))
        body = json.loads(row.payload)
        body["payload"]["customer"] = "41999999"
        row.payload = json.dumps(body)
    [refusal] = push_pending(counter1.ctx, counter1.client).refused
    assert "не принадлежит покупателю 41999999" in refusal.reason
    assert central.central_status(postings[0]) == "stored"
    assert counter1.status(postings[0]) == "stored"  # re-read from the server


def test_a_hand_out_after_the_other_counter_issued_the_parcel_is_refused(central, owner, counter1, counter2):
    PointBuilder(counter2.store).add_cells()
    [posting] = _stored(counter1, owner, 1)
    counter2.pull()
    issue = IssuanceSession.start(counter2.ctx, f"{CUSTOMER}*{PIN}")
    issue.scan(posting)
    issue.complete()
    assert push_pending(counter2.ctx, counter2.client).refused == ()
    fitting.hand_out(counter1.ctx, CUSTOMER, [posting])  # offline, before counter 1 heard of it
    [refusal] = push_pending(counter1.ctx, counter1.client).refused
    assert "другой стойке" in refusal.reason
    assert counter1.status(posting) == "issued"
