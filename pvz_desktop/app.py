"""Composition root: settings, store, devices and the window are wired together here."""

from __future__ import annotations

import logging
import sqlite3
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from pvz_desktop.config import Settings, SettingsError, default_data_dir
from pvz_desktop.core.errors import DatabaseDamaged
from pvz_desktop.store.migrate import StoreTooNew, ensure_schema, open_store
from pvz_desktop.workflows.database_recovery import IntegrityCheck

if TYPE_CHECKING:
    from pvz_desktop.demo.embedded_server import EmbeddedServer
    from pvz_desktop.gui.application import WindowHost
    from pvz_desktop.workflows.context import WorkflowContext

log = logging.getLogger("pvz_desktop")


def load_settings(data_dir: str | None = None, *, demo: bool = False) -> Settings:
    base = Path(data_dir) if data_dir else default_data_dir()
    # The demo point keeps its own database, config and log beside the real ones.
    return Settings(data_dir=base / "demo" if demo and not data_dir else base)


def setup_logging(data_dir: Path) -> None:
    from logging.handlers import RotatingFileHandler  # here: it brings in socket and pickle at start

    class LogFile(RotatingFileHandler):
        """On a full disk a line that cannot be written is dropped quietly: the default prints a
        traceback to stderr for every record, and the counter goes on working without its log."""

        def handleError(self, record: logging.LogRecord) -> None:
            if isinstance(sys.exc_info()[1], OSError):
                return
            super().handleError(record)

    data_dir.mkdir(parents=True, exist_ok=True)
    handler = LogFile(data_dir / "pvz-desktop.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def set_aside_generated_demo(settings: Settings) -> Path | None:
    """A demo database made by the offline generator (shipments, never synced) does not match
    the embedded server's point: every operation on it would be refused. It is renamed aside so
    sync fills a fresh one; returns the new name, or None when there was nothing to move."""
    if not settings.db_path.exists():
        return None
    from sqlalchemy import func, select

    from pvz_desktop.store.models import Shipment, SyncState

    store = open_store(settings.db_path)
    try:
        with store.read() as session:
            synced = session.scalar(select(func.count()).select_from(SyncState).where(SyncState.cursor.is_not(None)))
            shipments = session.scalar(select(func.count()).select_from(Shipment))
    finally:
        store.close()
    if synced or not shipments:
        return None
    aside = settings.db_path.with_name("pvz-generated.db")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{settings.db_path}{suffix}")
        if part.exists():
            part.replace(Path(f"{aside}{suffix}"))
    log.info("demo: the generated database was moved to %s; the demo point is pulled from the server", aside)
    return aside


def start_demo(settings: Settings, *, shipments: int = 500) -> EmbeddedServer:
    """The demo's own central server, seeded once in the demo folder, its employee logged in.

    The counter's demo database is the one sync fills from that server, so every operation
    made in the demo is accepted (or refused) by a real server, as at a real point."""
    from pvz_desktop.demo.embedded_server import start_embedded_server

    set_aside_generated_demo(settings)
    return start_embedded_server(settings.data_dir, shipments=shipments)


def pull_demo_point(ctx: WorkflowContext, server: EmbeddedServer) -> int:
    """Fill (or bring up to date) the counter's cache before the window opens."""
    from pvz_desktop.sync.client import CentralClient
    from pvz_desktop.sync.puller import pull_all

    return pull_all(ctx, CentralClient(server.auth))


def make_context(
    settings: Settings,
    employee_id: str,
    employee_name: str,
    *,
    point_id: str = "",
    point_name: str = "",
    integrity: IntegrityCheck | None = None,
) -> WorkflowContext:
    """``integrity``: the start's check of the file; an upgrade waits for it, and so does every write."""
    from pvz_desktop.workflows.context import Actor, Rules, WorkflowContext

    if integrity is None:
        store = open_store(settings.db_path)
    else:
        try:
            store = open_store(settings.db_path, integrity.raise_if_damaged)
        except sqlite3.DatabaseError as exc:  # SQLite cannot even read the schema: damaged, in the check's words
            raise DatabaseDamaged(integrity.result() or (str(exc),)) from exc
        store.gate_writes(integrity.result)
    actor = Actor(
        employee_id=employee_id,
        workstation=settings.workstation,
        employee_name=employee_name,
        point_id=point_id,
        point_name=point_name or settings.point_name,
    )
    from sqlalchemy.exc import DatabaseError

    from pvz_desktop.core.clock import CounterClock
    from pvz_desktop.workflows.ledger import latest_event_time

    try:
        floor = latest_event_time(store)
    except DatabaseError:  # a damaged file: the integrity check says so; the clock does not need it
        floor = None
    return WorkflowContext(
        store=store,
        actor=actor,
        rules=Rules(
            storage_days=settings.storage_days, fitting_minutes=settings.fitting_minutes, require_open_shift=True
        ),
        clock=CounterClock(floor=floor),
    )


def verify_ledger(data_dir: str | None = None) -> int:
    from pvz_desktop.workflows.ledger import verify_chain

    settings = load_settings(data_dir)
    ctx = make_context(settings, "system", "")
    report = verify_chain(ctx)
    print(report.message)
    return 0 if report.ok else 1


def start_counter(settings: Settings, *, ask_login: bool = True) -> WindowHost | None:
    """The counter's cold start, up to its window on screen; the store and the pages follow behind it.
    A fresh install shows the first-run screen first (None: it was closed, nothing is started).

    The schema is checked first, with sqlite3 (an older file is upgraded, with its backup, as
    before): a database from a newer version raises StoreTooNew before any window opens.

    The file's integrity check (``quick_check``) starts first, on its own thread: reads, and the
    first scan's card, go on meanwhile; an upgrade and every write wait for its verdict. A damaged
    file is reported in the window (``WindowHost``), never opened for writing."""
    check = IntegrityCheck(settings.db_path).start()
    # A damaged file is opened again behind the frame, where the failure is shown and the rebuild offered.
    with suppress(DatabaseDamaged, sqlite3.DatabaseError):
        ensure_schema(settings.db_path, check.raise_if_damaged)
    from pvz_desktop.gui.application import open_counter_window

    def open_context() -> WorkflowContext:
        # Nobody yet: the login (the server's, or the local list's) says who works at the counter.
        return make_context(settings, "", "", integrity=check)

    try:
        fresh = needs_first_run(settings)
    except sqlite3.DatabaseError:  # a damaged file is no fresh install: the window reports it
        fresh = False
    if fresh:
        from pvz_desktop.gui.application import first_run

        if not first_run(settings, open_context):
            return None
    return open_counter_window(settings, open_context, ask_login=ask_login, integrity=check)


def needs_first_run(settings: Settings) -> bool:
    """A fresh install: no server to log in at and no one in the store to log in as."""
    from pvz_desktop.store.set_up import has_employees

    return not settings.api_url and not has_employees(settings.db_path)


def run(*, demo: bool = False, data_dir: str | None = None) -> int:
    try:
        settings = load_settings(data_dir, demo=demo)
    except SettingsError as exc:  # a wrong PVZ_* variable or config.json value: said, nothing started
        print(exc, file=sys.stderr)
        return 2
    setup_logging(settings.data_dir)
    server: EmbeddedServer | None = None
    try:
        if demo:
            server = start_demo(settings)
            user = server.user
            ctx = make_context(settings, user.user_id, user.name, point_id=user.point_id, point_name=user.point_name)
            pull_demo_point(ctx, server)
            from pvz_desktop.gui.application import run_window

            return run_window(ctx, settings, demo=demo, auth=server.auth, user=server.user)
        host = start_counter(settings)
        if host is None:
            return 0
        from pvz_desktop.gui.application import run_loop

        return run_loop(host)
    except StoreTooNew as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()  # after run_window stopped the sync worker
