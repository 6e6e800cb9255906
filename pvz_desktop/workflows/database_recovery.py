"""A damaged database at start: found, kept aside untouched, and rebuilt with what can be read.

The counter's database is a cache of the server's point plus the outbox: operations made here
and not yet accepted by the server. A damaged file (a bad sector, a disk that lied about a write)
is therefore recoverable except for that outbox. So the start checks the file with SQLite's
``quick_check`` on a read-only connection; a damaged one is renamed aside (never written again),
its pending operations are read out row by row (a damaged page loses only its own rows, which are
named), and a fresh database gets them back as pending, with their idempotency keys, for the
sync worker to push while it pulls the point anew.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DatabaseDamaged

CHECK_ROWS = 20  # problems quick_check reports at most: enough to name the damage


def _read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: nothing is written, not even a WAL checkpoint into a file that may be damaged.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def quick_check(path: Path | str) -> tuple[str, ...]:
    """SQLite's ``quick_check`` of the file: () when it is sound, else what is wrong."""
    path = Path(path)
    if not path.exists():
        return ()
    try:
        with closing(_read_only(path)) as con:
            rows = [row[0] for row in con.execute(f"PRAGMA quick_check({CHECK_ROWS})")]
    except sqlite3.DatabaseError as exc:  # not a database at all, or a damaged first page
        return (str(exc),)
    return () if rows == ["ok"] else tuple(rows)


class IntegrityCheck:
    """``quick_check`` on its own thread from the start of the program; ``result()`` waits for it.

    Reads go on meanwhile; the counter's first write waits for the verdict (see gui/application)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._problems: tuple[str, ...] | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pvz-quick-check", daemon=True)

    def start(self) -> IntegrityCheck:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._problems = quick_check(self.path)
        except Exception as exc:  # an I/O error reading the file is damage too, as far as the counter goes
            self._problems = (str(exc),)
        finally:
            self._done.set()

    def result(self) -> tuple[str, ...]:
        self._done.wait()
        assert self._problems is not None
        return self._problems

    def raise_if_damaged(self) -> None:
        if problems := self.result():
            raise DatabaseDamaged(problems)


@dataclass(frozen=True)
class PendingOp:
    row_id: int
    op_id: str
    kind: str
    payload: str
    created_at: str  # as stored


@dataclass(frozen=True)
class Salvage:
    ops: tuple[PendingOp, ...]  # pending operations read whole, in their order
    unreadable: tuple[int, ...]  # outbox rows that could not be read (pending or not: unknown)
    outbox_lost: bool = False  # not even the outbox's extent could be read


def set_aside(path: Path) -> Path:
    """Rename the damaged file (and its WAL and shared memory) to ``<name>.damaged-<time>``."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    return aside


_COLUMNS = "id, op_id, kind, payload, created_at, state"


def salvage_outbox(damaged: Path) -> Salvage:
    """The pending operations of a damaged file that can still be read; the file is not changed.

    A working copy (with its WAL) is read: the table in rowid order as far as it goes, then every
    row after the first failure on its own, so one damaged page costs only the rows on it."""
    with tempfile.TemporaryDirectory(prefix="pvz-salvage-") as tmp:
        copy = Path(tmp) / "copy.db"
        for suffix in ("", "-wal"):
            if Path(f"{damaged}{suffix}").exists():
                shutil.copyfile(f"{damaged}{suffix}", f"{copy}{suffix}")
        with closing(sqlite3.connect(copy)) as con:
            return _salvage(con)


def _salvage(con: sqlite3.Connection) -> Salvage:
    ops: list[PendingOp] = []
    unreadable: list[int] = []
    last = 0
    try:
        # NOT INDEXED: the table itself, not an index that may be the damaged part.
        for row in con.execute(f"SELECT {_COLUMNS} FROM outbox NOT INDEXED ORDER BY id"):
            last = row[0]
            if row[5] == "pending":
                ops.append(PendingOp(*row[:5]))
        return Salvage(tuple(ops), ())
    except sqlite3.DatabaseError:
        pass
    try:
        top = con.execute("SELECT max(id) FROM outbox").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return Salvage(tuple(ops), (), outbox_lost=True)
    for row_id in range(last + 1, top + 1):
        try:
            row = con.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.DatabaseError:
            unreadable.append(row_id)
            continue
        if row is not None and row[5] == "pending":
            ops.append(PendingOp(*row[:5]))
    return Salvage(tuple(ops), tuple(unreadable))


def rebuild(path: Path, salvage: Salvage) -> int:
    """A fresh database at ``path`` holding the salvaged operations as pending; the point itself
    comes from the server's feed on the next sync (no cursor: a full pull). Returns the ops kept."""
    from pvz_desktop.store.migrate import ensure_schema

    ensure_schema(path)
    with closing(sqlite3.connect(path)) as con, con:
        con.executemany(
            "INSERT INTO outbox (op_id, kind, payload, created_at, attempts, state) VALUES (?, ?, ?, ?, 0, 'pending')",
            [(op.op_id, op.kind, op.payload, op.created_at) for op in salvage.ops],
        )
    return len(salvage.ops)
