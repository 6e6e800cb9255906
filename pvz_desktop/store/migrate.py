"""Apply the in-package Alembic migrations at start-up.

Before an upgrade the database file is copied aside (SQLite's online backup, so a WAL file
is included). A database written by a newer version of the program is refused, not opened.
The whole upgrade runs in one transaction, so a power cut leaves the old schema intact.

A database already at the head revision (every start but the first after an update) is checked
with sqlite3 against the revisions named in the migration files: Alembic and Mako are not
imported at all then, which is a tenth of a second of the counter's cold start.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from pvz_desktop.store.engine import Store

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
# The two module-level assignments every Alembic revision file has (script.py.mako writes them).
_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)\s*$""", re.M)


class StoreTooNew(DomainError):
    code = "store_too_new"


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None


def alembic_config(path: Path | str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if path is not None:
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def file_revisions() -> dict[str, str | None] | None:
    """Each revision in the migration files and the one it follows, read as text (no Alembic).

    None when a file does not say it plainly (a merge revision, a computed id): then only
    Alembic can tell, and the caller asks it."""
    graph: dict[str, str | None] = {}
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        if path.name == "__init__.py":
            continue
        found = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8"))}
        if "revision" not in found or found["revision"] is None or "down_revision" not in found:
            return None
        graph[found["revision"]] = found["down_revision"]
    return graph


def _single_head(graph: dict[str, str | None]) -> str | None:
    heads = set(graph) - set(graph.values())
    return heads.pop() if len(heads) == 1 else None


def head_revision() -> str:
    graph = file_revisions()
    head = _single_head(graph) if graph else None
    if head is None:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(path: Path | str) -> str | None:
    """The revision recorded in the file, or None for a new (or never migrated) database."""
    if not Path(path).exists():
        return None
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:  # no alembic_version table: nothing migrated yet
        return None
    finally:
        con.close()
    if len(rows) > 1:
        raise RuntimeError(f"{path}: several revisions recorded in alembic_version: {rows}")
    return rows[0][0] if rows else None


def _too_new(path: Path, current: str) -> StoreTooNew:
    return StoreTooNew(
        f"База данных {path} создана более новой версией PVZ Desktop (схема {current}). "
        "Установите новую версию программы; файл не изменён."
    )


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
    from alembic import command
    from alembic.script import ScriptDirectory

    from pvz_desktop.store.engine import create_store_engine

    path = Path(path)
    cfg = alembic_config(path)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(path)
    if current is not None and not _known(script, current):
        raise _too_new(path, current)
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
    removed = drop_backups_with_pins(path)
    prune_backups(path)
    return UpgradeResult(current, wanted, None if backup in removed else backup)


def holds_pickup_pins(path: Path) -> bool:
    """True for a database (a backup) from before pickup codes became verifiers: it has the PINs."""
    # immutable: a backup is read as it lies, without creating -wal or -shm files beside it.
    con = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return any(row[1] == "pickup_pin" for row in con.execute("PRAGMA table_info(customer)"))
    except sqlite3.DatabaseError:  # not a database at all: not ours to judge, kept
        return False
    finally:
        con.close()


def drop_backups_with_pins(path: Path) -> list[Path]:
    """After an upgrade went through: delete the backups that still hold plaintext pickup PINs
    (made before the upgrade to verifiers). A copy of the file must not keep what the file lost."""
    removed = []
    for backup in path.parent.glob(f"{glob_escape(path.name)}.*.bak"):
        if backup.name.startswith(f"{path.name}.") and holds_pickup_pins(backup):
            backup.unlink(missing_ok=True)
            removed.append(backup)
            log.info("database backup with pickup PINs removed: %s", backup.name)
    return removed


KEEP_BACKUPS = 3  # copies made before upgrades, newest first; each is as large as the database


def prune_backups(path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """After an upgrade went through: drop all but the newest ``keep`` backups of this file, and
    any ``.part`` left by a copy that was cut off (never a usable backup). Returns what was removed."""
    mine = f"{path.name}."
    backups = sorted(
        (p for p in path.parent.glob(f"{glob_escape(path.name)}.*.bak") if p.name.startswith(mine)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = backups[keep:] + list(path.parent.glob(f"{glob_escape(path.name)}.*.bak.part"))
    for old in removed:
        old.unlink(missing_ok=True)
        log.info("old database backup removed: %s", old.name)
    return removed


def _log_step(**kw: object) -> None:
    step = kw.get("step")
    log.info("database migration step applied: %s", getattr(step, "up_revision_id", step))


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises for a revision id it has never seen
        return False


def ensure_schema(path: Path | str, before_upgrade: Callable[[], None] | None = None) -> UpgradeResult:
    """Bring the file to the head revision: at head already, without Alembic; else upgrade_database.

    Raises StoreTooNew for a file written by a newer version (a revision no file here names).
    ``before_upgrade`` runs before an existing file is upgraded (the start's integrity verdict:
    a damaged file is not migrated)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph = file_revisions()
    head = _single_head(graph) if graph else None
    if graph is not None and head is not None:
        current = current_revision(path)
        if current == head:
            return UpgradeResult(current, head, None)
        if current is not None and current not in graph:
            raise _too_new(path, current)
    if before_upgrade is not None and path.exists():
        before_upgrade()
    return upgrade_database(path)


def open_store(path: Path | str, before_upgrade: Callable[[], None] | None = None) -> Store:
    """Upgrade (with a backup) and open the store. Raises StoreTooNew for a newer file."""
    from pvz_desktop.store.engine import Store

    ensure_schema(path, before_upgrade)
    return Store(Path(path))
