"""The benchmark suite: ``python bench/run.py [--quick] [--only P1,P3]``.

Each benchmark runs in its own fresh process (one QApplication each, clean memory, no GIL shared
with another benchmark) and measures its figure beside its limit in the same run. Prints one
table (Markdown, so docs/PERFORMANCE.md can take it as it is) and writes bench/results.json
with the median, p99 and n of every figure and its limit, their ratio, the target and the
machine. The generated 300,000-shipment point and the seeded server are cached in bench/.cache
(keyed by size, seed and schema), so only the first run pays for generating them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SHIPMENTS, SHIPMENTS_ENV, demo_db, demo_meta, machine, write_json  # noqa: E402

BENCHMARKS: tuple[tuple[str, str], ...] = (
    ("P1", "p1_scan_to_card"),
    ("P2", "p2_burst"),
    ("P3", "p3_reconcile"),
    ("P4", "p4_cold_start"),
    ("P4B", "p4b_first_scan"),
    ("P5", "p5_sync"),
    ("P5A", "p5a_snapshot"),  # a new counter's first load from the point's snapshot
    ("P6", "p6_memory"),
    ("P7", "p7_printing"),
    ("P8", "p8_dropoff_supply"),
    ("P1S", "p1s_under_sync"),  # P1s and P2s: the central server seeded with 100k shipments
    ("P9", "p9_capacity"),  # needs PostgreSQL (PVZ_TEST_PG_URL); reports nothing without it
)
RESULTS = ROOT / "bench" / "results.json"


def run_one(module: str, quick: bool) -> tuple[list[dict[str, Any]], float, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        cmd = [sys.executable, "-m", f"bench.{module}", "--out", str(out)] + (["--quick"] if quick else [])
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
        seconds = time.perf_counter() - started
        for line in done.stdout.splitlines():
            print(f"  {module}: {line}", file=sys.stderr)
        if done.returncode != 0 or not out.exists():
            return [], seconds, done.stderr.strip()[-3000:] or f"exit code {done.returncode}"
        return json.loads(out.read_text()), seconds, None


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit == "MB" or value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: list[dict[str, Any]]) -> str:
    head = "| | figure | unit | median | p99 | n | limit beside it | median | p99 | ratio | target | met |"
    rows = [head, "|" + "---|" * 12]
    for f in figures:
        v, lim = f["value"], f.get("limit")
        met = {True: "yes", False: "**no**", None: ""}[f["met"]]
        ratio = f"{f['ratio']:.1f}×" if f.get("ratio") is not None else ""
        rows.append(
            f"| {f['id']} | {f['name'].strip()} | {f['unit']} | {fmt(v['median'])} | {fmt(v['p99'])} | {v['n']} "
            f"| {f['limit_name']} | {fmt(lim['median']) if lim else ''} | {fmt(lim['p99']) if lim else ''} "
            f"| {ratio} | {f['target']} | {met} |"
        )
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description="PVZ Desktop benchmarks")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (under 3 minutes)")
    ap.add_argument("--only", help="comma list of figures to run, e.g. P1,P3")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument(
        "--shipments",
        type=int,
        default=SHIPMENTS,
        help=f"size of the demo point the counter benchmarks run on (default {SHIPMENTS:,}; 300000: the earlier size)",
    )
    args = ap.parse_args()
    os.environ[SHIPMENTS_ENV] = str(args.shipments)  # every benchmark's process measures on this point
    wanted = {x.strip().upper() for x in args.only.split(",")} if args.only else None

    started = time.perf_counter()
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    db = demo_db(args.shipments, log=lambda m: print(m, file=sys.stderr))
    cache_s = time.perf_counter() - t0
    figures: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    timings: dict[str, float] = {}
    for key, module in BENCHMARKS:
        if wanted is not None and key not in wanted:
            continue
        print(f"running {key} ({module}) …", file=sys.stderr, flush=True)
        result, seconds, error = run_one(module, args.quick)
        timings[key] = round(seconds, 1)
        figures.extend(result)
        if error:
            errors[key] = error
            print(f"{key} failed:\n{error}", file=sys.stderr)
    total = time.perf_counter() - started
    report = {
        "quick": args.quick,
        "shipments": args.shipments,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(total, 1),
        "seconds_per_benchmark": timings,
        "machine": machine(),
        "load_average_before": list(load_before),
        "demo_db": {"path": str(db), **demo_meta(db), "ready_in_s": round(cache_s, 1)},
        "figures": figures,
        "errors": errors,
    }
    write_json(args.out, report)
    print(table(figures))
    m = report["machine"]
    print(
        f"\n{'quick' if args.quick else 'full'} run on {args.shipments:,} shipments in {total:.0f} s; "
        f"{m['cores']} cores {m['cpu_model']}, "
        f"Python {m['python']}, Qt {m['qt']}, SQLite {m['sqlite']}; load average before "
        f"{load_before[0]:.1f}, after {m['load_average'][0]:.1f}"
    )
    for key in errors:
        print(f"{key}: FAILED (see {args.out})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
