from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pvz_desktop.store.engine import create_store_engine
from pvz_desktop.store.migrate import (
    StoreTooNew,
    current_revision,
    head_revision,
    open_store,
    upgrade_database,
)
from pvz_desktop.store.models import Base
from tests.store.newer import newer_database


def test_new_database_is_created_at_head_without_a_backup(tmp_path: Path) -> None:
    result = upgrade_database(tmp_path / "pvz.db")
    assert result.from_revision is None
    assert result.to_revision == head_revision()
    assert result.backup_path is None
    assert current_revision(tmp_path / "pvz.db") == head_revision()
    assert list(tmp_path.glob("*.bak")) == []


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    upgrade_database(tmp_path / "pvz.db")
    engine = create_store_engine(tmp_path / "pvz.db")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], "models changed without a migration"


def test_upgrade_from_first_revision_keeps_data_and_backs_up(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    upgrade_database(db, "0001")
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO customer (id, display_name, phone_last4, pickup_pin)"
        " VALUES ('48213377','Иванова А.','1234','5521')"
    )
    con.execute("INSERT INTO cell (id, code, zone, rack, shelf, capacity) VALUES (1,'C-A-01-03','A',1,3,10)")
    con.execute(
        "INSERT INTO shipment (posting_number, order_number, customer_id, status, cell_id, amount_due, adult_only,"
        " arrived_unexpected, created_at, updated_at, version)"
        " VALUES ('0123604587-1235-1','0123604587','48213377','stored',1,150000,0,0,'2026-11-01 10:00:00',"
        "'2026-11-01 10:00:00',3)"
    )
    con.commit()
    con.close()

    result = upgrade_database(db)

    assert (result.from_revision, result.to_revision) == ("0001", head_revision())
    assert result.backup_path is not None and result.backup_path.exists()
    con = sqlite3.connect(db)
    row = con.execute(
        "SELECT s.posting_number, s.status, s.amount_due, c.code, cu.display_name FROM shipment s"
        " JOIN cell c ON c.id = s.cell_id JOIN customer cu ON cu.id = s.customer_id"
    ).fetchone()
    assert row == ("0123604587-1235-1", "stored", 150000, "C-A-01-03", "Иванова А.")
    assert con.execute("SELECT count(*) FROM pickup_lockout").fetchone() == (0,)
    con.close()
    # The backup is the database as it was: still at the first revision, with the data.
    bak = sqlite3.connect(result.backup_path)
    assert bak.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert bak.execute("SELECT count(*) FROM shipment").fetchone() == (1,)
    assert bak.execute("SELECT name FROM sqlite_master WHERE name='pickup_lockout'").fetchone() is None
    bak.close()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    before = newer_database(db)

    with pytest.raises(StoreTooNew) as err:
        open_store(db)

    assert "более новой версией" in err.value.message
    assert db.read_bytes() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_failed_upgrade_leaves_the_old_schema(tmp_path: Path) -> None:
    """The upgrade is one transaction: a failure after a step leaves the file at the old revision."""
    db = tmp_path / "pvz.db"
    upgrade_database(db, "0001")

    def power_cut(**_: object) -> None:
        raise RuntimeError("power cut")  # the 0002 step has run inside the transaction

    with pytest.raises(RuntimeError):
        upgrade_database(db, on_step=power_cut)
    assert current_revision(db) == "0001"
    con = sqlite3.connect(db)
    assert con.execute("SELECT name FROM sqlite_master WHERE name='pickup_lockout'").fetchone() is None
    con.close()
    # And the next start completes the upgrade.
    assert upgrade_database(db).to_revision == head_revision()
    assert current_revision(db) == head_revision()


def test_engine_pragmas(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pvz.db")
    with store.engine.connect() as conn:
        pragmas = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    store.close()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": 2}


def test_write_rolls_back_everything_on_error(tmp_path: Path) -> None:
    from pvz_desktop.store.models import Cell

    store = open_store(tmp_path / "pvz.db")
    with pytest.raises(RuntimeError), store.write() as s:
        s.add(Cell(code="C-A-01-01", zone="A", rack=1, shelf=1, capacity=5))
        s.flush()
        raise RuntimeError
    with store.read() as s:
        assert s.query(Cell).count() == 0
    store.close()


def test_head_revision_from_the_files_is_alembics(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from pvz_desktop.store.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_database_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    """Every ordinary start: the revision is read with sqlite3, Alembic (and Mako) stay unloaded."""
    db = tmp_path / "pvz.db"
    upgrade_database(db)
    before = db.read_bytes()
    probe = (
        "import sys; from pvz_desktop.store.migrate import open_store; "
        f"store = open_store({str(db)!r}); store.close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
    assert list(tmp_path.glob("*.bak")) == []
    assert db.read_bytes() == before


def test_a_database_behind_head_still_goes_through_alembic(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    upgrade_database(db, "0001")
    probe = (
        "import sys; from pvz_desktop.store.migrate import open_store; "
        f"store = open_store({str(db)!r}); store.close(); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "True"
    assert current_revision(db) == head_revision()
    assert len(list(tmp_path.glob("*.bak"))) == 1
