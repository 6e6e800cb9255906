"""An operation in its wire form: the body of ``POST …/operations`` (``pvz_desktop.wire.OperationIn``:
its kind and its payload), encoded once by the operation that makes it and kept in
``outbox.payload`` as the very text the pusher sends.

The payload lists the operation's status changes as the wire's ``Transition``s: the action is the
core's (``core.statuses.Action``, or ``Creation`` for a shipment that enters the point), never the
ledger event's kind. pydantic is not imported here (the writer thread never loads it); the tests
check every body against the wire models.

Rows written before this form hold the payload alone (sorted keys, so their text never starts like
a body: ``at`` is in every one and sorts before ``kind``); they are sent wrapped into a body
(``wire_text``), with the same content the server hashed if it saw them once already.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pvz_desktop.core.statuses import Action, Creation

BODY_START = '{"kind":'  # every body starts so (the kind is its first key); a payload-only row never does

# One encoder for every operation: compact, UTF-8 kept as is (the request is sent as UTF-8 bytes).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def transition(
    posting: str, action: Action | Creation, before: str | None, after: str, details: dict[str, Any]
) -> dict[str, Any]:
    """One ``wire.Transition`` (``before`` None: a shipment created by this operation)."""
    return {"posting": posting, "action": action.value, "from": before, "to": after, "details": details}


def operation_body(kind: str, payload: dict[str, Any]) -> str:
    """The JSON text of ``{"kind": kind, "payload": payload}``, as sent."""
    return _ENCODER.encode({"kind": kind, "payload": payload})


def wire_text(kind: str, stored: str) -> str:
    """The request body of an outbox row: its stored text, or an older payload-only row wrapped."""
    if stored.startswith(BODY_START):
        return stored
    return f'{{"kind":{_ENCODER.encode(kind)},"payload":{stored}}}'


def batch_body(ops: Iterable[tuple[str, str]]) -> bytes:
    """The body of ``POST …/operations/batch`` from ``(key, body)`` pairs: each body with its key put
    first (``wire.BatchOperationIn``), joined as text, never decoded."""
    items = ",".join(f'{{"key":{_ENCODER.encode(key)},{body[1:]}' for key, body in ops)
    return f'{{"operations":[{items}]}}'.encode()


def stored_payload(stored: str) -> dict[str, Any]:
    """The payload of an outbox row's text, in either form (for the few readers that look inside:
    the postings of a refusal, the photos of a defect record, the keys of unpushed operations)."""
    data = json.loads(stored)
    return data["payload"] if stored.startswith(BODY_START) else data
