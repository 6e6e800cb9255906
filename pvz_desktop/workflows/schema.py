"""Which schema revision a counter database file is at («О программе» shows it to support)."""

from __future__ import annotations

from pathlib import Path

from pvz_desktop.store.migrate import current_revision


def schema_revision(db_path: Path) -> str | None:
    """The recorded revision, or None for a new (never migrated) file; the file is only read."""
    return current_revision(db_path)
