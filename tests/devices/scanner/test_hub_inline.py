"""The hub without its thread: the callback runs in ``submit``, still one at a time and in order."""

from __future__ import annotations

import queue
import threading

from pvz_desktop.core.clock import utcnow
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from pvz_desktop.devices.scanner.serial_source import SerialScannerSource
from pvz_desktop.devices.scanner.urls import SerialScannerConfig
from pvz_desktop.devices.scanner.wedge import WedgeSource
from tests.devices.scanner.ports import PtyPort, wait_for

SCANS = 300


def test_one_serial_source_arrives_in_order_on_its_reader_thread(pty_port: PtyPort) -> None:
    received: queue.Queue[HubEvent] = queue.Queue()
    threads: set[str] = set()
    busy = threading.Lock()
    overlapped: list[HubEvent] = []

    def on_event(event: HubEvent) -> None:
        if not busy.acquire(blocking=False):  # two calls at once would break the order
            overlapped.append(event)
            return
        try:
            threads.add(threading.current_thread().name)
            received.put(event)
        finally:
            busy.release()

    hub = ScannerHub([SerialScannerSource(SerialScannerConfig(pty_port.path))], on_event, inline=True)
    hub.start()
    wedge_done = threading.Event()

    def feed() -> None:
        for i in range(SCANS):
            hub.submit(ScanEvent(f"W-{i}", "", "wedge", utcnow()))
        wedge_done.set()

    try:
        wait_for(received, lambda e: isinstance(e, DeviceStatusEvent) and e.state == DeviceState.ENABLED)
        # Another thread submits beside the reader (a wedge scan from the GUI): no call may overlap.
        feeder = threading.Thread(target=feed)
        feeder.start()
        for i in range(SCANS):
            pty_port.write(f"S-{i}\r\n".encode())
        pty_port.write(b"END\r\n")
        feeder.join(5)
        got: list[ScanEvent] = []
        while not got or got[-1].code != "END":
            event = wait_for(received, lambda e: isinstance(e, ScanEvent) and e.source != "wedge")[0]
            assert isinstance(event, ScanEvent)
            got.append(event)
    finally:
        hub.stop()
    assert wedge_done.is_set() and not overlapped
    assert [e.code for e in got] == [f"S-{i}" for i in range(SCANS)] + ["END"]
    assert "scanner-hub" not in threads and f"scanner {pty_port.path}" in threads


def test_inline_delivery_keeps_the_debounce_and_survives_a_failing_callback() -> None:
    now = [0.0]
    delivered: list[str] = []

    def on_event(event: HubEvent) -> None:
        if isinstance(event, ScanEvent):
            if event.code == "BAD":
                raise ValueError("handler bug")
            delivered.append(event.code)

    hub = ScannerHub([WedgeSource()], on_event, Debouncer(monotonic=lambda: now[0]), inline=True)
    hub.start()
    for code, at in (("BAD", 0.0), ("A", 0.0), ("A", 0.1), ("B", 0.1), ("A", 0.5)):
        now[0] = at
        hub.submit(ScanEvent(code, "", "wedge", utcnow()))
    hub.stop()
    # Delivered before submit returned: no thread to wait for.
    assert delivered == ["A", "B", "A"]
    assert hub.state("wedge") == DeviceState.CLOSED
