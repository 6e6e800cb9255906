"""Time conventions: stored as naive UTC, shown local. A Clock can be replaced in tests."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone()


def local_midnight_utc(day: date) -> datetime:
    """The stored (naive UTC) instant at which a local calendar day begins."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).replace(tzinfo=None)


SERVER_TOLERANCE = timedelta(seconds=2)  # the HTTP Date header has whole seconds: smaller gaps are noise


class CounterClock:
    """The counter's time (naive UTC, as ``utcnow``), immune to the PC's clock being moved.

    The PC's clock is read once, at start (never earlier than ``floor``: the newest time already
    in the ledger, so a clock moved back while the program was closed does not go back past what
    was recorded); from then on time is carried forward by the monotonic clock, so moving the PC's
    clock an hour back or a day forward during a shift changes neither intervals (the pickup-code
    lockout) nor deadlines. Whenever the server's answer carries its time (``observe_server``, from
    the HTTP Date header) the counter takes the server's time instead: storage deadlines are the
    server's days, whatever the PC's clock says.
    """

    def __init__(
        self,
        wall: Clock = utcnow,
        monotonic: Callable[[], float] = _time.monotonic,
        *,
        floor: datetime | None = None,
    ) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        start = wall()
        if floor is not None and floor > start:
            start = floor
        self._anchor = (start, monotonic())
        self.from_server = False  # True once the server's time was taken

    def __call__(self) -> datetime:
        with self._lock:
            base, at = self._anchor
        return base + timedelta(seconds=self._monotonic() - at)

    def observe_server(self, server_now: datetime) -> None:
        """The server's time as one of its answers gave it (naive UTC)."""
        if abs(server_now - self()) <= SERVER_TOLERANCE:
            with self._lock:
                self.from_server = True
            return
        with self._lock:
            self._anchor = (server_now, self._monotonic())
            self.from_server = True
