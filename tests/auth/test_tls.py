"""TLS to the central server: a real https server on loopback with a certificate authority made
here (trustme). With the point's CA bundle, login, push and pull work; a certificate from another
CA, an expired one and one for another host name are refused with the reason, and the server
receives nothing. Plain http to another computer is refused before any request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from sqlalchemy import func, select

from pvz_central.app import create_app
from pvz_central.models import OperationRecord
from pvz_central.server import ServerThread, start_in_thread
from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.tls import UntrustedServer
from pvz_desktop.auth.vault import MemoryVault
from pvz_desktop.core.server_url import BadServerUrl, InsecureServerUrl, check_server_url
from pvz_desktop.demo.embedded_server import FormBrowser
from pvz_desktop.sync.client import ServerUntrusted
from pvz_desktop.sync.pusher import pending_count, push_pending
from pvz_desktop.sync.worker import SyncWorker
from pvz_desktop.workflows import acceptance
from tests.central.harness import (
    PASSWORD,
    Central,
    Counter,
    delivery,
    login,
    make_counter,
    start_central,
    wait_until,
)
from tests.tls_ca import LOOPBACK, Pki, collect_tls_leftovers, make_pki, stop_tls_server, write_leaf


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


@pytest.fixture
def tls_central(tmp_path: Path, pki: Pki) -> Iterator[Central]:
    server = start_central(f"sqlite:///{tmp_path / 'central.db'}", tls=pki.leaf("server"))
    yield server
    server.close()
    collect_tls_leftovers()


class Recorder:
    """The server's app behind a note of every HTTP request that reached it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.seen.append(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


def serve_recorded(central: Central, tls: tuple[str, str]) -> tuple[ServerThread, Recorder]:
    """The same database served on the same port with another certificate."""
    recorder = Recorder(create_app(central.db))
    return start_in_thread(recorder, port=central.port, tls=tls), recorder  # type: ignore[arg-type]


def test_login_push_and_pull_work_over_tls_with_the_points_ca_bundle(tls_central: Central, pki: Pki, tmp_path):
    assert tls_central.url.startswith("https://")
    owner = login(tls_central.url, "owner1", ca_bundle=pki.bundle)
    counter = make_counter(tmp_path, "counter-1", tls_central.url, ca_bundle=pki.bundle)
    try:
        assert counter.auth.user is not None and counter.auth.user.point_id == "p1"
        waybill = delivery(owner, 2)
        assert counter.pull() >= 2  # pull over TLS
        posting = waybill["shipments"][0]["posting"]
        acceptance.open_waybill(counter.ctx, waybill["number"])
        acceptance.scan(counter.ctx, waybill["number"], posting)
        report = push_pending(counter.ctx, counter.client)  # push over TLS
        assert report.refused == () and report.applied >= 2
        assert tls_central.central_status(posting) == "received"
        # Refresh and logout go over the same verified connection.
        counter.auth.refresh()
        counter.auth.logout()
        assert counter.auth.vault.load() is None
    finally:
        counter.store.close()


def test_the_systems_trust_store_is_used_when_no_bundle_is_set(tls_central: Central, pki: Pki, monkeypatch):
    # OpenSSL's default paths honour SSL_CERT_FILE: here it plays the system store with the point's CA in it.
    monkeypatch.setenv("SSL_CERT_FILE", pki.bundle)
    auth = AuthSession(tls_central.url, MemoryVault())
    user = auth.login(open_browser=FormBrowser("emp1", PASSWORD, ca_bundle=pki.bundle), timeout=15)
    assert user.point_id == "p1"
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(UntrustedServer, match="неизвестным центром сертификации"):
        AuthSession(tls_central.url, MemoryVault()).login(open_browser=lambda url: pytest.fail("browser opened"))


def test_verification_cannot_be_switched_off_per_request(tls_central: Central, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "")
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    auth = AuthSession(tls_central.url, MemoryVault())  # no bundle: the test CA is not in the system store
    with pytest.raises(UntrustedServer):
        auth.http.get(f"{tls_central.url}/health", verify=False, timeout=5)


REFUSALS = {
    "another CA": ("неизвестным центром сертификации", {}),
    "expired": ("просрочен", {"not_after": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}),
    "another host name": ("выдан не для 127.0.0.1", {"hosts": ("pvz.example",)}),
}


def bad_certificate(kind: str, pki: Pki, tmp_path: Path) -> tuple[str, str]:
    _text, options = REFUSALS[kind]
    if kind == "another CA":
        return write_leaf(trustme.CA().issue_cert(LOOPBACK), tmp_path, "stranger")
    hosts = options.get("hosts", (LOOPBACK,))
    validity = {k: v for k, v in options.items() if k != "hosts"}
    if "not_after" in validity:
        validity["not_before"] = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    return pki.leaf(kind.replace(" ", "-"), *hosts, **validity)


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_a_bad_certificate_is_refused_at_login_with_its_reason_and_nothing_is_sent(
    kind: str, tls_central: Central, pki: Pki, tmp_path: Path
):
    tls_central.stop()
    thread, recorder = serve_recorded(tls_central, bad_certificate(kind, pki, tmp_path))
    try:
        opened: list[str] = []
        auth = AuthSession(tls_central.url, MemoryVault(), ca_bundle=pki.bundle)
        with pytest.raises(UntrustedServer) as refused:
            auth.login(open_browser=opened.append, timeout=5)
        assert REFUSALS[kind][0] in refused.value.message
        assert "ничего не отправлено" in refused.value.message
        assert opened == [] and recorder.seen == []  # no browser, not one request reached the server
        assert auth.vault.load() is None
    finally:
        stop_tls_server(thread)


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_a_bad_certificate_stops_push_and_pull_with_its_reason_and_nothing_is_sent(
    kind: str, tls_central: Central, pki: Pki, tmp_path: Path
):
    owner = login(tls_central.url, "owner1", ca_bundle=pki.bundle)
    counter: Counter = make_counter(tmp_path, "counter-1", tls_central.url, ca_bundle=pki.bundle)
    try:
        waybill = delivery(owner, 1)
        counter.pull()
        acceptance.open_waybill(counter.ctx, waybill["number"])
        acceptance.scan(counter.ctx, waybill["number"], waybill["shipments"][0]["posting"])
        waiting = pending_count(counter.store)
        assert waiting > 0
        with tls_central.db.read() as s:
            recorded = s.scalar(select(func.count()).select_from(OperationRecord))
        # The server comes back with a certificate the counter must not trust.
        tls_central.stop()
        thread, recorder = serve_recorded(tls_central, bad_certificate(kind, pki, tmp_path))
        try:
            with pytest.raises(ServerUntrusted, match=REFUSALS[kind][0]):
                push_pending(counter.ctx, counter.client)
            with pytest.raises(ServerUntrusted, match=REFUSALS[kind][0]):
                counter.pull()
            assert recorder.seen == []
        finally:
            stop_tls_server(thread)
        assert pending_count(counter.store) == waiting  # kept for when the server is right again
        with tls_central.db.read() as s:
            assert s.scalar(select(func.count()).select_from(OperationRecord)) == recorded
    finally:
        counter.store.close()


def test_the_sync_worker_says_the_certificate_was_refused(tls_central: Central, pki: Pki, tmp_path: Path):
    counter = make_counter(tmp_path, "counter-1", tls_central.url, ca_bundle=pki.bundle)
    tls_central.stop()
    thread, recorder = serve_recorded(tls_central, bad_certificate("expired", pki, tmp_path))
    worker = SyncWorker(counter.ctx, counter.client, long_poll=1)
    worker.start()
    try:
        wait_until(lambda: worker.status.online is False, 10)
    finally:
        worker.stop()
        stop_tls_server(thread)
        counter.store.close()
    status = worker.status
    assert status.message.startswith("Сертификат сервера не принят — работаем локально")
    assert status.error is not None and "просрочен" in status.error
    assert recorder.seen == []


def test_an_unreadable_ca_bundle_is_said_before_anything_is_sent(tls_central: Central, tmp_path: Path):
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate", encoding="utf-8")
    for bundle in (str(junk), str(tmp_path / "missing.pem")):
        auth = AuthSession(tls_central.url, MemoryVault(), ca_bundle=bundle)
        with pytest.raises(UntrustedServer, match="Файл сертификатов"):
            auth.login(open_browser=lambda url: pytest.fail("browser opened"), timeout=5)


@pytest.mark.parametrize(
    "url",
    ["http://pvz.invalid:8765", "http://192.0.2.10:8765", "http://[2001:db8::1]:8765", "HTTP://pvz.invalid"],
)
def test_plain_http_to_another_computer_is_refused_before_any_request(url: str, monkeypatch):
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the counter tried to reach the network")

    monkeypatch.setattr("socket.getaddrinfo", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    with pytest.raises(InsecureServerUrl, match="нужен https://"):
        AuthSession(url, MemoryVault())


def test_loopback_may_use_plain_http_and_other_addresses_are_checked():
    for url in ("http://127.0.0.1:8765/", "http://[::1]:8765", "http://localhost:8765", "https://pvz.example.ru"):
        assert check_server_url(url) == url.rstrip("/")
    for bad in ("pvz.example.ru", "ftp://pvz.example.ru", "https://", "https://user:pw@pvz.example.ru", "https://h:x"):
        with pytest.raises(BadServerUrl) as refused:
            check_server_url(bad)
        assert not isinstance(refused.value, InsecureServerUrl)
    with pytest.raises(InsecureServerUrl):
        check_server_url("http://127.0.0.2:8765")  # only the three loopback names, as RFC 8252 names them


def test_an_unreachable_server_is_said_before_the_browser_opens(tmp_path: Path):
    auth = AuthSession("https://127.0.0.1:9", MemoryVault())  # the discard port: nothing listens
    with pytest.raises(AuthError, match="недоступен"):
        auth.login(open_browser=lambda url: pytest.fail("browser opened"), timeout=5)
