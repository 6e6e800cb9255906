"""What validating the feed's entities costs: the 100,000-shipment point's changes parsed with
``json.loads`` alone beside validated by the wire models (``pvz_desktop/wire.py``) as the counter
does it — a page's raw text through ``ChangePage.model_validate_json``, the snapshot's lines a
chunk at a time through ``wire.CHANGES``.

    python -m bench.wire_validation [--shipments 100000]

CPU seconds (``time.process_time``), best of 3, with the machine's load average: it is shared.
The seeded server database is the benchmarks' cached one (``bench.p5_sync.central_db``).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing

from bench.p5_sync import central_db
from pvz_central.feed import PAGE_LIMIT, WireChange
from pvz_desktop import wire


def cpu_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipments", type=int, default=100_000)
    args = ap.parse_args()
    path, _ = central_db(args.shipments)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        query = "SELECT entity, key, seq, data FROM change WHERE point_id = 'demo' ORDER BY seq"
        changes = [WireChange(*row) for row in conn.execute(query)]
    lines = [c.body().encode() for c in changes]
    tail = b'],"cursor":"Y3Vyc29y","has_more":true,"reset":false}'
    pages = [b'{"changes":[' + b",".join(lines[at : at + PAGE_LIMIT]) + tail for at in range(0, len(lines), PAGE_LIMIT)]
    chunks = [b"[" + b",".join(lines[at : at + PAGE_LIMIT]) + b"]" for at in range(0, len(lines), PAGE_LIMIT)]
    figures = {
        "pages: json.loads": cpu_seconds(lambda: [json.loads(p) for p in pages]),
        "pages: ChangePage.model_validate_json": cpu_seconds(
            lambda: [wire.ChangePage.model_validate_json(p) for p in pages]
        ),
        "snapshot: json.loads per line": cpu_seconds(lambda: [json.loads(line) for line in lines]),
        "snapshot: wire.CHANGES.validate_json per chunk": cpu_seconds(
            lambda: [wire.CHANGES.validate_json(c) for c in chunks]
        ),
    }
    size = sum(map(len, pages)) / 1e6
    print(f"{len(changes)} changes in {len(pages)} pages, {size:.1f} MB; load average {os.getloadavg()[0]:.1f}")
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.2f} s CPU")


if __name__ == "__main__":
    main()
