"""P1s and P2s: the counter's scans while its sync worker pulls and pushes, against the real
central server (its own process, SQLite, 127.0.0.1) seeded with the 100,000-shipment point.

Prepared first (not measured): the counter pulls the whole point; then, on the server, pickup
codes are issued again for enough customers that about 10,000 changes wait in the feed (each
customer's shipments are sent again), and 1,000 acceptance scans wait in the counter's outbox.
The window opens over that counter database, logged in as the server's employee with the
point's key, and its ``SyncWorker`` starts.

- P1s: pickup codes (issued for today, already pulled) read by the pty scanner one after another,
  each timed to its card painted, exactly as P1; counted only while the worker is still pulling
  the backlog or pushing the outbox. Beside it: the same scans once sync is idle.
- P2s: then 2,000 acceptance scans at 30/s into the open waybill with the most expected
  shipments, each pushed by the worker as it comes and its echo pulled back: the event loop's
  lateness (the P2 probe), lost and duplicated counted at the counter and on the server.
  Beside it: the same probe on the idle window.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from bench.common import ROOT, Figure, Stats, main_of
from bench.gui_harness import Counter, PaintWatch, open_counter, wait_until
from bench.p2_burst import LatenessProbe
from bench.p5_sync import POINT, SERVER_SHIPMENTS, central_db, central_server, fast_store, login
from pvz_central.db import CentralDB
from pvz_central.models import Point
from pvz_central.pickup_keys import PointKeys
from pvz_central.seed import issue_demo_codes
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Customer, Shipment, Waybill
from pvz_desktop.sync.puller import Puller
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.counter_status import pending_operations

TARGET_P1S_P99_MS = 16.7
TARGET_STALL_MS = 16.7
BACKLOG_CHANGES = 10_000
OUTBOX = 1_000
SCANS = 300  # customers whose codes are scanned in turn (round again while sync lasts)
WARMUP = 10
BURST = 2_000
RATE = 30.0


def _customers(db: Path, point: str) -> list[tuple[str, int]]:
    """The point's customers with parcels stored there, and how many shipments each has."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT customer_id, count(*) FROM shipment WHERE point_id = ? GROUP BY customer_id "
            "HAVING sum(status = 'stored') > 0 ORDER BY customer_id",
            (point,),
        ).fetchall()
    finally:
        conn.close()


def _server_accepts(db: Path, postings: list[str]) -> tuple[int, int]:
    """On the server: how many of ``postings`` are received, and how many were accepted twice."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        marks = ",".join("?" * len(postings))
        received = conn.execute(
            f"SELECT count(*) FROM shipment WHERE posting_number IN ({marks}) AND status = 'received'", postings
        ).fetchone()[0]
        twice = conn.execute(
            f"SELECT count(*) FROM (SELECT posting_number FROM shipment_event WHERE action = 'accept' "
            f"AND posting_number IN ({marks}) GROUP BY posting_number HAVING count(*) > 1)",
            postings,
        ).fetchone()[0]
        return received, twice
    finally:
        conn.close()


def run(quick: bool) -> list[Figure]:
    n_server = SERVER_SHIPMENTS // 10 if quick else SERVER_SHIPMENTS
    scale = 10 if quick else 1
    cached, _seed_s = central_db(n_server)
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-sync-load-"))
    try:
        server_db = folder / "central.db"
        shutil.copyfile(cached, server_db)
        today = to_local(utcnow()).date()
        rnd = random.Random(3)
        customers = _customers(server_db, POINT)
        rnd.shuffle(customers)
        scanned = customers[: SCANS + WARMUP]
        codes = {cid: f"{rnd.randrange(10000):04d}" for cid, _n in scanned}
        backlog: dict[str, str] = {}
        changes = 0  # each customer's shipments are sent again
        for cid, n in customers[SCANS + WARMUP :]:
            if changes >= BACKLOG_CHANGES // scale:
                break
            backlog[cid] = f"{rnd.randrange(10000):04d}"
            changes += n
        secret = folder / "pvz-central.secret"
        server = CentralDB(f"sqlite:///{server_db}", PointKeys.from_file(secret))
        issue_demo_codes(server, POINT, codes, today)  # pulled with the point, before the window opens
        server.close()
        with central_server(server_db, secret) as url:
            return measure(url, folder, server_db, secret, codes, backlog, today, scale, n_server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(
    url: str,
    folder: Path,
    server_db: Path,
    secret: Path,
    codes: dict[str, str],
    backlog: dict[str, str],
    today: date,
    scale: int,
    n_server: int,
) -> list[Figure]:
    counter_db = folder / "counter.db"
    store = open_store(counter_db)
    desk = login(url, "emp-1", store, "counter-1")
    puller = Puller(desk.ctx, desk.client)
    while puller.pull_once().has_more:
        pass
    with store.read() as s:
        waybills = s.execute(
            select(Waybill.number, Shipment.posting_number)
            .join(Shipment, Shipment.waybill_id == Waybill.id)
            .where(Waybill.status == "open", Shipment.status == "expected")
            .order_by(Shipment.id)
        ).all()
    store.close()
    by_waybill: dict[str, list[str]] = {}
    for number, posting in waybills:
        by_waybill.setdefault(number, []).append(posting)
    burst_number = max(by_waybill, key=lambda n: len(by_waybill[n]))
    burst = by_waybill.pop(burst_number)[: BURST // scale]
    outbox = [(n, p) for n, ps in by_waybill.items() for p in ps][: OUTBOX // scale]

    # The backlog: codes issued again on the server (their shipments sent again) and the outbox.
    server = CentralDB(f"sqlite:///{server_db}", PointKeys.from_file(secret))
    with server.read() as s:
        before = s.get(Point, POINT).change_seq
    issue_demo_codes(server, POINT, backlog, today)
    with server.read() as s:
        backlog_changes = s.get(Point, POINT).change_seq - before
    server.close()
    prep = fast_store(counter_db)
    prep_ctx = WorkflowContext(store=prep, actor=desk.ctx.actor)
    for number in {n for n, _p in outbox}:
        acceptance.open_waybill(prep_ctx, number)
    for number, posting in outbox:
        acceptance.scan(prep_ctx, number, posting)
    prep.close()
    last_backlog = next(iter(backlog))

    with tempfile.TemporaryDirectory() as data_dir:
        counter = open_counter(counter_db, Path(data_dir), actor=desk.ctx.actor, pickup_key=desk.client.auth.pickup_key)
        ctx = counter.ctx
        worker = SyncWorker(ctx, desk.client, long_poll=5)
        window = counter.window
        try:
            p1s, idle_scans, synced_in = _scans_under_sync(counter, worker, codes, last_backlog, backlog, today)
            p2 = _burst(counter, burst_number, burst, Path(data_dir))
            try:
                wait_until(lambda: pending_operations(ctx.store) == 0, 120, "burst pushed")
            except TimeoutError as exc:
                pending = pending_operations(ctx.store)
                raise TimeoutError(f"{exc}: {pending} pending, sync status {worker.status}") from None
        finally:
            worker.stop()
            counter.close()
            del window
    received, twice = _server_accepts(server_db, burst)
    lost, duplicated = len(burst) - received, twice + p2["duplicated"]
    stall = Stats.of(p2["late"])
    during = Stats.of(p1s)
    return [
        Figure(
            "P1s",
            "scan to card while sync pulls and pushes",
            "ms",
            during,
            "same scans, sync idle",
            Stats.of(idle_scans),
            f"p99 ≤ {TARGET_P1S_P99_MS} ms",
            during.p99 <= TARGET_P1S_P99_MS if p1s else None,
            f"{len(p1s)} scans while the worker pulled {backlog_changes} changes and pushed "
            f"{len(outbox)} operations (all done {synced_in:.1f} s after it started); {n_server:,}-shipment point",
            {"backlog_changes": backlog_changes, "outbox": len(outbox), "sync_s": synced_in, "shipments": n_server},
        ),
        Figure(
            "P2s",
            f"burst {len(burst)} scans @30/s while syncing: loop lateness",
            "ms",
            stall,
            "same timer, idle window",
            Stats.of(p2["idle"]),
            f"0 lost, 0 duplicated, stall ≤ {TARGET_STALL_MS} ms",
            lost == 0 and duplicated == 0 and stall.max <= TARGET_STALL_MS,
            f"lost {lost}, duplicated {duplicated} (counter and server), longest stall {stall.max:.1f} ms; "
            f"every scan pushed as it came and its echo pulled back",
            {"lost": lost, "duplicated": duplicated, "received_on_server": received, "shipments": n_server},
        ),
    ]


def _scans_under_sync(
    counter: Counter, worker: SyncWorker, codes: dict[str, str], last: str, backlog: dict[str, str], today: date
) -> tuple[list[float], list[float], float]:
    """P1's loop over the codes, the worker started just before the first: (ms while syncing, ms after, s)."""
    window = counter.window
    page = window.page("issuance")
    window.show_page("issuance")
    watch = PaintWatch({"cells": page.cells, "table": page.table.viewport()})
    marks: dict[str, object] = {}

    def took_card() -> None:
        state = page.state
        if state is not None and state.card.customer_id == marks.get("want"):
            marks.setdefault("state", time.perf_counter())

    page.state_changed.connect(took_card)
    key = counter.ctx.pickup_key()
    assert key is not None
    want = verifier(key, last, backlog[last], today)

    def synced() -> bool:
        if pending_operations(counter.ctx.store):
            return False
        with counter.ctx.store.read() as s:
            return s.scalar(select(Customer.pickup_verifier).where(Customer.id == last)) == want

    def scan(cid: str, pin: str) -> float:
        counter.idle(60)
        marks.clear()
        marks["want"] = cid
        before = page.cells.text()

        def painted() -> bool:
            # The cells line is repainted only if its text changed (two customers can share a cell).
            parts = ("cells", "table") if page.cells.text() != before else ("table",)
            return "state" in marks and all(watch.painted.get(k, 0.0) >= marks["state"] for k in parts)

        t0 = time.perf_counter()
        counter.scanner.write(f"{cid}*{pin}\r\n".encode("ascii"))
        try:
            wait_until(painted, 30, f"card of {cid} painted")
        except TimeoutError as exc:
            banner = window.services.feedback.banner
            raise TimeoutError(f"{exc}; the banner says: {banner.message}") from None
        return (max(watch.painted.get("cells", 0.0), watch.painted["table"]) - t0) * 1000

    pairs = list(codes.items())
    for cid, pin in pairs[:WARMUP]:
        scan(cid, pin)
    pairs = pairs[WARMUP:]
    during: list[float] = []
    started = time.perf_counter()
    worker.start()
    while not synced():  # round the codes again if sync takes longer than one pass
        cid, pin = pairs[len(during) % len(pairs)]
        during.append(scan(cid, pin))
    synced_in = time.perf_counter() - started
    # Beside it: as many of the same scans with sync idle (nothing left to pull or push).
    after = [scan(cid, pin) for cid, pin in (pairs * 2)[: max(len(during), 50)]]
    page.state_changed.disconnect(took_card)
    return during, after, synced_in


def _burst(counter: Counter, number: str, postings: list[str], folder: Path) -> dict:
    """P2's burst through the feeder process, the worker running: lateness, idle lateness, duplicates."""
    window = counter.window
    page = window.page("acceptance")
    window.show_page("acceptance")
    counter.idle()
    counter.scanner.write(number.encode("ascii") + b"\r\n")
    wait_until(lambda: page.waybill == number, 20, f"waybill {number} open")
    counter.idle()
    answered: set[str] = set()
    page.reconciled.connect(lambda _rec: answered.add(page.log_model.row_at(0).code))
    codes_file = folder / "codes.txt"
    codes_file.write_text("\n".join(postings), encoding="ascii")
    probe = LatenessProbe()
    probe.start()
    idle_until = time.perf_counter() + 5
    wait_until(lambda: time.perf_counter() >= idle_until, 10, "idle baseline")
    idle = probe.stop()
    feeder = subprocess.Popen(
        [sys.executable, "-m", "bench.feeder", str(counter.scanner.master), str(RATE), str(codes_file)],
        cwd=ROOT,
        pass_fds=(counter.scanner.master,),
        stdout=subprocess.PIPE,
        text=True,
    )
    probe.start()
    wait_until(lambda: feeder.poll() is not None, len(postings) / RATE + 60, "feeder done")
    json.loads(feeder.stdout.read() if feeder.stdout else "[]")
    with contextlib.suppress(TimeoutError):  # what never came is counted as lost
        wait_until(lambda: len(answered) >= len(postings) and window.services.runner.idle, 60, "every scan answered")
    late = probe.stop()
    with counter.ctx.store.read() as s:
        dup_scans = s.scalar(select(Waybill.duplicate_scans).where(Waybill.number == number)) or 0
    return {"late": late, "idle": idle, "duplicated": dup_scans}


if __name__ == "__main__":
    main_of(run)
