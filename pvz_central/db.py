"""Database of the central server: SQLite by default, PostgreSQL by URL; in-package migrations.

Every write transaction locks its point's row first (``FOR UPDATE`` on PostgreSQL, the
database write lock on SQLite), so the point's change numbers are handed out in commit order
and a counter reading the feed can never step over a change that commits late.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, bindparam, create_engine, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from pvz_central import wakeups
from pvz_central.models import Point
from pvz_central.pickup_keys import PointKeys

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_MS = 30_000
# PostgreSQL advisory lock held while the schema is upgraded: processes started together take turns
# (the later ones then find nothing to do) instead of racing to create the same tables.
MIGRATION_LOCK = 0x70767A6D
# Every write of a point begins with it: built once (building it cost as much as running it).
_LOCK_POINT = select(Point).where(Point.id == bindparam("point_id")).with_for_update()


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA secure_delete=ON")  # what is deleted (old pickup PINs) is overwritten, not left
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")


def normalise_url(url: str) -> str:
    """A plain ``postgresql://`` URL means the psycopg 3 driver; a bare path means SQLite."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def create_central_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)


class CentralDB:
    """``keys``: the points' pickup-code keys (``PointKeys.from_file`` for a real server; without
    them a secret for this process only, as tests need)."""

    def __init__(self, url: str, keys: PointKeys | None = None) -> None:
        self.url = normalise_url(url)
        self.keys = keys or PointKeys.ephemeral()
        self.engine = create_central_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        wakeups.install(self._write)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    @staticmethod
    def lock_point(session: Session, point_id: str) -> Point | None:
        """Serialise the point's writers (see the module docstring)."""
        return session.scalar(_LOCK_POINT, {"point_id": point_id})

    def upgrade(self) -> tuple[str | None, str]:
        """To the newest schema under the migration lock: (revision before, head)."""
        return upgrade_database(self.engine, self.keys)

    def schema_problem(self) -> str | None:
        """Why a server cannot run on this database's schema (not at this version's head), or None."""
        with self.engine.connect() as conn:
            current = current_revision(conn)
        head = head_revision()
        if current == head:
            return None
        if current is None:
            state = "пуста (схемы нет)"
        elif current in _known_revisions():
            state = f"в версии схемы {current}, а эта версия сервера работает с {head}"
        else:
            return (
                f"Схема базы в версии {current}, которой эта версия сервера не знает (она работает с {head}): "
                "база обновлена более новой версией сервера — обновите сервер."
            )
        return (
            f"База {state}. Обновите схему: pvz-central migrate --db … (один раз, при остановленных "
            "или совместимых серверах), или для сервера из одного процесса запустите serve с --migrate."
        )

    def close(self) -> None:
        self.engine.dispose()


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_database(engine: Engine, keys: PointKeys) -> tuple[str | None, str]:
    """To the newest schema: (revision before, head). ``keys``: a migration turns stored pickup PINs
    into verifiers. On PostgreSQL under the migration lock (session-level: it outlives the
    migration's own transaction), so whoever comes second waits, then finds the schema at head."""
    cfg = _config()
    with engine.connect() as conn:
        locked = conn.dialect.name == "postgresql"
        if locked:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()
        try:
            before = current_revision(conn)
            conn.commit()
            cfg.attributes["connection"] = conn
            cfg.attributes["point_keys"] = keys
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if locked:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                conn.commit()
    return before, head_revision()
