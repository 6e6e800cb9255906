"""Security drill: no secret on disk after a working day, and no route of one point open to another.

- A counter logs in (the browser plays the login form), syncs with a running SyncWorker, has its
  tokens refreshed and a crash reported; then every byte of its data directory (the SQLite file
  and its WAL while open, the log, the config) and the server's database are searched for the
  password, the authorization code and every token.
- Every route of the server's OpenAPI that takes a point id answers 403 to a token of another
  point, and every owner route answers 403 to an employee of the point.

Five wrong pickup codes locking the lookup is tests/drills/test_pickup_lockout.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests

from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import KeyringVault
from pvz_desktop.config import Settings
from pvz_desktop.gui.crash import CrashReporter
from pvz_desktop.store.migrate import open_store
from pvz_desktop.sync.client import CentralClient
from pvz_desktop.sync.puller import pull_all
from pvz_desktop.sync.pusher import pending_count
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.auth import conftest as auth_fixtures
from tests.auth.test_no_secrets_on_disk import CodeCatchingBrowser
from tests.central.harness import OTHER_POINT, PASSWORD, POINT, Central, delivery, login, wait_until
from tests.conftest import app_log

central, memory_keyring = auth_fixtures.central, auth_fixtures.memory_keyring  # as in tests/auth
DRILL = "security"
PLACEHOLDERS = {"posting": "0070000001-0001-1"}


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_no_password_or_token_on_disk_after_login_sync_and_a_crash(central, memory_keyring, qapp, tmp_path, figures):
    waybill = delivery(login(central.url, "owner1"), 3)
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, api_url=central.url, workstation="counter-1")
    settings.save()
    secrets: set[str] = {PASSWORD}
    seen: dict[Path, bytes] = {}
    with app_log(data_dir):
        store = open_store(settings.db_path)
        auth = AuthSession(central.url, KeyringVault(central.url))
        browser = CodeCatchingBrowser()
        user = auth.login(open_browser=browser)
        secrets.update(browser.codes)
        secrets.update((auth.tokens.access_token, auth.tokens.refresh_token))
        ctx = WorkflowContext(store=store, actor=Actor(user.user_id, "counter-1", point_id=user.point_id))
        client = CentralClient(auth)
        pull_all(ctx, client)
        worker = SyncWorker(ctx, client, long_poll=1, backoff=(0.01, 0.1))
        worker.start()
        try:
            acceptance.open_waybill(ctx, waybill["number"])
            for sh in waybill["shipments"]:
                acceptance.scan(ctx, waybill["number"], sh["posting"])
            worker.wake()
            wait_until(lambda: pending_count(store) == 0, 20)
            auth.refresh()  # a new pair: both generations are secrets
            secrets.update((auth.tokens.access_token, auth.tokens.refresh_token))
            wait_until(lambda: worker.status.online, 10)
        finally:
            worker.stop()
        central.stop()  # a request that fails becomes a crash report with its traceback
        try:
            auth.request("GET", f"/api/v1/points/{POINT}/changes")
        except requests.RequestException as exc:
            CrashReporter(qapp).report(exc)
        central.start()
        seen.update(_files(data_dir))  # while the store is open: its WAL and shared memory too
        auth.logout()
        store.close()

    seen.update(_files(data_dir))
    server_files = {p: p.read_bytes() for p in tmp_path.glob("central.db*")}
    assert server_files  # the server's database file(s) are searched too
    names = {p.name for p in seen}
    assert {"config.json", "pvz-desktop.log", "pvz.db", "pvz.db-wal"} <= names, names
    log_text = (data_dir / "pvz-desktop.log").read_text(encoding="utf-8")
    assert "unhandled exception" in log_text and "ConnectionError" in log_text  # the crash report is there
    assert len(browser.codes) == 1 and len(secrets) == 6
    for path, blob in {**seen, **server_files}.items():
        for secret in secrets:
            assert secret.encode() not in blob, f"a password, code or token is stored in {path.name}"
        assert not re.search(rb"Bearer [A-Za-z0-9_\-.]{8,}", blob), f"a bearer header is stored in {path.name}"
    figures(DRILL, "files searched", len(seen) + len(server_files))
    figures(DRILL, "bytes searched", sum(map(len, seen.values())) + sum(map(len, server_files.values())))


def _point_routes(central: Central) -> list[tuple[str, str]]:
    spec = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    routes = [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if "{point_id}" in path
        for method in operations
    ]
    assert len(routes) >= 10, routes  # the API really was read
    return routes


def _call(auth: AuthSession, method: str, path: str, point: str) -> int:
    url = path.replace("{point_id}", point)
    for name, value in PLACEHOLDERS.items():
        url = url.replace(f"{{{name}}}", value)
    headers = {"Idempotency-Key": "00000000-0000-4000-8000-000000000001"}
    json_body = {} if method in ("POST", "PUT", "PATCH") else None
    return auth.request(method, url, json=json_body, headers=headers).status_code


def test_every_point_route_refuses_another_point_and_owner_routes_refuse_an_employee(central, figures):
    employee, owner = login(central.url, "emp1"), login(central.url, "owner1")
    routes = _point_routes(central)
    owner_routes = [(m, p) for m, p in routes if "/admin/" in p or p.endswith("/users")]
    assert owner_routes

    other_point = {(m, p): _call(employee, m, p, OTHER_POINT) for m, p in routes}
    owner_elsewhere = {(m, p): _call(owner, m, p, OTHER_POINT) for m, p in routes}
    employee_as_owner = {(m, p): _call(employee, m, p, POINT) for m, p in owner_routes}
    owner_at_home = {(m, p): _call(owner, m, p, POINT) for m, p in owner_routes}

    figures(DRILL, "routes with a point id checked", len(routes))
    assert {r: c for r, c in other_point.items() if c != 403} == {}
    assert {r: c for r, c in owner_elsewhere.items() if c != 403} == {}
    assert {r: c for r, c in employee_as_owner.items() if c != 403} == {}
    assert 403 not in owner_at_home.values()  # the same calls pass the owner's check (the check is real)
