"""Shared fixtures. Qt runs offscreen; every store is a real SQLite file in a temp dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from pvz_desktop.store.engine import Store
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.builders import PointBuilder, the_test_pickup_key


@contextmanager
def app_log(data_dir: Path) -> Iterator[Path]:
    """The application's log file set up as at start, at its most talkative; removed afterwards."""
    from pvz_desktop.app import setup_logging  # the application module only for the tests that log

    root = logging.getLogger()
    old_level, handlers_before = root.level, list(root.handlers)
    setup_logging(data_dir)
    root.setLevel(logging.DEBUG)
    try:
        yield data_dir / "pvz-desktop.log"
    finally:
        for h in root.handlers[:]:
            if h not in handlers_before:
                h.close()
                root.removeHandler(h)
        root.setLevel(old_level)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", help="run drills and fuzzing at full size")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "pvz.db")
    yield s
    s.close()


@pytest.fixture
def actor() -> Actor:
    return Actor(employee_id="emp-1", workstation="counter-1", employee_name="Смирнова О.", point_name="ПВЗ Тверская 1")


@pytest.fixture
def ctx(store: Store, actor: Actor) -> WorkflowContext:
    return WorkflowContext(store=store, actor=actor, pickup_key=the_test_pickup_key)


@pytest.fixture
def point(store: Store) -> PointBuilder:
    return PointBuilder(store)


def snapshot(store: Store) -> str:
    """A digest of every row of every table: equal digests mean an unchanged database."""
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        ).scalars()
        for table in list(tables):
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                h.update(repr((table, tuple(row))).encode())
    return h.hexdigest()


@pytest.fixture
def unchanged(store: Store):
    """Use as ``with unchanged(): ...`` around a call that must refuse and write nothing."""
    from contextlib import contextmanager

    @contextmanager
    def check() -> Iterator[None]:
        before = snapshot(store)
        yield
        assert snapshot(store) == before, "a refused operation changed the database"

    return check
