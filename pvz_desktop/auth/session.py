"""The login of this counter at one central server: log in, keep tokens, call the API, log out.

The OAuth 2 protocol work is requests-oauthlib's ``OAuth2Session``: the authorization URL with
PKCE S256, the code exchange, the refresh (its auto-refresh, with a token updater that keeps the
refresh token in the vault) and, through oauthlib's client, the revocation request. Ours around it:

- ``login()`` opens the system browser with Python's ``webbrowser`` (so ``BROWSER`` works) at
  the server's authorize page and receives the code on a loopback listener (RFC 8252 §7.3).
- The access token lives only in memory; only the refresh token goes to the vault (keyring).
- ``request()`` adds the bearer token; a 401 refreshes once and retries once.
- ``restore()`` logs in silently from the stored refresh token (next program start).
- ``logout()`` revokes the login at the server and forgets both tokens.
- Only ``https://`` servers (plain ``http://`` on loopback alone), their certificates verified
  against the system store or the point's CA bundle (``auth.tls``); a refused certificate
  raises UntrustedServer before anything is sent.
- At each login the point's pickup-code key is fetched and kept in the vault; ``pickup_key()``
  gives it from memory (a keyring read per scan would cost milliseconds).

Thread-safe: the GUI thread and the sync threads share one login. Each thread has its own
OAuth2Session (a requests session is not shared between threads); the token is one for all,
and a refresh is made by one thread at a time: a refresh token works once, and the server ends
the whole login when one is spent twice.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from pvz_desktop.auth.discovery import WELL_KNOWN, Endpoints, check_iss, from_metadata
from pvz_desktop.auth.errors import AuthError, LoginRequired
from pvz_desktop.core.server_url import check_server_url

if TYPE_CHECKING:
    import ssl

    import requests

    from pvz_desktop.auth.oauth_client import ThreadSession
    from pvz_desktop.auth.vault import TokenVault

# requests, oauthlib and requests-oauthlib (~0.3 s to import) are imported on first use, on the
# login or a sync thread: the counter builds its AuthSession before its window's frame is shown.
log = logging.getLogger(__name__)

CLIENT_ID = "pvz-desktop"
SCOPE = "pvz"
HTTP_TIMEOUT = 15.0
LOGIN_TIMEOUT = 300.0
EXPIRY_MARGIN = 30.0  # seconds: refresh a little before the server would refuse the token
UNREACHABLE = "Сервер входа недоступен: проверьте сеть и попробуйте ещё раз."

Browser = Callable[[str], Any]
Token = dict[str, Any]  # oauthlib's token: access_token, refresh_token, token_type, expires_in, expires_at


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
    expires_at: float  # time.time() after which the access token is refreshed first


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
        if urlsplit(self.api_url).scheme == "http":
            # oauthlib refuses http:// on its own; check_server_url let this one through because it
            # is this computer's loopback (the demo's embedded server), which RFC 8252 allows.
            os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
        self.ca_bundle = ca_bundle or None
        self.vault = vault
        self.client_id = client_id
        self.timeout = timeout
        self._token: Token | None = None
        self._user: UserInfo | None = None
        self._lock = threading.RLock()
        self._local = threading.local()  # one OAuth2Session per thread
        self._context: ssl.SSLContext | None = None  # built on first use, shared by the threads' sessions
        self._endpoints: Endpoints | None = None  # from the server's metadata, read at login
        self._pickup_key: bytes | None = None

    def _url(self, path: str) -> str:
        return f"{self.api_url}{path}"

    # State.

    @property
    def user(self) -> UserInfo | None:
        return self._user

    @property
    def logged_in(self) -> bool:
        return self._token is not None

    @property
    def tokens(self) -> TokenSet | None:
        token = self._token
        if token is None:
            return None
        return TokenSet(token["access_token"], token["refresh_token"], float(token["expires_at"]))

    @property
    def http(self) -> ThreadSession:
        """This thread's OAuth2Session (checked TLS, serialised refresh)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._new_session()
        return session

    def _new_session(self, **options: Any) -> ThreadSession:
        from pvz_desktop.auth.oauth_client import thread_session
        from pvz_desktop.auth.tls import trust_context

        with self._lock:
            if self._context is None:
                self._context = trust_context(self.ca_bundle)
        return thread_session(self, self._context, SCOPE, self.endpoints.token, **options)

    @property
    def endpoints(self) -> Endpoints:
        """The server's OAuth endpoints: from its metadata once read (``discover``), else the fixed paths."""
        return self._endpoints or Endpoints.fixed(self.api_url)

    def discover(self) -> Endpoints:
        """Read the server's RFC 8414 metadata (an older server without it keeps the fixed paths)."""
        import requests

        try:
            answer = self.http.get(self._url(WELL_KNOWN), withhold_token=True, timeout=self.timeout)
        except requests.RequestException as exc:
            raise AuthError(UNREACHABLE) from exc
        self._endpoints = from_metadata(self.api_url, answer.status_code, answer.content)
        return self._endpoints

    # Login.

    def login(self, open_browser: Browser | None = None, timeout: float = LOGIN_TIMEOUT) -> UserInfo:
        """Log in through the browser (the system's, by default). Raises AuthError with a readable reason."""
        import secrets
        import webbrowser

        from pvz_desktop.auth.loopback import LoopbackReceiver

        open_browser = open_browser or webbrowser.open
        self._check_server()
        endpoints = self.discover()
        state = secrets.token_urlsafe(24)
        with (
            LoopbackReceiver(state) as receiver,
            self._new_session(redirect_uri=receiver.redirect_uri, pkce="S256") as oauth,
        ):
            url, _state = oauth.authorization_url(endpoints.authorization, state=state)
            if open_browser(url) is False:
                raise AuthError("Не удалось открыть браузер для входа. Проверьте настройки браузера по умолчанию.")
            callback = receiver.wait(timeout)
            check_iss(endpoints, callback.iss)  # before anything of the answer is believed
            if callback.code is None:
                raise AuthError(f"Вход не выполнен: сервер ответил «{callback.error_description or callback.error}».")
            with self._token_errors():
                token = oauth.fetch_token(
                    endpoints.token, code=callback.code, include_client_id=True, timeout=self.timeout
                )
        self.keep(token)
        return self.load_user()

    def _check_server(self) -> None:
        """Reach the server before the browser opens: a refused certificate or a dead server is
        said here, not after the cashier typed a password into a page the counter cannot use."""
        import requests

        try:
            self.http.get(self._url("/health"), timeout=self.timeout)
        except requests.RequestException as exc:
            raise AuthError(UNREACHABLE) from exc

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
        """Who is logged in; an answer that is not the API's ``UserInfoAnswer`` raises AuthError naming the field."""
        from pydantic import ValidationError

        from pvz_desktop.wire import UserInfoAnswer, first_problem  # pydantic: on the login thread only

        response = self.request("GET", "/oauth/userinfo")
        if response.status_code >= 400:
            raise AuthError(f"Сервер входа не выдал сведения о сотруднике: {_refusal_reason(response)}.")
        try:
            answer = UserInfoAnswer.model_validate_json(response.content)
        except ValidationError as exc:
            raise AuthError(
                f"Сервер входа прислал сведения о сотруднике в неверном формате: {first_problem(exc)}."
            ) from exc
        self._user = UserInfo(answer.sub, answer.name, answer.role, answer.point_id, answer.point_name)
        self._load_pickup_key(self._user.point_id)
        return self._user

    def _load_pickup_key(self, point_id: str) -> None:
        """The point's key for pickup codes, into the vault; the stored one stays if the server has none."""
        from pydantic import ValidationError

        from pvz_desktop.wire import PickupKeyAnswer  # pydantic: on the login thread only

        response = self.request("GET", f"/api/v1/points/{quote(point_id, safe='')}/pickup-key")
        if response.status_code >= 400:
            log.warning("login: the server gave no pickup-code key: %s", _refusal_reason(response))
            return
        try:
            key = bytes.fromhex(PickupKeyAnswer.model_validate_json(response.content).key)
        except ValidationError:
            log.warning("login: the server gave no pickup-code key (answer %s)", response.status_code)
            return
        with self._lock:
            self._pickup_key = key
            self.vault.save_pickup_key(key)

    def pickup_key(self) -> bytes | None:
        """The point's pickup-code key: received at login, or kept from an earlier one (offline)."""
        key = self._pickup_key
        if key is None:
            with self._lock:
                key = self._pickup_key = self._pickup_key or self.vault.load_pickup_key()
        return key

    # Tokens.

    @contextmanager
    def _token_errors(self) -> Iterator[None]:
        """The token endpoint's failures as the cashier reads them (LoginRequired passes as it is)."""
        import requests
        from oauthlib.oauth2 import OAuth2Error

        try:
            yield
        except requests.RequestException as exc:
            raise AuthError(UNREACHABLE) from exc
        except (OAuth2Error, ValueError, Warning) as exc:  # a body that is not a token answer
            raise AuthError("Сервер входа ответил не по протоколу OAuth. Попробуйте позже.") from exc

    def keep(self, token: Token) -> None:
        """The token updater: the new token for every thread, its refresh token (only) in the vault."""
        kept = dict(token)
        if "expires_in" in kept:
            kept["expires_at"] = time.time() + float(kept["expires_in"]) - EXPIRY_MARGIN
        with self._lock:
            if self._token is not None and self._token["refresh_token"] == kept["refresh_token"]:
                return  # the same token again (the auto-refresh hands back what refresh_with kept)
            self._token = kept
            self.vault.save(kept["refresh_token"])

    def refresh_with(self, session: ThreadSession, spent: str | None) -> Token:
        """Exchange ``spent`` for a new pair, once: a thread that comes with a refresh token another
        thread has already exchanged gets that thread's result instead of spending it again."""
        with self._lock:
            current = self._token
            if current is not None and spent is not None and current["refresh_token"] != spent:
                return dict(current)
            if spent is None:
                raise LoginRequired("Нужен вход: войдите под своей учётной записью.")
            try:
                with self._token_errors():
                    token = session.spend(self.endpoints.token, spent, self.timeout)
            except LoginRequired:
                self._forget()
                raise
            self.keep(token)
            assert self._token is not None
            return dict(self._token)

    def refresh(self) -> None:
        """Exchange the refresh token for a new pair (the old one stops working at the server)."""
        with self._lock:
            spent = self._token["refresh_token"] if self._token else self.vault.load()
            self.refresh_with(self.http, spent)

    def _current(self) -> Token:
        with self._lock:
            if self._token is None:
                self.refresh()
            assert self._token is not None
            return dict(self._token)

    # API calls.

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the API with the bearer token; on 401 refresh once and retry once.

        Network failures raise ``requests.RequestException``; no valid login raises LoginRequired;
        a certificate that fails the check raises UntrustedServer.
        """
        kwargs.setdefault("timeout", self.timeout)
        url = self._url(path)
        session = self.http
        session.token = self._current()  # an expired one is refreshed by OAuth2Session on the way
        response = session.request(method, url, **kwargs)
        if response.status_code != 401:
            return response
        with self._lock:
            # Another thread may have refreshed already: only refresh if our token is still current.
            if self._token is None or self._token["access_token"] == session.token.get("access_token"):
                self.refresh()
        session.token = self._current()
        response = session.request(method, url, **kwargs)
        if response.status_code == 401:
            raise LoginRequired("Сервер не принимает вход: войдите снова.")
        return response

    # Logout.

    def logout(self) -> None:
        """Revoke the login at the server (RFC 7009; best effort when offline) and forget the tokens."""
        with self._lock:
            token = self._token["refresh_token"] if self._token else self.vault.load()
            self._forget()
        if token is None:
            return
        import requests

        session = self.http
        url, headers, body = session.oauth_client.prepare_token_revocation_request(
            self.endpoints.revocation, token, token_type_hint="refresh_token", client_id=self.client_id
        )
        try:
            session.post(url, data=body, headers=headers, withhold_token=True, timeout=self.timeout)
        except (requests.RequestException, AuthError):
            log.warning("logout: the server could not be reached to revoke the login")

    def _forget(self) -> None:
        self._token = None
        self._user = None
        self.vault.clear()


def _refusal_reason(response: requests.Response) -> str:
    """The reason a refusal of the API gives (its ``ApiError`` body), or what it was if the body
    is not one (a proxy's page): the status, never the body's text."""
    from pydantic import ValidationError

    from pvz_desktop.wire import ApiError  # pydantic: on the login thread only

    try:
        return ApiError.model_validate_json(response.content).detail.rstrip(".")
    except ValidationError:
        return f"ответ {response.status_code} не в формате API"
