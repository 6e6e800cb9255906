"""The demo's own central server on 127.0.0.1, and a demo employee logged in without a browser.

``start_embedded_server(data_dir)`` seeds the demo point into ``data_dir/central.db`` (once),
serves it from a background thread and logs the demo employee in through the real login code
(``AuthSession.login``: PKCE, loopback callback, token exchange). Only the "browser" differs:
``FormBrowser`` fills the login form itself instead of opening a window. The refresh token is
kept in memory (``MemoryVault``): the demo never touches the OS keyring. The demo customers'
pickup PINs are kept in ``demo-pickup-codes.json`` of the demo folder (the virtual scanner lists
them); the demo's databases hold only their verifiers, made valid again on each day's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests

from pvz_central.app import create_app
from pvz_central.db import CentralDB
from pvz_central.pickup_keys import PointKeys
from pvz_central.seed import DEMO_PASSWORD, issue_demo_codes, seed_demo
from pvz_central.server import ServerThread, start_in_thread
from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession, TokenSet, UserInfo
from pvz_desktop.auth.vault import MemoryVault
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.demo.pickup_pins import load_pins, save_pins

DEMO_EMPLOYEE = "emp-2"
DEMO_OWNER = "emp-1"


class _FormFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action")
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[a["name"] or ""] = a.get("value") or ""


class FormBrowser:
    """Plays the browser: open the authorize page, post the login form, follow the redirect."""

    def __init__(self, login: str, password: str, timeout: float = 15.0, ca_bundle: str | None = None) -> None:
        self.login = login
        self.password = password
        self.timeout = timeout
        self.verify = ca_bundle or True  # a browser that trusts the point's own CA (tests of a TLS server)

    def __call__(self, url: str) -> bool:
        with requests.Session() as http:
            page = http.get(url, timeout=self.timeout, verify=self.verify)
            form = _FormFields()
            form.feed(page.text)
            if page.status_code != 200 or form.action is None:
                raise AuthError(f"Страница входа не открылась (код {page.status_code}).")
            answer = http.post(
                urljoin(url, form.action),
                data={**form.fields, "login": self.login, "password": self.password},
                allow_redirects=False,
                timeout=self.timeout,
                verify=self.verify,
            )
            if answer.status_code != 302:
                raise AuthError("Демо-вход не принят сервером.")
            # The redirect goes to the counter's loopback listener, as a browser would follow it.
            http.get(answer.headers["Location"], timeout=self.timeout)
        return True


@dataclass(frozen=True)
class EmbeddedServer:
    """A running demo server and the demo employee's login at it."""

    url: str
    auth: AuthSession
    user: UserInfo
    thread: ServerThread
    db: CentralDB

    @property
    def tokens(self) -> TokenSet:
        assert self.auth.tokens is not None
        return self.auth.tokens

    def stop(self) -> None:
        self.thread.stop()
        self.db.close()


def start_embedded_server(
    data_dir: Path, *, login: str = DEMO_EMPLOYEE, shipments: int = 500, access_ttl: int = 600
) -> EmbeddedServer:
    """Start the demo server on 127.0.0.1 (a free port) and log ``login`` in. Stop it with ``stop()``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = CentralDB(f"sqlite:///{data_dir / 'central.db'}", PointKeys.from_file(data_dir / "central.secret"))
    db.upgrade()
    seeded = seed_demo(db, shipments=shipments)
    if seeded.codes:
        save_pins(data_dir, seeded.codes)
    # The network sends each day's codes; the demo makes its codes valid today instead.
    issue_demo_codes(db, seeded.point_id, load_pins(data_dir), to_local(utcnow()).date())
    thread = start_in_thread(create_app(db, access_ttl=access_ttl))
    auth = AuthSession(thread.url, MemoryVault())
    try:
        user = auth.login(open_browser=FormBrowser(login, DEMO_PASSWORD), timeout=30)
    except BaseException:
        thread.stop()
        db.close()
        raise
    return EmbeddedServer(thread.url, auth, user, thread, db)
