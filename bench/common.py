"""What every benchmark shares: figures with their limits, the machine, the cached demo database.

A figure is measured beside its limit in the same process and the same minute, and the ratio is
what to compare between runs: absolute times drift on a shared machine, ratios hold.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE_DIR = Path(os.environ.get("PVZ_BENCH_CACHE", ROOT / "bench" / ".cache"))
SHIPMENTS = 1_000_000  # three years of a busy point (about 350,000 parcels a year)
SMALL_SHIPMENTS = 300_000  # the earlier size, kept: ``--shipments 300000``
SEED = 7
SHIPMENTS_ENV = "PVZ_BENCH_SHIPMENTS"  # run.py hands the size chosen to every benchmark's process
_point_size: int | None = None  # the demo point this process measured on (None: none)


def bench_shipments() -> int:
    """The size of the benchmark point: ``--shipments`` (through the environment) or 1,000,000."""
    return int(os.environ.get(SHIPMENTS_ENV) or SHIPMENTS)


@dataclass(frozen=True)
class Stats:
    """Median, p99 (nearest rank) and count of one series."""

    median: float
    p99: float
    n: int
    max: float

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        if not values:
            raise ValueError("no samples")
        ordered = sorted(values)
        rank = max(1, math.ceil(0.99 * len(ordered)))
        return cls(statistics.median(ordered), ordered[rank - 1], len(ordered), ordered[-1])


@dataclass
class Figure:
    """One row of the table: the figure, its limit measured beside it, the target and the verdict."""

    id: str
    name: str
    unit: str
    value: Stats
    limit_name: str
    limit: Stats | None
    target: str
    met: bool | None  # None: no target for this row (a detail of another figure)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.limit is None or self.limit.median <= 0:
            return None
        return self.value.median / self.limit.median

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        # Every figure says which point it ran on (None: it used no demo point).
        out["extra"].setdefault("shipments", _point_size)
        out["ratio"] = self.ratio
        out["ratio_p99"] = self.value.p99 / self.limit.p99 if self.limit and self.limit.p99 > 0 else None
        return out


def timed_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def series_ms(fn: Callable[[Any], object], keys: list[Any]) -> list[float]:
    out = []
    for key in keys:
        t0 = time.perf_counter()
        fn(key)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def machine() -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "qt": qVersion(),
        "pyside6": pyside_version,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average": list(os.getloadavg()),
    }


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)


# --- the cached demo database ----------------------------------------------------------------


def _cache_dir() -> Path:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    ignore = CACHE_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")  # generated databases never go into the repository
    return CACHE_DIR


def _pins_dir(shipments: int, seed: int) -> Path:
    """The PINs of one generated point: each size has its own customers (one file for all sizes
    made a 300k run read the 1M point's PINs)."""
    folder = _cache_dir() / f"pins-{shipments}-seed{seed}"
    folder.mkdir(exist_ok=True)
    return folder


def demo_db(shipments: int | None = None, seed: int = SEED, log: Callable[[str], None] = print) -> Path:
    """The generated demo point, cached by size, seed and schema revision. Treat it as read-only:
    a benchmark that writes works on ``working_copy()``. The size is ``bench_shipments()`` unless given."""
    global _point_size
    shipments = shipments or bench_shipments()
    _point_size = shipments
    from pvz_desktop.core.clock import to_local, utcnow
    from pvz_desktop.demo.generator import generate
    from pvz_desktop.demo.pickup_pins import PINS_FILE, save_pins
    from pvz_desktop.store.migrate import head_revision, open_store

    # The customers' codes are valid on the day they were generated: a new day, a new database.
    today = to_local(utcnow()).date().isoformat()
    path = _cache_dir() / f"demo-{shipments}-seed{seed}-rev{head_revision()}-{today}.db"
    meta = path.with_name(path.name + ".json")
    if path.exists() and meta.exists() and (_pins_dir(shipments, seed) / PINS_FILE).exists():
        return path
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.db")
    started = time.perf_counter()
    store = open_store(tmp)
    try:
        summary = generate(store, shipments=shipments, seed=seed)
    finally:
        store.close()
    save_pins(_pins_dir(shipments, seed), summary.pins)  # the same for a size and seed: the PINs, not the verifiers
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: copies need no -wal
    conn.close()
    seconds = time.perf_counter() - started
    tmp.replace(path)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    write_json(meta, {"shipments": shipments, "seed": seed, "generated_s": round(seconds, 1)})
    log(f"generated {shipments} shipments into {path} in {seconds:.0f} s (cached for the next run)")
    return path


def demo_codes(conn: sqlite3.Connection) -> list[str]:
    """Today's pickup codes of the customers with parcels in storage (PINs from the demo's own file)."""
    from pvz_desktop.demo.pickup_pins import load_pins

    pins = load_pins(_pins_dir(_point_size or bench_shipments(), SEED))
    rows = conn.execute(
        "SELECT c.id FROM customer c WHERE EXISTS "
        "(SELECT 1 FROM shipment s WHERE s.customer_id = c.id AND s.status = 'stored') ORDER BY c.id"
    )
    return [f"{cid}*{pins[cid]}" for (cid,) in rows if cid in pins]


def demo_meta(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name + ".json").read_text())


@contextmanager
def working_copy(source: Path, name: str = "pvz.db") -> Iterator[Path]:
    """A private copy of a cached database in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-"))
    target = folder / name
    try:
        shutil.copyfile(source, target)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main_of(run: Callable[[bool], list[Figure]]) -> None:
    """Entry of one benchmark module: ``python -m bench.pN [--quick] --out FILE``."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--shipments", type=int, help=f"size of the demo point (default {SHIPMENTS:,})")
    args = ap.parse_args()
    if args.shipments:
        os.environ[SHIPMENTS_ENV] = str(args.shipments)
    figures = run(args.quick)
    write_json(args.out, [f.to_json() for f in figures])
