"""A scanner that reads the same label twice in a blink must count as one scan."""

from __future__ import annotations

import time
from collections.abc import Callable

DEBOUNCE_SECONDS = 0.300


class Debouncer:
    """The same code from the same source within ``window`` seconds of its last accepted scan is a repeat."""

    def __init__(self, window: float = DEBOUNCE_SECONDS, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._monotonic = monotonic
        self._accepted: dict[tuple[str, str], float] = {}
        self._prune_at = 256

    def accept(self, source: str, code: str) -> bool:
        now = self._monotonic()
        key = (source, code)
        last = self._accepted.get(key)
        if last is not None and now - last < self.window:
            return False
        self._accepted[key] = now
        if len(self._accepted) > self._prune_at:  # forget codes whose window has passed: memory stays small
            self._accepted = {k: v for k, v in self._accepted.items() if now - v < self.window}
            self._prune_at = max(256, 2 * len(self._accepted))
        return True
