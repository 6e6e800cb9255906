"""The fitting room: parcels handed to their customer for fitting, scanned back, bought or refused
line by line, paid for what was bought; the timer per customer; two customers at once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from pvz_desktop.core.errors import BadInput, StateConflict, WrongCustomer
from pvz_desktop.workflows import fitting, inventory, issuance
from pvz_desktop.workflows.fitting import FittingTimer
from pvz_desktop.workflows.issuance import FittingElsewhere, IssuanceSession, PaymentMethod
from pvz_desktop.workflows.shift import shift_report
from tests.workflows.counter_builders import at, events, outbox, status_of

A, B = "48213377*5521", "55555555*0000"
T0 = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def parcels(point):
    point.add_cells()
    point.add_customer("48213377", "5521")
    point.add_customer("55555555", "0000", name="Петров П.")
    return {
        "dress": point.add_shipment(
            customer="48213377",
            status="stored",
            cell="C-A-01-01",
            amount_due=700000,
            items=[("Платье", 1, 500000), ("Пояс", 1, 200000)],
        ),
        "jeans": point.add_shipment(
            customer="48213377", status="stored", cell="C-A-01-02", amount_due=300000, items=[("Джинсы", 1, 300000)]
        ),
        "socks": point.add_shipment(customer="48213377", status="stored", cell="C-A-01-03", amount_due=0),
        "coat": point.add_shipment(
            customer="55555555", status="stored", cell="C-A-01-02", amount_due=900000, items=[("Пальто", 1, 900000)]
        ),
    }


def _handed(ctx, parcels, *which: str) -> IssuanceSession:
    session = IssuanceSession.start(ctx, A)
    for name in which:
        session.scan(parcels[name])
    session.to_fitting()
    return session


def test_hand_out_puts_the_scanned_parcels_on_fitting_in_one_operation(ctx, store, parcels) -> None:
    ctx = at(ctx, T0)
    session = _handed(ctx, parcels, "dress", "jeans")
    assert status_of(store, parcels["dress"]) == status_of(store, parcels["jeans"]) == "on_fitting"
    assert status_of(store, parcels["socks"]) == "stored"
    card = session.card
    assert [s.posting_number for s in card.ready] == [parcels["socks"]]
    assert {s.posting_number for s in card.on_fitting} == {parcels["dress"], parcels["jeans"]}
    assert card.fitting is not None and card.fitting.since == T0 and card.fitting.due == T0 + timedelta(minutes=20)
    assert session.confirmed == []
    [(_kind, payload)] = [o for o in outbox(store) if o[0] == "fitting_out"]
    assert payload["customer"] == "48213377" and sorted(payload["postings"]) == sorted(
        [parcels["dress"], parcels["jeans"]]
    )
    assert {t["to"] for t in payload["transitions"]} == {"on_fitting"}
    fit_events = events(store, "fit")
    assert len(fit_events) == 2 and json.loads(fit_events[0].details)["minutes"] == 20
    # A new lookup of the same customer shows the fitting and its timer.
    again = issuance.lookup(at(ctx, T0 + timedelta(minutes=3)), A)
    assert {s.posting_number for s in again.on_fitting} == {parcels["dress"], parcels["jeans"]}
    assert again.fitting is not None and again.fitting.since == T0


def test_scan_back_then_bought_and_refused_lines_are_paid_for_what_was_bought(ctx, store, parcels) -> None:
    session = _handed(at(ctx, T0), parcels, "dress", "jeans")
    back = IssuanceSession.start(at(ctx, T0 + timedelta(minutes=12)), A)
    back.scan(parcels["dress"])
    assert status_of(store, parcels["dress"]) == "stored" and status_of(store, parcels["jeans"]) == "on_fitting"
    assert back.confirmed == [parcels["dress"]]
    assert back.card.fitting is not None and back.card.fitting.postings == (parcels["jeans"],)
    back.scan(parcels["jeans"])
    assert back.card.fitting is None and back.card.on_fitting == ()
    # The belt (line 2) of the dress is bought, the dress itself refused; the jeans refused wholly.
    back.refuse_lines(parcels["dress"], {1}, "size", "мало")
    back.refuse_lines(parcels["jeans"], {1}, "not_as_described")
    assert back.total_due == 200000
    with pytest.raises(BadInput):
        back.complete(PaymentMethod.CASH, 100000)  # not enough for what was bought
    slip = back.complete(PaymentMethod.CARD)
    assert slip.total == 200000 and [line.posting_number for line in slip.issued] == [parcels["dress"]]
    assert {line.posting_number for line in slip.refused} == {parcels["dress"], parcels["jeans"]}
    assert status_of(store, parcels["dress"]) == "issued" and status_of(store, parcels["jeans"]) == "to_return"
    assert [json.loads(e.details)["amount"] for e in events(store, "payment")] == [200000]
    backs = [o for o in outbox(store) if o[0] == "fitting_back"]
    assert [p["postings"] for _, p in backs] == [[parcels["dress"]], [parcels["jeans"]]]
    assert session.card.customer_id == "48213377"


def test_a_parcel_on_fitting_cannot_be_issued_by_anyone(ctx, store, parcels, unchanged) -> None:
    _handed(ctx, parcels, "jeans")
    other = IssuanceSession.start(ctx, B)
    with unchanged(), pytest.raises(FittingElsewhere) as err:
        other.scan(parcels["jeans"])
    assert err.value.customer_id == "48213377"
    with unchanged(), pytest.raises(WrongCustomer):
        fitting.take_back(ctx, "55555555", parcels["jeans"])
    # A second counter with the customer's own code: the parcel is not on its ready list.
    second = IssuanceSession.start(ctx, A)
    assert parcels["jeans"] not in {s.posting_number for s in second.card.ready}
    second.scan(parcels["socks"])
    second.complete()
    assert status_of(store, parcels["jeans"]) == "on_fitting"
    # Not to fitting twice, nor a parcel of another customer.
    with unchanged(), pytest.raises(StateConflict):
        fitting.hand_out(ctx, "48213377", [parcels["jeans"]])
    with unchanged(), pytest.raises(WrongCustomer):
        fitting.hand_out(ctx, "48213377", [parcels["coat"]])
    with unchanged(), pytest.raises(BadInput):
        IssuanceSession.start(ctx, A).to_fitting()  # nothing scanned


def test_an_adult_parcel_goes_to_fitting_only_after_the_id_check(ctx, point, parcels, unchanged) -> None:
    wine = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", adult_only=True)
    session = IssuanceSession.start(ctx, A)
    session.scan(wine)
    with unchanged(), pytest.raises(BadInput, match="18\\+"):
        session.to_fitting()
    session.confirm_age(wine)
    session.to_fitting()


def test_inventory_does_not_book_a_parcel_on_fitting_missing(ctx, store, parcels) -> None:
    _handed(ctx, parcels, "dress")
    sid = inventory.start(ctx, ["a"]).session_id
    for raw in ("C-A-01-01", "C-A-01-02", parcels["jeans"], parcels["coat"], "C-A-01-03", parcels["socks"]):
        inventory.scan(ctx, sid, raw)
    report = inventory.apply(ctx, sid)
    assert report.shortage == ()
    assert status_of(store, parcels["dress"]) == "on_fitting"
    # Scanned on a shelf while on fitting, it needs a look rather than being surplus.
    sid = inventory.start(ctx, ["a"]).session_id
    inventory.scan(ctx, sid, "C-A-01-01")
    step = inventory.scan(ctx, sid, parcels["dress"])
    assert step.verdict is inventory.Verdict.ATTENTION and "на примерке" in step.message


def test_the_timer_warns_then_runs_out_and_the_parcels_stay_until_scanned_back(ctx, store, parcels) -> None:
    _handed(at(ctx, T0), parcels, "dress")
    [f] = fitting.fittings(ctx)
    assert f.timer(T0 + timedelta(minutes=10)) is FittingTimer.RUNNING
    assert f.timer(T0 + timedelta(minutes=15)) is FittingTimer.WARNING
    assert f.timer(T0 + timedelta(minutes=20)) is FittingTimer.OVERDUE
    assert fitting.clock_text(f.remaining(T0 + timedelta(minutes=23, seconds=10))) == "−3:10"
    assert fitting.clock_text(f.remaining(T0 + timedelta(minutes=5, seconds=55))) == "14:05"
    # Overdue: nothing moved; the customer is still on fitting, and scanning back still works.
    late = at(ctx, T0 + timedelta(hours=2))
    assert status_of(store, parcels["dress"]) == "on_fitting"
    session = IssuanceSession.start(late, A)
    assert session.card.fitting is not None and session.card.fitting.timer(late.now()) is FittingTimer.OVERDUE
    session.scan(parcels["dress"])
    assert fitting.fittings(ctx) == ()


def test_the_point_sets_the_fitting_time(ctx, parcels) -> None:
    from dataclasses import replace

    short = replace(at(ctx, T0), rules=replace(ctx.rules, fitting_minutes=5, fitting_warn_minutes=1))
    session = IssuanceSession.start(short, A)
    session.scan(parcels["jeans"])
    out = session.to_fitting()
    assert out.fitting.due == T0 + timedelta(minutes=5)
    assert out.fitting.timer(T0 + timedelta(minutes=4, seconds=30)) is FittingTimer.WARNING


def test_two_customers_fit_at_once_and_each_comes_back_by_code_or_by_parcel(ctx, store, parcels) -> None:
    _handed(at(ctx, T0), parcels, "dress")
    b = IssuanceSession.start(at(ctx, T0 + timedelta(minutes=2)), B)
    b.scan(parcels["coat"])
    b.to_fitting()
    both = fitting.fittings(ctx)
    assert [(f.customer_name, f.postings) for f in both] == [
        ("Иванова А.", (parcels["dress"],)),
        ("Петров П.", (parcels["coat"],)),
    ]
    assert both[1].since == T0 + timedelta(minutes=2)
    # B's card on screen, A's parcel scanned: the counter goes to A's card, the parcel taken back.
    with pytest.raises(FittingElsewhere) as err:
        IssuanceSession.start(ctx, B).scan(parcels["dress"])
    a = IssuanceSession.for_fitting(ctx, parcels["dress"])
    assert err.value.customer_id == a.card.customer_id == "48213377"
    assert a.confirmed == [parcels["dress"]] and status_of(store, parcels["dress"]) == "stored"
    a.complete(PaymentMethod.CARD)
    # B comes back and is found by their code; their parcel is still on fitting.
    b_again = IssuanceSession.start(ctx, B)
    assert [s.posting_number for s in b_again.card.on_fitting] == [parcels["coat"]]
    b_again.scan(parcels["coat"])
    b_again.refuse_lines(parcels["coat"], {1}, "changed_mind")
    slip = b_again.complete()
    assert slip.total == 0 and status_of(store, parcels["coat"]) == "to_return"
    # Not on fitting: the parcel does not open a card.
    with pytest.raises(StateConflict, match="не на примерке"):
        IssuanceSession.for_fitting(ctx, parcels["socks"])


def test_the_shift_report_counts_fittings(ctx, parcels) -> None:
    from pvz_desktop.workflows.shift import open_shift

    open_shift(ctx)
    _handed(ctx, parcels, "dress", "jeans")
    IssuanceSession.start(ctx, A).scan(parcels["dress"])
    counts = shift_report(ctx).counts
    assert (counts.fitting_handed, counts.on_fitting_now) == (2, 1)


def test_the_watch_announces_the_warning_and_the_end_once_each(ctx, parcels) -> None:
    _handed(at(ctx, T0), parcels, "dress")
    watch = fitting.FittingWatch()
    open_now = fitting.fittings(ctx)
    assert watch.news(open_now, T0 + timedelta(minutes=10)) == []
    [(f, stage)] = watch.news(open_now, T0 + timedelta(minutes=16))
    assert (f.customer_id, stage) == ("48213377", FittingTimer.WARNING)
    assert watch.news(open_now, T0 + timedelta(minutes=17)) == []
    [(f, stage)] = watch.news(open_now, T0 + timedelta(minutes=21))
    assert stage is FittingTimer.OVERDUE
    assert watch.news(open_now, T0 + timedelta(minutes=40)) == []
    assert watch.news((), T0 + timedelta(minutes=41)) == []
