"""«Другие пункты»: a customer's parcels at other points, only for a point where the customer
presented today's code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from pvz_central.models import Point
from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.sync.client import AccessDenied
from tests.central.harness import OTHER_POINT, POINT, delivery, login

CUSTOMER = "41000077"


@pytest.fixture
def owner2(central):
    return login(central.url, "owner2")


def _postings(body: dict) -> list[str]:
    return [s["posting"] for s in body["shipments"]]


def test_a_point_that_saw_the_code_gets_the_customers_parcels_elsewhere_only(central, owner, owner2, counter1):
    with central.db.write() as s:
        s.execute(update(Point).where(Point.id == OTHER_POINT).values(address="Москва, Арбат, 5"))
    here = delivery(owner, 1, customer=CUSTOMER, pin="1111")
    there = delivery(owner2, 2, customer=CUSTOMER, pin="2222", point=OTHER_POINT)
    stored, issued = _postings(there)
    deadline = utcnow().replace(microsecond=0) + timedelta(days=3)
    with central.db.write() as s:
        s.execute(
            update(CentralShipment)
            .where(CentralShipment.posting_number == stored)
            .values(status="stored", storage_deadline=deadline)
        )
        s.execute(update(CentralShipment).where(CentralShipment.posting_number == issued).values(status="issued"))
    other = delivery(owner2, 1, customer="41000078", pin="3333", point=OTHER_POINT)

    parcels = counter1.client.other_points(CUSTOMER, "1111")

    # Only the other point's parcel still waiting: not this point's, not the issued one, not another customer's.
    assert [(p.posting, p.status, p.point_name, p.address) for p in parcels] == [
        (stored, "stored", "ПВЗ Арбат 5", "Москва, Арбат, 5")
    ]
    assert parcels[0].storage_deadline == deadline
    assert _postings(here)[0] not in {p.posting for p in parcels}
    assert _postings(other)[0] not in {p.posting for p in parcels}


def test_a_point_that_has_not_seen_the_code_is_refused_and_told_nothing(central, owner, owner2, counter1):
    delivery(owner, 1, customer=CUSTOMER, pin="1111")
    there = delivery(owner2, 1, customer=CUSTOMER, pin="2222", point=OTHER_POINT)
    delivery(owner2, 1, customer="41000079", pin="4444", point=OTHER_POINT)
    for customer, pin in (
        (CUSTOMER, "1112"),  # a wrong PIN
        (CUSTOMER, "2222"),  # the code of the other point, not of this one
        ("41000079", "4444"),  # a customer whose code this point never had
    ):
        with pytest.raises(AccessDenied) as refused:
            counter1.client.other_points(customer, pin)
        assert "не предъявлял код" in refused.value.message
        assert _postings(there)[0] not in refused.value.message
    # The route answers with the PIN in the body only: a bare listing by customer number is refused too.
    r = counter1.auth.request("POST", f"/api/v1/points/{POINT}/customers/{CUSTOMER}/other-points", json={})
    assert r.status_code == 422


def test_yesterdays_code_is_not_a_presentation_today(central, owner, owner2, counter1):
    yesterday = to_local(utcnow()).date() - timedelta(days=2)
    delivery(owner, 1, customer=CUSTOMER, pin="1111", valid_on=yesterday)
    delivery(owner2, 1, customer=CUSTOMER, pin="2222", point=OTHER_POINT)
    with pytest.raises(AccessDenied):
        counter1.client.other_points(CUSTOMER, "1111")


def test_wrong_pins_are_limited_per_customer_so_a_point_cannot_guess_one(central, owner, owner2, counter1):
    from pvz_central.login_throttle import LIMITS, PICKUP_PIN

    delivery(owner, 1, customer=CUSTOMER, pin="1111")
    delivery(owner2, 1, customer=CUSTOMER, pin="2222", point=OTHER_POINT)
    delivery(owner, 1, customer="41000079", pin="4444")
    with pytest.raises(AccessDenied):
        counter1.client.other_points(CUSTOMER, "1112")
    assert counter1.client.other_points(CUSTOMER, "1111") is not None  # the right PIN starts the count afresh
    for n in range(LIMITS[PICKUP_PIN].backoff_after):
        with pytest.raises(AccessDenied) as refused:
            counter1.client.other_points(CUSTOMER, f"{9000 + n}")
        assert "не предъявлял код" in refused.value.message
    # Now every check waits, the right PIN too: guessing is held back and told so.
    r = counter1.auth.request("POST", f"/api/v1/points/{POINT}/customers/{CUSTOMER}/other-points", json={"pin": "1111"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 and r.json()["code"] == "too_many_attempts"
    with pytest.raises(AccessDenied) as held:
        counter1.client.other_points(CUSTOMER, "1111")
    assert "Слишком много неверных кодов" in held.value.message
    assert counter1.client.other_points("41000079", "4444") == ()  # another customer is not held back
