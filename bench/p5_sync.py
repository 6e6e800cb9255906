"""P5, sync with a local central server (its own process, SQLite, 127.0.0.1).

- Initial pull through the feed (P5a.feed; a new counter now loads the point's snapshot instead,
  see p5a_snapshot): an empty counter pulls the demo point of 100,000 shipments page by page and
  applies it (the sync worker's ``Puller``: the next page fetched while one is applied, until
  ``has_more`` is false). Beside it: the same pages fetched without applying them (the feed alone).
- Push: 10,000 acceptance scans made at the counter wait in the outbox; ``push_pending`` sends
  them in order, in batches. Per batch: from one batch request to the next (the local bookkeeping
  included); the total for all of them is what the target judges (and per operation, total/ops,
  in the notes). Beside it: the same batches replayed with their Idempotency-Keys (round trips
  that change nothing).
- Counter to counter: both counters run the SyncWorker with long-poll; counter 1 accepts a
  shipment and wakes its worker; the clock stops when counter 2's store has it received.
  Beside it: one empty feed request (the round trip alone).

The seeded server database is cached in bench/.cache (seeding is timed once and reported).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from bench.common import ROOT, Figure, Stats, _cache_dir, main_of, write_json
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import MemoryVault
from pvz_desktop.demo.embedded_server import FormBrowser
from pvz_desktop.store.engine import Store, create_store_engine
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Shipment, Waybill
from pvz_desktop.sync.client import CentralClient, Outgoing
from pvz_desktop.sync.puller import Puller
from pvz_desktop.sync.pusher import BATCH, PushReport, push_pending
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext

SERVER_SHIPMENTS = 100_000
PULL_TARGET_S = 10.0
PUSH_TARGET_S = 10.0
C2C_TARGET_MS = 1000.0
POINT = "demo"
PASSWORD = "demo"  # the seeded demo point's users emp-1 and emp-2


def central_db(shipments: int) -> tuple[Path, float]:
    """The seeded server database (cached by size and the server's schema and seed code)."""
    from pvz_central.db import CentralDB
    from pvz_central.seed import seed_demo

    central = ROOT / "pvz_central"
    digest = hashlib.sha1()
    for path in sorted([central / "seed.py", central / "models.py", *(central / "migrations").rglob("*.py")]):
        digest.update(path.read_bytes())
    path = _cache_dir() / f"central-{shipments}-{digest.hexdigest()[:10]}.db"
    meta = path.with_name(path.name + ".json")
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text())["seed_s"]
    tmp = path.with_name(path.stem + ".tmp.db")
    tmp.unlink(missing_ok=True)
    db = CentralDB(f"sqlite:///{tmp}")
    db.upgrade()
    started = time.perf_counter()
    seed_demo(db, shipments=shipments, seed=1)
    seconds = time.perf_counter() - started
    db.close()
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    tmp.replace(path)
    write_json(meta, {"shipments": shipments, "seed_s": round(seconds, 1)})
    print(f"seeded the server with {shipments} shipments in {seconds:.0f} s (cached)")
    return path, seconds


@contextmanager
def central_server(db: Path, secret: Path | None = None) -> Iterator[str]:
    """The server in its own process; ``secret``: its pickup-code secret file, when the caller
    issues codes with the same one."""
    log = db.with_suffix(".log")
    with open(log, "w") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.central_child", f"sqlite:///{db}", *([str(secret)] if secret else [])],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,  # the server's own log: kept out of the table
            text=True,
        )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"the central server did not start: {log.read_text()[-2000:]}")
        yield url
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(30)


@dataclass
class Desk:
    ctx: WorkflowContext
    client: CentralClient


def login(url: str, user: str, store: Store, workstation: str) -> Desk:
    auth = AuthSession(url, MemoryVault())
    auth.login(open_browser=FormBrowser(user, PASSWORD), timeout=30)
    assert auth.user is not None
    actor = Actor(employee_id=auth.user.user_id, workstation=workstation, employee_name=auth.user.name, point_id=POINT)
    return Desk(WorkflowContext(store=store, actor=actor), CentralClient(auth))


def fast_store(path: Path) -> Store:
    """The same file without fsync: only to prepare the outbox quickly, never to measure."""
    engine = create_store_engine(path)
    event.listen(engine, "connect", lambda conn, _rec: conn.execute("PRAGMA synchronous=OFF"))
    return Store(path, engine)


def wait_for(predicate: Any, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.002)
    return time.monotonic() - started


def status_of(store: Store, posting: str) -> str | None:
    with store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))


def run(quick: bool) -> list[Figure]:
    # --quick: a tenth of everything, the targets checked pro rata.
    n_server = SERVER_SHIPMENTS // 10 if quick else SERVER_SHIPMENTS
    n_push = 1000 if quick else 10_000
    n_c2c = 5 if quick else 20
    cached, seed_s = central_db(n_server)
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-sync-"))
    try:
        server_db = folder / "central.db"
        shutil.copyfile(cached, server_db)
        with central_server(server_db) as url:
            return measure(url, folder, seed_s, n_server, n_push, n_c2c)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class PushRun:
    per_batch_ms: list[float]  # from one batch request to the next (the local bookkeeping included)
    in_request_ms: list[float]  # the request alone
    replay_ms: list[float]  # the same batches again, same keys: round trips that change nothing
    total_s: float
    singles: int  # single pushes (only if the server did not take a batch)
    report: PushReport


def measure_push(desk: Desk) -> PushRun:
    """``push_pending`` over the prepared outbox; each batch request timed, then the batches replayed."""
    client = desk.client
    calls: list[float] = []
    in_request: list[float] = []
    batches: list[list[Outgoing]] = []
    singles = 0
    real_batch, real_push = client.push_batch, client.push

    def timed_batch(ops: list[Outgoing]) -> Any:
        calls.append(time.perf_counter())
        batches.append(list(ops))
        try:
            return real_batch(ops)
        finally:
            in_request.append((time.perf_counter() - calls[-1]) * 1000)

    def counted_push(op_id: str, body: str) -> Any:
        nonlocal singles
        singles += 1
        return real_push(op_id, body)

    client.push_batch = timed_batch  # type: ignore[method-assign]
    client.push = counted_push  # type: ignore[method-assign]
    started = time.perf_counter()
    report = push_pending(desk.ctx, client)
    total_s = time.perf_counter() - started
    client.push_batch, client.push = real_batch, real_push  # type: ignore[method-assign]
    per_batch = [(b - a) * 1000 for a, b in zip(calls, [*calls[1:], started + total_s], strict=True)]

    replay_ms: list[float] = []
    for ops in batches:
        t0 = time.perf_counter()
        answers = real_batch(ops)
        replay_ms.append((time.perf_counter() - t0) * 1000)
        assert all(a.replayed for a in answers), "a replayed batch must change nothing"
    return PushRun(per_batch, in_request, replay_ms, total_s, singles, report)


def measure(url: str, folder: Path, seed_s: float, n_server: int, n_push: int, n_c2c: int) -> list[Figure]:
    store1 = open_store(folder / "counter-1.db")
    one = login(url, "emp-1", store1, "counter-1")

    # The feed alone: every page, nothing applied.
    feed_ms: list[float] = []
    cursor, more = None, True
    while more:
        t0 = time.perf_counter()
        page = one.client.changes(cursor, 0)
        feed_ms.append((time.perf_counter() - t0) * 1000)
        cursor, more = page.cursor, page.has_more

    pull_ms: list[float] = []
    changes = 0
    puller = Puller(one.ctx, one.client, snapshot=False)  # the feed replay (P5A measures the snapshot)
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        report = puller.pull_once()
        pull_ms.append((time.perf_counter() - t0) * 1000)
        changes += report.changes
        if not report.has_more:
            break
    pull_s = time.perf_counter() - started
    with store1.read() as s:
        pulled = s.scalar(select(Shipment.id).order_by(Shipment.id.desc()).limit(1)) or 0

    # Counter 2 starts from the same pulled state (a copy taken now, before counter 1 works).
    store1.close()
    src = sqlite3.connect(folder / "counter-1.db")
    dst = sqlite3.connect(folder / "counter-2.db")
    src.backup(dst)
    dst.close()
    src.close()
    store1 = open_store(folder / "counter-1.db")
    one.ctx.store = store1

    # Prepare the outbox: n_push acceptance scans on the open waybills.
    with store1.read() as s:
        open_numbers = s.scalars(select(Waybill.number).where(Waybill.status == "open").order_by(Waybill.id)).all()
        expected = s.execute(
            select(Shipment.posting_number, Waybill.number)
            .join(Waybill, Waybill.id == Shipment.waybill_id)
            .where(Shipment.status == "expected", Waybill.status == "open")
            .order_by(Shipment.id)
        ).all()
    if len(expected) < n_push + n_c2c:
        raise RuntimeError(f"only {len(expected)} expected shipments on the server's open waybills")
    prep = fast_store(folder / "counter-1.db")
    prep_ctx = WorkflowContext(store=prep, actor=one.ctx.actor)
    for number in open_numbers:
        acceptance.open_waybill(prep_ctx, number)
    prep_started = time.perf_counter()
    for posting, number in expected[:n_push]:
        acceptance.scan(prep_ctx, number, posting)
    prep_s = time.perf_counter() - prep_started
    prep.close()

    push = measure_push(one)

    # Counter to counter.
    store2 = open_store(folder / "counter-2.db")
    two = login(url, "emp-2", store2, "counter-2")
    workers = [SyncWorker(d.ctx, d.client, long_poll=5) for d in (one, two)]
    for w in workers:
        w.start()
    c2c_ms: list[float] = []
    rtt_ms: list[float] = []
    try:
        last = expected[n_push - 1][0]
        wait_for(lambda: status_of(store2, last) == "received", 300, "counter 2 caught up with the pushes")
        for posting, number in expected[n_push : n_push + n_c2c]:
            time.sleep(0.2)  # both long-polls are waiting again
            t0 = time.perf_counter()
            acceptance.scan(one.ctx, number, posting)
            workers[0].wake()
            wait_for(lambda p=posting: status_of(store2, p) == "received", 30, f"{posting} at counter 2")
            c2c_ms.append((time.perf_counter() - t0) * 1000)
            t1 = time.perf_counter()
            two.client.changes(None, 0)
            rtt_ms.append((time.perf_counter() - t1) * 1000)
    finally:
        for w in workers:
            w.stop()
        store1.close()
        store2.close()

    pull_stats, c2c = Stats.of(pull_ms), Stats.of(c2c_ms)
    return [
        Figure(
            "P5a.feed",
            f"initial pull through the feed, {n_server // 1000}k shipments: per page",
            "ms",
            pull_stats,
            "same pages, not applied",
            Stats.of(feed_ms),
            f"{SERVER_SHIPMENTS // 1000}k in ≤ {PULL_TARGET_S:.0f} s",
            pull_s * SERVER_SHIPMENTS / n_server <= PULL_TARGET_S,
            f"total {pull_s:.1f} s for {changes} changes (feed alone {sum(feed_ms) / 1000:.1f} s); "
            f"seeding the server took {seed_s:.0f} s (once, cached)",
            {"total_s": pull_s, "feed_total_s": sum(feed_ms) / 1000, "changes": changes, "shipments": pulled},
        ),
        Figure(
            "P5b",
            f"push {n_push} outbox operations: per batch of {BATCH}",
            "ms",
            Stats.of(push.per_batch_ms),
            "the same batches replayed (same keys)",
            Stats.of(push.replay_ms),
            f"{10_000} in ≤ {PUSH_TARGET_S:.0f} s",
            push.total_s * 10_000 / n_push <= PUSH_TARGET_S,
            f"total {push.total_s:.1f} s = {push.total_s * 1000 / n_push:.2f} ms per op, "
            f"applied {push.report.applied}, refused {len(push.report.refused)}, "
            f"{len(push.per_batch_ms)} batch requests, {push.singles} single; the request itself "
            f"{statistics.median(push.in_request_ms):.1f} ms median, the rest is the counter's bookkeeping; "
            f"making them at the counter took {prep_s:.0f} s (fsync off)",
            {
                "total_s": push.total_s,
                "per_op_ms": push.total_s * 1000 / n_push,
                "applied": push.report.applied,
                "refused": len(push.report.refused),
                "batches": len(push.per_batch_ms),
                "singles": push.singles,
            },
        ),
        Figure(
            "P5c",
            "counter 1 → counter 2",
            "ms",
            c2c,
            "one feed request round trip",
            Stats.of(rtt_ms),
            f"≤ {C2C_TARGET_MS:.0f} ms",
            c2c.max <= C2C_TARGET_MS,
            "SyncWorker long-poll on both counters",
        ),
    ]


if __name__ == "__main__":
    main_of(run)
