"""The HID-POS source's life cycle. No USB device can exist here, so the opened device is a
stand-in that hands out the captured Honeywell reports and then fails as hidapi does on unplug."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator

import pytest

from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hid_source import HidConnection, HidPosSource
from pvz_desktop.devices.scanner.hub import ScannerHub
from pvz_desktop.devices.scanner.lifecycle import Connection
from pvz_desktop.devices.scanner.urls import HidScannerConfig
from tests.devices.scanner.hidpos_reports import load_capture, report
from tests.devices.scanner.ports import wait_for


class StandInDevice:
    """Looks like an opened hid.device: read(size, timeout_ms) -> list[int]."""

    def __init__(self, reports: list[bytes], unplug_when_empty: bool) -> None:
        self._reports = deque(reports)
        self._unplug = unplug_when_empty
        self._idle = threading.Event()  # never set: a read with nothing to give waits out its timeout
        self.closed = False

    def read(self, size: int, timeout_ms: int) -> list[int]:
        assert size == 64
        if self._reports:
            return list(self._reports.popleft())
        if self._unplug:
            raise OSError("read error")  # what hidapi raises once the device is gone
        self._idle.wait(timeout_ms / 1000)
        return []

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def hub_on() -> Iterator[list[ScannerHub]]:
    hubs: list[ScannerHub] = []
    yield hubs
    for hub in hubs:
        hub.stop()


def test_reports_become_scans_and_an_unplugged_device_is_reopened(hub_on: list[ScannerHub]) -> None:
    reports, expected = load_capture()
    config = HidScannerConfig(0x0C2E, 0x0B8F)
    first = StandInDevice(reports, unplug_when_empty=True)
    second = StandInDevice([report(b"GM0000412345\r")], unplug_when_empty=False)
    attempts: deque[OSError | StandInDevice] = deque([FileNotFoundError(2, "absent"), first, OSError(), second])

    def opener() -> Connection:
        step = attempts.popleft() if attempts else OSError()
        if isinstance(step, OSError):
            raise step
        return HidConnection(step, config.source)

    hub = ScannerHub([HidPosSource(config, opener=opener, poll_interval=0.01)])
    hub_on.append(hub)
    hub.start()
    _, seen = wait_for(hub.events, lambda e: isinstance(e, ScanEvent) and e.code == "GM0000412345")

    statuses = [(e.state, e.message) for e in seen if isinstance(e, DeviceStatusEvent)]
    name = "HID 0c2e:0b8f"
    assert statuses == [
        (DeviceState.DISCONNECTED, f"Сканер {name} не найден"),
        (DeviceState.OPENED, f"Сканер {name}: устройство открыто"),
        (DeviceState.CLAIMED, f"Сканер {name}: монопольный доступ получен"),
        (DeviceState.ENABLED, f"Сканер {name} готов"),
        (DeviceState.DISCONNECTED, f"Сканер {name} отключён"),
        (DeviceState.OPENED, f"Сканер {name}: устройство открыто"),
        (DeviceState.CLAIMED, f"Сканер {name}: монопольный доступ получен"),
        (DeviceState.ENABLED, f"Сканер {name} снова подключён"),
    ]
    scans = [e for e in seen if isinstance(e, ScanEvent)]
    assert [(s.symbology, s.code) for s in scans] == [(m.symbology, m.data.decode().rstrip("\r\n")) for m in expected]
    assert {s.source for s in scans} == {"hid://0c2e:0b8f"}
    assert first.closed


def test_broken_report_is_an_error_status_not_a_scan(hub_on: list[ScannerHub]) -> None:
    config = HidScannerConfig()
    device = StandInDevice([report(b"X" * 56, more=True), report(b"Y", length=99), report(b"OK-7")], False)
    connections = deque([HidConnection(device, config.source)])

    def opener() -> Connection:
        if connections:
            return connections.popleft()
        raise OSError

    hub = ScannerHub([HidPosSource(config, opener=opener, poll_interval=0.01)])
    hub_on.append(hub)
    hub.start()
    _, seen = wait_for(hub.events, lambda e: isinstance(e, ScanEvent))
    errors = [e for e in seen if isinstance(e, DeviceStatusEvent) and e.state == DeviceState.ERROR]
    assert len(errors) == 1 and errors[0].message.startswith("Сканер HID-POS: в отчёте HID указана длина 99")
    assert hub.state(config.source) == DeviceState.ENABLED


def test_real_hidapi_finds_no_scanner_here_and_says_so(hub_on: list[ScannerHub]) -> None:
    with pytest.raises(OSError):
        HidPosSource(HidScannerConfig()).open()
    hub = ScannerHub.from_urls(["hid://0c2e:0b8f?backend=hid"])
    hub_on.append(hub)
    hub.start()
    absent, _ = wait_for(hub.events, lambda e: isinstance(e, DeviceStatusEvent))
    assert (absent.state, absent.message) == (DeviceState.DISCONNECTED, "Сканер HID 0c2e:0b8f не найден")


def test_device_that_opens_but_fails_at_once_is_retried_at_the_poll_pace(hub_on: list[ScannerHub]) -> None:
    config = HidScannerConfig()
    opened: list[float] = []
    fourth = threading.Event()

    def opener() -> Connection:
        opened.append(time.monotonic())
        if len(opened) == 4:
            fourth.set()
        return HidConnection(StandInDevice([], unplug_when_empty=True), config.source)

    hub = ScannerHub([HidPosSource(config, opener=opener, poll_interval=0.05)])
    hub_on.append(hub)
    hub.start()
    assert fourth.wait(5)
    assert opened[3] - opened[0] >= 3 * 0.05  # not a busy loop of open/fail
