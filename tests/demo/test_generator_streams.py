"""The demo generator streams the point into the file: its memory does not grow with the rows.

``pvz-desktop demo-data --shipments 1000000`` held every row of every table in lists before one
insert (3.5 GB of peak memory); now rows go in CHUNK at a time and what stays per shipment is a
number or two. Measured with tracemalloc (Python's own allocations; SQLite's page cache is
fixed at BULK_CACHE_KIB whatever the size), the peak may grow by a few hundred bytes a
shipment, not by the kilobytes of its rows. And the point is the same one as before for a seed.
"""

from __future__ import annotations

import tracemalloc
from datetime import datetime
from pathlib import Path

from pvz_desktop.demo.generator import CHUNK, generate
from pvz_desktop.store.migrate import open_store

NOW = datetime(2026, 12, 3, 9, 0)


def peak_mb(path: Path, shipments: int) -> float:
    store = open_store(path)
    tracemalloc.start()
    try:
        generate(store, shipments=shipments, seed=7, now=NOW)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
        store.close()


def test_the_generators_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    small, large = CHUNK + 1000, CHUNK + 11_000
    grown = peak_mb(tmp_path / "large.db", large) - peak_mb(tmp_path / "small.db", small)
    # Holding the rows cost about 3 KB a shipment; streaming, under 300 bytes (ids, suffixes, PINs).
    assert grown < (large - small) * 300 / 1e6, f"peak grew by {grown:.1f} MB for {large - small} shipments"
