"""Defects the drills found, each kept as a plain, deterministic example so it cannot come back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pvz_desktop.core.barcodes import BarcodeKind, BarcodeProfile, classify
from pvz_desktop.devices.scanner.events import DataProblem
from pvz_desktop.devices.scanner.framing import LineFramer
from pvz_desktop.store.migrate import backup_database


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


def test_a_failed_backup_leaves_no_file_that_looks_like_a_backup(tmp_path: Path) -> None:
    # The migration drill found empty ".bak" files after power cuts during the copy; a copy that
    # fails at once (the source is not a database) showed the same: a 0-byte ".bak" was left.
    source = tmp_path / "pvz.db"
    source.write_bytes(bytes(range(256)) * 32)
    with pytest.raises(sqlite3.DatabaseError):
        backup_database(source, "before-0003")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pvz.db"]


def test_a_backup_is_a_whole_copy_under_its_final_name(tmp_path: Path) -> None:
    source = tmp_path / "pvz.db"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
        conn.commit()
    backup = backup_database(source, "before-0003")
    assert backup.name.startswith("pvz.db.before-0003-") and backup.suffix == ".bak"
    assert not list(tmp_path.glob("*.part"))
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT count(*), sum(x) FROM t").fetchone() == (1000, sum(range(1000)))
