"""The ledger hash is the SHA-256 of the previous hash and the canonical JSON of the event's fields."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.workflows.ledger_chain import GENESIS, HASHED_FIELDS, canonical_json, event_hash, shared_hasher

# What event fields hold: text (Cyrillic, quotes, control characters), ids, None, times; the
# general cases too (an enum, a date, a nested value), which take the general encoder.
values = st.one_of(
    st.none(),
    st.text(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.booleans(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.sampled_from(list(ShipmentStatus)),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def reference_hash(prev: str, fields: dict) -> str:
    """The definition: times at the top level in ISO form, then the canonical JSON (sorted keys, no
    spaces, text as is, anything else as its str())."""
    body = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev}|{text}".encode()).hexdigest()


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_canonical_json_is_sorted_compact_json(data: dict) -> None:
    assert canonical_json(data) == json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


@given(st.dictionaries(st.sampled_from(HASHED_FIELDS) | st.text(max_size=8), values, max_size=14), st.text(max_size=64))
def test_event_hash_is_the_canonical_json_hash(fields: dict, prev: str) -> None:
    assert event_hash(prev, fields) == reference_hash(prev, fields)


def test_a_changed_field_changes_the_hash() -> None:
    fields = {k: None for k in HASHED_FIELDS} | {"kind": "accept", "occurred_at": datetime(2026, 11, 27, 9, 0)}
    h = event_hash(GENESIS, fields)
    assert h == reference_hash(GENESIS, fields)
    assert event_hash(GENESIS, fields | {"kind": "issue"}) != h
    assert event_hash(GENESIS, fields | {"occurred_at": datetime(2026, 11, 27, 9, 0, 1)}) != h
    assert event_hash("1" * 64, fields) != h
    assert event_hash(GENESIS, fields | {"details": '{"a":"ё"}'}) == reference_hash(
        GENESIS, fields | {"details": '{"a":"ё"}'}
    )
    assert event_hash(GENESIS, {"d": date(2026, 1, 2)}) == reference_hash(GENESIS, {"d": date(2026, 1, 2)})


@given(
    st.fixed_dictionaries({k: values for k in HASHED_FIELDS}),
    st.sets(st.sampled_from(HASHED_FIELDS)),
    st.text(max_size=64),
)
def test_the_hasher_of_shared_fields_gives_event_hash(fields: dict, shared: set, prev: str) -> None:
    """One operation's events share some fields: hashing with them made once changes nothing."""
    digest = shared_hasher({k: fields[k] for k in shared}, HASHED_FIELDS)
    assert digest(prev, fields) == event_hash(prev, fields) == reference_hash(prev, fields)
