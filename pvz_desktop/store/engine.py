"""Engine and sessions for the local SQLite store.

Every connection gets WAL, foreign keys, a busy timeout and synchronous=FULL, so a scan that
was acknowledged to the cashier is on disk; the log is copied into the file beside the writes
(store/checkpoint.py), not inside the commit that finds it full. Write transactions start with
BEGIN IMMEDIATE: the write lock is taken up front, so the ledger's "read last hash, append" can never race
with another writer (a second counter process on the same file, or the sync worker).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pvz_desktop.core.errors import DatabaseDamaged, DiskFull
from pvz_desktop.store.checkpoint import BACKSTOP_PAGES, WalCheckpointer

BUSY_TIMEOUT_MS = 10_000
SQLITE_FULL = 13  # "database or disk is full": SQLite rolled the transaction back


def is_disk_full(exc: BaseException) -> bool:
    """True for SQLite's "disk is full", raised bare or wrapped by SQLAlchemy."""
    orig = exc.orig if isinstance(exc, OperationalError) else exc
    return isinstance(orig, sqlite3.OperationalError) and getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module: we emit BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    # The log is copied into the file by the store's checkpoint thread (store/checkpoint.py), not
    # by the commit that finds it past 1,000 pages; SQLite's own checkpoint stays as a backstop.
    cur.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
    # Deleted rows are overwritten, not left in free pages: what a migration or a delete removes
    # (pickup PINs before verifiers) cannot be read back out of the file.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def create_store_engine(path: Path | str) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The open local database. ``write()`` is one short transaction per user action."""

    def __init__(self, path: Path | str, engine: Engine | None = None) -> None:
        self.path = Path(path)
        self.engine = engine or create_store_engine(self.path)
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        self._verdict: Callable[[], tuple[str, ...]] | None = None
        self.checkpointer = WalCheckpointer(self.path, BUSY_TIMEOUT_MS / 1000)

    def gate_writes(self, verdict: Callable[[], tuple[str, ...]]) -> None:
        """Every write first asks ``verdict`` (the start's integrity check, which waits until it
        has finished): a damaged file is never written to, whichever thread tries."""
        self._verdict = verdict

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back everything on any exception.

        A full disk raises ``DiskFull`` (a refusal the cashier reads, not a bug): SQLite has
        rolled the whole transaction back, and the next one works once there is space again."""
        if self._verdict is not None and (problems := self._verdict()):
            raise DatabaseDamaged(problems)
        try:
            with self._write() as session, session.begin():
                yield session
        except (OperationalError, sqlite3.OperationalError) as exc:
            if is_disk_full(exc):
                raise DiskFull() from exc
            raise
        self.checkpointer.committed()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def close(self) -> None:
        self.checkpointer.close()
        self.engine.dispose()
