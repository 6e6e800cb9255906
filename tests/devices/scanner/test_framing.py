from __future__ import annotations

from pvz_desktop.devices.scanner.events import DataProblem
from pvz_desktop.devices.scanner.framing import LineFramer


def feed_all(framer: LineFramer, *chunks: bytes) -> list[str | DataProblem]:
    out: list[str | DataProblem] = []
    for chunk in chunks:
        out += framer.feed(chunk)
    return out


def test_any_of_cr_lf_crlf_ends_a_code_by_default() -> None:
    got = LineFramer().feed(b"AAA111\rBBB222\nCCC333\r\nDDD444\n\r")
    assert got == ["AAA111", "BBB222", "CCC333", "DDD444"]


def test_a_code_split_over_reads_is_joined_and_not_given_early() -> None:
    framer = LineFramer()
    assert framer.feed(b"0123604") == []
    assert framer.feed(b"587-1235") == []
    assert framer.feed(b"-1\r") == ["0123604587-1235-1"]
    assert framer.feed(b"\n") == []  # the LF of a CRLF split from its CR is no empty code


def test_byte_at_a_time() -> None:
    data = b"GM0000412345\r\nC-A-01-03\r\n"
    assert feed_all(LineFramer(), *[bytes([b]) for b in data]) == ["GM0000412345", "C-A-01-03"]


def test_explicit_suffix_only_it_ends_a_code_even_when_split() -> None:
    framer = LineFramer(suffix=b"\r\n")
    assert feed_all(framer, b"TN-0000031337\r", b"\nRT-00\n00007781\r\n") == ["TN-0000031337", "RT-0000007781"]


def test_prefix_is_stripped_and_junk_before_it_dropped() -> None:
    framer = LineFramer(prefix=b"\x02", suffix=b"\x03")
    assert framer.feed(b"\x02GM0000412345\x03\xff\x00\x02C-A-01-03\x03") == ["GM0000412345", "C-A-01-03"]


def test_line_without_the_configured_prefix_is_reported_and_dropped() -> None:
    got = LineFramer(prefix=b"#").feed(b"#AAA111\nBBB222\n#CCC333\n")
    assert got[0] == "AAA111" and got[2] == "CCC333"
    assert isinstance(got[1], DataProblem) and "префикс" in got[1].message


def test_control_bytes_and_invalid_utf8_are_dropped_but_gs_and_cyrillic_kept() -> None:
    got = LineFramer().feed(b"\x00\x00\xffGM00\x0700412345\x7f\r\n" + "Ящик 5".encode() + b"\r\n01\x1d21abc\n")
    assert got == ["GM0000412345", "Ящик 5", "01\x1d21abc"]


def test_noise_alone_gives_nothing() -> None:
    assert LineFramer().feed(b"\x00\xff\xfe\r\n\x1b\r\n  \n") == []


def test_over_long_line_is_dropped_with_one_problem_then_reading_goes_on() -> None:
    framer = LineFramer(max_length=16)
    got = feed_all(framer, b"A" * 10, b"B" * 10, b"C" * 50, b"D" * 5 + b"\r\nGOOD-1\r\n")
    assert len(got) == 2
    assert isinstance(got[0], DataProblem) and "слишком длинный" in got[0].message
    assert got[1] == "GOOD-1"


def test_over_long_line_in_one_read_is_dropped() -> None:
    got = LineFramer(max_length=8).feed(b"123456789012\nOK-12\n")
    assert isinstance(got[0], DataProblem)
    assert got[1:] == ["OK-12"]


def test_over_long_line_keeps_a_split_suffix_visible() -> None:
    framer = LineFramer(suffix=b"\r\n", max_length=8)
    got = feed_all(framer, b"X" * 20 + b"\r", b"\nNEXT-1\r\n")
    assert isinstance(got[0], DataProblem)
    assert got[1:] == ["NEXT-1"]


def test_reset_forgets_a_half_line() -> None:
    framer = LineFramer()
    framer.feed(b"HALF")
    framer.reset()
    assert framer.feed(b"WHOLE-1\n") == ["WHOLE-1"]
