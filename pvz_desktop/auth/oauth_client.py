"""The counter's OAuth 2 client per thread: requests-oauthlib's ``OAuth2Session`` over verified TLS.

``AuthSession`` (``auth.session``) keeps the login; this module is the protocol side it uses on
the login and sync threads (imported there, not at the counter's start).
"""

from __future__ import annotations

import logging
import ssl
import weakref
from typing import TYPE_CHECKING, Any

import requests
from oauthlib.oauth2 import WebApplicationClient
from requests_oauthlib import OAuth2Session

from pvz_desktop.auth.errors import AuthError, LoginRequired
from pvz_desktop.auth.tls import untrusted, verified

if TYPE_CHECKING:
    from pvz_desktop.auth.session import AuthSession, Token

# Both libraries log whole token requests and answers at DEBUG: never let them reach a log file.
logging.getLogger("requests_oauthlib").setLevel(logging.INFO)
logging.getLogger("oauthlib").setLevel(logging.INFO)


def check_token_answer(response: requests.Response) -> requests.Response:
    """Compliance hook on the token endpoint's answers: what the cashier is told, before oauthlib parses."""
    if response.status_code in (400, 401):
        # invalid_grant and friends: the code or refresh token is no good any more.
        raise LoginRequired("Сеанс входа завершён: войдите снова.")
    if response.status_code != 200:
        raise AuthError(f"Сервер входа ответил ошибкой {response.status_code}. Попробуйте позже.")
    return response


class ThreadSession(OAuth2Session):
    """One thread's OAuth2Session. A refused certificate becomes UntrustedServer; its refresh
    (the auto-refresh too) goes through the AuthSession, which serialises them."""

    def __init__(self, owner: AuthSession, client: WebApplicationClient, **kwargs: Any) -> None:
        super().__init__(client=client, **kwargs)
        # Weak: the AuthSession holds its threads' sessions; a cycle would keep their sockets open
        # until some later garbage collection instead of closing them with the login.
        self._owner = weakref.ref(owner)
        self.oauth_client = client
        self.register_compliance_hook("access_token_response", check_token_answer)
        self.register_compliance_hook("refresh_token_response", check_token_answer)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        try:
            return super().request(method, url, *args, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise untrusted(exc, url) from exc

    def refresh_token(self, token_url: str, refresh_token: str | None = None, **_request: Any) -> Token:  # type: ignore[override]
        # The auto-refresh passes the API request's own arguments (json=, params=) along, and
        # requests-oauthlib would put them into the refresh form: they are dropped here.
        owner = self._owner()
        if owner is None:
            raise LoginRequired("Сеанс входа закрыт.")
        token = owner.refresh_with(self, refresh_token or self.token.get("refresh_token"))
        self.token = token
        return token

    def spend(self, token_url: str, refresh_token: str, timeout: float) -> Token:
        """One refresh at the token endpoint (requests-oauthlib's own), for the AuthSession's lock."""
        return OAuth2Session.refresh_token(self, token_url, refresh_token=refresh_token, timeout=timeout)


def thread_session(
    owner: AuthSession, context: ssl.SSLContext, scope: str, token_url: str, **options: Any
) -> ThreadSession:
    """A thread's session: PKCE-capable client, auto-refresh through ``owner``, its token updater."""
    keep = weakref.WeakMethod(owner.keep)

    def token_updater(token: Token) -> None:
        method = keep()
        if method is not None:
            method(token)

    session = ThreadSession(
        owner,
        WebApplicationClient(owner.client_id),
        scope=[scope],
        auto_refresh_url=token_url,
        auto_refresh_kwargs={"client_id": owner.client_id},
        token_updater=token_updater,
        **options,
    )
    return verified(session, context)
