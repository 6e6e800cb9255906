"""P6, memory: peak RSS of the counter over the 300,000-shipment point after every tab was opened.

A fresh process (``bench.startup_child app --tabs``) builds the window, shows it, then opens
each tab and waits for its reads to come back; the peak RSS (``ru_maxrss``) is taken after the
last. Beside it, the bare QApplication + QMainWindow process's peak RSS.
"""

from __future__ import annotations

from bench.common import Figure, Stats, demo_db, main_of, working_copy
from bench.p4_cold_start import start

TARGET_MB = 250.0


def run(quick: bool) -> list[Figure]:
    n = 1 if quick else 3
    with working_copy(demo_db()) as db:
        start(["app", str(db)])  # the first open turns the copy to WAL; not counted
        app = [start(["app", str(db), "--tabs"])[1]["rss_peak_kb"] / 1024 for _ in range(n)]
        bare = [start(["bare"])[1]["rss_peak_kb"] / 1024 for _ in range(n)]
    peak = Stats.of(app)
    return [
        Figure(
            "P6",
            "peak RSS after visiting every tab",
            "MB",
            peak,
            "bare QApplication + QMainWindow",
            Stats.of(bare),
            f"≤ {TARGET_MB:.0f} MB",
            peak.max <= TARGET_MB,
            "300k shipments, fresh process",
        )
    ]


if __name__ == "__main__":
    main_of(run)
