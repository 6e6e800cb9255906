"""Defects the fuzz drill found, each kept as a plain example so it cannot come back."""

from __future__ import annotations

import pytest

from pvz_desktop.core.barcodes import BarcodeKind, BarcodeProfile, classify
from pvz_desktop.devices.scanner.events import DataProblem
from pvz_desktop.devices.scanner.framing import LineFramer


def test_code_of_exactly_max_length_with_its_crlf_split_over_two_reads_is_a_code() -> None:
    # Before the fix the CR waiting for its LF counted towards the code's length, so a code of
    # exactly the maximum length was dropped as too long when the read ended between CR and LF.
    framer = LineFramer(suffix=b"\r\n", max_length=12)
    assert framer.feed(b"GM0000412345\r") == []
    assert framer.feed(b"\nC-A-01-03\r\n") == ["GM0000412345", "C-A-01-03"]


def test_one_byte_more_than_max_with_a_split_suffix_is_still_too_long() -> None:
    framer = LineFramer(suffix=b"\r\n", max_length=12)
    got = framer.feed(b"GM00004123456\r") + framer.feed(b"\nC-A-01-03\r\n")
    assert isinstance(got[0], DataProblem) and "слишком длинный" in got[0].message
    assert got[1:] == ["C-A-01-03"]


@pytest.mark.parametrize(
    "raw",
    [
        "TN-0000031337\n\x00",  # "$" matched before the newline: a waybill "TN-0000031337\n" that no lookup finds
        "C-A-01-03\n\x00",
        "RB-0000000042\n\x00",
    ],
)
def test_a_code_with_a_newline_inside_is_not_classified(raw: str) -> None:
    assert classify(raw).kind is BarcodeKind.UNKNOWN


def test_unanchored_pattern_in_a_profile_still_has_to_match_the_whole_code() -> None:
    profile = BarcodeProfile.with_overrides({"cell": r"[A-Z]\d{3}"})
    assert profile.classify("A123").kind is BarcodeKind.CELL
    assert profile.classify("A1234").kind is BarcodeKind.UNKNOWN
