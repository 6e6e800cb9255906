"""The hash chain of the ledger: each event stores the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """Hash of one event: the previous hash plus the canonical form of its fields."""
    body = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
    return hashlib.sha256(f"{prev_hash}|{canonical_json(body)}".encode()).hexdigest()


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
