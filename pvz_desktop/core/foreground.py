"""The cashier's moment: while a scan is on its way to the screen, background work steps aside.

CPython runs one thread's Python at a time. A page of pulled changes applied on the sync thread
is ~150 ms of Python; every Qt call back into Python on the GUI thread (a table's cell, a paint)
waited its turn, and a card took hundreds of milliseconds while the counter caught up with the
server. The GUI marks the moments that matter (a scan routed, its answer shown); the pull takes
small pages then and waits between them (outside any transaction, so no write waits for it).
"""

from __future__ import annotations

import time

ACTIVE_S = 0.25  # after a scan or its answer: the cashier is waiting for the screen
MOST_WAIT_S = 0.5  # background work never waits longer than this at once: it is only delayed


class Foreground:
    def __init__(self) -> None:
        self._until = 0.0  # monotonic; one float, written by the GUI thread, read by others

    def touch(self, seconds: float = ACTIVE_S) -> None:
        """The cashier is waiting for the screen for about ``seconds`` more (GUI thread)."""
        self._until = max(self._until, time.monotonic() + seconds)

    @property
    def active(self) -> bool:
        return time.monotonic() < self._until

    def step_aside(self, most: float = MOST_WAIT_S) -> float:
        """Wait (holding nothing) until the cashier's moment is over, ``most`` seconds at the
        most; returns the seconds waited. Called by background threads between transactions."""
        started = time.monotonic()
        deadline = started + most
        while True:
            now = time.monotonic()
            left = min(self._until, deadline) - now
            if left <= 0:
                return now - started
            time.sleep(left)  # the GIL is free while this thread sleeps
