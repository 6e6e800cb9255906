"""Apply the in-package Alembic migrations at start-up.

Before an upgrade the database file is copied aside (SQLite's online backup, so a WAL file
is included). A database written by a newer version of the program is refused, not opened.
The whole upgrade runs in one transaction, so a power cut leaves the old schema intact.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError
from pvz_desktop.store.engine import Store, create_store_engine

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class StoreTooNew(DomainError):
    code = "store_too_new"


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None


def alembic_config(path: Path | str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if path is not None:
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(path: Path | str) -> str | None:
    if not Path(path).exists():
        return None
    engine = create_store_engine(path)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def backup_database(path: Path, label: str) -> Path:
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}.bak")
        n += 1
    # Copied under a ".part" name and renamed once whole: a power cut or a failure during the copy
    # never leaves an empty or half-written file that looks like a usable backup.
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(partial, target)
    return target


def upgrade_database(
    path: Path | str, target: str = "head", on_step: Callable[..., None] | None = None
) -> UpgradeResult:
    """Upgrade to ``target``. ``on_step`` is called inside the transaction after each revision."""
    path = Path(path)
    cfg = alembic_config(path)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(path)
    if current is not None and not _known(script, current):
        raise StoreTooNew(
            f"База данных {path} создана более новой версией PVZ Desktop (схема {current}). "
            "Установите новую версию программы; файл не изменён."
        )
    wanted = script.get_current_head() if target == "head" else target
    assert wanted is not None
    if current == wanted:
        return UpgradeResult(current, wanted, None)
    backup = backup_database(path, f"before-{wanted}") if current is not None else None
    engine = create_store_engine(path).execution_options(sqlite_begin="IMMEDIATE")
    try:
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            cfg.attributes["on_version_apply"] = [_log_step] + ([on_step] if on_step else [])
            command.upgrade(cfg, target)
            conn.commit()
    finally:
        engine.dispose()
    return UpgradeResult(current, wanted, backup)


def _log_step(**kw: object) -> None:
    step = kw.get("step")
    log.info("database migration step applied: %s", getattr(step, "up_revision_id", step))


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises for a revision id it has never seen
        return False


def open_store(path: Path | str) -> Store:
    """Upgrade (with a backup) and open the store. Raises StoreTooNew for a newer file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    upgrade_database(path)
    return Store(path)
