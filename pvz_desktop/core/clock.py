"""Time conventions: stored as naive UTC, shown local. A Clock can be replaced in tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone()


def local_midnight_utc(day: date) -> datetime:
    """The stored (naive UTC) instant at which a local calendar day begins."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).replace(tzinfo=None)
