"""No token or authorization code ends up in the data directory, the config file or the log."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import KeyringVault
from pvz_desktop.config import Settings
from pvz_desktop.demo.embedded_server import FormBrowser
from pvz_desktop.store.migrate import open_store
from pvz_desktop.sync.client import CentralClient
from pvz_desktop.sync.puller import pull_all
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.central.harness import PASSWORD, delivery, login
from tests.conftest import app_log


class CodeCatchingBrowser(FormBrowser):
    """The browser is another program: its own HTTP lines are not the counter's log."""

    def __init__(self) -> None:
        super().__init__("emp1", PASSWORD)
        self.codes: list[str] = []

    def __call__(self, url: str) -> bool:
        quiet = logging.getLogger("urllib3.connectionpool")
        quiet.disabled = True
        original = requests.Session.get

        def get(session: requests.Session, target: str, **kw: object) -> requests.Response:
            if "/callback?" in target:
                self.codes += parse_qs(urlsplit(target).query).get("code", [])
            return original(session, target, **kw)

        requests.Session.get = get  # type: ignore[method-assign]
        try:
            return super().__call__(url)
        finally:
            requests.Session.get = original  # type: ignore[method-assign]
            quiet.disabled = False


def test_tokens_stay_out_of_files(central, memory_keyring, tmp_path: Path):
    waybill = delivery(login(central.url, "owner1"), 2)  # the owner's office, before the counter starts
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, api_url=central.url, workstation="counter-1")
    settings.save()
    secrets: list[str] = []
    with app_log(data_dir):
        store = open_store(settings.db_path)
        auth = AuthSession(central.url, KeyringVault(central.url))
        browser = CodeCatchingBrowser()
        user = auth.login(open_browser=browser)
        secrets += [*browser.codes, auth.tokens.access_token, auth.tokens.refresh_token]
        ctx = WorkflowContext(store=store, actor=Actor(user.user_id, "counter-1", point_id=user.point_id))
        client = CentralClient(auth)
        pull_all(ctx, client)
        acceptance.open_waybill(ctx, waybill["number"])
        acceptance.scan(ctx, waybill["number"], waybill["shipments"][0]["posting"])
        assert push_pending(ctx, client).applied == 2
        auth.refresh()
        secrets += [auth.tokens.access_token, auth.tokens.refresh_token]
        logging.getLogger("pvz_desktop").info("sync done for %s", auth.tokens)  # a careless log line
        auth.logout()
        store.close()

    assert len(browser.codes) == 1 and len(secrets) == 5
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"config.json", "pvz-desktop.log", "pvz.db"} <= names
    log_text = (data_dir / "pvz-desktop.log").read_text(encoding="utf-8")
    assert "sync done for TokenSet(" in log_text  # the log is really written
    for path in files:
        blob = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in blob, f"a token or code is stored in {path.name}"
