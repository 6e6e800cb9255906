"""Keyboard wedge: a scanner's burst versus a person typing, with times as a scanner sends them."""

from __future__ import annotations

from pvz_desktop.devices.scanner.wedge import WedgeAction, WedgeDetector

SCANNER_GAP = 0.004  # a USB keyboard-mode scanner types a key every few ms
HUMAN_GAP = 0.150


def type_keys(detector: WedgeDetector, keys: list[str], start: float, gap: float) -> list[WedgeAction]:
    return [detector.feed(key, start + i * gap) for i, key in enumerate(keys)]


def replayed(actions: list[WedgeAction]) -> str:
    """What the focused widget ends up receiving: released keys, then each key not held."""
    return "".join(a.release for a in actions)


def test_scanner_burst_ending_in_enter_is_a_scan_and_nothing_leaks() -> None:
    detector = WedgeDetector()
    actions = type_keys(detector, [*"0123604587-1235-1", "Enter"], 10.0, SCANNER_GAP)
    assert all(a.hold for a in actions)
    assert all(a.release == "" for a in actions)
    scans = [a.scan for a in actions if a.scan]
    assert len(scans) == 1
    assert (scans[0].code, scans[0].symbology, scans[0].source) == ("0123604587-1235-1", "", "wedge")


def test_tab_also_ends_a_scan() -> None:
    actions = type_keys(WedgeDetector(), [*"C-A-01-03", "Tab"], 0.0, SCANNER_GAP)
    assert actions[-1].scan is not None and actions[-1].scan.code == "C-A-01-03"


def test_russian_layout_burst_is_folded_back() -> None:
    actions = type_keys(WedgeDetector(), [*"ПЬ0000412345", "Enter"], 5.0, SCANNER_GAP)
    assert actions[-1].scan is not None
    assert actions[-1].scan.code == "GM0000412345"


def test_person_typing_is_released_key_by_key_in_order() -> None:
    detector = WedgeDetector()
    actions = type_keys(detector, [*"иванова", "Enter"], 0.0, HUMAN_GAP)
    assert not any(a.scan for a in actions)
    # each key is held until the next one shows it was not a burst
    assert [a.release for a in actions] == ["", "и", "в", "а", "н", "о", "в", "а"]
    assert actions[-1].hold is False  # the Enter goes on to the widget after the released "а"


def test_flush_releases_a_lone_key_once_the_gap_has_passed() -> None:
    detector = WedgeDetector()
    assert detector.feed("7", 1.0) == WedgeAction(hold=True)
    assert detector.flush(1.010) == WedgeAction(hold=True)  # too early to tell
    assert detector.flush(1.031) == WedgeAction(release="7")
    assert detector.flush(2.0) == WedgeAction()


def test_fast_burst_shorter_than_min_length_is_typing() -> None:
    detector = WedgeDetector(min_length=6)
    actions = type_keys(detector, [*"12345", "Enter"], 0.0, SCANNER_GAP)
    assert not any(a.scan for a in actions)
    assert actions[-1] == WedgeAction(release="12345")


def test_exactly_min_length_is_a_scan() -> None:
    actions = type_keys(WedgeDetector(min_length=6), [*"123456", "Enter"], 0.0, SCANNER_GAP)
    assert actions[-1].scan is not None and actions[-1].scan.code == "123456"


def test_one_slow_gap_inside_breaks_the_burst() -> None:
    detector = WedgeDetector()
    first = type_keys(detector, list("GM0000"), 0.0, SCANNER_GAP)
    late = type_keys(detector, [*"4123", "Enter"], 5 * SCANNER_GAP + 0.031, SCANNER_GAP)
    assert not any(a.scan for a in first + late)
    assert late[0].release == "GM0000"  # handed back when the slow key showed it was no burst
    assert late[-1].release == "4123"
    assert replayed(first + late) == "GM00004123"


def test_enter_late_after_a_burst_is_no_scan() -> None:
    detector = WedgeDetector()
    type_keys(detector, list("GM0000412345"), 0.0, SCANNER_GAP)
    assert detector.feed("Enter", 11 * SCANNER_GAP + 0.040) == WedgeAction(release="GM0000412345")


def test_burst_without_enter_is_released_by_flush() -> None:
    detector = WedgeDetector()
    type_keys(detector, list("GM0000412345"), 0.0, SCANNER_GAP)
    assert detector.flush(1.0) == WedgeAction(release="GM0000412345")


def test_gap_of_exactly_max_gap_still_counts_as_a_burst() -> None:
    detector = WedgeDetector(max_gap=0.030)
    actions = type_keys(detector, [*"AB1234", "Enter"], 0.0, 0.030)
    assert actions[-1].scan is not None


def test_typed_key_then_scan_keeps_both_apart() -> None:
    detector = WedgeDetector()
    assert detector.feed("x", 0.0).hold
    actions = type_keys(detector, [*"RB-0000000042", "Enter"], 1.0, SCANNER_GAP)
    assert actions[0].release == "x"
    assert actions[-1].scan is not None and actions[-1].scan.code == "RB-0000000042"


def test_other_keys_hand_back_what_is_held() -> None:
    detector = WedgeDetector()
    detector.feed("a", 0.0)
    detector.feed("b", 0.002)
    assert detector.feed("Backspace", 0.004) == WedgeAction(release="ab")


def test_enter_alone_passes_through() -> None:
    assert WedgeDetector().feed("Enter", 3.0) == WedgeAction()


def test_two_scans_in_a_row() -> None:
    detector = WedgeDetector()
    a = type_keys(detector, [*"TN-0000031337", "Enter"], 0.0, SCANNER_GAP)
    b = type_keys(detector, [*"GM0000412345", "Enter"], 0.5, SCANNER_GAP)
    assert [x.scan.code for x in a + b if x.scan] == ["TN-0000031337", "GM0000412345"]
    assert replayed(a + b) == ""
