"""Fixtures of the server suite: every test here runs on SQLite and, when PVZ_TEST_PG_URL is set, PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pvz_central.pickup_keys import DEFAULT_SECRET_FILE, SECRET_ENV
from pvz_desktop.auth.session import AuthSession
from tests.central.harness import PG_ENV, Central, Counter, fresh_database, login, make_counter, start_central


@pytest.fixture(autouse=True, scope="session")
def server_secret_in_temp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Servers started by the suite (in process or as processes) keep their secret in a temp folder.

    Without it a server on PostgreSQL makes ./pvz-central.secret in the working directory; the
    check after the session fails the run if anything still does.
    """
    left_before = Path(DEFAULT_SECRET_FILE).exists()
    old = os.environ.get(SECRET_ENV)
    os.environ[SECRET_ENV] = str(tmp_path_factory.mktemp("central-secret") / DEFAULT_SECRET_FILE)
    yield
    if old is None:
        os.environ.pop(SECRET_ENV, None)
    else:
        os.environ[SECRET_ENV] = old
    assert left_before or not Path(DEFAULT_SECRET_FILE).exists(), "a server wrote its secret into the working directory"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f'{PG_ENV} is not set: run `eval "$(bash .ci/postgres.sh)"` to test on PostgreSQL')
    return fresh_database(request.param, tmp_path)


@pytest.fixture
def central(db_url: str) -> Iterator[Central]:
    server = start_central(db_url)
    yield server
    server.close()


@pytest.fixture
def owner(central: Central) -> AuthSession:
    return login(central.url, "owner1")


@pytest.fixture
def counter1(central: Central, tmp_path: Path) -> Iterator[Counter]:
    c = make_counter(tmp_path, "counter-1", central.url, "emp1")
    yield c
    c.store.close()


@pytest.fixture
def counter2(central: Central, tmp_path: Path) -> Iterator[Counter]:
    c = make_counter(tmp_path, "counter-2", central.url, "emp1b")
    yield c
    c.store.close()
