"""Damaged-database drill: a counter file with a corrupted page, started as the program starts.

A point with a working day in it (a waybill accepted: 240 operations in the outbox, 60 of them
already sent) is copied and one page of the copy is overwritten with garbage: a page of the
shipments table, then (in a second copy) a page of the outbox itself, then the first page. The
counter is started on it with ``start_counter``, a server configured. Checked: the damage is
found (``quick_check``), the file is moved aside byte for byte unchanged, the window says so in
plain words, names what could not be read and offers to rebuild from the server; nothing was
written to the damaged file meanwhile (every write waits for the check's verdict); «Восстановить
с сервера» makes a fresh database holding every readable pending operation with its idempotency
key and no sync cursor (the point is pulled anew), and the window starts again over it.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pvz_desktop import app as counter_app
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import MemoryVault
from pvz_desktop.config import Settings
from pvz_desktop.gui import application
from pvz_desktop.gui.damaged_database import DamagedDatabaseDialog
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.database_recovery import quick_check, salvage_outbox
from tests.builders import PointBuilder, the_test_pickup_key

WAYBILL = "TN-0000000077"
SCANS = 240
SENT = 60


@pytest.fixture(scope="module")
def day_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sound counter file after a day of acceptance; WAL checkpointed into the file."""
    path = tmp_path_factory.mktemp("day") / "pvz.db"
    store = open_store(path)
    ctx = WorkflowContext(store, Actor(employee_id="emp-1", workstation="c-1"), pickup_key=the_test_pickup_key)
    point = PointBuilder(store)
    point.add_waybill(WAYBILL)
    postings = [point.add_shipment(customer=None, waybill=WAYBILL) for _ in range(SCANS)]
    acceptance.open_waybill(ctx, WAYBILL)
    for posting in postings:
        acceptance.scan(ctx, WAYBILL, posting)
    store.close()
    with closing(sqlite3.connect(path)) as con, con:
        # The first operations went out before the damage: only the later ones are still pending.
        con.execute("UPDATE outbox SET state = 'sent' WHERE id <= ?", (SENT,))
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert quick_check(path) == ()
    return path


def pending_ops(path: Path) -> list[tuple[int, str, str, str]]:
    with closing(sqlite3.connect(path)) as con:
        return con.execute("SELECT id, op_id, kind, payload FROM outbox WHERE state = 'pending' ORDER BY id").fetchall()


def leaf_pages(path: Path, table: str) -> list[int]:
    """The table's leaf pages in key order (dbstat's path order walks the b-tree left to right)."""
    with closing(sqlite3.connect(path)) as con:
        rows = con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", (table,))
        return [r[0] for r in rows]


def outbox_ids_on(path: Path, page: int) -> list[int]:
    """The outbox rows stored on a leaf page (read before the page is damaged): rows lie in id
    order across the leaves, so the page's rows are the ids after those on the leaves before it."""
    with closing(sqlite3.connect(path)) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM outbox ORDER BY id")]
        cells = dict(con.execute("SELECT pageno, ncell FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf'"))
    leaves = leaf_pages(path, "outbox")
    first = sum(cells[p] for p in leaves[: leaves.index(page)])
    return ids[first : first + cells[page]]


def damage(path: Path, page: int) -> None:
    """Overwrite the page's header and cell pointers with garbage, as a bad sector would."""
    with closing(sqlite3.connect(path)) as con:
        size = con.execute("PRAGMA page_size").fetchone()[0]
    with open(path, "r+b") as f:
        f.seek((page - 1) * size + (100 if page == 1 else 0))
        f.write(b"\xa5\x5a" * 32)


def aside_file(data: Path) -> Path:
    """The damaged file as it was put aside (not its -wal or -shm beside it)."""
    (aside,) = [p for p in data.glob("pvz.db.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    return aside


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def start(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    hosts: list[application.WindowHost] = []
    # A configured server, its login kept in memory instead of the OS keyring.
    monkeypatch.setattr(
        application, "server_auth", lambda s: AuthSession(s.api_url, MemoryVault()) if s.api_url else None
    )

    def run(settings: Settings) -> application.WindowHost:
        host = counter_app.start_counter(settings, ask_login=False)
        hosts.append(host)
        return host

    yield run
    for host in hosts:
        host.stop()
        host.window.deleteLater()
    QApplication.processEvents()


def settings_for(data: Path, *, server: bool) -> Settings:
    return Settings(
        data_dir=data,
        scanners="",
        printer="",
        api_url="http://127.0.0.1:9" if server else "",
        point_name="ПВЗ",
        workstation="c-1",
    )


def dialog_of(qtbot, host: application.WindowHost) -> DamagedDatabaseDialog:
    qtbot.waitUntil(lambda: host.damaged is not None and host.damaged.isVisible(), timeout=20_000)
    assert host.damaged is not None
    return host.damaged


def test_a_damaged_shipment_page_is_found_set_aside_and_rebuilt_with_every_pending_operation(
    qtbot, day_file: Path, tmp_path: Path, start
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "pvz.db"
    shutil.copyfile(day_file, db)
    expected_ops = pending_ops(db)
    damage(db, leaf_pages(db, "shipment")[len(leaf_pages(db, "shipment")) // 2])
    damaged_digest = digest(db)

    host = start(settings_for(data, server=True))
    dialog = dialog_of(qtbot, host)
    aside = aside_file(data)
    assert digest(aside) == damaged_digest, "the damaged file was changed"
    assert not Path(f"{aside}-wal").exists() or Path(f"{aside}-wal").stat().st_size == 0
    assert aside.name in dialog.text() and "повреждение" in dialog.text()
    info = dialog.informativeText()
    assert f"будет сохранено: {len(expected_ops)}." in info and "Все записи очереди прочитаны" in info
    assert "Восстановить базу с сервера" in info or "восстановить базу с сервера" in info
    assert dialog.rebuild_button is not None

    old_window = host.window
    qtbot.mouseClick(dialog.rebuild_button, qtbot_button())
    qtbot.waitUntil(lambda: host.window is not old_window and host.ready, timeout=20_000)
    assert quick_check(db) == ()
    assert [op[1:] for op in pending_ops(db)] == [op[1:] for op in expected_ops]
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT count(*) FROM shipment").fetchone()[0] == 0  # pulled anew from the server
        assert con.execute("SELECT count(*) FROM sync_state WHERE cursor IS NOT NULL").fetchone()[0] == 0
    assert digest(aside) == damaged_digest


def test_a_damaged_outbox_page_loses_only_its_own_rows_and_says_which(
    qtbot, day_file: Path, tmp_path: Path, start
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "pvz.db"
    shutil.copyfile(day_file, db)
    leaves = leaf_pages(db, "outbox")
    page = leaves[-2]  # among the pending ones
    lost = outbox_ids_on(db, page)
    readable = [op for op in pending_ops(db) if op[0] not in lost]
    damage(db, page)

    host = start(settings_for(data, server=True))
    dialog = dialog_of(qtbot, host)
    info = dialog.informativeText()
    assert f"будет сохранено: {len(readable)}." in info
    assert f"Не удалось прочитать записей очереди: {len(lost)} (№ {lost[0]}, " in info
    aside = aside_file(data)
    salvage = salvage_outbox(aside)
    assert list(salvage.unreadable) == lost
    qtbot.mouseClick(dialog.rebuild_button, qtbot_button())
    qtbot.waitUntil(lambda: host.ready and host.damaged is None, timeout=20_000)
    assert [op[1:] for op in pending_ops(db)] == [op[1:] for op in readable]


def test_a_damaged_first_page_without_a_server_is_reported_and_the_program_closes(
    qtbot, day_file: Path, tmp_path: Path, start
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "pvz.db"
    shutil.copyfile(day_file, db)
    damage(db, 1)
    damaged_digest = digest(db)

    host = start(settings_for(data, server=False))
    dialog = dialog_of(qtbot, host)
    assert dialog.rebuild_button is None
    assert "Сервер не настроен" in dialog.informativeText()
    aside = aside_file(data)
    assert digest(aside) == damaged_digest
    assert not db.exists()  # nothing was made in its place without the cashier's word
    with qtbot.waitSignal(host.window.closed, timeout=5000):
        dialog.reject()


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_writes_wait_for_the_check_and_a_damaged_verdict_refuses_them(tmp_path: Path) -> None:
    import threading

    from pvz_desktop.core.errors import DatabaseDamaged
    from pvz_desktop.store.models import Cell

    store = open_store(tmp_path / "pvz.db")
    verdict: list[tuple[str, ...]] = []
    given = threading.Event()

    def check() -> tuple[str, ...]:
        given.wait(10)
        return verdict[0]

    store.gate_writes(check)
    outcome: list[BaseException | None] = []

    def write() -> None:
        try:
            with store.write() as s:
                s.add(Cell(code="C-A-01-01", zone="A", rack=1, shelf=1, capacity=1))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.3)
    assert writer.is_alive() and not outcome  # held until the check has spoken
    verdict.append(("*** in database main ***\nPage 7: btreeInitPage() returns error code 11",))
    given.set()
    writer.join(10)
    assert isinstance(outcome[0], DatabaseDamaged)
    with store.read() as s:
        assert s.query(Cell).count() == 0
    store.close()
