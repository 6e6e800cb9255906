"""Has this counter's store anyone to work as? Asked with sqlite3 at start, before SQLAlchemy loads."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def has_employees(db_path: Path) -> bool:
    """True once the point has employees (a standalone setup, or a server's feed pulled)."""
    if not db_path.exists():
        return False
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        try:
            row = db.execute("SELECT 1 FROM employee LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # no table yet
            return False
    return row is not None
