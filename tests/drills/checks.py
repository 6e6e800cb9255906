"""What the drills check on a database file after a kill, each through its own short connection."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pvz_desktop.store.engine import Store
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.ledger import ChainReport, verify_chain


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` (opening the file also recovers its WAL, as the next start would)."""
    with closing(sqlite3.connect(db)) as conn:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def ledger_chain(db: Path) -> ChainReport:
    store = Store(db)
    try:
        return verify_chain(WorkflowContext(store, Actor(employee_id="drill", workstation="drill")))
    finally:
        store.close()


@dataclass(frozen=True)
class CounterState:
    """Where every parcel is, and what the outbox and the ledger say about it."""

    status: dict[str, str]  # posting -> status
    accepted_in_outbox: frozenset[str]  # acceptance scans queued for the server
    issued_in_outbox: frozenset[str]
    accept_events: Counter[str]  # posting -> number of ``accept`` ledger events
    issue_events: Counter[str]


def counter_state(db: Path) -> CounterState:
    with closing(sqlite3.connect(db)) as conn:
        status = dict(conn.execute("SELECT posting_number, status FROM shipment"))
        accepted = frozenset(
            code
            for (code,) in conn.execute(
                "SELECT json_extract(payload, '$.payload.code') FROM outbox WHERE kind = 'acceptance_scan'"
                " AND json_extract(payload, '$.payload.outcome') IN ('received', 'unexpected')"
            )
        )
        issued = frozenset(
            posting
            for (posting,) in conn.execute(
                "SELECT j.value FROM outbox, json_each(outbox.payload, '$.payload.postings') AS j"
                " WHERE outbox.kind = 'issue'"
            )
        )
        events = conn.execute("SELECT kind, posting_number FROM event WHERE kind IN ('accept', 'issue')").fetchall()
    return CounterState(
        status,
        accepted,
        issued,
        Counter(p for k, p in events if k == "accept"),
        Counter(p for k, p in events if k == "issue"),
    )


def schema(db: Path) -> list[tuple[str, str, str, str]]:
    """Every table, index, trigger and view with its SQL (whitespace folded), sorted."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return sorted((t, n, tbl, " ".join(sql.split())) for t, n, tbl, sql in rows)


def table_rows(db: Path, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of ``tables``, in primary-key order, to compare data before and after."""
    with closing(sqlite3.connect(db)) as conn:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def is_copy_of(db: Path, rows: dict[str, list[tuple[object, ...]]]) -> bool:
    """A whole, readable copy holding exactly ``rows`` (an empty or half-written file is not)."""
    try:
        return integrity(db) == "ok" and table_rows(db, list(rows)) == rows
    except sqlite3.DatabaseError:
        return False


def revision(db: Path) -> str | None:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
