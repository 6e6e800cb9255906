"""Fixtures of the sync tests: the real server (SQLite) and one counter logged in to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pvz_desktop.auth.session import AuthSession
from tests.central.harness import Central, Counter, login, make_counter, start_central


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    server = start_central(f"sqlite:///{tmp_path / 'central.db'}")
    yield server
    server.close()


@pytest.fixture
def owner(central: Central) -> AuthSession:
    return login(central.url, "owner1")


@pytest.fixture
def counter(central: Central, tmp_path: Path) -> Iterator[Counter]:
    c = make_counter(tmp_path, "counter-1", central.url)
    yield c
    c.store.close()
