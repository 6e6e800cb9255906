from __future__ import annotations

from pvz_desktop.devices.scanner.debounce import Debouncer


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_same_code_same_source_within_300_ms_is_one_scan() -> None:
    clock = ManualClock()
    debouncer = Debouncer(monotonic=clock)
    assert debouncer.accept("serial:///dev/ttyACM0", "GM0000412345")
    clock.now += 0.299
    assert not debouncer.accept("serial:///dev/ttyACM0", "GM0000412345")
    clock.now += 0.002  # 301 ms after the accepted scan
    assert debouncer.accept("serial:///dev/ttyACM0", "GM0000412345")


def test_other_code_or_other_source_is_never_a_repeat() -> None:
    clock = ManualClock()
    debouncer = Debouncer(monotonic=clock)
    assert debouncer.accept("wedge", "A1")
    assert debouncer.accept("wedge", "A2")
    assert debouncer.accept("hid://", "A1")


def test_many_codes_keep_their_windows_after_pruning() -> None:
    clock = ManualClock()
    debouncer = Debouncer(monotonic=clock)
    for i in range(1000):
        assert debouncer.accept("s", f"C{i}")
    assert not debouncer.accept("s", "C999")
    assert not debouncer.accept("s", "C0")
    clock.now += 1.0
    assert all(debouncer.accept("s", f"C{i}") for i in range(1000))
