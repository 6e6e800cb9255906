"""The HID-POS scanner beeps the counter's verdict: output report 4 with «Sound Good Read Beep» or
«Sound Error Beep» (Honeywell's layout of the HID POS usages). No USB device exists here, so the
opened device stands in at the hidapi boundary: it hands out the captured Honeywell input reports
and records every output report exactly as hidapi's write would get it."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hid_source import HidConnection, HidPosSource
from pvz_desktop.devices.scanner.host_ack import HID_PROTOCOLS, SAFETY_MARGIN, HostAck
from pvz_desktop.devices.scanner.hub import ScannerHub
from pvz_desktop.devices.scanner.urls import parse_scanner_url
from tests.devices.scanner.hidpos_reports import load_capture, report
from tests.devices.scanner.ports import wait_for

# Honeywell USB Interfaces User's Guide, «Trigger the Device»: report id 4, then bit 6 = Sound Good
# Read Beep, bit 5 = Sound Error Beep («04h, 20h initiates an error beep (3 beeps)»).
GOOD = bytes([0x04, 0x40])
BAD = bytes([0x04, 0x20])
PARSED_PROTOCOL = HID_PROTOCOLS["honeywell"]


class BeepingDevice:
    """An opened hid.device: read(size, timeout_ms) -> list[int]; write(report) -> bytes written."""

    def __init__(self, reports: list[bytes], fail_writes: bool = False) -> None:
        self._reports = deque(reports)
        self._idle = threading.Event()
        self.written: list[bytes] = []
        self.fail_writes = fail_writes
        self.closed = False

    def read(self, size: int, timeout_ms: int) -> list[int]:
        if self._reports:
            return list(self._reports.popleft())
        self._idle.wait(timeout_ms / 1000)
        return []

    def scan(self, data: bytes) -> None:
        """The cashier reads a code: its report is there for the reader's next read."""
        self._reports.append(report(data))

    def write(self, data: bytes) -> int:
        if self.fail_writes:
            return -1  # hidapi's answer when the device took nothing
        self.written.append(bytes(data))
        return len(data)

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def hubs() -> Iterator[list[ScannerHub]]:
    made: list[ScannerHub] = []
    yield made
    for hub in made:
        hub.stop()


def start(hubs: list[ScannerHub], url: str, device: BeepingDevice, debouncer: Debouncer | None = None) -> ScannerHub:
    config = parse_scanner_url(url)
    source = HidPosSource(config, opener=lambda: HidConnection(device, config.source, source.ack), poll_interval=0.01)
    hub = ScannerHub([source], debouncer=debouncer) if debouncer else ScannerHub([source])
    hubs.append(hub)
    hub.start()
    wait_for(hub.events, lambda e: isinstance(e, DeviceStatusEvent) and e.state == DeviceState.ENABLED)
    return hub


def next_scan(hub: ScannerHub, code: str | None = None) -> ScanEvent:
    scan, _ = wait_for(hub.events, lambda e: isinstance(e, ScanEvent) and (code is None or e.code == code))
    return scan


def test_each_verdict_is_its_output_report(hubs) -> None:
    reports, expected = load_capture()  # two real messages from a Honeywell Voyager 1602g
    device = BeepingDevice([*reports, report(b"4006381333931\r")])
    hub = start(hubs, "hid://0c2e:0b8f?ack=honeywell", device)
    assert hub.acknowledges("hid://0c2e:0b8f")
    first, second = next_scan(hub), next_scan(hub)
    assert (first.symbology, second.symbology) == (expected[0].symbology, expected[1].symbology)
    assert hub.answer(first, accepted=True)
    assert hub.answer(second, accepted=False)
    product = next_scan(hub, "4006381333931")
    assert hub.answer(product, accepted=False)
    assert device.written == [GOOD, BAD, BAD]


def test_a_burst_is_answered_in_scan_order(hubs) -> None:
    codes = [f"GM{i:010d}" for i in range(30)]
    device = BeepingDevice([report(c.encode()) for c in codes])
    hub = start(hubs, "hid://?ack=honeywell", device, Debouncer(window=0.0))
    scans = [next_scan(hub) for _ in codes]
    assert [s.code for s in scans] == codes
    verdicts = [i % 4 != 1 for i in range(len(scans))]
    for scan, accepted in zip(scans, verdicts, strict=True):
        assert hub.answer(scan, accepted)
    assert device.written == [GOOD if v else BAD for v in verdicts]


def test_without_ack_nothing_is_written(hubs) -> None:
    device = BeepingDevice([report(b"TN-0000031337")])
    hub = start(hubs, "hid://0c2e:0b8f", device)
    scan = next_scan(hub)
    assert not hub.acknowledges(scan.source)
    assert not hub.answer(scan, accepted=True)
    assert device.written == []


def test_a_late_verdict_is_not_beeped() -> None:
    now = [100.0]
    ack = HostAck(PARSED_PROTOCOL, clock=lambda: now[0])
    device = BeepingDevice([report(b"C-A-01-02"), report(b"C-A-01-03")])
    connection = HidConnection(device, "hid://", ack)
    (late,) = connection.read()
    now[0] += PARSED_PROTOCOL.timeout - SAFETY_MARGIN + 0.01  # the beep would no longer belong to the read
    assert not ack.answer(late, accepted=True)
    (fresh,) = connection.read()
    assert ack.answer(fresh, accepted=False)
    assert device.written == [BAD]


def test_a_write_hidapi_refuses_is_reported_not_raised() -> None:
    ack = HostAck(PARSED_PROTOCOL)
    device = BeepingDevice([report(b"GM0000412345")], fail_writes=True)
    (scan,) = HidConnection(device, "hid://", ack).read()
    assert not ack.answer(scan, accepted=True)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("hid://1eab:0d10?ack=newland", "допустимо: honeywell"),  # Newland's report 4 carries commands
        ("serial://COM3?ack=newland", "допустимо: honeywell"),
    ],
)
def test_each_transport_takes_only_its_own_protocol(url: str, problem: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_scanner_url(url)
    assert problem in str(refused.value)
