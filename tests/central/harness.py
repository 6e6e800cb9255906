"""The real central server on 127.0.0.1 for tests, and counters (real SQLite stores) logged in to it.

Used by tests/central, tests/sync and tests/auth. The server runs uvicorn in a thread on a free
port; a database is a fresh SQLite file, or a fresh schema of PVZ_TEST_PG_URL for PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, select, text

from pvz_central import passwords
from pvz_central.app import create_app
from pvz_central.db import CentralDB, normalise_url
from pvz_central.models import Shipment as CentralShipment
from pvz_central.seed import create_point, create_user
from pvz_central.server import ServerThread, start_in_thread
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import MemoryVault, TokenVault
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.demo.embedded_server import FormBrowser
from pvz_desktop.store.engine import Store
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Shipment
from pvz_desktop.sync.client import CentralClient
from pvz_desktop.sync.puller import pull_all
from pvz_desktop.workflows.context import Actor, WorkflowContext

PG_ENV = "PVZ_TEST_PG_URL"
PASSWORD = "secret-pass"
POINT = "p1"
OTHER_POINT = "p2"
_numbers = itertools.count(1)
passwords.ITERATIONS = 1_000  # test users only: the slow hash is not what these tests are about


def fresh_database(kind: str, tmp_path: Path) -> str:
    """A URL of an empty database of ``kind`` (sqlite / postgresql)."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    url = normalise_url(os.environ[PG_ENV])
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@dataclass
class Central:
    """A running server over one database; ``stop()``/``start()`` simulate an outage."""

    db: CentralDB
    access_ttl: int = 600
    max_wait: float = 25.0
    thread: ServerThread | None = None
    port: int = 0
    tls: tuple[str, str] | None = None  # (certificate, key) files: the server speaks https

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> Central:
        self.thread = start_in_thread(
            create_app(self.db, access_ttl=self.access_ttl, max_wait=self.max_wait), port=self.port, tls=self.tls
        )
        self.port = int(self.thread.url.rsplit(":", 1)[1])
        return self

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None

    def close(self) -> None:
        self.stop()
        self.db.close()

    def central_status(self, posting: str) -> str | None:
        with self.db.read() as s:
            return s.scalar(select(CentralShipment.status).where(CentralShipment.posting_number == posting))


def start_central(
    db_url: str, *, access_ttl: int = 600, max_wait: float = 25.0, tls: tuple[str, str] | None = None
) -> Central:
    db = CentralDB(db_url)
    db.upgrade()
    create_point(db, POINT, "ПВЗ Тверская 1")
    create_point(db, OTHER_POINT, "ПВЗ Арбат 5")
    for login, name, point, role in (
        ("owner1", "Смирнова О.", POINT, "owner"),
        ("emp1", "Кузнецов Д.", POINT, "employee"),
        ("emp1b", "Орлова Е.", POINT, "employee"),
        ("owner2", "Лебедев П.", OTHER_POINT, "owner"),
    ):
        create_user(db, login, name, PASSWORD, point, role)
    return Central(db, access_ttl, max_wait, tls=tls).start()


def login(url: str, user: str, vault: TokenVault | None = None, ca_bundle: str | None = None) -> AuthSession:
    auth = AuthSession(url, vault or MemoryVault(), ca_bundle=ca_bundle)
    auth.login(open_browser=FormBrowser(user, PASSWORD, ca_bundle=ca_bundle), timeout=15)
    return auth


@dataclass
class Counter:
    """One counter: its own store file, its login and its API client."""

    ctx: WorkflowContext
    auth: AuthSession
    client: CentralClient
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.store = self.ctx.store

    def pull(self) -> int:
        return pull_all(self.ctx, self.client)

    def status(self, posting: str) -> str | None:
        with self.store.read() as s:
            return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))

    def shipment(self, posting: str) -> Shipment | None:
        with self.store.read() as s:
            return s.scalar(select(Shipment).where(Shipment.posting_number == posting))


def make_counter(tmp_path: Path, name: str, url: str, user: str = "emp1", ca_bundle: str | None = None) -> Counter:
    store = open_store(tmp_path / f"{name}.db")
    auth = login(url, user, ca_bundle=ca_bundle)
    assert auth.user is not None
    actor = Actor(employee_id=auth.user.user_id, workstation=name, employee_name=auth.user.name, point_id=POINT)
    # The point's pickup-code key as the login received it (a real counter's window does the same).
    return Counter(WorkflowContext(store=store, actor=actor, pickup_key=auth.pickup_key), auth, CentralClient(auth))


def new_posting() -> str:
    n = next(_numbers)
    return f"{70000000 + n:010d}-{n % 10000:04d}-1"


def delivery(
    owner: AuthSession,
    n: int,
    *,
    customer: str = "41000007",
    pin: str = "5521",
    point: str = POINT,
    valid_on: date | None = None,
    amount_due: int = 0,
) -> dict:
    """A new waybill of ``n`` shipments for ``point`` (through the owner's admin route); the
    customer's code ``customer*pin`` is valid on ``valid_on`` (today); each parcel costs
    ``amount_due`` kopecks at the counter (0: prepaid)."""
    day = (valid_on or to_local(utcnow()).date()).isoformat()
    k = next(_numbers)
    body: dict[str, Any] = {
        "number": f"TN-{8000000000 + k:010d}",
        "courier": "Курьер Петров",
        "packages": [f"GM{9000000000 + k:010d}"],
        "shipments": [
            {
                "posting": new_posting(),
                "customer": {
                    "id": customer,
                    "name": "Иванова А.",
                    "phone_last4": "1234",
                    "pickup_pin": pin,
                    "pickup_pin_date": day,
                },
                "amount_due": amount_due,
                "items": [{"name": "Футболка хлопковая", "qty": 1, "price": 79900}],
            }
            for _ in range(n)
        ],
    }
    r = owner.request("POST", f"/api/v1/points/{point}/admin/waybills", json=body)
    assert r.status_code == 201, r.text
    return body


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.01) -> float:
    """Poll ``predicate`` until true; returns the seconds it took. Fails the test on timeout."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)
    return time.monotonic() - started


def raw_session(url: str, token: str) -> requests.Session:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """``pvz-central serve`` as its own process (``extra``: more options, e.g. --workers 2)."""

    db_url: str
    port: int
    extra: tuple[str, ...] = ()
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> ServerProcess:
        command = [sys.executable, "-m", "pvz_central", "serve", "--port", str(self.port), "--db", self.db_url]
        self.proc = subprocess.Popen(
            [*command, *self.extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        return self

    def start(self) -> ServerProcess:
        self.launch()
        try:
            self.wait_up()
        except BaseException:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.communicate()  # reaps it and closes its pipes
            self.proc = None

    def wait_up(self, timeout: float = 30) -> None:
        wait_until(self.up, timeout=timeout, interval=0.1)

    def up(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            _, err = self.proc.communicate()  # reads and closes its pipes
            raise AssertionError(f"the server process ended: {err}")
        try:
            return requests.get(f"{self.url}/health", timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting on a busy machine
            return False

    def health(self) -> dict[str, Any]:
        return requests.get(f"{self.url}/health", timeout=5).json()

    def stop(self) -> tuple[str, str]:
        """SIGTERM, as systemd stops it; what it printed (stdout, stderr)."""
        if self.proc is None:
            return "", ""
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self.proc = None
        return out, err
