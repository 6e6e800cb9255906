"""The outbox holds each operation in its wire form: the text the pusher sends unchanged, with the
core's actions; rows written before that form are still sent right, exactly once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from pvz_central.models import OperationRecord, ShipmentEvent
from pvz_central.operations import KEY_REUSED, Refused, wire_action
from pvz_desktop.core.statuses import Action, Creation
from pvz_desktop.store.models import Event, Outbox
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.wire import BatchIn, OperationIn
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.ledger_chain import canonical_json
from pvz_desktop.workflows.outbox_body import BODY_START, stored_payload
from tests.central.harness import Central, Counter, delivery


def _rows(counter: Counter) -> list[tuple[str, str, str, str]]:
    with counter.store.read() as s:
        return [tuple(r) for r in s.execute(select(Outbox.op_id, Outbox.kind, Outbox.payload, Outbox.state))]


def _requests(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bytes]]:
    """The (path, body) of every operation request the client makes, as it goes out."""
    sent: list[tuple[str, bytes]] = []
    real = counter.auth.request

    def recorded(method: str, path: str, **kwargs: Any) -> Any:
        if "/operations" in path:
            sent.append((path, kwargs["data"]))
        return real(method, path, **kwargs)

    monkeypatch.setattr(counter.auth, "request", recorded)
    return sent


def _accept(counter: Counter, waybill: dict, postings: list[str]) -> None:
    acceptance.open_waybill(counter.ctx, waybill["number"])
    for p in postings:
        acceptance.scan(counter.ctx, waybill["number"], p)


def _server_log(central: Central) -> tuple[dict[str, int], list[tuple[str, str]]]:
    with central.db.read() as s:
        records = dict(s.execute(select(OperationRecord.key, OperationRecord.status_code)).all())
        events = s.execute(select(ShipmentEvent.posting_number, ShipmentEvent.action).order_by(ShipmentEvent.id))
        return records, [tuple(e) for e in events]


def test_every_action_that_reaches_the_outbox_is_one_the_server_accepts() -> None:
    # A status change goes on the wire only as a core Action (from a status) or a Creation (from
    # none): Operation.transition/transition_row/transitioned take an Action, create a Creation.
    for action in Action:
        assert wire_action(action.value, "p", creating=False) is action
    for creation in Creation:
        assert wire_action(creation.value, "p", creating=True) is creation
    assert not {a.value for a in Action} & {c.value for c in Creation}
    for word, creating in (("synced", False), ("accept", True), ("issued", False), ("payment", True)):
        with pytest.raises(Refused) as refused:
            wire_action(word, "p", creating=creating)
        assert refused.value.code == "bad_action"


def test_the_stored_body_is_what_goes_on_the_wire_and_its_actions_are_the_cores(
    central, owner, counter, monkeypatch
) -> None:
    waybill = delivery(owner, 3)
    counter.pull()
    postings = [s["posting"] for s in waybill["shipments"]]
    _accept(counter, waybill, postings[:2])
    acceptance.scan(counter.ctx, waybill["number"], "0999999999-0001-1")  # not in it: created here
    acceptance.close_waybill(counter.ctx, waybill["number"])  # the third is marked missing
    rows = _rows(counter)
    with counter.store.read() as s:
        ledger = {
            (e.op_id, e.posting_number): (e.kind, e.from_status, e.to_status)
            for e in s.scalars(select(Event).where(Event.to_status.is_not(None)))
        }
    wire = []
    for op_id, kind, text, _ in rows:
        assert text.startswith(BODY_START)
        body = OperationIn.model_validate_json(text)  # the wire model takes the stored text as it is
        assert body.kind == kind
        for t in body.payload.transitions:
            assert wire_action(t.action, t.posting, creating=t.from_ is None)  # the server takes the word
            _, before, after = ledger[(op_id, t.posting)]
            assert (before, after) == (t.from_, t.to)
            wire.append((t.posting, t.action))
    assert wire == [
        (postings[0], "accept"),
        (postings[1], "accept"),
        ("0999999999-0001-1", "arrived_unexpected"),
        (postings[2], "mark_missing"),
    ]
    # Every status change of a pushed operation in the ledger is on the wire, once.
    pushed = {op_id for op_id, *_ in rows}
    assert len(wire) == sum(op_id in pushed for op_id, _ in ledger)

    sent = _requests(counter, monkeypatch)
    assert push_pending(counter.ctx, counter.client).applied == len(rows)
    [(path, data)] = sent
    assert path.endswith("/operations/batch")
    batch = BatchIn.model_validate_json(data)
    assert [str(op.key) for op in batch.operations] == [op_id for op_id, *_ in rows]
    for op_id, _, text, _ in rows:  # each stored text is in the request byte for byte, after its key
        assert f'{{"key":"{op_id}",{text[1:]}'.encode() in data
    records, events = _server_log(central)
    assert records == {op_id: 200 for op_id, *_ in rows}
    assert [a for _, a in events] == ["accept", "accept", "arrived_unexpected", "mark_missing"]


def _as_before(counter: Counter) -> dict[str, str]:
    """The outbox rewritten as the counter wrote it before bodies were stored: the payload alone,
    in the ledger's canonical JSON. Returns each row's old text by key."""
    old: dict[str, str] = {}
    with counter.store.write() as s:
        for op_id, text in s.execute(select(Outbox.op_id, Outbox.payload)).all():
            old[op_id] = canonical_json(stored_payload(text))
            s.execute(update(Outbox).where(Outbox.op_id == op_id).values(payload=old[op_id]))
    return old


def test_rows_written_before_the_upgrade_are_sent_right(central, owner, counter, monkeypatch) -> None:
    waybill = delivery(owner, 2)
    counter.pull()
    postings = [s["posting"] for s in waybill["shipments"]]
    _accept(counter, waybill, postings)
    old = _as_before(counter)
    assert not any(text.startswith(BODY_START) for text in old.values())

    sent = _requests(counter, monkeypatch)
    report = push_pending(counter.ctx, counter.client)

    assert (report.applied, report.refused) == (3, ())
    [(_, data)] = sent
    for op_id, text in old.items():  # the old text is the payload of the body sent, unchanged
        assert f'"key":"{op_id}",'.encode() in data and f'"payload":{text}}}'.encode() in data
    records, events = _server_log(central)
    assert records == {k: 200 for k in old} and events == [(p, "accept") for p in postings]


def test_an_old_row_the_server_applied_before_the_upgrade_is_a_replay_not_a_new_operation(
    central, owner, counter
) -> None:
    """Sent once by the old pusher (decoded, re-encoded by requests), the answer lost, then sent
    after the upgrade as stored: the server's body hash is of the operation, not of its bytes."""
    waybill = delivery(owner, 1)
    counter.pull()
    _accept(counter, waybill, [waybill["shipments"][0]["posting"]])
    old = _as_before(counter)
    for op_id, kind, text, _ in _rows(counter):
        answer = counter.auth.request(
            "POST",
            f"/api/v1/points/{counter.client.point_id}/operations",
            json={"kind": kind, "payload": json.loads(text)},  # as the old pusher sent it
            headers={"Idempotency-Key": op_id},
        )
        assert answer.status_code == 200
    before = _server_log(central)

    report = push_pending(counter.ctx, counter.client)

    assert (report.applied, report.refused) == (len(old), ())
    assert _server_log(central) == before  # nothing applied twice, no key refused as reused
    assert {state for *_, state in _rows(counter)} == {"sent"}


def test_the_same_key_with_another_operation_is_refused(central, owner, counter) -> None:
    waybill = delivery(owner, 2)
    counter.pull()
    a, b = (s["posting"] for s in waybill["shipments"])
    _accept(counter, waybill, [a, b])
    rows = _rows(counter)
    (key_a, _, text_a, _), (_, _, text_b, _) = rows[1], rows[2]
    assert counter.client.push(key_a, text_a).applied
    reused = counter.client.push(key_a, text_b)  # b's scan under a's key
    assert (reused.applied, reused.reason) == (False, KEY_REUSED)
    # The same operation spelt differently (keys reordered, spaces) is the same operation: a replay.
    respelt = json.dumps(json.loads(text_a), sort_keys=True, indent=1, ensure_ascii=True)
    again = counter.client.push(key_a, respelt)
    assert again.applied and again.replayed
    records, events = _server_log(central)
    assert records == {key_a: 200} and events == [(a, "accept")]
