"""The server's side of TLS: https of its own (``--tls-cert``/``--tls-key``) with HSTS, and behind a
reverse proxy the public https address in redirects, trusted only from the proxy's address."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from pvz_central.app import create_app
from pvz_central.cli import main, tls_problem
from pvz_central.server import start_in_thread
from tests.tls_ca import collect_tls_leftovers, make_pki


@pytest.fixture(autouse=True)
def tls_leftovers():
    """After the test (its servers unreachable by then), collect what a stopped https server left."""
    yield
    collect_tls_leftovers()


PROXIED = {"Host": "pvz.example.ru", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def test_https_of_its_own_answers_with_strict_transport_security(tmp_path: Path):
    pki = make_pki(tmp_path)
    app = create_app(f"sqlite:///{tmp_path / 'c.db'}")
    tls = start_in_thread(app, tls=pki.leaf("server"))
    plain = start_in_thread(app)
    try:
        assert tls.url.startswith("https://")
        answer = requests.get(f"{tls.url}/health", timeout=10, verify=pki.bundle)
        assert answer.status_code == 200
        assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
        # Plain http: no HSTS (a browser ignores it there, and it would claim what is not so).
        assert "Strict-Transport-Security" not in requests.get(f"{plain.url}/health", timeout=10).headers
    finally:
        tls.stop()
        plain.stop()


@pytest.mark.parametrize(("trusted", "scheme"), [("127.0.0.1", "https"), ("192.0.2.1", "http")])
def test_behind_a_proxy_redirects_use_the_public_https_address_only_from_the_trusted_proxy(
    tmp_path: Path, trusted: str, scheme: str
):
    server = start_in_thread(create_app(f"sqlite:///{tmp_path / 'c.db'}"), forwarded_allow_ips=trusted)
    try:
        # FastAPI redirects a trailing slash to the route: the address it builds is what the client sees.
        answer = requests.get(f"{server.url}/health/", headers=PROXIED, allow_redirects=False, timeout=10)
        assert answer.status_code == 307
        assert answer.headers["Location"] == f"{scheme}://pvz.example.ru/health"
        assert ("Strict-Transport-Security" in answer.headers) == (scheme == "https")
    finally:
        server.stop()


def test_serve_refuses_a_certificate_it_cannot_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    pki = make_pki(tmp_path)
    cert, key = pki.leaf("server")
    other_cert, _other_key = pki.leaf("other")
    assert tls_problem(None, None) is None and tls_problem(cert, key) is None
    assert "оба параметра" in (tls_problem(cert, None) or "")
    assert "не подходит" in (tls_problem(other_cert, key) or "")  # a key of another certificate
    assert "не подходит" in (tls_problem(str(tmp_path / "missing.pem"), key) or "")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["serve", "--db", db, "--tls-cert", other_cert, "--tls-key", key]) == 2
    assert "не подходит для https" in capsys.readouterr().err
