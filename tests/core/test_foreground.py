"""The cashier's moment: background work waits for it to end, never longer than it may."""

from __future__ import annotations

import time

from pvz_desktop.core.foreground import Foreground


def test_a_background_thread_waits_until_the_moment_is_over():
    fg = Foreground()
    assert not fg.active and fg.step_aside() < 0.001  # nothing to wait for
    fg.touch(0.05)
    ends = time.monotonic() + 0.05
    assert fg.active
    waited = fg.step_aside()
    assert time.monotonic() >= ends - 0.005 and waited > 0 and not fg.active


def test_it_never_waits_longer_than_it_may_and_a_later_touch_extends_the_moment():
    fg = Foreground()
    fg.touch(0.05)
    fg.touch(10)  # a second scan: the moment lasts for the later one
    fg.touch(0.01)  # a shorter one never cuts it
    started = time.monotonic()
    fg.step_aside(most=0.05)
    assert 0.04 <= time.monotonic() - started < 5 and fg.active
