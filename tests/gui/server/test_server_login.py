"""Login at the server from the window: «Войти через Ozon ID» with the test as the browser, the
silent login from the keyring, logout, and the demo on its embedded server."""

from __future__ import annotations

import threading
import time
import webbrowser
from collections.abc import Callable

import requests
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from pvz_desktop.app import make_context, pull_demo_point, start_demo
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import SERVICE, KeyringVault
from pvz_desktop.core.statuses import OUTBOUND
from pvz_desktop.demo.generator import generate
from pvz_desktop.gui.application import run_window
from pvz_desktop.gui.login import ServerLoginDialog
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.gui.sync_bridge import OfflineStrip
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Shipment
from tests.auth.test_login import Browser
from tests.central.harness import PASSWORD


def dialog_for(qtbot, auth: AuthSession, **kwargs) -> ServerLoginDialog:
    dialog = ServerLoginDialog(auth, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_ozon_id_button_logs_in_through_the_browser_then_the_keyring_does_it_silently(
    central, memory_keyring, monkeypatch, qtbot
):
    browser = Browser("emp1", PASSWORD)
    monkeypatch.setattr(webbrowser, "open", browser)  # the system browser: the test plays it
    auth = AuthSession(central.url, KeyringVault(central.url))
    dialog = dialog_for(qtbot, auth)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.login_button.click()
        assert dialog.message.text().startswith("Откроется браузер") and not dialog.login_button.isEnabled()
    assert len(browser.opened) == 1 and browser.opened[0].startswith(f"{central.url}/oauth/authorize?")
    assert dialog.user is not None and (dialog.user.user_id, dialog.user.name) == ("emp1", "Кузнецов Д.")
    assert dialog.message.text() == "Вход выполнен: Кузнецов Д., ПВЗ Тверская 1"
    assert memory_keyring.entries == {
        (SERVICE, central.url): auth.tokens.refresh_token,
        (SERVICE, f"{central.url} pickup-key"): central.db.keys.for_point("p1").hex(),  # the point's key
    }

    # Next start: the stored refresh token logs in without a browser.
    again = dialog_for(qtbot, AuthSession(central.url, KeyringVault(central.url)), restore=True)
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted, timeout=10000)
    assert again.user == dialog.user and len(browser.opened) == 1


def refusing_browser(url: str) -> bool:
    """A browser that sends a request the server refuses: the error comes back to the loopback."""
    requests.get(url.replace("code_challenge_method=S256", "code_challenge_method=plain"), timeout=10)
    return True


def test_login_errors_are_shown_in_russian_and_the_button_works_again(central, memory_keyring, qtbot):
    auth = AuthSession(central.url, KeyringVault(central.url))
    dialog = dialog_for(qtbot, auth, browser=refusing_browser)
    dialog.login_button.click()
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=10000)
    assert dialog.message.text().startswith("Вход не выполнен: сервер ответил «")
    assert "c62828" in dialog.message.styleSheet() and dialog.user is None and not auth.logged_in

    # The server is down and nobody has logged in here before: said so, no way around the login.
    central.stop()
    never = dialog_for(qtbot, AuthSession(central.url, KeyringVault(central.url)), restore=True)
    qtbot.waitUntil(never.login_button.isEnabled, timeout=10000)
    assert never.message.text() == "Войдите через Ozon ID: сохранённого входа нет или он завершён."
    assert never.isVisible() and never.user is None and never.offline_button.isHidden()

    # A refresh token is stored (this counter logged in before) but the server is down: the
    # counter may go on without it, as one of the employees who worked here.
    memory_keyring.entries[(SERVICE, central.url)] = "stored-refresh-token"
    offline = dialog_for(qtbot, AuthSession(central.url, KeyringVault(central.url)), restore=True)
    qtbot.waitUntil(offline.login_button.isEnabled, timeout=10000)
    assert offline.message.text().startswith("Сервер входа недоступен") and "без связи" in offline.message.text()
    assert not offline.offline_button.isHidden()
    with qtbot.waitSignal(offline.accepted, timeout=5000):
        offline.offline_button.click()
    assert offline.offline and offline.user is None


def drive(steps: list[Callable[[], bool]], timeout: float = 30.0) -> None:
    """Run each step inside the loops run_window starts, moving on once a step says it is done.
    A step that never gets done ends the event loop with code 1, so the test fails, not hangs."""
    deadline = time.monotonic() + timeout

    def tick() -> None:
        if steps and steps[0]():
            steps.pop(0)
        if steps and time.monotonic() > deadline:
            for widget in QApplication.topLevelWidgets():
                widget.close()
            QApplication.exit(1)
            return
        if steps:
            QTimer.singleShot(20, tick)

    QTimer.singleShot(0, tick)


def visible(kind: type[QWidget]) -> QWidget | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def window_child(kind: type[QWidget]) -> QWidget | None:
    window = visible(MainWindow)
    return window.findChild(kind) if window is not None else None


def sync_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("pvz-sync")]


def sync_stopped(qtbot) -> None:
    """The push thread is gone when run_window returns; a pull thread in a long-poll ends with
    its request (the server caps the wait) and applies nothing after the stop."""
    assert "pvz-sync-push" not in sync_threads()
    qtbot.waitUntil(lambda: sync_threads() == [], timeout=5000)


def test_a_counter_with_a_server_logs_in_from_the_keyring_and_logs_out(central, memory_keyring, ctx, settings, qtbot):
    # The counter logged in on an earlier run: its refresh token is in the keyring.
    AuthSession(central.url, KeyringVault(central.url)).login(open_browser=Browser("emp1", PASSWORD))
    settings = settings.model_copy(update={"api_url": central.url})
    seen: dict[str, object] = {}

    def window_shown() -> bool:
        window = visible(MainWindow)
        if window is None or "Синхронизировано" not in window.status.sync.text():
            return False
        actor = window.services.ctx.actor
        seen["actor"] = (actor.employee_id, actor.employee_name, actor.point_id, actor.point_name)
        seen["switch_shown"] = window.findChild(QAction, "action_switch_user").isVisible()
        # Issuance checks codes with the point's key the login brought.
        seen["key"] = window.services.ctx.pickup_key() == central.db.keys.for_point("p1")
        window.findChild(QAction, "action_logout").trigger()
        return True

    def logged_out() -> bool:
        dialog = window_child(ServerLoginDialog)
        if dialog is None or not dialog.isVisible():
            return False
        seen["keyring"] = dict(memory_keyring.entries)
        dialog.reject()  # nobody logs in again: the counter closes
        return True

    # Another top-level window stays open (as a dialog left behind would): closing the counter
    # must still end the program.
    stray = QWidget()
    qtbot.addWidget(stray)
    stray.show()
    drive([window_shown, logged_out])
    assert run_window(ctx, settings, demo=False) == 0
    assert seen == {
        "actor": ("emp1", "Кузнецов Д.", "p1", "ПВЗ Тверская 1"),
        "switch_shown": False,  # the login is the server's, not a pick from the local list
        "key": True,
        # Logged out: no token is left; the point's key stays for checking codes offline.
        "keyring": {(SERVICE, f"{central.url} pickup-key"): central.db.keys.for_point("p1").hex()},
    }
    sync_stopped(qtbot)


def test_demo_runs_on_its_embedded_server_and_stops_it_on_close(settings, qtbot):
    # An older demo made by the offline generator is set aside: its parcels are not the server's.
    old = open_store(settings.db_path)
    generate(old, shipments=20, seed=1)
    old.close()
    server = start_demo(settings, shipments=40)
    try:
        user = server.user
        ctx = make_context(settings, user.user_id, user.name, point_id=user.point_id, point_name=user.point_name)
        assert pull_demo_point(ctx, server) >= 40
        with ctx.store.read() as s:
            # 40 parcels to hand out, and the demo's drop-off: a supply of 5 and 2 C2C parcels.
            assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.not_in(OUTBOUND))) == 40
            assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.in_(OUTBOUND))) == 7
        assert (settings.data_dir / "pvz-generated.db").exists()
        seen: dict[str, object] = {}

        def online() -> bool:
            window = visible(MainWindow)
            if window is None or "Синхронизировано" not in window.status.sync.text():
                return False
            seen["point"] = window.status.point.text()
            seen["strip"] = window.findChild(OfflineStrip, "offline_strip").isVisible()
            seen["threads"] = len(sync_threads())
            window.close()
            return True

        drive([online])
        assert run_window(ctx, settings, demo=True, auth=server.auth, user=user) == 0
        assert seen == {"point": user.point_name, "strip": False, "threads": 2}
    finally:
        server.stop()  # as app.run does once the window is gone
    sync_stopped(qtbot)
    ctx.store.close()
