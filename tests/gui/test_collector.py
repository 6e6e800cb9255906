"""The counter hides what it built at start from the garbage collector (bench P2: 50–70 ms stalls)."""

from __future__ import annotations

import gc
import sys

from pvz_desktop.gui.main_window import GUI_SWITCH_INTERVAL_S


def test_starting_the_devices_freezes_everything_built_so_far(counter) -> None:
    gc.unfreeze()  # other tests' windows froze theirs
    assert gc.get_freeze_count() == 0
    counter.window.start_devices()
    # The modules, SQLAlchemy's mappers and the window's widgets: far more than a handful.
    assert gc.get_freeze_count() > 50_000


def test_starting_the_devices_shortens_the_gil_switch_interval(counter) -> None:
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # CPython's default
    try:
        counter.window.start_devices()
        assert sys.getswitchinterval() == GUI_SWITCH_INTERVAL_S < 0.005
    finally:
        sys.setswitchinterval(before)
