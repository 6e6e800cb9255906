"""The central server's migrations build exactly the tables its models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pvz_central.db import CentralDB
from pvz_central.models import Base


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = CentralDB(f"sqlite:///{tmp_path / 'c.db'}")
    db.upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.close()
    assert diff == []
