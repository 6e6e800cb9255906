from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import BadInput, LookupLocked, NotFound, StateConflict, WrongCustomer
from pvz_desktop.store.models import Customer, Event, Outbox, Shipment, ShipmentItem
from pvz_desktop.workflows import issuance
from pvz_desktop.workflows.expiry import apply_extension
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.outbox_body import stored_payload
from tests.builders import local_today

CODE = "48213377*5521"


@pytest.fixture
def customer(point):
    point.add_cells()
    point.add_customer("48213377", "5521")
    point.add_customer("55555555", "0000", name="Петров П.")
    return {
        "cod": point.add_shipment(
            customer="48213377",
            status="stored",
            cell="C-A-01-01",
            amount_due=150000,
            items=[("Кроссовки", 1, 100000), ("Носки", 2, 25000)],
        ),
        "prepaid": point.add_shipment(customer="48213377", status="stored", cell="C-A-01-03"),
        "adult": point.add_shipment(
            customer="48213377", status="stored", cell="C-A-01-03", adult_only=True, items=[("Вино", 1, 99000)]
        ),
        "transit": point.add_shipment(customer="48213377", status="expected"),
        "other": point.add_shipment(customer="55555555", status="stored", cell="C-A-01-02"),
    }


def row(store, posting: str) -> Shipment:
    with store.read() as s:
        return s.scalar(select(Shipment).where(Shipment.posting_number == posting))


def test_card_shows_ready_in_transit_cells_and_amount(ctx, customer) -> None:
    card = issuance.lookup(ctx, CODE)
    assert card.customer_name == "Иванова А."
    assert {s.posting_number for s in card.ready} == {customer["cod"], customer["prepaid"], customer["adult"]}
    assert [s.posting_number for s in card.in_transit] == [customer["transit"]]
    assert card.cells == ("C-A-01-01", "C-A-01-03")
    assert card.amount_due == 150000


def test_issue_prepaid_parcel(ctx, store, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["prepaid"])
    slip = session.complete()
    assert slip.payment_method is PaymentMethod.PREPAID and slip.total == 0
    assert [line.posting_number for line in slip.issued] == [customer["prepaid"]]
    r = row(store, customer["prepaid"])
    assert (r.status, r.cell_id) == ("issued", None) and r.issued_at is not None
    with store.read() as s:
        ob = s.scalar(select(Outbox).where(Outbox.op_id == slip.op_id))
        assert stored_payload(ob.payload)["postings"] == [customer["prepaid"]]
        events = s.scalars(select(Event).where(Event.op_id == slip.op_id)).all()
    assert [e.kind for e in events] == ["issue", "payment"]
    card = issuance.lookup(ctx, CODE)
    assert customer["prepaid"] in {s.posting_number for s in card.completed}


def test_partial_refusal_with_cash_and_change(ctx, store, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["cod"])
    session.refuse_lines(customer["cod"], {2}, "size")  # two pairs of socks, 500 rubles
    assert session.total_due == 100000
    slip = session.complete(PaymentMethod.CASH, tendered=200000)
    assert (slip.total, slip.tendered, slip.change) == (100000, 200000, 100000)
    assert [i.name for i in slip.issued[0].items] == ["Кроссовки"]
    assert [i.name for i in slip.refused[0].items] == ["Носки"]
    assert row(store, customer["cod"]).status == "issued"
    split = row(store, customer["cod"] + "/R")
    assert (split.status, split.amount_due) == ("to_return", 0)
    with store.read() as s:
        names = s.scalars(select(ShipmentItem.name).where(ShipmentItem.shipment_id == split.id)).all()
        refused_flags = s.scalars(
            select(ShipmentItem.refused)
            .where(ShipmentItem.shipment_id == row(store, customer["cod"]).id)
            .order_by(ShipmentItem.line_no)
        ).all()
    assert names == ["Носки"] and refused_flags == [False, True]
    assert verify_chain(ctx).ok


def test_all_lines_refused_goes_to_return(ctx, store, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["cod"])
    session.refuse_lines(customer["cod"], {1, 2}, "changed_mind")
    assert session.total_due == 0
    slip = session.complete()
    assert slip.issued == () and slip.refused[0].posting_number == customer["cod"]
    r = row(store, customer["cod"])
    assert (r.status, r.cell_id) == ("to_return", None)
    with store.read() as s:
        kinds = s.scalars(select(Event.kind).where(Event.op_id == slip.op_id)).all()
        refuse = s.scalar(select(Event.details).where(Event.op_id == slip.op_id, Event.kind == "refuse"))
    assert kinds == ["refuse", "send_to_return", "payment"]
    assert '"reason":"changed_mind"' in refuse
    assert slip.refused[0].refusal == "передумал"


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [(None, "", "Укажите причину отказа: не подошёл размер, брак"), ("broken", "", "Укажите причину"),
     ("other", "  ", "напишите, почему")],
)  # fmt: skip
def test_a_refusal_without_its_reason_is_refused(ctx, customer, reason, note, message) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["cod"])
    with pytest.raises(BadInput, match=message):
        session.refuse_lines(customer["cod"], {2}, reason, note)
    assert session.refused_lines == {} and session.total_due == 150000


def test_other_reason_keeps_the_cashiers_words(ctx, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["cod"])
    session.refuse_lines(customer["cod"], {2}, "other", " цвет   не тот ")
    slip = session.complete(PaymentMethod.CARD)
    assert slip.refused[0].refusal == "цвет не тот"


def test_wrong_customer_parcel_is_refused_loudly(ctx, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    with pytest.raises(WrongCustomer) as err:
        session.scan(customer["other"])
    assert "ДРУГОГО покупателя" in err.value.message and "C-A-01-02" in err.value.message
    assert session.confirmed == []


def test_parcel_not_ready_is_refused(ctx, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    with pytest.raises(StateConflict, match="ожидается"):
        session.scan(customer["transit"])


def test_adult_parcel_needs_id_check(ctx, customer, unchanged) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["adult"])
    with unchanged(), pytest.raises(BadInput, match="18\\+"):
        session.complete()
    with pytest.raises(BadInput):
        session.confirm_age(customer["prepaid"])  # not an 18+ parcel
    session.confirm_age(customer["adult"])
    assert session.complete().issued[0].posting_number == customer["adult"]


def test_payment_is_required_for_cash_on_delivery(ctx, customer, unchanged) -> None:
    session = IssuanceSession.start(ctx, CODE)
    session.scan(customer["cod"])
    with unchanged(), pytest.raises(BadInput, match="способ оплаты"):
        session.complete()
    with unchanged(), pytest.raises(BadInput, match="к оплате"):
        session.complete(PaymentMethod.CASH, tendered=100)
    with unchanged(), pytest.raises(BadInput, match="По карте"):
        session.complete(PaymentMethod.CARD, tendered=200000)
    slip = session.complete(PaymentMethod.CARD)
    assert (slip.total, slip.payment_method) == (150000, PaymentMethod.CARD)


def test_nothing_scanned_nothing_issued(ctx, customer, unchanged) -> None:
    with unchanged(), pytest.raises(BadInput, match="Отсканируйте"):
        IssuanceSession.start(ctx, CODE).complete()


def test_parcel_issued_elsewhere_meanwhile_is_refused(ctx, actor, store, customer, unchanged) -> None:
    """Two counters: the second completion fails and writes nothing."""
    mine = IssuanceSession.start(ctx, CODE)
    mine.scan(customer["prepaid"])
    theirs = IssuanceSession.start(replace(ctx, actor=actor), CODE)
    theirs.scan(customer["prepaid"])
    theirs.complete()
    with unchanged(), pytest.raises(StateConflict, match="уже не на хранении"):
        mine.complete()


def test_refuse_unknown_line(ctx, customer) -> None:
    session = IssuanceSession.start(ctx, CODE)
    with pytest.raises(BadInput, match="нет строк"):
        session.refuse_lines(customer["cod"], {7}, "defect")


def test_wrong_code_refused(ctx, customer, unchanged) -> None:
    with pytest.raises(NotFound, match="не подходит"):
        issuance.lookup(ctx, "48213377*0000")
    with pytest.raises(NotFound):
        issuance.lookup(ctx, "11111111*5521")
    with unchanged(), pytest.raises(BadInput, match="код получения"):
        issuance.lookup(ctx, "0123604587-1235-1")


def test_five_wrong_codes_lock_the_lookup_for_a_minute(ctx, store, actor, customer) -> None:
    now = [utcnow()]  # the codes are valid today only
    ctx = replace(ctx, clock=lambda: now[0])
    for _ in range(4):
        with pytest.raises(NotFound):
            issuance.lookup(ctx, "48213377*0000")
    issuance.lookup(ctx, CODE)  # a right code resets the count
    for _ in range(5):
        with pytest.raises(NotFound):
            issuance.lookup(ctx, "48213377*0000")
    with pytest.raises(LookupLocked, match="заблокирован"):
        issuance.lookup(ctx, CODE)  # even the right code waits
    other_counter = replace(ctx, actor=actor.__class__(employee_id="emp-2", workstation="counter-2"))
    assert issuance.lookup(other_counter, CODE).customer_id == "48213377"
    now[0] += timedelta(seconds=61)
    assert issuance.lookup(ctx, CODE).customer_id == "48213377"
    with store.read() as s:
        assert s.scalar(select(Event.kind).where(Event.kind == "pickup_lookup_locked")) is not None
        assert s.scalar(select(Outbox).where(Outbox.kind == "pickup_lookup")) is None


def test_stale_daily_code_is_refused(ctx, store, customer) -> None:
    with store.write() as s:
        s.get(Customer, "48213377").pickup_pin_date = date(2020, 1, 1)
    with pytest.raises(NotFound, match="устарел"):
        issuance.lookup(ctx, CODE)


def test_a_code_works_on_its_own_date_only(ctx, store, point) -> None:
    """Yesterday's and tomorrow's codes are refused; a verifier given another date matches nothing."""
    today = local_today()
    yesterday = point.add_customer("70000001", "1111", valid_on=today - timedelta(days=1))
    tomorrow = point.add_customer("70000002", "2222", valid_on=today + timedelta(days=1))
    good = point.add_customer("70000003", "3333")
    for code in (yesterday, tomorrow):
        with pytest.raises(NotFound, match="устарел"):
            issuance.lookup(ctx, code)
    assert issuance.lookup(ctx, good).customer_id == "70000003"
    # Moving yesterday's verifier to today (an edited file, a replayed feed) does not revive it:
    # the date is inside the verifier.
    with store.write() as s:
        s.get(Customer, "70000001").pickup_pin_date = today
    with pytest.raises(NotFound):
        issuance.lookup(ctx, yesterday)


def test_an_undated_code_or_one_without_verifier_is_refused(ctx, store, point) -> None:
    code = point.add_customer("70000004", "4444")
    with store.write() as s:
        s.get(Customer, "70000004").pickup_pin_date = None
    with pytest.raises(NotFound):
        issuance.lookup(ctx, code)
    with store.write() as s:
        row = s.get(Customer, "70000004")
        row.pickup_pin_date, row.pickup_verifier = local_today(), None
    with pytest.raises(NotFound):
        issuance.lookup(ctx, code)


def test_without_the_point_key_no_code_is_accepted(ctx, customer) -> None:
    """Before the counter's first login it has no key: every code is refused, none is guessed."""
    with pytest.raises(NotFound):
        issuance.lookup(replace(ctx, pickup_key=lambda: None), CODE)
    with pytest.raises(NotFound):
        issuance.lookup(replace(ctx, pickup_key=lambda: bytes(32)), CODE)  # another point's key
    assert issuance.lookup(ctx, CODE).customer_id == "48213377"


def test_a_storage_extension_does_not_extend_the_code(ctx, store, point) -> None:
    """The parcel stays longer; yesterday's code still does not open it."""
    point.add_cells()
    code = point.add_customer("70000005", "5555", valid_on=local_today() - timedelta(days=1))
    posting = point.add_shipment(customer="70000005", status="stored", cell="C-A-01-01")
    before = store_deadline(store, posting)
    apply_extension(ctx, posting, 3)
    assert store_deadline(store, posting) > before
    with pytest.raises(NotFound, match="устарел"):
        issuance.lookup(ctx, code)


def store_deadline(store, posting):
    with store.read() as s:
        return s.scalar(select(Shipment.storage_deadline).where(Shipment.posting_number == posting))
