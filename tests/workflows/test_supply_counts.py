"""A supply's counters always equal a recount of its rows: after any mix of scans, repeats,
stray codes, refusals and bagging, after a restart, and after a scan that failed half-way."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from pvz_desktop.core.errors import DomainError
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows import ledger
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.dropoff import bags, supply
from pvz_desktop.workflows.dropoff.supply import SupplyCounts
from tests.workflows.dropoff_builders import announce_supply

SP, SP2 = "SP-0000000301", "SP-0000000302"
PARCELS = [f"OB{400 + i:012d}" for i in range(24)]
OTHER = "OB000000000998"  # of the other supply
STRAYS = ["OB000000000771", "OB000000000772"]  # in no supply


def recount(db: Path, number: str) -> tuple[int, int, int, int, int, int]:
    """expected, received, refused, missing, unexpected, duplicates: counted from the rows and
    the ledger with plain SQL, apart from the code that keeps the counters."""
    conn = sqlite3.connect(db)
    try:
        by_status = dict(
            conn.execute(
                "SELECT s.status, count(*) FROM shipment s JOIN outbound_parcel o ON o.shipment_id = s.id "
                "JOIN supply p ON p.id = o.supply_id WHERE p.number = ? GROUP BY s.status",
                (number,),
            ).fetchall()
        )
        (unexpected,) = conn.execute("SELECT unexpected FROM supply WHERE number = ?", (number,)).fetchone()
        (duplicates,) = conn.execute(
            "SELECT count(*) FROM event WHERE kind = 'supply_duplicate_scan' AND json_extract(details, '$.supply') = ?",
            (number,),
        ).fetchone()
    finally:
        conn.close()
    taken_in = sum(by_status.get(s, 0) for s in ("dropped_off", "in_bag", "handed_to_courier"))
    return (
        sum(by_status.values()),
        taken_in,
        by_status.get("refused_at_dropoff", 0),
        by_status.get("announced", 0),
        len(json.loads(unexpected)),
        duplicates,
    )


def shown(c: SupplyCounts) -> tuple[int, int, int, int, int, int]:
    return (c.expected, c.received, c.refused, c.missing, c.unexpected, c.duplicates)


def test_counters_equal_a_recount_after_any_scans_and_a_restart(tmp_path: Path, actor: Actor) -> None:
    rng = random.Random(15)
    db = tmp_path / "pvz.db"
    store = open_store(db)
    ctx = WorkflowContext(store=store, actor=actor)
    try:
        announce_supply(ctx, SP, PARCELS)
        announce_supply(ctx, SP2, [OTHER], seller="ИП Кузнецов")
        supply.open_supply(ctx, SP)
        bag = bags.open_bag(ctx).barcode
        outcomes: set[str] = set()
        for step in range(160):
            if step == 80:  # a restart: the counters come from the file, not from the process
                store.close()
                store = open_store(db)
                ctx = WorkflowContext(store=store, actor=actor)
                assert shown(supply.counts(ctx, SP)) == recount(db, SP)
            code = rng.choice([*PARCELS, *STRAYS, OTHER])
            action = rng.random()
            try:
                if action < 0.1:
                    result = supply.refuse(ctx, SP, code, "повреждена упаковка")
                elif action < 0.2:
                    bags.put(ctx, bag, code)  # dropped off -> in a bag: still received
                    assert shown(supply.counts(ctx, SP)) == recount(db, SP)
                    continue
                else:
                    result = supply.scan(ctx, SP, code)
            except DomainError:
                assert shown(supply.counts(ctx, SP)) == recount(db, SP)  # a refusal changed nothing
                continue
            outcomes.add(result.outcome.value)
            assert shown(result.counts) == recount(db, SP)
        assert outcomes == {"received", "duplicate", "unexpected", "refused"}  # every path was taken
        assert recount(db, SP2) == (1, 0, 0, 1, 0, 0)  # the other supply was not touched
        assert ledger.verify_chain(ctx).ok
    finally:
        store.close()


def test_a_scan_that_fails_after_its_update_leaves_nothing(ctx: WorkflowContext, monkeypatch) -> None:
    """The parcel's UPDATE ran, then the scan failed before its commit: the parcel is still
    announced, no event or outbox row was written, and the counters say so."""
    db = ctx.store.path
    announce_supply(ctx, SP, PARCELS[:3])
    supply.open_supply(ctx, SP)
    supply.scan(ctx, SP, PARCELS[0])
    before = recount(db, SP)

    def fail(*_args: object) -> None:
        raise OSError("power cut")

    with monkeypatch.context() as m:
        m.setattr(supply, "_counts", fail)  # called after the UPDATE, before the commit
        with pytest.raises(OSError):
            supply.scan(ctx, SP, PARCELS[1])
    assert recount(db, SP) == before == (3, 1, 0, 2, 0, 0)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute(
            "SELECT count(*) FROM event WHERE posting_number = ? AND kind = 'drop_off'", (PARCELS[1],)
        ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM outbox WHERE payload LIKE ?", (f"%{PARCELS[1]}%",)).fetchone() == (0,)
    finally:
        conn.close()
    again = supply.scan(ctx, SP, PARCELS[1])  # scanned again, as the cashier would
    assert again.outcome.value == "received" and shown(again.counts) == recount(db, SP) == (3, 2, 0, 1, 0, 0)
