"""Security drill: no secret on disk after a working day, and no route of one point open to another.

- A counter logs in (the browser plays the login form), syncs with a running SyncWorker, has its
  tokens refreshed and a crash reported; then every byte of its data directory (the SQLite file
  and its WAL while open, the log, the config) and the server's database are searched for the
  password, the authorization code and every token.
- After a day of issuance by pickup code (and an upgrade from a file that held PINs), no PIN and
  no scanned code is in the counter's database, WAL, log, crash report or backups, or the server's.
- Every route of the server's OpenAPI that takes a point id answers 403 to a token of another
  point, and every owner route answers 403 to an employee of the point.

Five wrong pickup codes locking the lookup is tests/drills/test_pickup_lockout.py.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import replace
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


# Customers of the issuance day and their PINs: digits that no date, count or number of the drill has.
DAY_CODES = {"41000051": "7391", "41000052": "8264", "41000053": "6047"}
OLD_PIN = "9157"  # in the counter's database before the upgrade to verifiers


def _pins_in(blob: bytes, pins: set[str], codes: set[str]) -> list[str]:
    """A PIN as a number of its own (not inside a longer one: times and numbers hold any 4 digits,
    and hex digests, such as the verifiers both sides keep, hold any 4 digits between letters),
    or a whole scanned code. The schema has no PIN column left (tests/store/test_migrate.py)."""
    found = [c for c in codes if c.encode() in blob]
    found += [p for p in pins if re.search(rb"(?<![0-9A-Fa-f])" + p.encode() + rb"(?![0-9A-Fa-f])", blob)]
    return found


def test_the_pin_search_finds_a_pin_as_text_but_not_inside_a_digest() -> None:
    assert _pins_in(b'{"pin": "8265", "at": 3}', {"8265"}, set()) == ["8265"]
    assert _pins_in(b"\x158265\x00", {"8265"}, set()) == ["8265"]  # a TEXT value in a SQLite record
    assert _pins_in(b"verifier=3fa8265c9e", {"8265"}, set()) == []  # four digits of a hex digest
    assert _pins_in(b"2026-12-03T18265", {"8265"}, set()) == []


def _old_counter_database(path: Path) -> None:
    """The counter's file from before verifiers (schema 0004): a customer with a plaintext PIN."""
    import sqlite3

    from pvz_desktop.store.migrate import upgrade_database

    upgrade_database(path, "0004")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO customer (id, display_name, phone_last4, pickup_pin, pickup_pin_date)"
        f" VALUES ('41000059', 'Орлова Е.', '', '{OLD_PIN}', NULL)"
    )
    con.commit()
    con.close()


def test_no_pickup_code_on_disk_after_a_day_of_issuance(central, memory_keyring, qapp, tmp_path, figures):
    """Deliveries with codes, the counter upgraded from a file with PINs, parcels placed and issued by
    code, wrong codes up to the lockout, a crash during a lookup: then no PIN and no scanned code in
    the counter's files (database, WAL, log, crash report, backups) or the server's database."""
    from pvz_desktop.core.errors import LookupLocked, NotFound
    from pvz_desktop.workflows import issuance, placement
    from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
    from tests.builders import PointBuilder

    owner = login(central.url, "owner1")
    waybills = [delivery(owner, 2, customer=cid, pin=pin) for cid, pin in DAY_CODES.items()]
    codes = {f"{cid}*{pin}" for cid, pin in DAY_CODES.items()}
    wrong = {f"{cid}*{int(pin) + 1:04d}" for cid, pin in DAY_CODES.items()}  # scanned too: never stored
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, api_url=central.url, workstation="counter-1")
    settings.save()
    _old_counter_database(settings.db_path)
    assert _pins_in(settings.db_path.read_bytes(), {OLD_PIN}, set()) == [OLD_PIN]  # the search sees a PIN
    with app_log(data_dir):
        store = open_store(settings.db_path)  # the upgrade: backup made, PIN dropped, backup deleted
        auth = AuthSession(central.url, KeyringVault(central.url))
        user = auth.login(open_browser=CodeCatchingBrowser())
        ctx = WorkflowContext(
            store=store,
            actor=Actor(user.user_id, "counter-1", point_id=user.point_id),
            pickup_key=auth.pickup_key,
        )
        client = CentralClient(auth)
        PointBuilder(store).add_cells()
        pull_all(ctx, client)
        for waybill in waybills:
            acceptance.open_waybill(ctx, waybill["number"])
            for sh in waybill["shipments"]:
                acceptance.scan(ctx, waybill["number"], sh["posting"])
                placement.place(ctx, sh["posting"], "C-A-01-01")
        for (cid, pin), waybill in zip(DAY_CODES.items(), waybills, strict=True):
            session = IssuanceSession.start(ctx, f"{cid}*{pin}")
            for sh in waybill["shipments"]:
                session.scan(sh["posting"])
            session.complete(PaymentMethod.PREPAID)
        try:  # a bug while a code is checked: its traceback goes to the log as a crash report
            issuance.lookup(replace(ctx, pickup_key=_broken_key), next(iter(sorted(codes))))
        except RuntimeError as exc:
            CrashReporter(qapp).report(exc)
        for code in [*sorted(wrong), *sorted(wrong)][:5]:  # the fifth wrong code locks the lookup
            with contextlib.suppress(NotFound, LookupLocked):
                issuance.lookup(ctx, code)
        client_files = _files(data_dir)  # while the store is open: its WAL and shared memory too
        store.close()
    client_files.update(_files(data_dir))
    server_files = {p: p.read_bytes() for p in tmp_path.glob("central.db*")}
    names = {p.name for p in client_files}
    assert {"pvz.db", "pvz.db-wal", "pvz-desktop.log"} <= names, names
    assert not any(n.endswith(".bak") for n in names)  # the pre-upgrade backup held a PIN: deleted
    assert "the keyring backend failed" in (data_dir / "pvz-desktop.log").read_text(encoding="utf-8")
    pins = {*DAY_CODES.values(), OLD_PIN} | {w.split("*")[1] for w in wrong}
    leaks = {p.name: _pins_in(blob, pins, codes | wrong) for p, blob in {**client_files, **server_files}.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    figures(DRILL, "pickup codes issued, then searched for", len(codes))
    figures(DRILL, "files searched for codes", len(leaks))


def _broken_key() -> bytes:
    raise RuntimeError("the keyring backend failed")
