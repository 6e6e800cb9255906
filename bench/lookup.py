"""Lookup speed at scale: 300,000 shipments, 1,000 lookups by pickup code and by posting number.

    python bench/lookup.py [--lookups N] [--db PATH]

Prints median and p99 per lookup kind, beside the raw sqlite3 indexed query of the same rows.
A benchmark, not a test: figures drift on shared machines, the ratios hold.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import demo_codes, demo_db, series_ms, working_copy
from pvz_desktop.demo.generator import DEMO_PICKUP_KEY
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows import issuance, placement
from pvz_desktop.workflows.context import Actor, WorkflowContext


def summary(name: str, ms: list[float], limit: list[float] | None = None) -> str:
    ms = sorted(ms)
    med, p99 = statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
    line = f"{name:<34} median {med:7.3f} ms   p99 {p99:7.3f} ms   n={len(ms)}"
    if limit:
        lmed = statistics.median(limit)
        line += f"   ({med / lmed:5.1f}x raw sqlite)"
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lookups", type=int, default=1000)
    ap.add_argument("--db", help="an existing demo database (default: a copy of the cached 300k point)")
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:
        path = Path(args.db) if args.db else stack.enter_context(working_copy(demo_db()))
        measure(path, args.lookups)


def measure(path: Path, lookups: int) -> None:
    store = open_store(path)
    ctx = WorkflowContext(store, Actor("bench", "bench"), pickup_key=lambda: DEMO_PICKUP_KEY)

    raw = sqlite3.connect(path)
    rnd = random.Random(1)
    codes = demo_codes(raw)
    postings = [r[0] for r in raw.execute("SELECT posting_number FROM shipment")]
    codes = rnd.sample(codes, min(lookups, len(codes)))
    postings = rnd.sample(postings, min(lookups, len(postings)))

    def raw_card(code: str) -> None:
        cid = code.split("*", maxsplit=1)[0]
        raw.execute("SELECT pickup_verifier, pickup_pin_date FROM customer WHERE id=?", (cid,)).fetchone()
        raw.execute(
            "SELECT s.*, c.code FROM shipment s LEFT JOIN cell c ON c.id = s.cell_id WHERE s.customer_id=? "
            "AND s.status IN ('stored','expected','received','unexpected')",
            (cid,),
        ).fetchall()

    def raw_posting(posting: str) -> None:
        raw.execute(
            "SELECT s.*, c.code FROM shipment s LEFT JOIN cell c ON c.id = s.cell_id WHERE s.posting_number=?",
            (posting,),
        ).fetchone()

    for fn, keys in ((raw_card, codes), (lambda c: issuance.lookup(ctx, c), codes)):
        series_ms(fn, keys[:50])  # warm the page cache
    raw_c = series_ms(raw_card, codes)
    card = series_ms(lambda c: issuance.lookup(ctx, c), codes)
    raw_p = series_ms(raw_posting, postings)
    post = series_ms(lambda p: placement.where_is(ctx, p), postings)
    print(summary("raw sqlite: customer's shipments", raw_c))
    print(summary("issuance.lookup (pickup code)", card, raw_c))
    print(summary("raw sqlite: by posting number", raw_p))
    print(summary("placement.where_is (posting)", post, raw_p))
    raw.close()
    store.close()


if __name__ == "__main__":
    main()
