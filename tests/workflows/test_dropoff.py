"""Drop-off at one counter: supplies, C2C parcels, bags and the courier handover, with refusals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.parcel_sizes import Weight, parse_typed_weight
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import CourierPickup, HandoverScan, OutboundBag, OutboundParcel, Supply
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.dropoff import bags, c2c, courier, supply
from pvz_desktop.workflows.dropoff.c2c import C2CReceipt, C2CRefusal
from pvz_desktop.workflows.dropoff.supply import SupplyOutcome
from pvz_desktop.workflows.issuance import PaymentMethod
from pvz_desktop.workflows.shift import close_shift, open_shift
from tests.workflows.counter_builders import events, outbox, shipment_row, status_of
from tests.workflows.dropoff_builders import announce_supply, create_send, schedule_pickup

SP, SP2 = "SP-0000000101", "SP-0000000102"
P = [f"OB{300 + i:012d}" for i in range(4)]
OTHER = "OB000000000999"  # a parcel of another supply
STRAY = "OB000000000777"  # in no supply at all
SN, SN2 = "SN-0000000201", "SN-0000000202"
C1, C2 = "OB000000000501", "OB000000000502"
CP = "CP-0000000501"


@pytest.fixture
def announced(ctx):
    announce_supply(ctx, SP, P[:3])
    announce_supply(ctx, SP2, [OTHER], seller="ИП Кузнецов")
    return ctx


def test_a_supply_is_received_with_live_counters(announced, store):
    ctx = announced
    opened = supply.open_supply(ctx, "ЫЗ-0000000101")  # a wedge scanner under the Russian layout
    assert (opened.expected, opened.received, opened.missing, opened.status) == (3, 0, 3, "receiving")

    first = supply.scan(ctx, SP, P[0])
    assert first.outcome is SupplyOutcome.RECEIVED and first.parcel.status == "dropped_off"
    assert (first.counts.received, first.counts.missing) == (1, 2)
    again = supply.scan(ctx, SP, P[0])
    assert again.outcome is SupplyOutcome.DUPLICATE and again.counts.duplicates == 1
    stray = supply.scan(ctx, SP, STRAY)
    assert stray.outcome is SupplyOutcome.UNEXPECTED and stray.counts.unexpected == 1
    assert "нет в поставке" in stray.message
    assert supply.scan(ctx, SP, STRAY).outcome is SupplyOutcome.DUPLICATE  # noted once
    supply.scan(ctx, SP, P[1])

    assert status_of(store, P[0]) == "dropped_off"
    [ev] = [e for e in events(store, "drop_off") if e.posting_number == P[0]]
    assert (ev.from_status, ev.to_status, ev.workflow) == ("announced", "dropped_off", "dropoff")
    kinds = [k for k, _ in outbox(store)]
    # Duplicates stay local; the unexpected code goes to the server for the supply's act.
    assert kinds == ["supply_open", "supply_scan", "supply_unexpected", "supply_scan"]
    scan_payload = outbox(store)[1][1]
    assert scan_payload["transitions"] == [
        {"posting": P[0], "action": "drop_off", "from": "announced", "to": "dropped_off", "details": {"supply": SP}}
    ]


def test_closing_a_supply_gives_the_act_with_missing_unexpected_and_refused(announced, store):
    ctx = announced
    supply.open_supply(ctx, SP)
    supply.scan(ctx, SP, P[0])
    supply.refuse(ctx, SP, P[1], "Коробка вскрыта")
    supply.scan(ctx, SP, STRAY)

    act = supply.close_supply(ctx, SP)

    assert act.seller == "ООО «Ромашка»" and act.supply == SP
    assert [(line.posting, line.result) for line in act.lines] == [
        (P[0], "принято"),
        (P[1], "не принято: Коробка вскрыта"),
        (P[2], "не привезено"),
    ]
    assert act.missing == (P[2],) and act.unexpected == (STRAY,)
    assert (act.counts.received, act.counts.refused, act.counts.missing, act.counts.unexpected) == (1, 1, 1, 1)
    assert status_of(store, P[1]) == "refused_at_dropoff" and status_of(store, P[2]) == "announced"
    with store.read() as s:
        assert s.scalar(select(Supply.status).where(Supply.number == SP)) == "closed"
    kind, payload = outbox(store)[-1]
    assert kind == "supply_close" and payload["unexpected"] == [STRAY] and payload["missing"] == [P[2]]
    with pytest.raises(StateConflict, match="уже закрыта"):
        supply.open_supply(ctx, SP)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda ctx: supply.open_supply(ctx, "SP-0000009999"), NotFound, "не заявлена"),
        (lambda ctx: supply.open_supply(ctx, P[0]), BadInput, "поставка продавца"),
        (lambda ctx: supply.scan(ctx, SP, OTHER), StateConflict, f"из поставки {SP2}"),
        (lambda ctx: supply.scan(ctx, SP, "C-A-01-01"), BadInput, "трек-номер"),
        (lambda ctx: supply.scan(ctx, SP2, P[0]), StateConflict, "не открыта"),
        (lambda ctx: supply.refuse(ctx, SP, P[0], "  "), BadInput, "причину"),
    ],
)
def test_wrong_scans_in_a_supply_are_refused_and_change_nothing(announced, unchanged, call, error, words):
    supply.open_supply(announced, SP)
    with unchanged(), pytest.raises(error, match=words):
        call(announced)


@pytest.fixture
def sends(ctx):
    create_send(ctx, SN, C1)  # prepaid, size S (up to 2 kg)
    create_send(ctx, SN2, C2, size_class="M", amount_due=35_000)
    return ctx


def test_a_prepaid_c2c_parcel_is_weighed_and_taken_in(sends, store):
    declared = c2c.find_send(sends, SN)
    assert (declared.size_class, declared.recipient_point, declared.amount_due) == ("S", "ПВЗ Казань, Баумана 5", 0)

    receipt = c2c.intake(sends, SN, Weight(1_450, stable=True))

    assert isinstance(receipt, C2CReceipt)
    assert (receipt.posting_number, receipt.weight.grams, receipt.payment_method) == (C1, 1_450, PaymentMethod.PREPAID)
    assert status_of(store, C1) == "dropped_off"
    with store.read() as s:
        row = s.get(OutboundParcel, shipment_row(store, C1).id)
        assert (row.weight_g, row.weight_typed) == (1_450, False)
    kind, payload = outbox(store)[-1]
    assert kind == "c2c_intake" and payload["paid"] == 0
    assert payload["transitions"][0]["details"] == {"send_code": SN, "weight_g": 1_450, "weight_typed": False}


def test_a_typed_weight_is_recorded_as_typed(sends, store):
    c2c.intake(sends, SN, parse_typed_weight("1,2"))
    with store.read() as s:
        assert s.get(OutboundParcel, shipment_row(store, C1).id).weight_typed is True


@pytest.mark.parametrize(
    ("weight", "words"),
    [(None, "Взвесьте"), (Weight(1_000, stable=False), "успокоятся")],
)
def test_no_weight_or_an_unstable_one_is_not_taken(sends, unchanged, weight, words):
    with unchanged(), pytest.raises(BadInput, match=words):
        c2c.intake(sends, SN, weight)


def test_an_overweight_parcel_is_refused_and_may_be_brought_again(sends, store):
    refusal = c2c.intake(sends, SN, Weight(2_300))
    assert isinstance(refusal, C2CRefusal) and "2 кг" in refusal.reason
    assert status_of(store, C1) == "refused_at_dropoff"
    kind, payload = outbox(store)[-1]
    assert kind == "c2c_refuse" and payload["transitions"][0]["action"] == "refuse_dropoff"

    # Repacked into two parcels' worth of weight... the sender took something out.
    assert isinstance(c2c.intake(sends, "щи000000000501", Weight(1_900)), C2CReceipt)
    assert status_of(store, C1) == "dropped_off"


def test_bad_packaging_is_refused_with_the_reason(sends, store):
    c2c.refuse(sends, SN, "Упаковка не защищает содержимое")
    assert status_of(store, C1) == "refused_at_dropoff"
    [ev] = events(store, "refuse_dropoff")
    assert "Упаковка" in ev.details


def test_a_parcel_not_prepaid_needs_payment_and_counts_in_the_shift(sends, store):
    open_shift(sends)
    with pytest.raises(BadInput, match="350,00"):
        c2c.intake(sends, SN2, Weight(5_000))
    with pytest.raises(BadInput, match="Получено"):
        c2c.intake(sends, SN2, Weight(5_000), PaymentMethod.CASH, tendered=30_000)
    assert status_of(store, C2) == "announced"

    receipt = c2c.intake(sends, SN2, Weight(5_000), PaymentMethod.CASH, tendered=50_000)

    assert isinstance(receipt, C2CReceipt) and (receipt.paid, receipt.change) == (35_000, 15_000)
    assert shipment_row(store, C2).amount_due == 0
    assert outbox(store)[-1][1]["paid"] == 35_000
    report = close_shift(sends)
    assert (report.counts.cash_total, report.counts.dropped_off) == (35_000, 1)
    with pytest.raises(StateConflict, match="второй раз"):
        c2c.intake(sends, SN2, Weight(5_000), PaymentMethod.CASH)


def test_unknown_send_code_and_a_supply_parcel_are_not_c2c(sends, unchanged, ctx):
    announce_supply(ctx, SP, P[:1])
    with unchanged():
        with pytest.raises(NotFound, match="не найден"):
            c2c.find_send(sends, "SN-0000000999")
        with pytest.raises(NotFound, match="не посылка C2C"):
            c2c.intake(sends, P[0], Weight(100))


@pytest.fixture
def taken_in(ctx):
    """Two supply parcels and a C2C parcel taken in on route Хоругвино, one parcel on another route."""
    announce_supply(ctx, SP, P[:2])
    announce_supply(ctx, SP2, [OTHER], route="СЦ Казань")
    create_send(ctx, SN, C1)
    supply.open_supply(ctx, SP)
    supply.open_supply(ctx, SP2)
    for p in P[:2]:
        supply.scan(ctx, SP, p)
    supply.scan(ctx, SP2, OTHER)
    c2c.intake(ctx, SN, Weight(900))
    schedule_pickup(ctx, CP)
    return ctx


def test_bags_take_parcels_of_one_route_once(taken_in, store, unchanged):
    ctx = taken_in
    first = bags.open_bag(ctx)
    assert first.barcode == "BG-0000000001" and bags.open_bag(ctx).barcode == "BG-0000000002"
    bagged = bags.put(ctx, first.barcode, P[0])
    assert bagged.bag.postings == (P[0],) and bagged.bag.route == "СЦ Хоругвино"
    assert status_of(store, P[0]) == "in_bag"
    with unchanged():
        with pytest.raises(StateConflict, match="уже лежит в мешке BG-0000000001"):
            bags.put(ctx, "BG-0000000002", P[0])
        with pytest.raises(StateConflict, match="по маршруту СЦ Казань"):
            bags.put(ctx, first.barcode, OTHER)
        with pytest.raises(NotFound):
            bags.put(ctx, "BG-0000000077", P[1])
    out = bags.take_out(ctx, first.barcode, P[0])
    assert out.bag.postings == () and status_of(store, P[0]) == "dropped_off"
    assert [k for k, _ in outbox(store)][-2:] == ["bag_put", "bag_take_out"]


def test_the_courier_takes_bags_and_loose_parcels_of_his_route(taken_in, store, unchanged):
    ctx = taken_in
    bag = bags.open_bag(ctx, "BG-0000000401").barcode
    bags.put(ctx, bag, P[0])
    bags.put(ctx, bag, C1)

    due = courier.open_pickup(ctx, "СЗ-0000000501")
    assert (due.courier, due.bags_due, due.loose_due) == ("Курьер Сидоров", (bag,), (P[1],))
    with unchanged():
        with pytest.raises(StateConflict, match="не для этого курьера"):
            courier.scan(ctx, CP, OTHER)
        with pytest.raises(StateConflict, match="сканируйте мешок"):
            courier.scan(ctx, CP, P[0])
    scanned = courier.scan(ctx, CP, bag)
    assert (scanned.item.postings, scanned.added, scanned.total) == ((P[0], C1), True, 1)
    with unchanged():  # the bag scanned twice counts once
        assert not courier.scan(ctx, CP, bag).added

    act = courier.hand_over(ctx, CP, [P[1], bag])  # what was scanned, and codes given with the act

    assert act.total_parcels == 3 and [i.code for i in act.items] == [bag, P[1]]
    assert {status_of(store, p) for p in (P[0], P[1], C1)} == {"handed_to_courier"}
    assert status_of(store, OTHER) == "dropped_off"
    with store.read() as s:
        assert s.scalar(select(OutboundBag.status).where(OutboundBag.barcode == bag)) == "handed_over"
        pickup = s.scalar(select(CourierPickup).where(CourierPickup.code == CP))
        assert (pickup.status, pickup.act_number) == ("closed", act.act_number)
    kind, payload = outbox(store)[-1]
    assert kind == "courier_handover" and payload["pickup"] == CP
    assert sorted(t["posting"] for t in payload["transitions"]) == sorted([P[0], P[1], C1])
    with pytest.raises(StateConflict, match="уже закрыта"):
        courier.open_pickup(ctx, CP)
    with store.read() as s:
        assert s.scalars(select(HandoverScan)).all() == []  # done with at the act
    assert courier.current(ctx) is None


def test_handover_scans_are_kept_across_a_restart_and_the_act_is_closed_from_them(taken_in, store, tmp_path):
    ctx = taken_in
    bag = bags.open_bag(ctx, "BG-0000000401").barcode
    bags.put(ctx, bag, P[0])
    bags.put(ctx, bag, C1)
    courier.open_pickup(ctx, CP)
    courier.scan(ctx, CP, bag)
    courier.scan(ctx, CP, "ЩИ" + P[1][2:])  # under the Russian layout: folded back
    [_, ev] = events(store, "courier_handover_scan")
    assert (ev.workflow, json.loads(ev.details)["code"], ev.shipment_id) == ("dropoff", P[1], None)
    kinds_before = [k for k, _ in outbox(store)]
    assert kinds_before[-1] == "bag_put"  # a scan for the courier stays local until the act
    store.close()  # the program is closed (or the PC restarts) mid-handover

    again = open_store(tmp_path / "pvz.db")
    try:
        ctx2 = WorkflowContext(store=again, actor=ctx.actor, pickup_key=ctx.pickup_key)
        resumed = courier.current(ctx2)
        assert resumed is not None and resumed.code == CP
        assert [(i.code, i.postings) for i in resumed.scanned] == [(bag, (P[0], C1)), (P[1], (P[1],))]
        assert courier.open_pickup(ctx2, CP).scanned == resumed.scanned  # the courier's code again: the same
        assert courier.scan(ctx2, CP, P[1]).added is False

        act = courier.hand_over(ctx2, CP)

        assert [i.code for i in act.items] == [bag, P[1]] and act.total_parcels == 3
        assert {status_of(again, p) for p in (P[0], P[1], C1)} == {"handed_to_courier"}
        kind, payload = outbox(again)[-1]
        assert kind == "courier_handover" and payload["items"] == {bag: [P[0], C1], P[1]: [P[1]]}
        assert courier.current(ctx2) is None
    finally:
        again.close()


def test_a_scan_no_longer_due_is_shown_and_taken_off_the_handover(taken_in, store, unchanged):
    ctx = taken_in
    bag = bags.open_bag(ctx, "BG-0000000401").barcode
    courier.scan(ctx, CP, P[0])
    courier.scan(ctx, CP, P[1])
    bags.put(ctx, bag, P[0])  # bagged after it was scanned loose for the courier
    view = courier.open_pickup(ctx, CP)
    assert [i.code for i in view.scanned] == [P[1]]
    assert [(s.code, "сканируйте мешок" in s.reason) for s in view.stale] == [(P[0], True)]
    with unchanged(), pytest.raises(StateConflict, match="сканируйте мешок"):
        courier.hand_over(ctx, CP)
    with unchanged(), pytest.raises(StateConflict, match="убирать нечего"):
        courier.unscan(ctx, CP, C1)

    assert courier.unscan(ctx, CP, P[0]) == P[0]
    assert [e.kind for e in events(store)][-1] == "courier_handover_unscan"
    act = courier.hand_over(ctx, CP)
    assert [i.code for i in act.items] == [P[1]] and status_of(store, P[0]) == "in_bag"


def test_a_handover_with_a_parcel_not_due_writes_nothing(taken_in, unchanged):
    with unchanged(), pytest.raises(StateConflict, match="не для этого курьера"):
        courier.hand_over(taken_in, CP, [P[0], OTHER])
    with pytest.raises(BadInput):
        courier.hand_over(taken_in, CP)


def test_the_supply_comes_back_from_the_server_with_everyones_unexpected_codes(announced, store):
    from pvz_desktop.workflows.server_changes import apply_changes

    data = {
        "number": SP,
        "seller": "ООО «Ромашка»",
        "route": "r",
        "status": "closed",
        "unexpected": [STRAY],
        "version": 5,
    }
    apply_changes(announced, [{"entity": "supply", "key": SP, "data": data}], None)
    with store.read() as s:
        row = s.scalar(select(Supply).where(Supply.number == SP))
        assert (row.status, json.loads(row.unexpected), row.version) == ("closed", [STRAY], 5)


def test_outbound_parcels_are_in_search_history_and_the_shift_report(taken_in, store):
    from pvz_desktop.workflows.ledger import ShipmentQuery, history, search

    ctx = taken_in
    open_shift(ctx)
    bag = bags.open_bag(ctx).barcode
    bags.put(ctx, bag, P[0])
    courier.hand_over(ctx, CP, [bag, P[1]])
    found = search(ctx, ShipmentQuery(posting="OB000000000"))
    assert {v.posting_number for v in found} >= {P[0], P[1], OTHER, C1}
    assert [v.posting_number for v in search(ctx, ShipmentQuery(status="in_bag"))] == []
    kinds = [e.kind for e in history(ctx, P[0]).events]
    assert kinds == ["synced", "drop_off", "bag", "hand_to_courier"]
    report = close_shift(ctx)
    assert (report.counts.handed_to_courier, report.counts.courier_handovers) == (2, 1)
