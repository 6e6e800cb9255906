"""A database as a newer version of the program leaves it: a revision this version has no file for."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pvz_desktop.store.migrate import upgrade_database

FUTURE_REVISION = "9999_future"


def newer_database(db: Path) -> bytes:
    """Create ``db`` at head, then mark it with a future revision; returns its bytes."""
    upgrade_database(db)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num=?", (FUTURE_REVISION,))
    con.commit()
    con.close()
    return db.read_bytes()
