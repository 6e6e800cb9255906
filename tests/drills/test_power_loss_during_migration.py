"""Power-loss drill: the start-up upgrade from revision 0001 to head is killed (SIGKILL) in a child.

First at known points: the child pauses inside the upgrade's transaction after each revision
and the parent kills it there. Then at random moments of the whole start-up (backup, upgrade,
commit). After each kill the file is either the old database untouched or the new one
complete, never in between: same schema as a clean database of that revision, same rows. Every
file named as a backup is a whole copy (a cut during the copy leaves only a ``.part``), and the
next start finishes the upgrade.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text, update

from pvz_desktop.store.engine import Store
from pvz_desktop.store.migrate import alembic_config, head_revision, open_store, upgrade_database
from pvz_desktop.store.models import Shift, Shipment
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.drills import checks
from tests.drills.child import Child
from tests.drills.point import seed_point

OLD = "0001"
HEAD = head_revision()
STEPS = len(list(ScriptDirectory.from_config(alembic_config()).iterate_revisions(HEAD, OLD)))
TIMEOUT = 30.0


@dataclass(frozen=True)
class OldDatabase:
    path: Path  # a counter's file at revision 0001 with a working day in it; copied, never changed
    rows: dict[str, list[tuple[object, ...]]]
    rows_head: dict[str, list[tuple[object, ...]]]  # the same file after an uninterrupted upgrade
    schema_old: list[tuple[str, str, str, str]]  # of a clean database at 0001
    schema_head: list[tuple[str, str, str, str]]  # of a clean database at head
    next_posting: str  # still expected: scanned after the upgrade to prove the program works


def _ctx(store: Store) -> WorkflowContext:
    return WorkflowContext(store, Actor(employee_id="emp-1", workstation="counter-1"))


@pytest.fixture(scope="module")
def old_db(tmp_path_factory: pytest.TempPathFactory) -> OldDatabase:
    base = tmp_path_factory.mktemp("old-db")
    clean_old, clean_head, path = base / "clean-old.db", base / "clean-head.db", base / "counter-0001.db"
    upgrade_database(clean_old, target=OLD)
    upgrade_database(clean_head)
    upgrade_database(path, target=OLD)
    store = Store(path)
    try:
        point = seed_point(store, expected=120, customers=100, rng=random.Random(1), plaintext_pins=True)
        ctx = _ctx(store)
        acceptance.open_waybill(ctx, point.waybill)
        # Half the waybill received. Written directly: today's workflows read customers with the
        # columns of the head schema (pickup-code verifiers), which a 0001 file does not have.
        with store.write() as s:
            s.execute(
                update(Shipment).where(Shipment.posting_number.in_(point.expected[:60])).values(status="received")
            )
        with store.write() as s:
            # The 0001 columns only (today's model has more, e.g. a standalone point's password hash).
            s.execute(
                text(
                    "INSERT INTO employee (id, display_name, role, point_id, active) "
                    "VALUES (:id, :name, 'employee', '', 1)"
                ),
                [{"id": f"emp-{n}", "name": f"Сотрудник {n}"} for n in range(1, 4)],
            )
            s.add_all(Shift(employee_id=f"emp-{n % 3 + 1}", workstation="counter-1", closed_at=None) for n in range(1))
            s.add_all(Shift(employee_id=f"emp-{n % 3 + 1}", workstation="counter-1") for n in range(1, 40))
        with store.write() as s:  # every shift but the first is closed
            for shift in s.query(Shift).filter(Shift.id > 1):
                shift.closed_at = shift.opened_at
    finally:
        store.close()
    data_tables = [name for kind, name, _, _ in checks.schema(path) if kind == "table" and name != "alembic_version"]
    # What an upgrade that nobody interrupts makes of it (the verifiers' migration drops the PINs).
    upgraded = shutil.copy(path, base / "upgraded.db")
    upgrade_database(Path(upgraded))
    return OldDatabase(
        path,
        checks.table_rows(path, data_tables),
        checks.table_rows(Path(upgraded), data_tables),
        checks.schema(clean_old),
        checks.schema(clean_head),
        point.expected[60],
    )


def _copy(old: OldDatabase, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(old.path, target)
    return target


def assert_whole(db: Path, old: OldDatabase) -> str:
    """The file is the old database untouched or the upgraded one complete; returns its revision."""
    assert checks.integrity(db) == "ok"
    rev = checks.revision(db)
    assert rev in (OLD, HEAD), f"half-migrated: revision {rev}"
    assert checks.schema(db) == (old.schema_old if rev == OLD else old.schema_head), f"schema is not that of {rev}"
    expected = old.rows if rev == OLD else old.rows_head
    assert checks.table_rows(db, list(old.rows)) == expected, "rows changed"
    return rev


def assert_works_after_start(db: Path, old: OldDatabase) -> None:
    """The next start upgrades it and the counter scans."""
    store = open_store(db)
    try:
        assert checks.revision(db) == HEAD
        assert checks.schema(db) == old.schema_head
        assert checks.table_rows(db, list(old.rows)) == old.rows_head
        assert checks.ledger_chain(db).ok
        result = acceptance.scan(_ctx(store), "TN-0000000001", old.next_posting)
        assert result.outcome is acceptance.ScanOutcome.RECEIVED
    finally:
        store.close()
    assert checks.ledger_chain(db).ok


@pytest.mark.parametrize("pause_at", range(1, STEPS + 1))
def test_kill_inside_the_upgrade_transaction_keeps_the_old_database(
    old_db: OldDatabase, tmp_path: Path, pause_at: int
) -> None:
    db = _copy(old_db, tmp_path / "pvz.db")
    child = Child("tests.drills.migrate_child", ["--db", str(db), "--pause-at", str(pause_at)], tmp_path / "err")
    seen: list[str] = []
    try:
        child.wait_for(lambda line: line == "PAUSED", TIMEOUT, seen)
    finally:
        child.kill()
    assert [line.split(" ")[1] for line in seen if line.startswith("STEP")] == [str(n) for n in range(1, pause_at + 1)]

    assert assert_whole(db, old_db) == OLD  # the transaction was not committed: nothing of it is left
    backups = sorted(tmp_path.glob("pvz.db.before-*.bak"))
    assert len(backups) == 1, backups
    assert assert_whole(backups[0], old_db) == OLD  # the backup is a usable copy of the old file

    again = Child("tests.drills.migrate_child", ["--db", str(db)], tmp_path / "err")
    try:
        again.wait_for(lambda line: line == f"DONE {HEAD}", TIMEOUT)
    finally:
        again.finish()
    assert again.proc.returncode == 0
    assert assert_whole(db, old_db) == HEAD
    assert_works_after_start(db, old_db)


def test_power_cut_at_random_moments_of_the_upgrade(
    old_db: OldDatabase, tmp_path: Path, size, long_run, figures
) -> None:
    cuts = size(5, 60)
    rng = random.Random(4242 + cuts)

    # How long the upgrade takes here, from BEGIN to DONE: the cuts land within 1.5 times that.
    calib = _copy(old_db, tmp_path / "calib" / "pvz.db")
    child = Child("tests.drills.migrate_child", ["--db", str(calib)], tmp_path / "err")
    try:
        child.wait_for(lambda line: line == "BEGIN", TIMEOUT)
        began = time.monotonic()
        child.wait_for(lambda line: line.startswith("DONE"), TIMEOUT)
        duration = time.monotonic() - began
    finally:
        child.finish()

    outcomes = {OLD: 0, HEAD: 0}
    partial_copies = 0
    for n in range(cuts):
        db = _copy(old_db, tmp_path / f"cut-{n}" / "pvz.db")
        child = Child("tests.drills.migrate_child", ["--db", str(db)], tmp_path / "err")
        try:
            child.wait_for(lambda line: line == "BEGIN", TIMEOUT)
            cut_at = time.monotonic() + rng.uniform(0, 1.5 * duration)
            while child.next_line(cut_at - time.monotonic()) is not None:
                pass  # STEP and DONE lines may come before the cut
        finally:
            child.kill()
        outcomes[assert_whole(db, old_db)] += 1
        for backup in db.parent.glob("pvz.db.before-*.bak"):
            assert checks.is_copy_of(backup, old_db.rows), f"{backup.name} looks like a backup but is not a whole one"
        partial_copies += len(list(db.parent.glob("*.part")))  # cut during the backup: plainly marked unfinished
        assert_works_after_start(db, old_db)

    name = "migration power cut (long)" if long_run else "migration power cut"
    figures(name, "upgrade 0001->head s", f"{duration:.3f}")
    figures(name, "cuts", cuts)
    figures(name, "old database intact / upgrade complete", f"{outcomes[OLD]}/{outcomes[HEAD]}")
    figures(name, "cuts during the backup (a .part left, no .bak)", partial_copies)
