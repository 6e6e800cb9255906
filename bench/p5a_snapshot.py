"""P5a with the point's snapshot: an empty counter ready with the 100,000-shipment point.

The clock runs from an empty cache to the counter being ready: the sync worker's ``Puller``
downloads the point's snapshot, writes it in one transaction and follows the feed from its
cursor until the feed has nothing more. Beside it: the same snapshot only downloaded (its
compressed bytes read off the socket, neither inflated nor parsed nor written). The counter's
CPU time and the machine's load average go into the notes: the machine is shared.

    python bench/run.py --only P5A        (the central server in its own process, SQLite)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.common import Figure, Stats, main_of
from bench.p5_sync import SERVER_SHIPMENTS, central_db, central_server, login
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event, Shipment
from pvz_desktop.sync.puller import Puller
from pvz_desktop.workflows import ledger

READY_TARGET_S = 3.0


def run(quick: bool) -> list[Figure]:
    cached, _ = central_db(SERVER_SHIPMENTS // 10 if quick else SERVER_SHIPMENTS)
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-snapshot-"))
    try:
        server_db = folder / "central.db"
        shutil.copyfile(cached, server_db)
        with central_server(server_db) as url:
            return measure(url, folder, 1 if quick else 2)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(url: str, folder: Path, runs: int) -> list[Figure]:
    load_before = os.getloadavg()[0]
    download_s: list[float] = []
    ready_s: list[float] = []
    cpu_s: list[float] = []
    size = shipments = changes = 0
    for n in range(runs):
        store = open_store(folder / f"counter-{n}.db")
        desk = login(url, "emp-1", store, f"counter-{n}")
        # Only the download: the compressed bytes, read off the socket.
        t0 = time.perf_counter()
        response = desk.client._request("GET", "/snapshot", stream=True, timeout=120)
        size = sum(len(chunk) for chunk in response.raw.stream(1 << 16, decode_content=False))
        download_s.append(time.perf_counter() - t0)

        puller = Puller(desk.ctx, desk.client)
        t0, c0 = time.perf_counter(), time.process_time()
        pulled = 0
        while True:
            report = puller.pull_once()
            pulled += report.changes
            if not report.has_more:
                break
        ready_s.append(time.perf_counter() - t0)
        cpu_s.append(time.process_time() - c0)
        changes = pulled
        with store.read() as s:
            shipments = s.scalar(select(func.count()).select_from(Shipment)) or 0
            events = s.scalar(select(func.count()).select_from(Event)) or 0
        assert ledger.verify_chain(desk.ctx).ok, "the loaded ledger must verify"
        assert events >= shipments, "a «synced» event for every shipment"
        store.close()
    load_after = os.getloadavg()[0]
    ready = Stats.of(ready_s)
    scaled = ready.median * SERVER_SHIPMENTS / max(shipments, 1)
    return [
        Figure(
            "P5a",
            f"snapshot load, {shipments // 1000}k shipments: empty counter → ready",
            "s",
            ready,
            "the same snapshot, only downloaded",
            Stats.of(download_s),
            f"{SERVER_SHIPMENTS // 1000}k ready in ≤ {READY_TARGET_S:.0f} s",
            scaled <= READY_TARGET_S,
            f"{changes} changes, {size / 1e6:.1f} MB gzip'd; counter CPU {min(cpu_s):.1f} s; "
            f"load average {load_before:.1f} before, {load_after:.1f} after (2 cores)",
            {
                "ready_s": ready_s,
                "download_s": download_s,
                "counter_cpu_s": cpu_s,
                "bytes": size,
                "shipments": shipments,
                "load_before": load_before,
                "load_after": load_after,
            },
        )
    ]


if __name__ == "__main__":
    main_of(run)
