"""Failed-login limits hold across two server processes on one PostgreSQL database and across a
restart: the count is in the database, not in a process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from sqlalchemy import select, update

from pvz_central.db import CentralDB
from pvz_central.login_throttle import LIMITS, LOGIN
from pvz_central.models import LoginThrottle
from pvz_central.seed import create_point, create_user
from tests.central.harness import PASSWORD, PG_ENV, ServerProcess, free_port, fresh_database

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")
QUERY = urlencode(
    {
        "response_type": "code",
        "client_id": "pvz-desktop",
        "redirect_uri": "http://127.0.0.1:54321/callback",
        "state": "s1",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess, CentralDB]]:
    url = fresh_database("postgresql", tmp_path)
    db = CentralDB(url)
    db.upgrade()
    create_point(db, "p1", "ПВЗ Тверская 1")
    create_user(db, "emp1", "Кузнецов Д.", PASSWORD, "p1", "employee")
    a, b = ServerProcess(url, free_port()).start(), ServerProcess(url, free_port()).start()
    yield a, b, db
    a.stop()
    b.stop()
    db.close()


def attempt(server: ServerProcess, user: str, password: str) -> requests.Response:
    form = {"q": QUERY, "login": user, "password": password}
    return requests.post(f"{server.url}/oauth/authorize", data=form, allow_redirects=False, timeout=30)


def _wait_out_backoff(db: CentralDB) -> None:
    """The clock moves on past a back-off (not past a lock)."""
    with db.write() as s:
        s.execute(
            update(LoginThrottle).where(LoginThrottle.failures < LIMITS[LOGIN].lock_after).values(blocked_until=None)
        )


def test_two_processes_share_one_count_and_a_restart_forgets_nothing(two_servers):
    a, b, db = two_servers
    limits = LIMITS[LOGIN]
    for n in range(limits.backoff_after):  # alternating: each process sees the other's failures
        assert attempt(a if n % 2 == 0 else b, "emp1", "wrong").status_code == 200
    backoff = attempt(b, "emp1", PASSWORD)
    assert backoff.status_code == 429 and int(backoff.headers["Retry-After"]) >= 1
    assert attempt(a, "emp1", PASSWORD).status_code == 429

    for n in range(limits.backoff_after, limits.lock_after):
        _wait_out_backoff(db)
        assert attempt(a if n % 2 == 0 else b, "emp1", "wrong").status_code == 200
    a.stop()
    a.start()  # a restarted process still refuses the locked account
    for server in (a, b):
        locked = attempt(server, "emp1", PASSWORD)
        assert locked.status_code == 429 and "Вход временно заблокирован" in locked.text
        assert int(locked.headers["Retry-After"]) > 800
    with db.read() as s:
        row = s.scalar(select(LoginThrottle).where(LoginThrottle.kind == LOGIN, LoginThrottle.subject == "emp1"))
    assert row is not None and row.failures == limits.lock_after
