"""Report periods (a day, its week, its month) as UTC bounds in a point's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PERIODS = ("day", "week", "month")


def zone(name: str) -> tzinfo:
    """The point's zone; the server's own when this system has no zone database (Windows without tzdata)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local


@dataclass(frozen=True)
class Period:
    kind: str  # day / week / month
    first: date  # local calendar days, inclusive
    last: date

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        if kind == "week":
            first = day - timedelta(days=day.weekday())
            return cls(kind, first, first + timedelta(days=6))
        if kind == "month":
            first = day.replace(day=1)
            following = (first + timedelta(days=32)).replace(day=1)
            return cls(kind, first, following - timedelta(days=1))
        return cls("day", day, day)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def utc_bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) as the naive UTC instants the database stores."""
        start = datetime.combine(self.first, time(), tz).astimezone(UTC).replace(tzinfo=None)
        end = datetime.combine(self.last + timedelta(days=1), time(), tz).astimezone(UTC).replace(tzinfo=None)
        return start, end


def local(value: datetime, tz: tzinfo) -> datetime:
    """A stored naive UTC instant in the zone ``tz``."""
    return value.replace(tzinfo=UTC).astimezone(tz)
