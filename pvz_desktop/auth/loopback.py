"""The one-shot loopback listener that receives the browser's redirect (RFC 8252 §7.3).

It listens on ``127.0.0.1`` on a port the OS picks, answers ``/callback`` and takes only a
callback whose ``state`` matches this login (compared in constant time); anything else gets
an error page and the wait goes on. Nothing it receives is logged.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pvz_desktop.auth.errors import AuthError

CALLBACK_PATH = "/callback"
DONE_PAGE = (
    "<!doctype html><html lang='ru'><meta charset='utf-8'><title>PVZ</title>"
    "<p>{text}</p><p>Окно браузера можно закрыть и вернуться в программу PVZ.</p></html>"
)


@dataclass(frozen=True)
class Callback:
    code: str | None
    error: str | None
    error_description: str | None = field(default=None)
    iss: str | None = field(default=None)  # the issuer of the response (RFC 9207)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self._answer(404, "Страница не найдена.")
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        state = query.get("state", "")
        if not secrets.compare_digest(state.encode(), self.server.expected_state.encode()):
            self._answer(400, "Ответ не относится к этому входу.")
            return
        self.server.result = Callback(
            query.get("code"), query.get("error"), query.get("error_description"), query.get("iss")
        )
        self._answer(200, "Вход выполнен." if query.get("code") else "Вход не выполнен.")
        self.server.received.set()

    def _answer(self, status: int, text: str) -> None:
        body = DONE_PAGE.format(text=text).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request line holds the authorization code: never log it


class _Server(HTTPServer):
    def __init__(self, expected_state: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.expected_state = expected_state
        self.result: Callback | None = None
        self.received = threading.Event()


class LoopbackReceiver:
    """``with LoopbackReceiver(state) as r: open(url with r.redirect_uri); r.wait(timeout)``."""

    def __init__(self, state: str) -> None:
        self._server = _Server(state)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"

    def __enter__(self) -> LoopbackReceiver:
        self._thread.start()
        return self

    def wait(self, timeout: float) -> Callback:
        if not self._server.received.wait(timeout):
            raise AuthError("Вход не завершён: браузер не вернул ответ. Попробуйте войти ещё раз.")
        assert self._server.result is not None
        return self._server.result

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
