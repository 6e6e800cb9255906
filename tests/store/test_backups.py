"""Backups made before upgrades: the newest few are kept, older ones and cut-off copies go."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pvz_desktop.store.migrate import KEEP_BACKUPS, prune_backups, upgrade_database


def _old_backup(db: Path, name: str, age_days: int) -> Path:
    p = db.with_name(f"{db.name}.{name}.bak")
    p.write_bytes(b"SQLite format 3\x00 an older copy")
    t = time.time() - age_days * 86400
    os.utime(p, (t, t))
    return p


def test_an_upgrade_keeps_the_newest_backups_and_removes_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    upgrade_database(db, "0001")
    olds = [_old_backup(db, f"before-000{i}-2026010{i}-000000", age_days=30 - i) for i in range(1, 5)]
    cut_off = db.with_name(f"{db.name}.before-0002-20260105-000000.bak.part")
    cut_off.write_bytes(b"half")
    other = _old_backup(tmp_path / "other.db", "before-0002-20260101-000000", age_days=40)
    lookalike = _old_backup(tmp_path / "pvz.db2", "before-0002-20260101-000000", age_days=40)

    result = upgrade_database(db)

    # The upgrade's own backup holds plaintext pickup PINs (schema 0001): deleted once it went through.
    assert result.backup_path is None
    kept = sorted(p.name for p in tmp_path.glob("pvz.db.*.bak"))
    # The three newest old ones; the oldest and the cut-off copy are gone.
    assert kept == sorted([olds[3].name, olds[2].name, olds[1].name])
    assert len(kept) == KEEP_BACKUPS
    assert not cut_off.exists() and not olds[0].exists()
    assert other.exists() and lookalike.exists()  # another database's backups are not ours


def test_pruning_with_few_backups_removes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    one = _old_backup(db, "before-0002-20260101-000000", age_days=1)
    assert prune_backups(db) == [] and one.exists()
