"""Ozon-ID-style login against the real server: the test plays the browser."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from oauthlib.oauth2 import WebApplicationClient
from sqlalchemy import update

from pvz_central.models import Token
from pvz_central.passwords import token_hash
from pvz_desktop.auth.errors import LoginRequired
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import SERVICE, KeyringVault
from pvz_desktop.core.clock import utcnow
from tests.central.harness import PASSWORD, login


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.inputs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input":
            self.inputs.append(a.get("name") or "")
            if a.get("type") == "hidden":
                self.hidden[a["name"] or ""] = a.get("value") or ""


class Browser:
    """What a person does in the browser: read the page, type a password, get redirected back."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.opened: list[str] = []
        self.callback: requests.Response | None = None
        self.wrong_password_page: requests.Response | None = None

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        http = requests.Session()
        page = http.get(url, timeout=10)
        assert page.status_code == 200 and "Вход для сотрудников ПВЗ" in page.text
        assert page.headers["X-Frame-Options"] == "DENY"
        form = _Form()
        form.feed(page.text)
        assert {"login", "password", "q"} <= set(form.inputs)
        action = urlsplit(url)._replace(query="").geturl()
        self.wrong_password_page = http.post(action, data={**form.hidden, "login": self.user, "password": "nope"})
        answer = http.post(
            action, data={**form.hidden, "login": self.user, "password": self.password}, allow_redirects=False
        )
        assert answer.status_code == 302
        self.callback = http.get(answer.headers["Location"], timeout=10)
        return True


def test_full_pkce_login_through_the_browser_and_the_loopback_callback(central, memory_keyring):
    vault = KeyringVault(central.url)
    auth = AuthSession(central.url, vault)
    browser = Browser("emp1", PASSWORD)
    user = auth.login(open_browser=browser)

    assert (user.user_id, user.role, user.point_id, user.name) == ("emp1", "employee", "p1", "Кузнецов Д.")
    [url] = browser.opened
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["code_challenge_method"] == "S256" and query["response_type"] == "code"
    redirect = urlsplit(query["redirect_uri"])
    assert redirect.hostname == "127.0.0.1" and redirect.port and redirect.path == "/callback"
    assert browser.wrong_password_page is not None and browser.wrong_password_page.status_code == 200
    assert "Неверный логин или пароль" in browser.wrong_password_page.text
    assert browser.callback is not None and "Вход выполнен" in browser.callback.text
    # Only the refresh token went to the keyring, and the point's pickup-code key; the access
    # token stays in memory.
    assert auth.tokens is not None and auth.pickup_key() is not None and len(auth.pickup_key()) == 32
    assert memory_keyring.entries == {
        (SERVICE, central.url): auth.tokens.refresh_token,
        (SERVICE, f"{central.url} pickup-key"): auth.pickup_key().hex(),
    }
    assert len(auth.tokens.refresh_token) < 100 and auth.tokens.access_token not in memory_keyring.entries.values()
    assert "refresh_token" not in repr(auth.tokens) and auth.tokens.access_token not in repr(auth.tokens)

    # Next start: a silent login from the keyring, no browser.
    again = AuthSession(central.url, KeyringVault(central.url))
    assert again.restore() == user
    assert memory_keyring.entries[(SERVICE, central.url)] == again.tokens.refresh_token != auth.tokens.refresh_token


_PKCE = WebApplicationClient("pvz-desktop")  # oauthlib's PKCE helpers, to play a client by hand


def _authorize(url: str, **overrides: str) -> tuple[dict[str, str], str]:
    verifier = _PKCE.create_code_verifier(64)
    query = {
        "response_type": "code",
        "client_id": "pvz-desktop",
        "redirect_uri": "http://127.0.0.1:54321/callback",
        "scope": "pvz",
        "state": "s1",
        "code_challenge": _PKCE.create_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
        **overrides,
    }
    return query, verifier


def _code(url: str, query: dict[str, str]) -> str:
    answer = requests.post(
        f"{url}/oauth/authorize",
        data={"q": urlencode(query), "login": "emp1", "password": PASSWORD},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert location.netloc == "127.0.0.1:54321"
    params = parse_qs(location.query)
    assert params["state"] == ["s1"]
    return params["code"][0]


def test_the_code_needs_its_pkce_verifier_and_works_once(central):
    query, verifier = _authorize(central.url)
    code = _code(central.url, query)
    form = {"grant_type": "authorization_code", "code": code, "client_id": "pvz-desktop"}
    form["redirect_uri"] = query["redirect_uri"]
    wrong = requests.post(f"{central.url}/oauth/token", data={**form, "code_verifier": _PKCE.create_code_verifier(64)})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    ok = requests.post(f"{central.url}/oauth/token", data={**form, "code_verifier": verifier})
    assert ok.status_code == 200 and ok.json()["token_type"] == "Bearer"
    again = requests.post(f"{central.url}/oauth/token", data={**form, "code_verifier": verifier})
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("override", "expect"),
    [
        ({"redirect_uri": "http://evil.example/callback"}, "Неверный запрос входа"),
        ({"redirect_uri": "https://127.0.0.1:5000/callback"}, "Неверный запрос входа"),
        ({"redirect_uri": "http://127.0.0.1:5000/other"}, "Неверный запрос входа"),
        ({"client_id": "unknown"}, "Неверный запрос входа"),
        ({"code_challenge_method": "plain"}, "redirect"),
        ({"code_challenge": ""}, "redirect"),
    ],
)
def test_bad_authorization_requests_are_refused(central, override, expect):
    query, _ = _authorize(central.url, **override)
    if not query.get("code_challenge"):
        del query["code_challenge"]
    page = requests.get(f"{central.url}/oauth/authorize?{urlencode(query)}", allow_redirects=False)
    if expect == "redirect":  # the client is known: the error goes back to it, never a code
        assert page.status_code == 302
        params = parse_qs(urlsplit(page.headers["Location"]).query)
        assert "error" in params and "code" not in params
    else:  # an unknown client or a foreign redirect: no redirect at all
        assert page.status_code == 400 and expect in page.text
        assert "Location" not in page.headers
    # Posting the login form with such a request does not issue a code either.
    answer = requests.post(
        f"{central.url}/oauth/authorize",
        data={"q": urlencode(query), "login": "emp1", "password": PASSWORD},
        allow_redirects=False,
    )
    assert "code=" not in answer.headers.get("Location", "")


def test_any_loopback_port_is_accepted(central):
    for port in (1024, 49152, 65535):
        query, _ = _authorize(central.url, redirect_uri=f"http://127.0.0.1:{port}/callback")
        page = requests.get(f"{central.url}/oauth/authorize?{urlencode(query)}")
        assert page.status_code == 200 and re.search(r'name="q"', page.text)


def _refresh(url: str, token: str) -> requests.Response:
    return requests.post(
        f"{url}/oauth/token", data={"grant_type": "refresh_token", "refresh_token": token, "client_id": "pvz-desktop"}
    )


def test_refresh_tokens_rotate_and_a_used_one_ends_the_login(central):
    auth = login(central.url, "emp1")
    first = auth.tokens
    auth.refresh()
    second = auth.tokens
    assert second.refresh_token != first.refresh_token and second.access_token != first.access_token
    assert auth.request("GET", "/oauth/userinfo").status_code == 200

    reused = _refresh(central.url, first.refresh_token)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    # Reuse means a copy exists: the whole login is revoked, the current tokens too.
    assert _refresh(central.url, second.refresh_token).status_code == 400
    me = requests.get(f"{central.url}/oauth/userinfo", headers={"Authorization": f"Bearer {second.access_token}"})
    assert me.status_code == 401 and me.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_401_refreshes_once_and_retries(central):
    auth = login(central.url, "emp1")
    before = auth.tokens
    with central.db.write() as s:  # the server ends the access token early
        s.execute(
            update(Token)
            .where(Token.access_hash == token_hash(before.access_token))
            .values(access_expires_at=utcnow() - timedelta(seconds=1))
        )
    assert auth.request("GET", "/api/v1/points/p1/changes").status_code == 200
    assert auth.tokens.access_token != before.access_token
    # A login revoked at the server cannot be refreshed: the counter is told to log in again.
    with central.db.write() as s:
        s.execute(update(Token).values(revoked=True))
    with pytest.raises(LoginRequired):
        auth.request("GET", "/api/v1/points/p1/changes")
    assert not auth.logged_in and auth.vault.load() is None


def test_logout_revokes_the_login_at_the_server(central, memory_keyring):
    auth = AuthSession(central.url, KeyringVault(central.url))
    auth.login(open_browser=Browser("emp1", PASSWORD))
    tokens = auth.tokens
    key = auth.pickup_key()
    auth.logout()
    # The point's key stays (codes are still checked offline, by whoever logs in next); no token does.
    assert memory_keyring.entries == {(SERVICE, f"{central.url} pickup-key"): key.hex()} and not auth.logged_in
    assert _refresh(central.url, tokens.refresh_token).status_code == 400
    me = requests.get(f"{central.url}/oauth/userinfo", headers={"Authorization": f"Bearer {tokens.access_token}"})
    assert me.status_code == 401
    assert AuthSession(central.url, KeyringVault(central.url)).restore() is None
    # A counter started without the server still checks codes: the key comes from the keyring.
    assert AuthSession(central.url, KeyringVault(central.url)).pickup_key() == key


def test_threads_share_one_login_and_an_expired_token_is_refreshed_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func, select

    from tests.central.harness import start_central, wait_until

    # The counter refreshes 30 s before the server's expiry: a 31 s token is due after about 1 s.
    central = start_central(f"sqlite:///{tmp_path / 'c.db'}", access_ttl=31)
    try:
        auth = login(central.url, "emp1")
        first = auth.tokens
        wait_until(lambda: time.time() > first.expires_at, 5)
        # Every thread holds the expired token before any of them refreshes (the worst interleaving).
        all_read = threading.Barrier(8)
        read_token = auth._current

        def read_then_wait() -> dict:
            token = read_token()
            all_read.wait(5)
            return token

        auth._current = read_then_wait  # type: ignore[method-assign]

        def call(_: int) -> int:
            return auth.request("GET", "/api/v1/points/p1/changes", params={"limit": 1}).status_code

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(call, range(8))) == [200] * 8
        # One refresh for all eight threads: two would have spent the refresh token twice, and the
        # server would have ended the whole login.
        with central.db.read() as s:
            assert s.scalar(select(func.count()).select_from(Token)) == 2
            assert not any(s.scalars(select(Token.revoked)))
        assert auth.tokens.refresh_token != first.refresh_token
        assert auth.vault.load() == auth.tokens.refresh_token
    finally:
        central.close()


def test_a_refused_pickup_key_keeps_the_stored_one_and_logs_the_servers_reason(central, caplog):
    auth = login(central.url, "emp1")
    key = auth.pickup_key()
    assert key is not None
    with caplog.at_level("WARNING", logger="pvz_desktop.auth.session"):
        auth._load_pickup_key("p-of-another-owner")  # not this employee's point: the server refuses
    assert auth.pickup_key() == key
    [record] = [r for r in caplog.records if "pickup-code key" in r.getMessage()]
    refusal = auth.request("GET", "/api/v1/points/p-of-another-owner/pickup-key")
    assert refusal.status_code == 403
    assert refusal.json()["detail"].rstrip(".") in record.getMessage()  # the ApiError's reason, read as the model
