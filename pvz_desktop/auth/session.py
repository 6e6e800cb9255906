"""The login of this counter at one central server: log in, keep tokens, call the API, log out.

- ``login()`` opens the system browser with Python's ``webbrowser`` (so ``BROWSER`` works) at
  the server's authorize page, with PKCE S256 and a loopback redirect, and exchanges the code.
- The access token lives only in memory; the refresh token goes to the vault (keyring).
- ``request()`` adds the bearer token; a 401 refreshes once and retries once.
- ``restore()`` logs in silently from the stored refresh token (next program start).
- ``logout()`` revokes the login at the server and forgets both tokens.
- Only ``https://`` servers (plain ``http://`` on loopback alone), their certificates verified
  against the system store or the point's CA bundle (``auth.tls``); a refused certificate
  raises UntrustedServer before anything is sent.

Thread-safe: the GUI thread and the sync threads share one session.
"""

from __future__ import annotations

import logging
import secrets
import ssl
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests

from pvz_desktop.auth import pkce
from pvz_desktop.auth.errors import AuthError, LoginRequired
from pvz_desktop.auth.loopback import LoopbackReceiver
from pvz_desktop.auth.tls import trust_context, untrusted, verified_session
from pvz_desktop.auth.vault import TokenVault
from pvz_desktop.core.server_url import check_server_url

log = logging.getLogger(__name__)
CLIENT_ID = "pvz-desktop"
SCOPE = "pvz"
HTTP_TIMEOUT = 15.0
LOGIN_TIMEOUT = 300.0
EXPIRY_MARGIN = 30.0  # seconds: refresh a little before the server would refuse the token

Browser = Callable[[str], Any]


@dataclass(frozen=True)
class UserInfo:
    """Who is logged in, as the server says (``/oauth/userinfo``)."""

    user_id: str
    name: str
    role: str  # owner / employee
    point_id: str
    point_name: str


@dataclass(frozen=True)
class TokenSet:
    """Never printed: ``repr`` hides both tokens so they cannot reach a log by accident."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float  # time.monotonic() deadline


class AuthSession:
    def __init__(
        self,
        api_url: str,
        vault: TokenVault,
        *,
        client_id: str = CLIENT_ID,
        timeout: float = HTTP_TIMEOUT,
        ca_bundle: str | None = None,
    ) -> None:
        self.api_url = check_server_url(api_url)  # raises BadServerUrl: nothing is ever sent to it
        self.ca_bundle = ca_bundle or None
        self.vault = vault
        self.client_id = client_id
        self.timeout = timeout
        self._tokens: TokenSet | None = None
        self._user: UserInfo | None = None
        self._lock = threading.RLock()
        self._local = threading.local()  # one requests.Session per thread
        self._context: ssl.SSLContext | None = None  # built on first use, shared by the threads' sessions

    # State.

    @property
    def user(self) -> UserInfo | None:
        return self._user

    @property
    def logged_in(self) -> bool:
        return self._tokens is not None

    @property
    def tokens(self) -> TokenSet | None:
        return self._tokens

    @property
    def http(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            with self._lock:
                if self._context is None:
                    self._context = trust_context(self.ca_bundle)
            session = self._local.session = verified_session(self._context)
        return session

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP call; a certificate that fails the check raises UntrustedServer (nothing was sent)."""
        try:
            return self.http.request(method, url, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise untrusted(exc, url) from exc

    # Login.

    def login(self, open_browser: Browser = webbrowser.open, timeout: float = LOGIN_TIMEOUT) -> UserInfo:
        """Log in through the browser. Raises AuthError with a readable reason."""
        self._check_server()
        verifier = pkce.make_verifier()
        state = secrets.token_urlsafe(24)
        with LoopbackReceiver(state) as receiver:
            query = {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": receiver.redirect_uri,
                "scope": SCOPE,
                "state": state,
                "code_challenge": pkce.s256_challenge(verifier),
                "code_challenge_method": "S256",
            }
            if open_browser(f"{self.api_url}/oauth/authorize?{urlencode(query)}") is False:
                raise AuthError("Не удалось открыть браузер для входа. Проверьте настройки браузера по умолчанию.")
            callback = receiver.wait(timeout)
        if callback.code is None:
            raise AuthError(f"Вход не выполнен: сервер ответил «{callback.error_description or callback.error}».")
        self._token_call(
            {
                "grant_type": "authorization_code",
                "code": callback.code,
                "redirect_uri": receiver.redirect_uri,
                "client_id": self.client_id,
                "code_verifier": verifier,
            }
        )
        return self.load_user()

    def _check_server(self) -> None:
        """Reach the server before the browser opens: a refused certificate or a dead server is
        said here, not after the cashier typed a password into a page the counter cannot use."""
        try:
            self._send("GET", f"{self.api_url}/health", timeout=self.timeout)
        except requests.RequestException as exc:
            raise AuthError("Сервер входа недоступен: проверьте сеть и попробуйте ещё раз.") from exc

    def restore(self) -> UserInfo | None:
        """Log in silently with the stored refresh token; None if there is none or it no longer works."""
        if self.vault.load() is None:
            return None
        try:
            self.refresh()
        except LoginRequired:
            return None
        return self.load_user()

    def load_user(self) -> UserInfo:
        data = self.request("GET", "/oauth/userinfo").json()
        self._user = UserInfo(data["sub"], data["name"], data["role"], data["point_id"], data["point_name"])
        return self._user

    def _token_call(self, form: dict[str, str]) -> None:
        try:
            response = self._send("POST", f"{self.api_url}/oauth/token", data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise AuthError("Сервер входа недоступен: проверьте сеть и попробуйте ещё раз.") from exc
        if response.status_code in (400, 401):
            # invalid_grant and friends: the code or refresh token is no good any more.
            raise LoginRequired("Сеанс входа завершён: войдите снова.")
        if response.status_code != 200:
            raise AuthError(f"Сервер входа ответил ошибкой {response.status_code}. Попробуйте позже.")
        data = response.json()
        tokens = TokenSet(
            data["access_token"], data["refresh_token"], time.monotonic() + float(data["expires_in"]) - EXPIRY_MARGIN
        )
        with self._lock:
            self._tokens = tokens
            self.vault.save(tokens.refresh_token)

    def refresh(self) -> None:
        """Exchange the refresh token for a new pair (the old one stops working at the server)."""
        with self._lock:
            refresh_token = self._tokens.refresh_token if self._tokens else self.vault.load()
            if refresh_token is None:
                raise LoginRequired("Нужен вход: войдите под своей учётной записью.")
            try:
                self._token_call(
                    {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": self.client_id}
                )
            except LoginRequired:
                self._forget()
                raise

    # API calls.

    def _access_token(self) -> str:
        with self._lock:
            if self._tokens is None or time.monotonic() >= self._tokens.expires_at:
                self.refresh()
            assert self._tokens is not None
            return self._tokens.access_token

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the API with the bearer token; on 401 refresh once and retry once.

        Network failures raise ``requests.RequestException``; no valid login raises LoginRequired;
        a certificate that fails the check raises UntrustedServer.
        """
        kwargs.setdefault("timeout", self.timeout)
        url = f"{self.api_url}{path}"
        extra = dict(kwargs.pop("headers", None) or {})

        def send(token: str) -> requests.Response:
            return self._send(method, url, headers={**extra, "Authorization": f"Bearer {token}"}, **kwargs)

        used = self._access_token()
        response = send(used)
        if response.status_code != 401:
            return response
        with self._lock:
            # Another thread may have refreshed already: only refresh if our token is still current.
            if self._tokens is None or self._tokens.access_token == used:
                self.refresh()
        response = send(self._access_token())
        if response.status_code == 401:
            raise LoginRequired("Сервер не принимает вход: войдите снова.")
        return response

    # Logout.

    def logout(self) -> None:
        """Revoke the login at the server (best effort when offline) and forget the tokens."""
        with self._lock:
            token = self._tokens.refresh_token if self._tokens else self.vault.load()
            self._forget()
        if token is None:
            return
        try:
            self._send(
                "POST",
                f"{self.api_url}/oauth/revoke",
                data={"token": token, "token_type_hint": "refresh_token", "client_id": self.client_id},
                timeout=self.timeout,
            )
        except (requests.RequestException, AuthError):
            log.warning("logout: the server could not be reached to revoke the login")

    def _forget(self) -> None:
        self._tokens = None
        self._user = None
        self.vault.clear()
