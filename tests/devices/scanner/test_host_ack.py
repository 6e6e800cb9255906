"""Host ACK: the scanner beeps the counter's verdict. Real ptys; the bytes written back are checked."""

from __future__ import annotations

import pytest

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, ScanEvent
from pvz_desktop.devices.scanner.host_ack import PROTOCOLS, SAFETY_MARGIN, HostAck
from pvz_desktop.devices.scanner.urls import parse_scanner_url
from tests.devices.scanner.ports import PtyPort, wait_for
from tests.devices.scanner.test_serial_source import HubFactory, is_code, is_state, scans_until

GOOD = b"\x1b7,"  # Honeywell: [ESC]7, successful decode
BAD = b"\x1b8,"  # Honeywell: [ESC]8, unsuccessful decode


def test_each_verdict_is_answered_with_its_command(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path, ack="honeywell")
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    assert hub.acknowledges(f"serial://{pty_port.path}")

    pty_port.write(b"TN-0000031337\r\n")
    scan, _ = wait_for(hub.events, is_code("TN-0000031337"))
    assert hub.answer(scan, accepted=True)
    assert pty_port.read_exactly(3) == GOOD

    pty_port.write(b"4006381333931\r\n")
    scan, _ = wait_for(hub.events, is_code("4006381333931"))
    assert hub.answer(scan, accepted=False)
    assert pty_port.read_exactly(3) == BAD
    assert pty_port.waiting() == b""  # one answer per scan, nothing else


def test_a_burst_is_answered_in_scan_order(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path, ack="honeywell", debouncer=Debouncer(window=0.0))
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    codes = [f"GM{i:010d}" for i in range(40)]
    pty_port.write(b"".join(c.encode() + b"\r\n" for c in codes) + b"END\r\n")
    scans = scans_until(hub, "END")
    assert [s.code for s in scans] == codes
    verdicts = [i % 3 != 0 for i in range(len(scans))]
    for scan, accepted in zip(scans, verdicts, strict=True):
        assert hub.answer(scan, accepted)
    expected = b"".join(GOOD if v else BAD for v in verdicts)
    assert pty_port.read_exactly(len(expected)) == expected


def test_a_double_read_gets_the_first_reads_verdict(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    now = [10.0]
    hub = serial_hub(pty_port.path, ack="honeywell", debouncer=Debouncer(monotonic=lambda: now[0]))
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"C-A-01-02\r\n")
    scan, _ = wait_for(hub.events, is_code("C-A-01-02"))
    assert hub.answer(scan, accepted=False)
    assert pty_port.read_exactly(3) == BAD
    # The same label again within the debounce window: the counter drops it, the scanner still waits.
    pty_port.write(b"C-A-01-02\r\nEND\r\n")
    end, skipped = wait_for(hub.events, is_code("END"))
    assert skipped == []
    assert pty_port.read_exactly(3) == BAD
    assert hub.answer(end, accepted=True)
    assert pty_port.read_exactly(3) == GOOD


def test_nothing_is_written_to_a_scanner_without_ack(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"TN-0000031337\r\n")
    scan, _ = wait_for(hub.events, is_code("TN-0000031337"))
    assert not hub.acknowledges(scan.source)
    assert hub.answer(scan, accepted=True) is False
    assert hub.answer(scan, accepted=False) is False
    assert pty_port.waiting() == b""  # an answer is written synchronously: none was


def _event(code: str) -> ScanEvent:
    return ScanEvent(code, "", "serial://COM3", utcnow())


def test_too_late_an_answer_is_not_sent_and_the_scanner_default_applies() -> None:
    clock = [100.0]
    sent: list[bytes] = []
    ack = HostAck(PROTOCOLS["honeywell"], clock=lambda: clock[0])
    ack.attach(sent.append)
    late, in_time = _event("A"), _event("B")
    ack.scanned(late)
    clock[0] += PROTOCOLS["honeywell"].timeout - SAFETY_MARGIN + 0.01
    assert ack.answer(late, accepted=True) is False
    ack.scanned(in_time)
    clock[0] += PROTOCOLS["honeywell"].timeout - SAFETY_MARGIN - 0.01
    assert ack.answer(in_time, accepted=True) is True
    assert sent == [GOOD]


def test_a_replugged_scanner_is_not_answered_for_what_it_read_before() -> None:
    sent: list[bytes] = []
    ack = HostAck(PROTOCOLS["honeywell"])
    ack.attach(sent.append)
    before = _event("A")
    ack.scanned(before)
    ack.detach()  # unplugged
    ack.attach(sent.append)  # plugged in again: it waits for nothing
    assert ack.answer(before, accepted=True) is False
    assert sent == []


def test_an_older_unanswered_scan_is_given_up_for_the_newer_one() -> None:
    sent: list[bytes] = []
    ack = HostAck(PROTOCOLS["honeywell"])
    ack.attach(sent.append)
    first, second = _event("A"), _event("B")
    ack.scanned(first)
    ack.scanned(second)
    assert ack.answer(second, accepted=False) is True
    assert ack.answer(first, accepted=True) is False  # its time has passed: the scanner moved on
    assert sent == [BAD]


def test_a_write_that_fails_is_reported_not_raised() -> None:
    def unplugged(_data: bytes) -> None:
        raise OSError("device disconnected")

    ack = HostAck(PROTOCOLS["honeywell"])
    ack.attach(unplugged)
    scan = _event("A")
    ack.scanned(scan)
    assert ack.answer(scan, accepted=True) is False


def test_ack_in_the_url() -> None:
    config = parse_scanner_url("serial://COM3?ack=Honeywell&ack_timeout=5")
    assert (config.ack, config.ack_timeout) == ("honeywell", 5.0)  # type: ignore[union-attr]
    assert parse_scanner_url("serial://COM3").ack == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("serial://COM3?ack=zebra", "Неизвестный протокол подтверждения"),
        ("serial://COM3?ack_timeout=5", "только вместе с ack"),
        ("serial://COM3?ack=honeywell&ack_timeout=0", "от 0 до 60"),
        ("serial://COM3?ack=honeywell&ack_timeout=soon", "от 0 до 60"),
        ("serial://COM3?ack=honeywell&ack_timeout=600", "от 0 до 60"),
    ],
)
def test_a_wrong_ack_setting_is_refused_with_a_reason(url: str, words: str) -> None:
    with pytest.raises(BadInput, match=words):
        parse_scanner_url(url)
