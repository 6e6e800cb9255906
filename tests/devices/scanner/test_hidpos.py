"""HID-POS reports: the real bytes of a Honeywell scanner, and broken reports built by hand."""

from __future__ import annotations

from pvz_desktop.devices.scanner.events import DataProblem
from pvz_desktop.devices.scanner.hidpos import HidPosMessage, HidPosParser
from tests.devices.scanner.hidpos_reports import load_capture, report


def feed(parser: HidPosParser, reports: list[bytes]) -> list[HidPosMessage | DataProblem]:
    return [item for r in reports if (item := parser.feed(r)) is not None]


def test_capture_reassembles_into_the_two_messages_it_documents() -> None:
    reports, expected = load_capture()
    assert len(reports) == 7 and all(len(r) == 64 for r in reports)
    assert len(expected) == 2
    assert feed(HidPosParser(), reports) == expected


def test_capture_reports_as_lists_of_int_like_hidapi_returns() -> None:
    reports, expected = load_capture()
    assert feed(HidPosParser(), [list(r) for r in reports]) == expected


def test_capture_message_is_not_given_before_its_last_report() -> None:
    reports, _ = load_capture()
    parser = HidPosParser()
    assert [parser.feed(r) for r in reports[:5]] == [None] * 5


def test_single_report() -> None:
    assert HidPosParser().feed(report(b"GM0000412345")) == HidPosMessage("]E0", b"GM0000412345")


def test_longest_single_report_holds_56_bytes() -> None:
    data = bytes(range(65, 65 + 56))
    assert HidPosParser().feed(report(data, aim=b"]Q1")) == HidPosMessage("]Q1", data)


def test_symbology_of_zeros_is_empty() -> None:
    assert HidPosParser().feed(report(b"123456", aim=b"\x00\x00\x00")) == HidPosMessage("", b"123456")


def test_report_of_another_id_is_skipped_without_breaking_a_message() -> None:
    reports, expected = load_capture()
    status = bytes([0x04, 0x01, 0x00]) + bytes(61)
    mixed = [reports[0], status, reports[1], [], bytes([0x01, 0xFF, 0xFF]), *reports[2:]]
    assert feed(HidPosParser(), mixed) == expected


def test_truncated_report_is_reported_and_its_message_dropped() -> None:
    parser = HidPosParser()
    got = feed(parser, [report(b"A" * 56, more=True), report(b"B" * 40)[:20], report(b"NEXT-1")])
    assert isinstance(got[0], DataProblem) and "обрезан" in got[0].message
    assert got[1:] == [HidPosMessage("]E0", b"NEXT-1")]


def test_report_shorter_than_its_header() -> None:
    got = feed(HidPosParser(), [bytes([0x02, 0x05]), report(b"OK-1")])
    assert isinstance(got[0], DataProblem)
    assert got[1:] == [HidPosMessage("]E0", b"OK-1")]


def test_length_byte_larger_than_the_report_drops_the_whole_message() -> None:
    first = report(b"A" * 56, more=True)
    bad = report(b"B" * 56, more=True, length=60)
    tail = report(b"C" * 10)  # the end of the broken message: must not pose as a scan
    got = feed(HidPosParser(), [first, bad, tail, report(b"AFTER-1")])
    assert isinstance(got[0], DataProblem) and "длина 60" in got[0].message
    assert got[1:] == [HidPosMessage("]E0", b"AFTER-1")]


def test_broken_final_report_leaves_the_next_message_intact() -> None:
    bad = report(b"X" * 3, length=200)
    got = feed(HidPosParser(), [bad, report(b"AFTER-2")])
    assert isinstance(got[0], DataProblem)
    assert got[1:] == [HidPosMessage("]E0", b"AFTER-2")]


def test_empty_message_gives_nothing() -> None:
    parser = HidPosParser()
    assert parser.feed(report(b"IGNORED", length=0)) is None
    assert parser.feed(report(b"REAL-1")) == HidPosMessage("]E0", b"REAL-1")


def test_reset_drops_a_partial_message() -> None:
    parser = HidPosParser()
    parser.feed(report(b"A" * 56, more=True))
    parser.reset()
    assert parser.feed(report(b"FRESH")) == HidPosMessage("]E0", b"FRESH")
