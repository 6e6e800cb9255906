"""The server as several processes on one PostgreSQL database: migrations apart from serving, wake-ups
across processes through LISTEN/NOTIFY (also after a database restart), ``serve --workers``."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from alembic import command
from sqlalchemy import text

from pvz_central.app import SchemaNotReady, app_from_environment, create_app
from pvz_central.cli import main
from pvz_central.db import CentralDB, _config, head_revision
from pvz_central.server import start_in_thread
from tests.central.harness import (
    PG_ENV,
    POINT,
    Central,
    ServerProcess,
    delivery,
    free_port,
    fresh_database,
    login,
    raw_session,
    start_central,
    wait_until,
)

needs_pg = pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")
WAKE_BOUND = 0.1  # seconds from a push's answer to the long-poll's answer (the benchmark has the figure)


def test_serve_refuses_a_schema_not_at_head(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["serve", "--db", url]) == 2  # empty database
    assert "pvz-central migrate" in capsys.readouterr().err
    db = CentralDB(url)
    with db.engine.connect() as conn:  # an older schema: one migration behind
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.commit()
    assert main(["serve", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "0003" in err and head_revision() in err and "--migrate" in err
    monkeypatch.setenv("PVZ_CENTRAL_DB", url)
    with pytest.raises(SchemaNotReady, match="pvz-central migrate"):
        app_from_environment()  # what `uvicorn --factory` would load

    assert main(["migrate", "--db", url]) == 0
    assert f"в версии {head_revision()}: обновлена с 0003" in capsys.readouterr().out
    assert main(["migrate", "--db", url]) == 0
    assert "обновлять нечего" in capsys.readouterr().out
    assert app_from_environment().state.services.db.schema_problem() is None

    with db.engine.begin() as conn:  # a newer server has been here: this one must not run on it
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert main(["create-point", "p9", "ПВЗ", "--db", url]) == 2
    assert "обновите сервер" in capsys.readouterr().err
    db.close()


@needs_pg
def test_four_processes_started_together_on_an_empty_database(tmp_path: Path):
    url = fresh_database("postgresql", tmp_path)
    servers = [ServerProcess(url, free_port(), ("--migrate",)).launch() for _ in range(4)]
    try:
        for server in servers:
            server.wait_up(60)
        outputs = [server.stop() for server in servers]
    finally:
        for server in servers:
            server.kill()
    migrated = [out for out, _ in outputs if "обновлена с пустой базы" in out]
    found_done = [out for out, _ in outputs if "обновлять нечего" in out]
    assert len(migrated) == 1 and len(found_done) == 3, outputs  # one upgraded, three waited and found it done
    db = CentralDB(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    assert db.schema_problem() is None
    db.close()


@pytest.fixture
def pg_central(tmp_path: Path) -> Iterator[Central]:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    server = start_central(fresh_database("postgresql", tmp_path))
    yield server
    server.close()


def _wake_delay(a: Central, b: ServerProcess) -> float:
    """Seconds from a delivery's answer through ``b`` to the answer of a long-poll waiting on ``a``."""
    owner = login(b.url, "owner1")
    http = raw_session(a.url, owner.tokens.access_token)
    feed = f"{a.url}/api/v1/points/{POINT}/changes"
    cursor = http.get(feed, params={"wait": 0}, timeout=10).json()["cursor"]
    answered: list[tuple[float, dict]] = []

    def long_poll() -> None:
        page = http.get(feed, params={"since": cursor, "wait": 20}, timeout=30).json()
        answered.append((time.monotonic(), page))

    notifier = a.thread.server.config.app.state.services.notifier
    poller = threading.Thread(target=long_poll)
    poller.start()
    wait_until(lambda: notifier.waiting() == 1, 10)  # the long-poll waits on A
    body = delivery(owner, 1)  # through B
    pushed = time.monotonic()
    poller.join(25)
    assert answered, "the long-poll did not answer"
    at, page = answered[0]
    assert page["changes"] and page["changes"][0]["key"] in {body["number"], body["shipments"][0]["posting"]}
    return at - pushed


def test_a_push_through_one_process_wakes_a_long_poll_on_another(pg_central: Central, tmp_path: Path):
    notifier = pg_central.thread.server.config.app.state.services.notifier
    wait_until(lambda: notifier.listening, 10)
    b = ServerProcess(str(pg_central.db.url), free_port()).start()
    try:
        assert _wake_delay(pg_central, b) < WAKE_BOUND

        restart = os.environ.get("PVZ_TEST_PG_RESTART")
        if not restart:
            pytest.skip("PVZ_TEST_PG_RESTART is not set (.ci/postgres.sh sets it)")
        starts = notifier.listen_starts
        subprocess.run(restart, shell=True, check=True, capture_output=True)
        # The listener saw its connection go and came back by itself.
        wait_until(lambda: notifier.listening and notifier.listen_starts > starts, 30)
        assert _wake_delay(pg_central, b) < WAKE_BOUND
        assert b.health()["wakeups"] == "listening"
    finally:
        b.stop()


@needs_pg
def test_serve_with_workers_answers_long_polls_when_stopped(tmp_path: Path):
    url = fresh_database("postgresql", tmp_path)
    central = start_central(url)  # the database with its point and users; this process serves logins
    workers = ServerProcess(url, free_port(), ("--workers", "2")).start()
    try:
        token = login(central.url, "emp1").tokens.access_token
        http = raw_session(workers.url, token)
        feed = f"{workers.url}/api/v1/points/{POINT}/changes"
        cursor = http.get(feed, params={"wait": 0}, timeout=10).json()["cursor"]
        answers: list[requests.Response] = []
        poller = threading.Thread(
            target=lambda: answers.append(http.get(feed, params={"since": cursor, "wait": 20}, timeout=30))
        )
        poller.start()
        # Either worker may hold it; health checks land on both sooner or later.
        wait_until(lambda: workers.health()["long_polls"] == 1, 15, interval=0.05)
        stopped = time.monotonic()
        _, err = workers.stop()
        poller.join(25)
        assert answers and answers[0].status_code == 200, err
        assert answers[0].json() == {"changes": [], "cursor": cursor, "has_more": False, "reset": False}
        assert time.monotonic() - stopped < 10  # answered at once, not at the end of its 20 s
        assert "Traceback" not in err and "Cancel" not in err, err
    finally:
        workers.stop()
        central.close()


def test_the_in_process_app_still_migrates_a_new_database(tmp_path: Path):
    """The demo and tests build the app from a URL: it upgrades that database itself."""
    server = start_in_thread(create_app(f"sqlite:///{tmp_path / 'c.db'}"))
    try:
        assert requests.get(f"{server.url}/health", timeout=10).json() == {
            "status": "ok",
            "long_polls": 0,
            "wakeups": "sqlite",
        }
    finally:
        server.stop()
