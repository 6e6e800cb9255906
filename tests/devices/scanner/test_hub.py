"""The hub: many sources, one ordered stream, callback or queue, debounce for every source."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from pvz_desktop.devices.scanner.lifecycle import Emit
from pvz_desktop.devices.scanner.serial_source import SerialScannerSource
from pvz_desktop.devices.scanner.urls import SerialScannerConfig
from pvz_desktop.devices.scanner.wedge import WedgeSource
from tests.devices.scanner.ports import PtyPort, wait_for


@pytest.fixture
def two_ports() -> Iterator[tuple[PtyPort, PtyPort]]:
    a, b = PtyPort(), PtyPort()
    yield a, b
    a.close()
    b.close()


def enabled_count(events: list[HubEvent]) -> int:
    return sum(isinstance(e, DeviceStatusEvent) and e.state == DeviceState.ENABLED for e in events)


def test_callback_gets_every_source_in_order_from_one_thread(two_ports: tuple[PtyPort, PtyPort]) -> None:
    a, b = two_ports
    received: queue.Queue[HubEvent] = queue.Queue()
    threads: set[str] = set()

    def on_event(event: HubEvent) -> None:
        threads.add(threading.current_thread().name)
        received.put(event)

    sources = [SerialScannerSource(SerialScannerConfig(p.path)) for p in (a, b)] + [WedgeSource()]
    hub = ScannerHub(sources, on_event)
    hub.start()
    try:
        seen: list[HubEvent] = []
        while enabled_count(seen) < 3:
            seen.append(wait_for(received, lambda e: True)[0])
        for i in range(300):
            (a if i % 2 else b).write(f"CODE-{i}\r\n".encode())
        a.write(b"END-A\r\n")
        b.write(b"END-B\r\n")
        got: list[ScanEvent] = []
        while {"END-A", "END-B"} - {s.code for s in got}:
            event = wait_for(received, lambda e: isinstance(e, ScanEvent))[0]
            assert isinstance(event, ScanEvent)
            got.append(event)
    finally:
        hub.stop()
    by_source = {p.path: [s.code for s in got if s.source == f"serial://{p.path}"] for p in (a, b)}
    assert by_source[a.path] == [f"CODE-{i}" for i in range(1, 300, 2)] + ["END-A"]
    assert by_source[b.path] == [f"CODE-{i}" for i in range(0, 300, 2)] + ["END-B"]
    assert threads == {"scanner-hub"}
    closed = [e for e in received.queue if isinstance(e, DeviceStatusEvent) and e.state == DeviceState.CLOSED]
    assert {e.source for e in closed} == {f"serial://{a.path}", f"serial://{b.path}", "wedge"}  # before stop returned


def test_wedge_scans_are_submitted_and_debounced_like_any_other() -> None:
    now = [0.0]
    hub = ScannerHub([WedgeSource()], debouncer=Debouncer(monotonic=lambda: now[0]))
    hub.start()
    enabled, _ = wait_for(hub.events, lambda e: True)
    assert (enabled.state, enabled.message) == (DeviceState.ENABLED, "Сканер в режиме клавиатуры готов")
    scan = ScanEvent("48213377*5521", "", "wedge", utcnow())
    hub.submit(scan)
    now[0] = 0.1
    hub.submit(scan)
    hub.submit(ScanEvent("48213377*5522", "", "wedge", utcnow()))
    now[0] = 0.5
    hub.submit(scan)
    hub.stop()
    codes = [e.code for e in hub.events.queue if isinstance(e, ScanEvent)]
    assert codes == ["48213377*5521", "48213377*5522", "48213377*5521"]


class BrokenSource:
    source = "serial:///dev/broken"
    name = "/dev/broken"

    def run(self, emit: Emit, stop: threading.Event) -> None:
        raise RuntimeError("a bug")


def test_a_failing_source_is_reported_and_the_others_go_on(pty_port: PtyPort) -> None:
    hub = ScannerHub([BrokenSource(), SerialScannerSource(SerialScannerConfig(pty_port.path))])
    hub.start()
    try:
        seen: list[HubEvent] = []
        while enabled_count(seen) == 0 or not any(e.source == BrokenSource.source for e in seen):
            seen.append(wait_for(hub.events, lambda e: True)[0])
        failed = next(e for e in seen if e.source == BrokenSource.source)
        assert isinstance(failed, DeviceStatusEvent)
        assert failed.state == DeviceState.ERROR and "внутренняя ошибка" in failed.message
        pty_port.write(b"STILL-OK\r\n")
        wait_for(hub.events, lambda e: isinstance(e, ScanEvent) and e.code == "STILL-OK")
    finally:
        hub.stop()


def test_a_failing_callback_does_not_stop_the_stream() -> None:
    delivered: queue.Queue[ScanEvent] = queue.Queue()

    def on_event(event: HubEvent) -> None:
        if isinstance(event, ScanEvent):
            if event.code == "BAD":
                raise ValueError("handler bug")
            delivered.put(event)

    hub = ScannerHub([WedgeSource()], on_event)
    hub.start()
    for code in ("BAD", "GOOD-1"):
        hub.submit(ScanEvent(code, "", "wedge", utcnow()))
    assert wait_for(delivered, lambda e: True)[0].code == "GOOD-1"
    hub.stop()


def test_urls_are_checked_before_anything_opens() -> None:
    with pytest.raises(BadInput, match="Неизвестный тип сканера"):
        ScannerHub.from_urls(["wedge", "bluetooth://x"])
    with pytest.raises(BadInput, match="указан дважды"):
        ScannerHub.from_urls(["serial:///dev/ttyACM0", "serial:///dev/ttyACM0?baud=115200"])
    hub = ScannerHub.from_urls(["serial:///dev/ttyACM0", "hid://", "wedge"])
    assert hub.sources == ("serial:///dev/ttyACM0", "hid://", "wedge")
    assert hub.state("wedge") == DeviceState.CLOSED
