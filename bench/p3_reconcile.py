"""P3, reconciliation: a waybill of 20,000 lines on the 300,000-shipment point.

Each waybill is added to a copy of the demo point, then «scanned» as a real delivery ends up:
97 % received, 2.5 % never came (missing at close), 0.5 % unexpected extras, one of three
transport packages missing. Timed: ``acceptance.reconcile`` (the live counts the page shows)
and ``acceptance.close_waybill`` (missing marked, ledger events, the discrepancy act, one
transaction). Beside them: the raw sqlite3 GROUP BY of the same counts, and the raw UPDATEs a
close needs (rolled back), on the same waybill just before.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from datetime import timedelta

from sqlalchemy import insert, select

from bench.common import Figure, Stats, demo_db, main_of, timed_ms, working_copy
from pvz_desktop.core.clock import utcnow
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Customer, Shipment, TransportPackage, Waybill
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext

LINES = 20_000
TARGET_MS = 150.0
RECEIVED, MISSING = 0.97, 0.025  # the rest of the lines: extras that were not on the waybill


def add_delivery(ctx: WorkflowContext, k: int, rnd: random.Random) -> str:
    """A waybill of LINES shipments in the state a finished scan leaves it; returns its number."""
    now = utcnow()
    number = f"TN-{9000000000 + k:010d}"
    with ctx.store.write() as s:
        customers = s.scalars(select(Customer.id).limit(5000)).all()
        wb = Waybill(number=number, courier="Курьер", status="receiving", opened_at=now, created_at=now)
        s.add(wb)
        s.flush()
        s.execute(
            insert(TransportPackage),
            [
                {"barcode": f"GM{9000000000 + k * 3 + i:010d}", "waybill_id": wb.id, "state": state}
                for i, state in enumerate(("received", "received", "expected"))
            ],
        )
        rows = []
        for i in range(LINES):
            roll = rnd.random()
            status = "received" if roll < RECEIVED else "expected" if roll < RECEIVED + MISSING else "unexpected"
            rows.append(
                {
                    "posting_number": f"{800000000 + k * LINES + i:010d}-{i % 10000:04d}-1",
                    "order_number": f"{800000000 + k * LINES + i:010d}",
                    "customer_id": rnd.choice(customers),
                    "status": status,
                    "waybill_id": wb.id,
                    "arrived_unexpected": status == "unexpected",
                    "received_at": None if status == "expected" else now,
                    "created_at": now - timedelta(days=1),
                    "updated_at": now,
                }
            )
        s.execute(insert(Shipment), rows)
        wb.expected_shipments = sum(1 for r in rows if not r["arrived_unexpected"])
        wb.expected_packages = 3
    return number


def raw_reconcile(conn: sqlite3.Connection, wid: int) -> None:
    conn.execute(
        "SELECT status, arrived_unexpected, count(*) FROM shipment WHERE waybill_id = ? "
        "GROUP BY status, arrived_unexpected",
        (wid,),
    ).fetchall()
    conn.execute("SELECT state, count(*) FROM transport_package WHERE waybill_id = ? GROUP BY state", (wid,)).fetchall()


def raw_close(conn: sqlite3.Connection, wid: int) -> None:
    """What SQLite alone needs to close: mark missing, list the act, in one transaction (rolled back)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "SELECT id, posting_number FROM shipment WHERE waybill_id = ? AND status = 'expected'", (wid,)
        ).fetchall()
        conn.execute("UPDATE shipment SET status = 'missing' WHERE waybill_id = ? AND status = 'expected'", (wid,))
        conn.execute(
            "UPDATE transport_package SET state = 'missing' WHERE waybill_id = ? AND state = 'expected'", (wid,)
        )
        conn.execute("UPDATE waybill SET status = 'closed' WHERE id = ?", (wid,))
        raw_reconcile(conn, wid)
        conn.execute(
            "SELECT posting_number FROM shipment WHERE waybill_id = ? AND status = 'missing' "
            "AND arrived_unexpected = 0 ORDER BY posting_number",
            (wid,),
        ).fetchall()
        conn.execute(
            "SELECT posting_number FROM shipment WHERE waybill_id = ? AND arrived_unexpected = 1 "
            "ORDER BY posting_number",
            (wid,),
        ).fetchall()
    finally:
        conn.execute("ROLLBACK")


def run(quick: bool) -> list[Figure]:
    waybills = 3 if quick else 10
    repeats = 10 if quick else 20
    rnd = random.Random(3)
    with working_copy(demo_db()) as db:
        store = open_store(db)
        ctx = WorkflowContext(store, Actor("emp-1", "counter-1", "Смирнова О."))
        numbers = [add_delivery(ctx, k, rnd) for k in range(waybills)]
        raw = sqlite3.connect(db, isolation_level=None)
        rec_ms: list[float] = []
        raw_rec_ms: list[float] = []
        close_ms: list[float] = []
        raw_close_ms: list[float] = []
        close_cpu_ms: list[float] = []
        missing = 0
        for number in numbers:
            wid = raw.execute("SELECT id FROM waybill WHERE number = ?", (number,)).fetchone()[0]
            acceptance.reconcile(ctx, number)  # the first read of this waybill's pages
            for _ in range(repeats):
                raw_rec_ms.append(timed_ms(lambda wid=wid: raw_reconcile(raw, wid)))
                rec_ms.append(timed_ms(lambda number=number: acceptance.reconcile(ctx, number)))
            raw_close_ms.append(timed_ms(lambda wid=wid: raw_close(raw, wid)))
            cpu0, t0 = time.process_time(), time.perf_counter()
            closed = acceptance.close_waybill(ctx, number)
            close_ms.append((time.perf_counter() - t0) * 1000)
            close_cpu_ms.append((time.process_time() - cpu0) * 1000)
            missing = closed.reconciliation.missing_shipments
        raw.close()
        store.close()
    rec, close = Stats.of(rec_ms), Stats.of(close_ms)
    return [
        Figure(
            "P3",
            f"reconcile a {LINES:,}-line waybill",
            "ms",
            rec,
            "raw sqlite3 GROUP BY, same counts",
            Stats.of(raw_rec_ms),
            f"≤ {TARGET_MS:.0f} ms",
            rec.p99 <= TARGET_MS,
        ),
        Figure(
            "P3b",
            f"close it ({missing} missing)",
            "ms",
            close,
            "raw sqlite3 UPDATEs (rolled back)",
            Stats.of(raw_close_ms),
            f"≤ {TARGET_MS:.0f} ms",
            close.p99 <= TARGET_MS,
            f"marks missing, ledger events, outbox row, discrepancy act, fsync; "
            f"CPU median {statistics.median(close_cpu_ms):.0f} ms of it",
        ),
    ]


if __name__ == "__main__":
    main_of(run)
