"""Peak memory of a new counter loading its point from the snapshot (P5a's load, P6's concern).

    python -m bench.snapshot_memory [--shipments 20000]

The seeded demo point (cached, as P5 makes it) is served by the central server in its own
process; a fresh counter process logs in, loads the point's snapshot with the sync worker's
``Puller`` into an empty cache and reports its peak resident memory (``ru_maxrss``) before and
after the load, the load's wall and CPU time and the changes loaded. A process per load, so one
load's memory is not another's. The machine is shared: times are what it gave, memory is not.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(url: str, folder: Path) -> None:
    """One counter: log in, load the snapshot, print the figures as JSON."""
    from bench.p5_sync import login
    from pvz_desktop.store.migrate import open_store
    from pvz_desktop.sync.puller import Puller

    store = open_store(folder / "counter.db")
    desk = login(url, "emp-1", store, "counter-memory")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    wall, cpu = time.perf_counter(), time.process_time()
    report = Puller(desk.ctx, desk.client).pull_once()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    figures = {"rss_before_mb": before, "peak_rss_mb": peak, "changes": report.changes}
    print(json.dumps({**figures, "s": round(wall, 2), "cpu_s": round(cpu, 2)}))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shipments", type=int, default=20_000)
    parser.add_argument("--child", nargs=2, metavar=("URL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    from bench.p5_sync import central_db, central_server

    cached, _ = central_db(args.shipments)
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-snapshot-memory-"))
    try:
        server_db = folder / "central.db"
        shutil.copyfile(cached, server_db)
        with central_server(server_db) as url:
            out = subprocess.run(
                [sys.executable, __file__, "--child", url, str(folder)], check=True, capture_output=True, text=True
            )
        print(f"{args.shipments} shipments: {out.stdout.strip()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
