"""The hash chain of the ledger: each event stores the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

GENESIS = "0" * 64


# One encoder for every call: json.dumps with options builds a new one each time, which cost more
# than the encoding of an event's details (an initial pull writes 100,000 of them).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_json(data: Any) -> str:
    return _CANONICAL.encode(data)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """Hash of one event: the previous hash plus the canonical form of its fields (times in ISO form)."""
    return hashlib.sha256(f"{prev_hash}|{_canonical_fields(fields)}".encode()).hexdigest()


def _canonical_fields(fields: Mapping[str, Any]) -> str:
    """``canonical_json`` of the fields, times as ``isoformat()``, written out directly: the same
    text, without building a dict and the general encoder per event (an initial pull hashes 100,000)."""
    return "{" + ",".join(f"{_key(k)}{_value(fields[k])}" for k in sorted(fields)) + "}"


def shared_hasher(shared: Mapping[str, Any], fields: tuple[str, ...]) -> Callable[[str, Mapping[str, Any]], str]:
    """``event_hash`` for events whose ``fields`` are the hashed ones and that all hold ``shared``'s
    values (one operation's events: its time, id, employee, workstation): the canonical text of
    the shared fields is made once, and each event only adds its own (an initial load hashes 100,000)."""
    segments: list[tuple[str, str]] = []  # (text before the field's value, the field)
    text = "{"
    for name in sorted(fields):
        text += ("" if text == "{" else ",") + _key(name)
        if name in shared:
            text += _value(shared[name])
        else:
            segments.append((text, name))
            text = ""
    tail = text + "}"
    pieces = tuple(segments)

    def digest(prev_hash: str, row: Mapping[str, Any]) -> str:
        body = "".join([before + _value(row[name]) for before, name in pieces]) + tail
        return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()

    return digest


@cache
def _key(name: str) -> str:
    return encode_basestring(name) + ":"


def _value(v: Any) -> str:
    if v is None:
        return "null"
    kind = type(v)
    if kind is str:
        return encode_basestring(v)
    if kind is int:
        return int.__repr__(v)
    if isinstance(v, datetime):
        return encode_basestring(v.isoformat())
    return _CANONICAL.encode(v)


# The columns that the hash covers, in the form they are stored.
HASHED_FIELDS = (
    "shipment_id",
    "posting_number",
    "kind",
    "from_status",
    "to_status",
    "employee_id",
    "workstation",
    "workflow",
    "occurred_at",
    "details",
    "op_id",
)
