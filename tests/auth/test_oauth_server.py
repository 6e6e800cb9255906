"""The authorization server's standards: RFC 8414 metadata, ``iss`` in the authorization response
(RFC 9207), a reused code ending its login (RFC 6749 §4.1.2), the login form's answers, failed-login
limits, and no telling known logins from unknown ones by text or by time."""

from __future__ import annotations

import base64
import hashlib
import secrets
import statistics
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import select, update

from pvz_central import passwords
from pvz_central.login_throttle import LIMITS, LOCK_TIME, LOGIN
from pvz_central.models import LoginThrottle, User
from pvz_central.seed import create_user
from tests.central.harness import PASSWORD, login, wait_until

REDIRECT = "http://127.0.0.1:54321/callback"


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _query(**overrides: str) -> tuple[dict[str, str], str]:
    verifier = secrets.token_urlsafe(48)
    query = {
        "response_type": "code",
        "client_id": "pvz-desktop",
        "redirect_uri": REDIRECT,
        "scope": "pvz",
        "state": "s1",
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
        **overrides,
    }
    return query, verifier


def _submit(url: str, user: str, password: str, query: dict[str, str] | None = None) -> requests.Response:
    query = query or _query()[0]
    form = {"q": urlencode(query), "login": user, "password": password}
    return requests.post(f"{url}/oauth/authorize", data=form, allow_redirects=False, timeout=30)


def _params(answer: requests.Response) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}


def test_metadata_names_every_endpoint_and_s256(central):
    answer = requests.get(f"{central.url}/.well-known/oauth-authorization-server", timeout=10)
    assert answer.status_code == 200
    meta = answer.json()
    assert meta["issuer"] == central.url
    for name, path in (("authorization", "authorize"), ("token", "token"), ("revocation", "revoke")):
        assert meta[f"{name}_endpoint"] == f"{central.url}/oauth/{path}"
    assert meta["userinfo_endpoint"] == f"{central.url}/oauth/userinfo"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["response_types_supported"] == ["code"]
    assert set(meta["grant_types_supported"]) == {"authorization_code", "refresh_token"}
    assert meta["authorization_response_iss_parameter_supported"] is True


def test_the_authorization_response_carries_iss_on_success_and_on_error(central):
    ok = _submit(central.url, "emp1", PASSWORD)
    assert ok.status_code == 302 and _params(ok)["iss"] == central.url and "code" in _params(ok)
    query, _ = _query(scope="admin")  # a known client and redirect: the error goes back to the client
    refused = requests.get(f"{central.url}/oauth/authorize", params=query, allow_redirects=False, timeout=10)
    assert refused.status_code == 302
    assert _params(refused)["error"] == "invalid_scope" and _params(refused)["iss"] == central.url


def _exchange(url: str, code: str, verifier: str) -> requests.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": "pvz-desktop",
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    return requests.post(f"{url}/oauth/token", data=form, timeout=10)


def test_a_reused_code_revokes_the_tokens_of_its_first_use(central):
    query, verifier = _query()
    code = _params(_submit(central.url, "emp1", PASSWORD, query))["code"]
    first = _exchange(central.url, code, verifier)
    assert first.status_code == 200
    access, refresh = first.json()["access_token"], first.json()["refresh_token"]
    me = requests.get(f"{central.url}/oauth/userinfo", headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert me.status_code == 200

    again = _exchange(central.url, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    me = requests.get(f"{central.url}/oauth/userinfo", headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert me.status_code == 401 and me.headers["WWW-Authenticate"].startswith('Bearer realm="pvz"')
    assert me.json()["code"] == "unauthorized"
    form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": "pvz-desktop"}
    assert requests.post(f"{central.url}/oauth/token", data=form, timeout=10).status_code == 400


def test_an_empty_pkce_challenge_is_refused(central):
    query, _ = _query(code_challenge="")
    page = requests.get(f"{central.url}/oauth/authorize", params=query, allow_redirects=False, timeout=10)
    assert page.status_code == 400 and "PKCE" in page.text


def test_a_wrong_password_answers_the_form_with_a_message(central):
    page = _submit(central.url, "emp1", "wrong-pass")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert 'role="alert">Неверный логин или пароль.' in page.text and 'name="password"' in page.text
    assert 'value="emp1"' in page.text  # the login stays typed in


def _throttle(central, login: str) -> LoginThrottle | None:
    with central.db.read() as s:
        return s.scalar(select(LoginThrottle).where(LoginThrottle.kind == LOGIN, LoginThrottle.subject == login))


def test_failures_back_off_after_five_and_success_resets(central):
    limits = LIMITS[LOGIN]
    for _ in range(limits.backoff_after):
        assert _submit(central.url, "emp1", "wrong-pass").status_code == 200
    refused = _submit(central.url, "emp1", PASSWORD)  # even the right password waits out the back-off
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "Слишком много попыток: повторите через" in refused.text and 'name="password"' in refused.text
    # Back-off is one second now: the right password gets through once it has passed.
    wait_until(lambda: _submit(central.url, "emp1", PASSWORD).status_code == 302, timeout=10, interval=0.2)
    assert _throttle(central, "emp1") is None
    assert _submit(central.url, "emp1", "wrong-pass").status_code == 200  # a fresh count, no wait


def test_one_address_guessing_many_logins_is_held_back(central):
    from pvz_central.login_throttle import ADDRESS

    query, _ = _query()
    for n in range(LIMITS[ADDRESS].backoff_after):  # one failure each: no account reaches its own limit
        assert _submit(central.url, f"guess{n}", "wrong-pass", query).status_code == 200, n
    held = _submit(central.url, "emp1", PASSWORD, query)
    assert held.status_code == 429 and int(held.headers["Retry-After"]) >= 1


def test_ten_failures_lock_the_account_and_the_owner_sees_and_lifts_it(central):
    owner = login(central.url, "owner1")
    for n in range(1, LIMITS[LOGIN].lock_after + 1):
        assert _submit(central.url, "emp1b", "wrong-pass").status_code == 200, n
        with central.db.write() as s:  # the back-off waited out (the clock moved on)
            s.execute(
                update(LoginThrottle)
                .where(LoginThrottle.failures < LIMITS[LOGIN].lock_after)
                .values(blocked_until=None)
            )
    locked = _submit(central.url, "emp1b", PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > LOCK_TIME.total_seconds() - 60
    assert "Вход временно заблокирован" in locked.text

    locks = owner.request("GET", "/api/v1/points/p1/login-locks").json()
    assert [(a["login"], a["failures"]) for a in locks] == [("emp1b", LIMITS[LOGIN].lock_after)]
    assert owner.request("DELETE", "/api/v1/points/p1/login-locks/emp1b").status_code == 204
    assert owner.request("GET", "/api/v1/points/p1/login-locks").json() == []
    assert _submit(central.url, "emp1b", PASSWORD).status_code == 302
    other = owner.request("DELETE", "/api/v1/points/p2/login-locks/owner2")
    assert other.status_code == 403 and other.json()["code"] == "other_point"


def test_an_unknown_login_gets_the_same_text_and_costs_the_same(central, monkeypatch: pytest.MonkeyPatch):
    # Real cost: the hash the server uses, for the known users and for the dummy alike.
    monkeypatch.setattr(passwords, "ITERATIONS", 120_000)
    known = [f"known{i}" for i in range(3)]
    for user in known:
        create_user(central.db, user, "Тест", PASSWORD, "p1", "employee")
    unknown = [f"nobody{i}" for i in range(3)]
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    texts = set()
    query, _ = _query()
    for _ in range(3):  # 18 attempts: under the address's back-off
        for kind, users in (("known", known), ("unknown", unknown)):
            for user in users:
                started = time.perf_counter()
                page = _submit(central.url, user, "wrong-pass", query)
                times[kind].append(time.perf_counter() - started)
                assert page.status_code == 200
                texts.add(page.text.replace(f'value="{user}"', ""))
    assert len(texts) == 1  # the same page, whether the login exists or not
    known_ms, unknown_ms = (statistics.median(times[k]) * 1000 for k in ("known", "unknown"))
    print(f"wrong password, median of 9: known login {known_ms:.1f} ms, unknown login {unknown_ms:.1f} ms")
    assert 0.6 < unknown_ms / known_ms < 1.6, (known_ms, unknown_ms)


def test_forgotten_failures_are_deleted_and_live_ones_kept(central):
    from datetime import timedelta

    from pvz_central.login_throttle import ADDRESS, FORGET_AFTER
    from pvz_desktop.core.clock import utcnow

    now = utcnow()
    old = now - FORGET_AFTER - timedelta(minutes=1)
    rows = {
        "sprayed": dict(failures=3, last_failure_at=old, blocked_until=None),  # forgotten: goes
        "served": dict(failures=12, last_failure_at=old, blocked_until=now - timedelta(minutes=1)),  # lock over: goes
        "locked": dict(failures=12, last_failure_at=old, blocked_until=now + timedelta(minutes=5)),  # still locked
        "recent": dict(failures=2, last_failure_at=now - timedelta(minutes=5), blocked_until=None),  # still counted
    }
    with central.db.write() as s:
        for subject, values in rows.items():
            s.add(LoginThrottle(kind=LOGIN, subject=subject, **values))
        s.add(LoginThrottle(kind=ADDRESS, subject="10.0.0.9", failures=30, last_failure_at=old, blocked_until=None))
    assert _submit(central.url, "emp1", "wrong-pass").status_code == 200  # any attempt prunes
    with central.db.read() as s:
        left = {(r.kind, r.subject): r.failures for r in s.scalars(select(LoginThrottle))}
    assert left == {(LOGIN, "locked"): 12, (LOGIN, "recent"): 2, (LOGIN, "emp1"): 1, (ADDRESS, "127.0.0.1"): 1}


def test_a_hash_with_fewer_iterations_is_remade_at_a_successful_login(central, monkeypatch: pytest.MonkeyPatch):
    def stored() -> str:
        with central.db.read() as s:
            return s.get(User, "emp1").password_hash

    old = stored()
    monkeypatch.setattr(passwords, "ITERATIONS", passwords.ITERATIONS * 2)  # the server raised its figure
    assert passwords.needs_rehash(old)
    assert _submit(central.url, "emp1", "wrong-pass").status_code == 200
    assert stored() == old  # a wrong password changes nothing
    assert _submit(central.url, "emp1", PASSWORD).status_code == 302
    new = stored()
    assert new.split("$")[1] == str(passwords.ITERATIONS) and not passwords.needs_rehash(new)
    assert passwords.check_password(PASSWORD, new)
    assert _submit(central.url, "emp1", PASSWORD).status_code == 302 and stored() == new  # once only
