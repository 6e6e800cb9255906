"""The counter's login reads the server's RFC 8414 metadata, falls back to the fixed paths on an older
server, and refuses an authorization response whose ``iss`` names another server (RFC 9207)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from pvz_central.app import create_app
from pvz_central.server import ServerThread, start_in_thread
from pvz_desktop.auth.discovery import WELL_KNOWN
from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import MemoryVault
from pvz_desktop.demo.embedded_server import FormBrowser
from tests.central.harness import PASSWORD

App = Callable[..., Any]


class Wrapped:
    """The real app behind a hook that may answer or rewrite a response (an older or a hostile server)."""

    def __init__(self, app: Any, *, no_metadata: bool = False, iss: str | None = None) -> None:
        self.app, self.no_metadata, self.iss = app, no_metadata, iss
        self.state = app.state  # the server thread wakes the app's long-polls through it
        self.metadata_asked = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == WELL_KNOWN:
            self.metadata_asked += 1
            if self.no_metadata:
                await send({"type": "http.response.start", "status": 404, "headers": []})
                await send({"type": "http.response.body", "body": b""})
                return

        async def rewrite(message: dict) -> None:
            if self.iss is not None and message["type"] == "http.response.start":
                message["headers"] = [(k, self._swap_iss(v) if k == b"location" else v) for k, v in message["headers"]]
            await send(message)

        await self.app(scope, receive, rewrite)

    def _swap_iss(self, location: bytes) -> bytes:
        parts = urlsplit(location.decode())
        query = [(k, self.iss if k == "iss" else v) for k, v in parse_qsl(parts.query)]
        return urlunsplit(parts._replace(query=urlencode(query))).encode()


@pytest.fixture
def serve(central) -> Iterator[Callable[..., tuple[Wrapped, str]]]:
    threads: list[ServerThread] = []

    def start(**hooks: Any) -> tuple[Wrapped, str]:
        app = Wrapped(create_app(central.db), **hooks)
        threads.append(start_in_thread(app))  # type: ignore[arg-type]
        return app, threads[-1].url

    yield start
    for thread in threads:
        thread.stop()


def test_the_login_reads_the_metadata(serve):
    app, url = serve()
    auth = AuthSession(url, MemoryVault())
    user = auth.login(open_browser=FormBrowser("emp1", PASSWORD), timeout=15)
    assert user.user_id == "emp1" and app.metadata_asked == 1
    assert auth.endpoints.issuer == url and auth.endpoints.iss_required
    assert auth.endpoints.token == f"{url}/oauth/token"


def test_an_older_server_without_metadata_still_logs_in(serve):
    app, url = serve(no_metadata=True)
    auth = AuthSession(url, MemoryVault())
    assert auth.login(open_browser=FormBrowser("emp1", PASSWORD), timeout=15).user_id == "emp1"
    assert app.metadata_asked == 1 and auth.endpoints.issuer is None


def test_an_answer_naming_another_issuer_is_refused(serve):
    _app, url = serve(iss="https://other.example")
    auth = AuthSession(url, MemoryVault())
    with pytest.raises(AuthError, match="от другого сервера"):
        auth.login(open_browser=FormBrowser("emp1", PASSWORD), timeout=15)
    assert not auth.logged_in and auth.vault.load() is None
