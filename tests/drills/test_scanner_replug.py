"""Device drill: the serial scanner is unplugged and plugged in again, 10 times (100 with ``--long``).

A real pty behind a stable symlink stands in for ``/dev/ttyACM0``; the hub is built from its URL
as the program builds it (the product's poll interval). Each time: the unplug is reported,
scanning resumes within 2 s of the port coming back (probes are scanned until one comes
through, as a cashier rescans), half a code cut off by the unplug never shows up, and a burst
scanned afterwards arrives whole and in order.
"""

from __future__ import annotations

import queue
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from tests.devices.scanner.ports import PluggablePort, wait_for

RESUME_LIMIT = 2.0  # seconds from plugging in to the first scan read
PROBE_EVERY = 0.02


def is_state(state: DeviceState) -> Callable[[HubEvent], bool]:
    return lambda e: isinstance(e, DeviceStatusEvent) and e.state == state


def test_unplug_and_replug_resumes_within_two_seconds_every_time(tmp_path: Path, size, long_run, figures) -> None:
    cycles = size(10, 100)
    events: queue.Queue[HubEvent] = queue.Queue()
    port = PluggablePort(tmp_path / "ttyACM0")
    port.plug()
    hub = ScannerHub.from_urls([f"serial://{port.link}"], on_event=events.put)
    delays: list[float] = []
    try:
        hub.start()
        wait_for(events, is_state(DeviceState.ENABLED))
        for n in range(cycles):
            port.write(b"HALF-OF-A-CO")  # the unplug cuts this code off
            port.unplug()
            wait_for(events, is_state(DeviceState.DISCONNECTED))

            port.plug()
            plugged = time.monotonic()
            probe = 0
            seen: list[HubEvent] = []
            while not any(isinstance(e, ScanEvent) for e in seen):
                assert time.monotonic() - plugged < RESUME_LIMIT, f"cycle {n}: no scan within 2 s: {seen!r}"
                probe += 1
                port.write(f"PROBE-{n}-{probe}\r\n".encode())
                try:
                    seen.append(events.get(timeout=PROBE_EVERY))
                except queue.Empty:
                    continue
            delays.append(time.monotonic() - plugged)

            burst = [f"{2_000_000_000 + n * 100 + i}-0001-1" for i in range(20)]
            port.write(b"".join(c.encode() + b"\r\n" for c in burst) + f"END-{n}\r\n".encode())
            _, before_end = wait_for(events, lambda e, n=n: isinstance(e, ScanEvent) and e.code == f"END-{n}")
            scans = [e.code for e in (*seen, *before_end) if isinstance(e, ScanEvent)]
            assert not any("HALF" in code for code in scans), scans
            assert scans[-len(burst) :] == burst
            assert all(code.startswith(f"PROBE-{n}-") for code in scans[: -len(burst)])
    finally:
        hub.stop()
        port.unplug()

    name = "scanner replug (long)" if long_run else "scanner replug"
    figures(name, "cycles", cycles)
    figures(name, "resume after plug median/max ms", f"{statistics.median(delays) * 1000:.0f}/{max(delays) * 1000:.0f}")
