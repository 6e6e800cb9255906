"""The serial scanner on a real pty: bursts, junk, split reads, unplug and replug, exclusive access."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable

import serial

from pvz_desktop.core.barcodes import BarcodeKind, classify
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from tests.devices.scanner.ports import PluggablePort, PtyPort, wait_for

HubFactory = Callable[..., ScannerHub]


def is_state(state: DeviceState) -> Callable[[HubEvent], bool]:
    return lambda e: isinstance(e, DeviceStatusEvent) and e.state == state


def is_code(code: str) -> Callable[[HubEvent], bool]:
    return lambda e: isinstance(e, ScanEvent) and e.code == code


def scans_until(hub: ScannerHub, end_code: str, timeout: float = 10.0) -> list[ScanEvent]:
    """Every scan before ``end_code`` (which the test writes last, so nothing earlier is still on its way)."""
    _, seen = wait_for(hub.events, is_code(end_code), timeout)
    return [e for e in seen if isinstance(e, ScanEvent)]


def test_thousand_codes_in_one_burst_arrive_once_each_in_order(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path, baudrate=115200)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    codes = [f"{10000000 + i:010d}-{i % 10000:04d}-1" for i in range(1000)]
    pty_port.write(b"".join(c.encode() + b"\r\n" for c in codes) + b"END\r\n")
    got = scans_until(hub, "END")
    assert [s.code for s in got] == codes
    assert {s.source for s in got} == {f"serial://{pty_port.path}"}
    assert all(s.symbology == "" for s in got)


def test_lifecycle_states_in_unifiedpos_order(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    enabled, before = wait_for(hub.events, is_state(DeviceState.ENABLED))
    assert [e.state for e in before] == [DeviceState.OPENED, DeviceState.CLAIMED]
    assert enabled.message == f"Сканер {pty_port.path} готов"
    assert hub.state(f"serial://{pty_port.path}") == DeviceState.ENABLED


def test_half_a_code_waits_for_the_rest_and_junk_is_dropped(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"\x00\xff\xfeGM00004")
    pty_port.write(b"12345\r\n\x1b\x07\r\n0123604587-12")
    pty_port.write(b"35-1\nEND\n")
    assert [s.code for s in scans_until(hub, "END")] == ["GM0000412345", "0123604587-1235-1"]


def test_suffix_and_prefix_from_the_url(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path, prefix=b"\x02", suffix=b"\x03")
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"\x02TN-0000031337\x03\x02RT-00\r\n00007781\x03\x02END\x03")
    assert [s.code for s in scans_until(hub, "END")] == ["TN-0000031337", "RT-0000007781"]


def test_over_long_line_is_reported_and_reading_goes_on(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"9" * 5000 + b"\r\nC-A-01-03\r\n")
    error, _ = wait_for(hub.events, is_state(DeviceState.ERROR))
    assert "слишком длинный" in error.message and pty_port.path in error.message
    _, between = wait_for(hub.events, is_code("C-A-01-03"))
    assert between == []
    assert hub.state(f"serial://{pty_port.path}") == DeviceState.ENABLED  # an error report is no state


def test_repeat_within_300_ms_is_one_scan_later_one_counts_again(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    now = [50.0]
    hub = serial_hub(pty_port.path, debouncer=Debouncer(monotonic=lambda: now[0]))
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"GM0000412345\r\nGM0000412345\r\nEND-1\r\n")
    assert [s.code for s in scans_until(hub, "END-1")] == ["GM0000412345"]
    now[0] += 0.301
    pty_port.write(b"GM0000412345\r\nEND-2\r\n")
    assert [s.code for s in scans_until(hub, "END-2")] == ["GM0000412345"]


def test_unplug_and_replug_resumes_within_two_seconds_losing_nothing(
    pluggable: PluggablePort, serial_hub: HubFactory
) -> None:
    pluggable.plug()
    hub = serial_hub(str(pluggable.link), poll_interval=0.25)  # the product's poll interval
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    before = [f"TN-{i:010d}" for i in range(200)]
    pluggable.write(b"".join(c.encode() + b"\r\n" for c in before) + b"MID\r\n")
    assert [s.code for s in scans_until(hub, "MID")] == before

    pluggable.write(b"HALF-OF-A-CO")  # cut off by the unplug: must never show up
    pluggable.unplug()
    gone, _ = wait_for(hub.events, is_state(DeviceState.DISCONNECTED))
    assert gone.message == f"Сканер {pluggable.link} отключён"

    pluggable.plug()
    plugged_at = time.monotonic()
    # Until the reader has reopened the port, what the scanner sends is lost, as with a real
    # device; so keep scanning probes until one comes through.
    probe = 0
    events: list[HubEvent] = []
    while not any(isinstance(e, ScanEvent) for e in events):
        assert time.monotonic() - plugged_at < 2.0, f"scanning did not resume within 2 s: {events!r}"
        probe += 1
        pluggable.write(f"PROBE-{probe}\r\n".encode())
        try:
            events.append(hub.events.get(timeout=0.02))  # a probe every 20 ms at most
        except queue.Empty:
            continue
    resumed = events[-1]
    assert isinstance(resumed, ScanEvent)
    delay = time.monotonic() - plugged_at
    print(f"scanning resumed {delay * 1000:.0f} ms after the port came back")
    assert resumed.code.startswith("PROBE-")
    assert "HALF" not in resumed.code
    assert any(isinstance(e, DeviceStatusEvent) and e.message.endswith("снова подключён") for e in events)

    after = [f"RT-{i:010d}" for i in range(200)]
    pluggable.write(b"".join(c.encode() + b"\r\n" for c in after) + b"END\r\n")
    got = [s.code for s in scans_until(hub, "END")]
    assert got[: len(got) - len(after)] == [f"PROBE-{n}" for n in range(int(resumed.code[6:]) + 1, probe + 1)]
    assert got[-len(after) :] == after


def test_port_absent_at_start_is_reported_and_used_once_it_appears(
    pluggable: PluggablePort, serial_hub: HubFactory
) -> None:
    hub = serial_hub(str(pluggable.link))
    absent, _ = wait_for(hub.events, is_state(DeviceState.DISCONNECTED))
    assert absent.message == f"Сканер {pluggable.link} не найден"
    pluggable.plug()
    enabled, _ = wait_for(hub.events, is_state(DeviceState.ENABLED))
    assert enabled.message == f"Сканер {pluggable.link} готов"
    pluggable.write(b"C-B-02-04\r\n")
    wait_for(hub.events, is_code("C-B-02-04"))


def test_port_held_by_another_program_is_claimed_once_released(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    holder = serial.Serial(pty_port.path, exclusive=True)
    try:
        hub = serial_hub(pty_port.path)
        busy, _ = wait_for(hub.events, is_state(DeviceState.DISCONNECTED))
        assert busy.message == f"Сканер {pty_port.path} занят другой программой"
    finally:
        holder.close()
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    pty_port.write(b"RB-0000000042\r\n")
    wait_for(hub.events, is_code("RB-0000000042"))


def test_stop_closes_the_port_and_says_so(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    hub.stop()
    closed, _ = wait_for(hub.events, is_state(DeviceState.CLOSED))
    assert closed.message == f"Сканер {pty_port.path} закрыт"
    assert hub.events.empty()
    serial.Serial(pty_port.path, exclusive=True).close()  # the exclusive lock was let go


def test_a_marking_code_keeps_its_gs_separators(pty_port: PtyPort, serial_hub: HubFactory) -> None:
    hub = serial_hub(pty_port.path)
    wait_for(hub.events, is_state(DeviceState.ENABLED))
    marking = b"0104603757310758215?8M-JRfhHqXY\x1d91EE06\x1d92Y7cMhHpbz2Cxh0TRwjKxYXydWyR8q6KZx9FSQy9iKQKo="
    pty_port.write(marking + b"\r\nEND\r\n")
    (scan,) = scans_until(hub, "END")
    assert scan.code == marking.decode()
    assert classify(scan.code).kind is BarcodeKind.MARKING
