"""Bulk inserts of plain values, bypassing SQLAlchemy's per-value processing.

An initial pull writes 100,000 shipments and ledger events; SQLAlchemy's processing of each bound
value (times above all) was a fifth of that. These helpers write exactly what SQLAlchemy would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table


def stored_time(value: datetime | None) -> str | None:
    """A time as SQLAlchemy's ``DateTime`` stores it in SQLite (naive, always with microseconds):
    the store's own comparisons of times are comparisons of these strings."""
    # The first 26 characters are the naive form: a UTC offset, if any, comes after them (cheaper
    # than a replace(tzinfo=None) first, at 100,000 rows a page of times).
    return None if value is None else value.isoformat(" ", "microseconds")[:26]


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany of rows with the same keys, their values already in stored form."""
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    values = itemgetter(*columns) if len(columns) > 1 else lambda r: (r[columns[0]],)
    connection.exec_driver_sql(sql, [values(r) for r in rows])
