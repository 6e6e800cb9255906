"""Crash drill: the counter is killed (SIGKILL) at random moments while bags and parcels are
scanned for a courier.

The real child (``counter_child``) reads a pty through the real ScannerHub; the courier's code
opens his pickup and every bag or parcel scanned for him is acknowledged (``ACK``) only after
its commit. The parent scans in bursts and kills the child at a random moment. After each
kill: the file passes ``PRAGMA integrity_check``, every acknowledged scan is kept for the
pickup, the next start opens the pickup with them (``ACK CP… opened N``), nothing left the
point's stock, and the ledger chain verifies. At the end the act is closed from the kept
scans: every bag and parcel exactly once, each with one scan event in the ledger.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from sqlalchemy import select

from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.dropoff import bags, courier, supply
from tests.devices.scanner.ports import PtyPort
from tests.drills import checks
from tests.drills.child import Child
from tests.workflows.dropoff_builders import announce_supply, schedule_pickup

SP, CP = "SP-0000000901", "CP-0000000901"
KILL_WINDOW = 0.4  # seconds of scanning after the pickup opened, within which the kill lands
START_TIMEOUT = 30.0


def seed(db: Path, loose: int) -> tuple[str, ...]:
    """Parcels taken in, three of them in a bag, and the courier's pickup: the codes to scan."""
    parcels = [f"OB{900000000000 + i:012d}" for i in range(loose + 3)]
    store = open_store(db)
    try:
        ctx = WorkflowContext(store=store, actor=Actor("emp-drill", "counter-1"))
        announce_supply(ctx, SP, parcels)
        supply.open_supply(ctx, SP)
        for p in parcels:
            supply.scan(ctx, SP, p)
        bag = bags.open_bag(ctx).barcode
        for p in parcels[:3]:
            bags.put(ctx, bag, p)
        schedule_pickup(ctx, CP)
    finally:
        store.close()
    return (bag, *parcels[3:])


def kept(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [c for (c,) in conn.execute("SELECT code FROM courier_handover_scan ORDER BY id")]


def statuses(db: Path) -> Counter[str]:
    with closing(sqlite3.connect(db)) as conn:
        return Counter(s for (s,) in conn.execute("SELECT status FROM shipment"))


def start(db: Path, port: PtyPort, tmp: Path) -> Child:
    child = Child("tests.drills.counter_child", ["--db", str(db), "--port", port.path], tmp / "err")
    child.wait_for(lambda line: line == "READY", START_TIMEOUT)
    port.write(CP.encode() + b"\r\n")
    return child


def take(line: str, acked: set[str]) -> bool:
    """Note an acknowledgement; True for a scan that was already kept (a resend)."""
    word, _, rest = line.partition(" ")
    assert word == "ACK", f"the counter refused or failed: {line}"
    code, outcome = rest.split(" ")[:2]
    if code == CP:
        return False
    assert outcome in ("handover", "duplicate"), line
    resend = outcome == "duplicate" and code not in acked
    acked.add(code)
    return resend


def test_courier_handover_killed_at_random_moments_keeps_every_acknowledged_scan(tmp_path: Path, size, figures) -> None:
    kills = size(6, 40)
    rng = random.Random(20261203 + kills)
    db = tmp_path / "pvz.db"
    codes = seed(db, loose=size(80, 400))
    before = statuses(db)
    began = time.monotonic()
    acked: set[str] = set()
    resent = 0  # scans acknowledged as already kept: committed just before a kill, not acknowledged
    mid_burst = 0  # kills that landed with some scans acknowledged and others still to come
    with PtyPort() as port:
        for _ in range(kills):
            child = start(db, port, tmp_path)
            try:
                opened = child.wait_for(lambda line: line.startswith(f"ACK {CP} opened"), START_TIMEOUT)
                assert int(opened.split()[-1]) >= len(acked)  # it comes back with what was kept
                port.write(b"".join(c.encode() + b"\r\n" for c in codes if c not in acked))
                until = time.monotonic() + rng.uniform(0, KILL_WINDOW)
                while (left := until - time.monotonic()) > 0:
                    if (line := child.next_line(min(left, 0.05))) is not None:
                        resent += take(line, acked)
            finally:
                rest = child.kill()
            assert child.proc.returncode == -signal.SIGKILL, child.stderr()
            for line in rest:
                resent += take(line, acked)
            mid_burst += 0 < len(acked) < len(codes)
            assert checks.integrity(db) == "ok"
            assert acked <= set(kept(db)), f"acknowledged scans lost by a kill: {sorted(acked - set(kept(db)))}"
            assert statuses(db) == before  # a scan for the courier moves nothing out of stock
            chain = checks.ledger_chain(db)
            assert chain.ok, chain.message

        assert mid_burst, "no kill landed while the scans were being written"
        child = start(db, port, tmp_path)  # a last life: what was not acknowledged is scanned again
        try:
            child.wait_for(lambda line: line.startswith(f"ACK {CP} opened"), START_TIMEOUT)
            port.write(b"".join(c.encode() + b"\r\n" for c in codes if c not in acked))
            while acked != set(codes):
                line = child.next_line(START_TIMEOUT)
                assert line is not None, child.stderr()
                resent += take(line, acked)
            assert child.close_stdin_and_wait(START_TIMEOUT)[-1:] == ["BYE"]
        finally:
            child.kill()

    assert sorted(kept(db)) == sorted(codes)  # each once, however often it was scanned
    store = open_store(db)
    try:
        ctx = WorkflowContext(store=store, actor=Actor("emp-drill", "counter-1"))
        act = courier.hand_over(ctx, CP)
        with store.read() as s:
            scans = Counter(s.scalars(select(Event.details).where(Event.kind == "courier_handover_scan")))
    finally:
        store.close()
    assert sorted(i.code for i in act.items) == sorted(codes) and act.total_parcels == len(codes) + 2
    assert len(scans) == len(codes) and set(scans.values()) == {1}
    assert statuses(db)["handed_to_courier"] == len(codes) + 2 and kept(db) == []
    assert checks.ledger_chain(db).ok and checks.integrity(db) == "ok"
    name = "handover crash"
    figures(name, "kills (with scans still to come)", f"{kills} ({mid_burst})")
    figures(name, "bags and parcels scanned for the courier", len(codes))
    figures(name, "resent scans found already kept", resent)
    figures(name, "wall time s", f"{time.monotonic() - began:.1f}")
