"""Drop-off against the real central server: the marketplace routes, the feed, the server's own
checks of every drop-off operation, and two counters racing one parcel into two bags."""

from __future__ import annotations

import json
import threading
import uuid

from sqlalchemy import select

from pvz_central.models import CourierPickup, OutboundParcel, Shipment, ShipmentEvent, Supply
from pvz_desktop.core.parcel_sizes import Weight
from pvz_desktop.store.models import OutboundBag
from pvz_desktop.store.models import OutboundParcel as LocalOutbound
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.dropoff import bags, c2c, courier, supply
from pvz_desktop.workflows.dropoff.c2c import C2CReceipt
from pvz_desktop.workflows.issuance import PaymentMethod
from tests.central.harness import POINT, Counter

ADMIN = f"/api/v1/points/{POINT}/admin"
SP = "SP-0000000101"
PARCELS = ["OB000000000301", "OB000000000302", "OB000000000303"]
SN, C1 = "SN-0000000201", "OB000000000501"
CP = "CP-0000000501"
ROUTE = "СЦ Хоругвино"


def _marketplace(owner) -> None:
    supply_body = {
        "number": SP,
        "seller": "ООО «Ромашка»",
        "route": ROUTE,
        "parcels": [{"posting": p, "description": f"Коробка {i}"} for i, p in enumerate(PARCELS, 1)],
    }
    send = {
        "code": SN,
        "posting": C1,
        "sender": "Петров И.",
        "size_class": "S",
        "declared_value": 150_000,
        "recipient_point": "ПВЗ Казань, Баумана 5",
        "route": ROUTE,
        "amount_due": 29_900,
    }
    pickup = {"code": CP, "courier": "Курьер Сидоров", "route": ROUTE, "due_at": "2026-12-03T15:00:00+03:00"}
    for path, body in (("supplies", supply_body), ("c2c-sends", send), ("courier-pickups", pickup)):
        r = owner.request("POST", f"{ADMIN}/{path}", json=body)
        assert r.status_code == 201, r.text
    again = owner.request("POST", f"{ADMIN}/supplies", json=supply_body)
    assert again.status_code == 409 and SP in again.json()["detail"]


def _server(central, posting: str) -> tuple[str, OutboundParcel]:
    with central.db.read() as s:
        row = s.scalar(select(Shipment).where(Shipment.posting_number == posting))
        return row.status, row.outbound


def test_a_whole_drop_off_day_reaches_the_server(central, owner, counter1: Counter):
    _marketplace(owner)
    counter1.pull()
    ctx = counter1.ctx
    assert counter1.status(PARCELS[0]) == "announced"
    assert c2c.find_send(ctx, SN).amount_due == 29_900

    supply.open_supply(ctx, SP)
    supply.scan(ctx, SP, PARCELS[0])
    supply.scan(ctx, SP, PARCELS[1])
    supply.scan(ctx, SP, "OB000000000777")  # brought but not in the supply
    act = supply.close_supply(ctx, SP)
    assert act.missing == (PARCELS[2],)
    receipt = c2c.intake(ctx, SN, Weight(1_250), PaymentMethod.CARD)
    assert isinstance(receipt, C2CReceipt)
    bag = bags.open_bag(ctx).barcode
    for p in (PARCELS[0], C1):
        bags.put(ctx, bag, p)
    courier.hand_over(ctx, CP, [bag, PARCELS[1]])

    report = push_pending(ctx, counter1.client)
    assert report.refused == (), report.refused
    for p in (PARCELS[0], PARCELS[1], C1):
        status, outbound = _server(central, p)
        assert status == "handed_to_courier" and outbound.pickup == CP
    assert _server(central, PARCELS[2])[0] == "announced"
    status, outbound = _server(central, C1)
    assert (outbound.weight_g, outbound.bag) == (1_250, bag)
    with central.db.read() as s:
        row = s.scalar(select(Supply).where(Supply.number == SP))
        assert (row.status, json.loads(row.unexpected)) == ("closed", ["OB000000000777"])
        assert s.scalar(select(CourierPickup.status).where(CourierPickup.code == CP)) == "closed"
        assert s.scalar(select(Shipment.amount_due).where(Shipment.posting_number == C1)) == 0
        actions = s.scalars(
            select(ShipmentEvent.action).where(ShipmentEvent.posting_number == C1).order_by(ShipmentEvent.id)
        ).all()
        assert actions == ["drop_off", "bag", "hand_to_courier"]


def _op(kind: str, transitions: list[dict], **payload) -> tuple[str, dict]:
    return str(uuid.uuid4()), {"kind": kind, "payload": {"transitions": transitions, **payload}}


def _post(counter: Counter, key: str, body: dict):
    return counter.auth.request(
        "POST", f"/api/v1/points/{POINT}/operations", json=body, headers={"Idempotency-Key": key}
    )


def test_the_server_checks_weight_payment_and_route_again(central, owner, counter1: Counter):
    _marketplace(owner)
    drop = {"posting": C1, "action": "drop_off", "from": "announced", "to": "dropped_off"}
    # A counter that let an overweight parcel through (or was tampered with) is refused.
    key, body = _op("c2c_intake", [{**drop, "details": {"weight_g": 2_500}}], posting=C1, paid=29_900)
    r = _post(counter1, key, body)
    assert r.status_code == 409 and r.json()["code"] == "overweight" and "2 кг" in r.json()["reason"]
    # Paid less than the sender owes.
    key, body = _op("c2c_intake", [{**drop, "details": {"weight_g": 1_000}}], posting=C1, paid=100)
    r = _post(counter1, key, body)
    assert r.status_code == 409 and r.json()["code"] == "payment_mismatch"
    assert _server(central, C1)[0] == "announced"
    # A supply parcel dropped off under another supply's number.
    key, body = _op(
        "supply_scan",
        [
            {
                "posting": PARCELS[0],
                "action": "drop_off",
                "from": "announced",
                "to": "dropped_off",
                "details": {"supply": "SP-0000000999"},
            }
        ],
    )
    assert _post(counter1, key, body).json()["code"] == "other_supply"
    # A parcel of another route handed to this courier.
    r = owner.request(
        "POST",
        f"{ADMIN}/courier-pickups",
        json={"code": "CP-0000000502", "courier": "Курьер Юсупов", "route": "СЦ Казань"},
    )
    assert r.status_code == 201
    key, body = _op("c2c_intake", [{**drop, "details": {"weight_g": 1_000}}], posting=C1, paid=29_900)
    assert _post(counter1, key, body).status_code == 200
    hand = {
        "posting": C1,
        "action": "hand_to_courier",
        "from": "dropped_off",
        "to": "handed_to_courier",
        "details": {"pickup": "CP-0000000502"},
    }
    key, body = _op("courier_handover", [hand], pickup="CP-0000000502", act="X1")
    r = _post(counter1, key, body)
    assert r.status_code == 409 and r.json()["code"] == "not_due" and "СЦ Казань" in r.json()["reason"]
    assert _server(central, C1)[0] == "dropped_off"


def test_two_counters_put_the_same_parcel_into_two_bags_and_exactly_one_wins(central, owner, counter1, counter2):
    _marketplace(owner)
    for c in (counter1, counter2):
        c.pull()
    parcel = PARCELS[0]
    supply.open_supply(counter1.ctx, SP)
    supply.scan(counter1.ctx, SP, parcel)
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    counter2.pull()
    assert counter2.status(parcel) == "dropped_off"

    # Offline-first: each counter bags it locally into its own bag before either push.
    counters = {"counter-1": counter1, "counter-2": counter2}
    names = {"counter-1": "BG-0000000011", "counter-2": "BG-0000000022"}
    for name, c in counters.items():
        bags.open_bag(c.ctx, names[name])
        bags.put(c.ctx, names[name], parcel)
        assert c.status(parcel) == "in_bag"

    barrier = threading.Barrier(2)
    reports = {}

    def push(name: str) -> None:
        barrier.wait()
        reports[name] = push_pending(counters[name].ctx, counters[name].client)

    threads = [threading.Thread(target=push, args=(name,)) for name in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    winners = [c for c, r in reports.items() if r.applied == 1 and not r.refused]
    losers = [c for c, r in reports.items() if r.refused]
    assert len(winners) == 1 and len(losers) == 1, reports
    winner, loser = winners[0], losers[0]
    reason = reports[loser].refused[0].reason
    assert parcel in reason and "другой стойке" in reason
    status, outbound = _server(central, parcel)
    assert status == "in_bag" and outbound.bag == names[winner]
    with central.db.read() as s:
        bagged = s.scalars(
            select(ShipmentEvent).where(ShipmentEvent.posting_number == parcel, ShipmentEvent.action == "bag")
        ).all()
        assert len(bagged) == 1
    # The loser re-read the parcel: in the winner's bag, and its own bag is empty.
    with counters[loser].store.read() as s:
        local = s.get(LocalOutbound, counters[loser].shipment(parcel).id)
        assert s.get(OutboundBag, local.bag_id).barcode == names[winner]
    assert bags.bag(counters[loser].ctx, names[loser]).postings == ()
