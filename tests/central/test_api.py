"""The API's promises: access by point and role, idempotent operations, the core rules, the feed."""

from __future__ import annotations

import json
import threading
import time
import uuid

import requests
from sqlalchemy import func, select

from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.store.models import Event, ReturnRequest, Shipment, SupportTicket, TransportPackage, Waybill
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, placement, returns, support
from pvz_desktop.workflows.issuance import IssuanceSession
from pvz_desktop.workflows.server_changes import reset_cursor, sync_cursor
from tests.builders import PointBuilder
from tests.central.harness import POINT, delivery, login


def _accept_op(posting: str, frm: str = "expected", to: str = "received", action: str = "accept") -> dict:
    return {
        "kind": "acceptance_scan",
        "payload": {
            "at": "2026-01-05T10:00:00",
            "transitions": [{"posting": posting, "action": action, "from": frm, "to": to}],
        },
    }


def _post(url: str, token: str, body: dict, key: str | None = None, point: str = POINT) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key or str(uuid.uuid4())}
    return requests.post(f"{url}/api/v1/points/{point}/operations", json=body, headers=headers, timeout=10)


def _events(central, posting: str) -> list[str]:
    with central.db.read() as s:
        return list(s.scalars(select(ShipmentEvent.action).where(ShipmentEvent.posting_number == posting)))


def test_requests_outside_the_tokens_point_or_role_are_refused(central, owner):
    waybill = delivery(owner, 1)
    posting = waybill["shipments"][0]["posting"]
    employee = login(central.url, "emp1").tokens.access_token
    other_owner = login(central.url, "owner2").tokens.access_token
    base = f"{central.url}/api/v1/points"

    assert requests.get(f"{base}/{POINT}/changes", timeout=10).status_code == 401
    bad = requests.get(f"{base}/{POINT}/changes", headers={"Authorization": "Bearer forged"}, timeout=10)
    assert bad.status_code == 401 and "войдите" in bad.json()["detail"]
    # An employee is not the owner.
    for method, path in (("GET", "/users"), ("POST", "/admin/waybills"), ("POST", "/admin/storage-extensions")):
        r = requests.request(method, f"{base}/{POINT}{path}", headers={"Authorization": f"Bearer {employee}"}, json={})
        assert r.status_code == 403 and "владельцу" in r.json()["detail"], path
    # The owner of another point sees nothing of this one.
    other = {"Authorization": f"Bearer {other_owner}"}
    for path in ("/changes", f"/shipments/{posting}", "/users", "/support/tickets"):
        r = requests.get(f"{base}/{POINT}{path}", headers=other, timeout=10)
        assert r.status_code == 403 and "Нет доступа к пункту p1" in r.json()["detail"], path
    assert _post(central.url, other_owner, _accept_op(posting)).status_code == 403
    assert requests.get(f"{base}/p2/shipments/{posting}", headers=other, timeout=10).status_code == 404
    # Through its own point it cannot touch this point's parcel either.
    r = _post(central.url, other_owner, _accept_op(posting), point="p2")
    assert r.status_code == 409 and "не числится за этим пунктом" in r.json()["reason"]
    assert _events(central, posting) == [] and central.central_status(posting) == "expected"


def test_a_replayed_key_returns_the_stored_answer_and_applies_nothing_twice(central, owner):
    posting = delivery(owner, 1)["shipments"][0]["posting"]
    token = login(central.url, "emp1").tokens.access_token
    key = str(uuid.uuid4())
    first = _post(central.url, token, _accept_op(posting), key)
    assert first.status_code == 200 and first.json()["result"] == "applied"

    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(_post(central.url, token, _accept_op(posting), key)))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert [a.status_code for a in answers] == [200] * 6
    assert all(a.json() == first.json() and a.headers["Idempotent-Replayed"] == "true" for a in answers)
    assert _events(central, posting) == ["accept"]
    with central.db.read() as s:
        assert s.scalar(select(func.count()).select_from(OperationRecord)) == 1
    # The same key with another body is a client bug, not a replay.
    other = _post(central.url, token, _accept_op(posting, "received", "stored", "place"), key)
    assert other.status_code == 422 and "Ключ идемпотентности" in other.json()["detail"]


def test_the_server_rechecks_every_transition_with_the_core_rules(central, owner):
    posting = delivery(owner, 1)["shipments"][0]["posting"]
    token = login(central.url, "emp1").tokens.access_token
    cases = [
        (_accept_op(posting, "expected", "issued", "issue"), "Нельзя выдать"),
        (_accept_op(posting, "expected", "stored", "accept"), "переходит в «принято»"),
        (_accept_op(posting, "expected", "received", "teleport"), "Неизвестное действие"),
        (_accept_op(posting, "stored", "issued", "issue"), "изменили на другой стойке"),
        (_accept_op("0000000001-0001-1"), "не числится за этим пунктом"),
        (
            {
                "kind": "x",
                "payload": {
                    "transitions": [
                        {"posting": posting, "action": "arrived_unexpected", "from": None, "to": "unexpected"}
                    ]
                },
            },
            "уже есть на сервере",
        ),
    ]
    for body, reason in cases:
        key = str(uuid.uuid4())
        r = _post(central.url, token, body, key)
        assert r.status_code == 409 and reason in r.json()["reason"], (body, r.json())
        again = _post(central.url, token, body, key)
        assert again.status_code == 409 and again.json() == r.json()
    bad = _post(central.url, token, {"kind": "x", "payload": {"transitions": [{"posting": posting, "to": "nowhere"}]}})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Неверный запрос")
    assert _events(central, posting) == [] and central.central_status(posting) == "expected"


def test_deliveries_requests_extensions_and_support_reach_the_counter(central, owner, counter1):
    PointBuilder(counter1.store).add_cells()
    waybill = delivery(owner, 2, customer="41000021", pin="4321")
    counter1.pull()
    number, (a, b) = waybill["number"], [s["posting"] for s in waybill["shipments"]]
    with counter1.store.read() as s:
        wb = s.scalar(select(Waybill).where(Waybill.number == number))
        assert wb.status == "open" and wb.courier == "Курьер Петров"
        assert s.scalar(select(TransportPackage.state).where(TransportPackage.waybill_id == wb.id)) == "expected"
        sa = s.scalar(select(Shipment).where(Shipment.posting_number == a))
        assert (sa.customer.display_name, sa.customer.phone_last4) == ("Иванова А.", "1234")
        # The code arrives as its verifier under the point's key, valid today: never the PIN.
        today = to_local(utcnow()).date()
        assert sa.customer.pickup_pin_date == today
        assert sa.customer.pickup_verifier == verifier(counter1.auth.pickup_key(), "41000021", "4321", today)
        assert [i.name for i in sa.items] == ["Футболка хлопковая"]

    acceptance.open_waybill(counter1.ctx, number)
    for p in (a, b):
        acceptance.scan(counter1.ctx, number, p)
        placement.place(counter1.ctx, p, "C-A-01-01")
    issue = IssuanceSession.start(counter1.ctx, "41000021*4321")
    issue.scan(a)
    issue.complete()
    assert push_pending(counter1.ctx, counter1.client).refused == ()

    admin = f"/api/v1/points/{POINT}/admin"
    r = owner.request(
        "POST",
        f"{admin}/return-requests",
        json={"number": "RT-0000000501", "posting": a, "item_names": ["Футболка хлопковая"], "reason": "Брак"},
    )
    assert r.status_code == 201, r.text
    assert (
        owner.request(
            "POST", f"{admin}/return-requests", json={"number": "RT-0000000502", "posting": b, "item_names": ["x"]}
        ).status_code
        == 409
    )
    r = owner.request("POST", f"{admin}/storage-extensions", json={"posting": b, "days": 3})
    assert r.status_code == 201, r.text
    # The ticket is written by the counter's own support workflow and pushed from its outbox.
    ticket = support.create_ticket(counter1.ctx, "Повреждена упаковка", "damage", "Коробка мятая", [b]).uuid
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    assert (
        owner.request(
            "POST", f"{admin}/support/replies", json={"ticket_uuid": ticket, "body": "Примем акт, спасибо"}
        ).status_code
        == 201
    )

    counter1.pull()
    candidate = returns.find_return(counter1.ctx, "RT-0000000501")
    assert candidate.posting_number == a and candidate.reason == "Брак"
    with counter1.store.read() as s:
        sb = s.scalar(select(Shipment).where(Shipment.posting_number == b))
        ext = s.scalars(select(Event).where(Event.shipment_id == sb.id, Event.kind == "storage_extended")).all()
        assert len(ext) == 1 and json.loads(ext[0].details)["days"] == 3
        assert sb.storage_deadline.isoformat() == r.json()["deadline"]
        t = s.scalar(select(SupportTicket).where(SupportTicket.uuid == ticket))
        assert t.status == "answered" and [(m.author, m.body) for m in t.messages] == [
            ("employee", "Коробка мятая"),
            ("support", "Примем акт, спасибо"),
        ]
        assert s.scalar(select(ReturnRequest.status).where(ReturnRequest.number == "RT-0000000501")) == "open"
    # What the server wrote for these (and every change of the point) passes the counter's wire
    # models: the snapshot is validated line by line as its entity, none taken for an unknown one.
    kinds = {c["entity"] for c in counter1.client.snapshot().changes}
    assert {"waybill", "shipment", "return_request", "storage_extension", "support_message"} <= kinds

    # A reset (the server was restored, or the cursor is unknown) re-pulls everything: nothing is doubled.
    reset_cursor(counter1.ctx)
    assert sync_cursor(counter1.ctx) is None
    counter1.pull()
    with counter1.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(Event.kind == "storage_extended")) == 1


def test_an_unknown_cursor_answers_reset_and_the_long_poll_ends_on_time(central, owner):
    token = login(central.url, "emp1").tokens.access_token
    url = f"{central.url}/api/v1/points/{POINT}/changes"
    headers = {"Authorization": f"Bearer {token}"}
    page = requests.get(url, params={"since": "not-a-cursor"}, headers=headers, timeout=10).json()
    assert page == {"changes": [], "cursor": None, "has_more": False, "reset": True}
    head = requests.get(url, headers=headers, timeout=10).json()["cursor"]
    got = {}

    def poll() -> None:
        got["page"] = requests.get(url, params={"since": head, "wait": 10}, headers=headers, timeout=20).json()

    t = threading.Thread(target=poll)
    t.start()
    delivery(owner, 1)
    t.join(15)
    assert [c["entity"] for c in got["page"]["changes"]] == ["waybill", "shipment"]
    started = time.monotonic()
    quiet = requests.get(url, params={"since": got["page"]["cursor"], "wait": 0.5}, headers=headers, timeout=10)
    assert quiet.json()["changes"] == [] and 0.4 < time.monotonic() - started < 3


def test_a_drawer_opened_without_a_sale_is_the_owners_right_on_the_server_too(central, owner):
    body = {"kind": "drawer_open", "payload": {"at": "2026-01-05T10:00:00", "reason": "размен"}}
    employee = login(central.url, "emp1").tokens.access_token
    refused = _post(central.url, employee, body)
    assert refused.status_code == 409 and "только владелец" in refused.json()["reason"]
    no_reason = _post(central.url, owner.tokens.access_token, {**body, "payload": {"at": "2026-01-05T10:00:00"}})
    assert no_reason.status_code == 409 and "причина" in no_reason.json()["reason"]
    applied = _post(central.url, owner.tokens.access_token, body)
    assert applied.status_code == 200 and applied.json()["result"] == "applied"
