"""Plain-value inserts write exactly what SQLAlchemy would: the store compares times as stored text."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, select

from pvz_desktop.store.plain_rows import insert_rows, stored_time

metadata = MetaData()
sample = Table(
    "sample", metadata, Column("id", Integer, primary_key=True), Column("name", String), Column("at", DateTime)
)
zones = st.sampled_from([None, UTC, timezone(timedelta(hours=3)), timezone(timedelta(hours=-5, minutes=-30))])


@settings(max_examples=200)
@given(st.datetimes(min_value=datetime(1000, 1, 1), timezones=zones))
def test_stored_time_is_what_sqlalchemy_stores(value: datetime) -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(sample), {"id": 1, "name": "x", "at": value})
        stored = conn.exec_driver_sql("SELECT at FROM sample").scalar()
    assert stored_time(value) == stored
    assert stored_time(None) is None


def test_insert_rows_writes_rows_sqlalchemy_reads_back(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    metadata.create_all(engine)
    at = datetime(2026, 11, 27, 4, 12, 0, 500, tzinfo=UTC)
    rows = [{"id": i, "name": f"Ячейка {i}", "at": stored_time(at + timedelta(seconds=i))} for i in range(1, 4)]
    with engine.begin() as conn:
        insert_rows(conn, sample, rows)
        insert_rows(conn, sample, [])  # nothing to write is not an error
    with engine.connect() as conn:
        got = conn.execute(select(sample).order_by(sample.c.id)).all()
    assert [(r.id, r.name, r.at) for r in got] == [
        (i, f"Ячейка {i}", datetime(2026, 11, 27, 4, 12, i, 500)) for i in range(1, 4)
    ]
    raw = sqlite3.connect(tmp_path / "plain.db").execute("SELECT count(*) FROM sample WHERE at > ?", (rows[0]["at"],))
    assert raw.fetchone()[0] == 2  # stored text compares as the times do
