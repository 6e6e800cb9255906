"""The batch route: operations applied in order, each exactly once, with the single route's rules."""

from __future__ import annotations

import json
import uuid

import requests
from sqlalchemy import func, select

from pvz_central.api import MAX_BATCH
from pvz_central.models import Change, OperationRecord, ShipmentEvent
from tests.central.harness import OTHER_POINT, POINT, Central, delivery, login


def _op(posting: str, frm: str, to: str, action: str, key: str | None = None, **details: str) -> dict:
    transition = {"posting": posting, "action": action, "from": frm, "to": to, "details": details}
    return {
        "key": key or str(uuid.uuid4()),
        "kind": "acceptance_scan",
        "payload": {"at": "2026-01-05T10:00:00", "transitions": [transition]},
    }


def _batch(central: Central, token: str, ops: list[dict], point: str = POINT) -> requests.Response:
    return requests.post(
        f"{central.url}/api/v1/points/{point}/operations/batch",
        json={"operations": ops},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _history(central: Central) -> list[tuple[str, str, str]]:
    with central.db.read() as s:
        rows = s.execute(
            select(ShipmentEvent.posting_number, ShipmentEvent.action, ShipmentEvent.op_key).order_by(ShipmentEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def _records(central: Central) -> int:
    with central.db.read() as s:
        return s.scalar(select(func.count()).select_from(OperationRecord)) or 0


def test_a_batch_is_applied_in_order_and_its_replay_changes_nothing(central, owner):
    a, b, c = (s["posting"] for s in delivery(owner, 3)["shipments"])
    token = login(central.url, "emp1").tokens.access_token
    # The placement of «a» only fits after its acceptance: in any other order it would be refused.
    ops = [
        _op(a, "expected", "received", "accept"),
        _op(a, "received", "stored", "place", cell="C-A-01-01"),
        _op(b, "expected", "received", "accept"),
        _op(c, "expected", "received", "accept"),
    ]
    first = _batch(central, token, ops)
    assert first.status_code == 200, first.text
    results = first.json()["results"]
    assert [(r["op_id"], r["result"], r["status"], r["replayed"]) for r in results] == [
        (op["key"], "applied", 200, False) for op in ops
    ]
    assert results[1]["shipments"] == [{"posting": a, "status": "stored", "version": 3}]
    history = _history(central)
    assert history == [
        (a, "accept", ops[0]["key"]),
        (a, "place", ops[1]["key"]),
        *[(p, "accept", op["key"]) for p, op in ((b, ops[2]), (c, ops[3]))],
    ]
    assert [central.central_status(p) for p in (a, b, c)] == ["stored", "received", "received"]

    again = _batch(central, token, ops)
    assert again.status_code == 200
    assert [r["replayed"] for r in again.json()["results"]] == [True] * 4
    assert [{**r, "replayed": False} for r in again.json()["results"]] == results
    assert _history(central) == history and _records(central) == 4

    # The single route and the batch share the keys: either one replays what the other applied.
    single = requests.post(
        f"{central.url}/api/v1/points/{POINT}/operations",
        json={k: ops[1][k] for k in ("kind", "payload")},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": ops[1]["key"]},
        timeout=10,
    )
    assert single.status_code == 200 and single.headers["Idempotent-Replayed"] == "true"
    # (the batch's schema spells out the empty fields of an applied answer)
    assert single.json() == {k: v for k, v in results[1].items() if k not in ("status", "replayed") and v is not None}


def test_a_refusal_in_the_middle_refuses_that_operation_only(central, owner):
    a, b, c = (s["posting"] for s in delivery(owner, 3)["shipments"])
    token = login(central.url, "emp1").tokens.access_token
    used = _op(a, "expected", "received", "accept")
    assert _batch(central, token, [used]).json()["results"][0]["result"] == "applied"
    ops = [
        _op(b, "expected", "received", "accept"),
        _op(c, "expected", "issued", "issue"),  # the core table does not allow it
        _op(b, "received", "stored", "place", cell="C-A-01-02"),
        {**_op(c, "expected", "received", "accept"), "key": used["key"]},  # a used key, another body
        _op(c, "expected", "received", "accept"),
    ]
    results = _batch(central, token, ops).json()["results"]
    assert [(r["result"], r["status"]) for r in results] == [
        ("applied", 200),
        ("refused", 409),
        ("applied", 200),
        ("refused", 422),
        ("applied", 200),
    ]
    assert "Нельзя выдать" in results[1]["reason"] and results[1]["code"] == "illegal_transition"
    assert results[1]["op_id"] == ops[1]["key"]
    assert "Ключ идемпотентности уже использован" in results[3]["reason"]
    assert [central.central_status(p) for p in (a, b, c)] == ["received", "stored", "received"]
    assert [(p, action) for p, action, _ in _history(central)] == [
        (a, "accept"),
        (b, "accept"),
        (b, "place"),
        (c, "accept"),
    ]
    # The refusal is stored with its key like any answer: a re-sent batch gets it again.
    again = _batch(central, token, [ops[1]]).json()["results"][0]
    assert again == {**results[1], "replayed": True}
    assert _records(central) == 5  # the first «a», four of the batch; the re-used key stored nothing


def test_a_batch_over_the_limit_or_with_a_malformed_operation_is_refused_whole(central, owner):
    postings = [s["posting"] for s in delivery(owner, 2)["shipments"]]
    token = login(central.url, "emp1").tokens.access_token
    too_many = [_op(postings[i % 2], "expected", "received", "accept") for i in range(MAX_BATCH + 1)]
    r = _batch(central, token, too_many)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        f"В одном пакете не больше {MAX_BATCH} операций, а прислано {MAX_BATCH + 1}: отправьте частями."
    )
    broken = [_op(postings[0], "expected", "received", "accept"), _op(postings[1], "expected", "nowhere", "accept")]
    r = _batch(central, token, broken)
    assert r.status_code == 422 and r.json()["detail"].startswith("Неверный запрос")
    assert _records(central) == 0 and _history(central) == []
    assert [central.central_status(p) for p in postings] == ["expected", "expected"]


def test_a_batch_reaches_only_the_tokens_own_point(central, owner):
    posting = delivery(owner, 1)["shipments"][0]["posting"]
    other_owner = login(central.url, "owner2").tokens.access_token
    op = _op(posting, "expected", "received", "accept")
    anonymous = requests.post(f"{central.url}/api/v1/points/{POINT}/operations/batch", json={"operations": [op]})
    assert anonymous.status_code == 401
    denied = _batch(central, other_owner, [op])
    assert denied.status_code == 403 and "Нет доступа к пункту p1" in denied.json()["detail"]
    # Through its own point it cannot touch this point's parcel either.
    (result,) = _batch(central, other_owner, [op], point=OTHER_POINT).json()["results"]
    assert result["result"] == "refused" and "не числится за этим пунктом" in result["reason"]
    # Its key is now spent on the other point: the same key here is not a replay of that refusal.
    employee = login(central.url, "emp1").tokens.access_token
    (here,) = _batch(central, employee, [op]).json()["results"]
    assert here["status"] == 422 and "Ключ идемпотентности" in here["reason"]
    assert _history(central) == [] and central.central_status(posting) == "expected"


def test_the_schema_describes_the_batch_route(central):
    schema = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    route = schema["paths"]["/api/v1/points/{point_id}/operations/batch"]["post"]
    body = schema["components"]["schemas"]["BatchIn"]["properties"]["operations"]
    assert body["maxItems"] == MAX_BATCH and "422" in route["responses"]
    result = schema["components"]["schemas"]["BatchResult"]["properties"]
    assert {"op_id", "result", "reason", "code", "status", "replayed"} <= set(result)


def test_a_refusal_after_part_of_an_operation_undoes_that_part_only(central, owner):
    """The batch is applied together until a refusal; then the operations up to it are applied
    again one by one: a parcel created before the refusal exists once, with its feed snapshot."""
    a, b = (s["posting"] for s in delivery(owner, 2)["shipments"])
    token = login(central.url, "emp1").tokens.access_token
    extra = "0099999999-0001-1"
    create = _op(extra, None, "unexpected", "arrived_unexpected")
    half = _op(b, "expected", "received", "accept")
    half["payload"]["transitions"].append({"posting": b, "action": "issue", "from": "received", "to": "issued"})
    ops = [create, _op(a, "expected", "received", "accept"), half, _op(extra, "unexpected", "received", "resolve")]
    ops.append(dict(create))  # the same key again in the same batch: a replay of the first answer

    results = _batch(central, token, ops).json()["results"]

    assert [(r["result"], r["replayed"]) for r in results] == [
        ("applied", False),
        ("applied", False),
        ("refused", False),
        ("applied", False),
        ("applied", True),
    ]
    assert "Нельзя выдать" in results[2]["reason"]
    assert [central.central_status(p) for p in (a, b, extra)] == ["received", "expected", "received"]
    assert [(p, action) for p, action, _ in _history(central)] == [
        (extra, "arrived_unexpected"),
        (a, "accept"),
        (extra, "resolve"),
    ]
    with central.db.read() as s:
        snapshot = s.get(Change, (POINT, "shipment", extra))
        assert snapshot is not None and json.loads(snapshot.data)["status"] == "received"
    assert _records(central) == 4
