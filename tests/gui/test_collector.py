"""The counter hides what it built at start from the garbage collector (bench P2: 50–70 ms stalls)."""

from __future__ import annotations

import gc


def test_starting_the_devices_freezes_everything_built_so_far(counter) -> None:
    gc.unfreeze()  # other tests' windows froze theirs
    assert gc.get_freeze_count() == 0
    counter.window.start_devices()
    # The modules, SQLAlchemy's mappers and the window's widgets: far more than a handful.
    assert gc.get_freeze_count() > 50_000
