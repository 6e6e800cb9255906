"""P4, cold start: a fresh process until the counter window is shown and its event loop answers.

Each start is a new Python process (``bench.startup_child``) over a copy of the 300,000-shipment
point; the clock runs from just before the process is started to the first event the loop
processes after ``show()``. Beside it, alternating with it: a bare QApplication + empty
QMainWindow started and measured the same way. One start of each comes first, uncounted, so
both read their files from the page cache.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.common import ROOT, Figure, Stats, demo_db, main_of, working_copy

TARGET_RATIO = 2.0


def start(args: list[str]) -> tuple[float, dict[str, float]]:
    """Milliseconds from spawning the child to its first event after show, and what it printed."""
    t0 = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup_child", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"startup child failed: {done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return (out["ready"] - t0) * 1000, out


def run(quick: bool) -> list[Figure]:
    n = 3 if quick else 10
    with working_copy(demo_db()) as db:
        app_args = ["app", str(db)]
        start(app_args)
        start(["bare"])
        app_ms: list[float] = []
        bare_ms: list[float] = []
        for _ in range(n):
            app_ms.append(start(app_args)[0])
            bare_ms.append(start(["bare"])[0])
    app, bare = Stats.of(app_ms), Stats.of(bare_ms)
    return [
        Figure(
            "P4",
            "cold start to responsive window",
            "ms",
            app,
            "bare QApplication + QMainWindow",
            bare,
            f"≤ {TARGET_RATIO:.0f}× bare",
            app.median <= TARGET_RATIO * bare.median,
            "fresh process, 300k shipments; to the first event processed after show()",
        )
    ]


if __name__ == "__main__":
    main_of(run)
