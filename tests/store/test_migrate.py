from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pvz_desktop.store.engine import create_store_engine
from pvz_desktop.store.migrate import (
    current_revision,
    head_revision,
    upgrade_database,
)
from pvz_desktop.store.models import Base


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


PIN = "73915846"  # a PIN no other value in these files contains


def _old_point(db: Path) -> None:
    """A counter database from before verifiers: a customer with a plaintext PIN, a shipment, a cursor."""
    upgrade_database(db, "0003")
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO customer (id, display_name, phone_last4, pickup_pin, pickup_pin_date)"
        f" VALUES ('48213377','Иванова А.','1234','{PIN}', NULL)"
    )
    con.execute("INSERT INTO cell (id, code, zone, rack, shelf, capacity) VALUES (1,'C-A-01-03','A',1,3,10)")
    con.execute(
        "INSERT INTO shipment (posting_number, order_number, customer_id, status, cell_id, amount_due, adult_only,"
        " arrived_unexpected, created_at, updated_at, version)"
        " VALUES ('0123604587-1235-1','0123604587','48213377','stored',1,150000,0,0,'2026-11-01 10:00:00',"
        "'2026-11-01 10:00:00',3)"
    )
    con.execute("INSERT INTO sync_state (id, cursor) VALUES (1, 'epoch:41')")
    con.commit()
    con.close()


def _files_with(folder: Path, needle: bytes) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes())


def test_upgrade_keeps_data_drops_plaintext_pins_and_their_backup(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    _old_point(db)
    assert _files_with(tmp_path, PIN.encode()) != []  # the check below can see a PIN where there is one
    seen_backups: set[Path] = set()

    def during(**_: object) -> None:
        seen_backups.update(tmp_path.glob("pvz.db.*.bak"))

    result = upgrade_database(db, on_step=during)

    assert (result.from_revision, result.to_revision) == ("0003", head_revision())
    con = sqlite3.connect(db)
    row = con.execute(
        "SELECT s.posting_number, s.status, s.amount_due, c.code, cu.display_name FROM shipment s"
        " JOIN cell c ON c.id = s.customer_id * 0 + s.cell_id JOIN customer cu ON cu.id = s.customer_id"
    ).fetchone()
    assert row == ("0123604587-1235-1", "stored", 150000, "C-A-01-03", "Иванова А.")
    columns = [r[1] for r in con.execute("PRAGMA table_info(customer)")]
    assert "pickup_pin" not in columns
    assert con.execute("SELECT pickup_verifier, pickup_pin_date FROM customer").fetchone() == (None, None)
    # The feed is read again from the start: the server sends every customer's verifier.
    assert con.execute("SELECT cursor FROM sync_state").fetchone() == (None,)
    con.close()
    # There was a backup while upgrading (the way back); it held the PINs, so it is gone now.
    assert len(seen_backups) == 1 and result.backup_path is None and not seen_backups.pop().exists()
    # No PIN anywhere in the folder: the file (old pages zeroed), its WAL, backups.
    assert _files_with(tmp_path, PIN.encode()) == []


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
    assert list(tmp_path.glob("*.bak")) == []  # made, and deleted after: it held pickup PINs
