"""P4, cold start: a fresh process until the counter window is shown and its event loop answers.

Each start is a new Python process (``bench.startup_child``) over a copy of the 300,000-shipment
point; the clock runs from just before the process is started to the first event the loop
processes after ``show()``; the child starts the counter as the application does
(``pvz_desktop.app.start_counter``), which shows the window's frame and opens the store behind
it, so the phases also say how long after that the pages were in (not on the clock). Beside it,
alternating with it: a bare QApplication + empty QMainWindow started and measured the same way.
One start of each comes first, uncounted, so both read their files from the page cache.
"""

from __future__ import annotations

import json
import statistics
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
    out["spawned"] = t0
    return (out["ready"] - t0) * 1000, out


PHASES = (
    ("python", "spawned", "started"),
    ("imports", "started", "imported"),
    ("settings", "imported", "settings"),
    ("schema check + frame + show", "settings", "shown"),
    ("first event", "shown", "ready"),
    # Off the clock: the store, the workflows and the pages loaded behind the shown window.
    ("behind: pages in", "ready", "attached"),
)


def phases(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median milliseconds of each start-up phase the child marked."""
    out = {}
    for name, a, b in PHASES:
        values = [(r[b] - r[a]) * 1000 for r in runs if a in r and b in r]
        if values:
            out[name] = round(statistics.median(values), 1)
    return out


def run(quick: bool) -> list[Figure]:
    n = 3 if quick else 10
    with working_copy(demo_db()) as db:
        app_args = ["app", str(db)]
        start(app_args)
        start(["bare"])
        app_runs, bare_runs = [], []
        for _ in range(n):  # alternating, so a change of load hits both alike
            app_runs.append(start(app_args))
            bare_runs.append(start(["bare"]))
    app, bare = Stats.of([ms for ms, _ in app_runs]), Stats.of([ms for ms, _ in bare_runs])
    app_phases = phases([r for _, r in app_runs])
    bare_phases = phases([r for _, r in bare_runs])
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
            "phases (median ms): "
            + ", ".join(f"{k} {v:.0f}" for k, v in app_phases.items())
            + "; bare: "
            + ", ".join(f"{k} {v:.0f}" for k, v in bare_phases.items()),
            {"phases_ms": app_phases, "bare_phases_ms": bare_phases},
        )
    ]


if __name__ == "__main__":
    main_of(run)
