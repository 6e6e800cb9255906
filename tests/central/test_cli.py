"""The pvz-central command: seed the demo point, add points and users."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select, text

from pvz_central.cli import main
from pvz_central.db import CentralDB
from pvz_central.models import Shipment, User
from pvz_central.passwords import check_password
from pvz_desktop.core.statuses import OUTBOUND


def test_seed_and_create_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["seed", "--db", db, "--shipments", "30"]) == 0
    assert "Демо-пункт demo: новых отправлений 30" in capsys.readouterr().out
    assert main(["seed", "--db", db]) == 0  # a second seed adds nothing
    assert "новых отправлений 0" in capsys.readouterr().out
    assert main(["create-point", "p9", "ПВЗ Невский 9", "--db", db]) == 0
    assert (
        main(["create-user", "ivanova", "--name", "Иванова А.", "--point", "p9", "--password", "pw-123456", "--db", db])
        == 0
    )
    assert main(["create-user", "ivanova", "--name", "X", "--point", "p9", "--password", "pw-123456", "--db", db]) == 2
    assert "уже занят" in capsys.readouterr().err
    assert main(["create-user", "petrov", "--name", "X", "--point", "nope", "--password", "pw-123456", "--db", db]) == 2
    cdb = CentralDB(db)
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.not_in(OUTBOUND))) == 30
        assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.in_(OUTBOUND))) == 7
        user = s.get(User, "ivanova")
        assert user.point_id == "p9" and user.role == "employee" and check_password("pw-123456", user.password_hash)
        assert "pw-123456" not in user.password_hash
    cdb.close()


def test_the_openapi_document_is_served(tmp_path: Path):
    from pvz_central.app import create_app
    from pvz_central.server import start_in_thread

    server = start_in_thread(create_app(f"sqlite:///{tmp_path / 'c.db'}"))
    try:
        doc = requests.get(f"{server.url}/openapi.json", timeout=10).json()
        assert doc["info"]["title"] == "PVZ Central API"
        assert requests.get(f"{server.url}/docs", timeout=10).status_code == 200
    finally:
        server.stop()


def test_locked_lists_and_lifts_locked_accounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from pvz_central.login_throttle import LIMITS, LOGIN, begin_attempt

    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["seed", "--db", url, "--shipments", "1"]) == 0
    db = CentralDB(url)
    for _ in range(LIMITS[LOGIN].lock_after):  # each counted attempt; the back-off is skipped by the store
        begin_attempt(db, "emp-2", "10.0.0.1")
        with db.write() as s:
            s.execute(text("UPDATE login_throttle SET blocked_until = NULL WHERE failures < :n"), {"n": 10})
    db.close()
    capsys.readouterr()
    assert main(["locked", "--point", "demo", "--db", url]) == 0
    assert "emp-2\tнеудачных входов: 10" in capsys.readouterr().out
    assert main(["locked", "--point", "demo", "--unlock", "emp-2", "--db", url]) == 0
    assert main(["locked", "--point", "demo", "--db", url]) == 0
    assert "заблокированных учётных записей нет" in capsys.readouterr().out
