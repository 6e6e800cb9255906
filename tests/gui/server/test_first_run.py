"""The first start of a fresh install, in the real dialog at 1366×768, in Russian and English: a
central server's address is checked by calling it (a wrong, insecure, unreachable or foreign
address is refused with the reason and nothing is saved), or a standalone point is set up with
its name, address and first owner, who then logs in with the password set there."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from pvz_desktop.app import make_context, needs_first_run
from pvz_desktop.config import Settings
from pvz_desktop.gui.first_run import FirstRunDialog
from pvz_desktop.gui.login import LoginDialog
from pvz_desktop.store.migrate import ensure_schema
from pvz_desktop.workflows.employees import active_employees, role_of
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.point_setup import password_matches
from tests.central.harness import Central, start_central
from tests.tls_ca import Pki, collect_tls_leftovers, make_pki

CYRILLIC = re.compile("[А-Яа-яЁё]")
SCREEN = (1366, 768)


class _NotPvz(BaseHTTPRequestHandler):
    """Some other web server: answers every path with a page of its own."""

    def do_GET(self) -> None:
        body = b"<html>router admin</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def foreign_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotPvz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> Settings:
    monkeypatch.setenv("PVZ_DATA_DIR", str(tmp_path))
    for name in ("PVZ_SCANNERS", "PVZ_PRINTER", "PVZ_API_URL", "PVZ_POINT_NAME", "PVZ_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(data_dir=tmp_path, language=language, scanners="", printer="")
    ensure_schema(settings.db_path)
    return settings


def open_dialog(qtbot, settings: Settings) -> FirstRunDialog:
    dialog = FirstRunDialog(settings, lambda: make_context(settings, "", ""))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_texts(dialog: QWidget) -> list[str]:
    return [
        w.text()
        for w in dialog.findChildren(QWidget)
        if w.isVisible() and isinstance(w, (QLabel, QAbstractButton)) and w.text()
    ]


def check_screen(qtbot, dialog: FirstRunDialog, language: str) -> None:
    """Within a 1366×768 screen, the message wrapped whole, and all English in English."""
    message = dialog.message
    # The layout takes the new message's height on its next pass: wait for it, never sleep.
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()), timeout=3000)
    frame = dialog.frameGeometry()
    assert frame.width() <= SCREEN[0] and frame.height() <= SCREEN[1]
    assert dialog.minimumSizeHint().height() <= SCREEN[1]
    assert message.wordWrap()
    for widget in dialog.findChildren(QWidget):
        if widget.isVisible():
            corner = widget.mapTo(dialog, widget.rect().bottomRight())
            assert corner.x() <= dialog.width() and corner.y() <= dialog.height(), widget.objectName()
    if language == "en":
        russian = [t for t in shown_texts(dialog) if CYRILLIC.search(t)]
        assert not russian, russian


def submit_and_wait(qtbot, dialog: FirstRunDialog) -> str:
    dialog.go.click()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20000)
    return dialog.message.text()


def test_a_server_address_is_checked_by_calling_it(qtbot, fresh, language, central, foreign_server):
    assert needs_first_run(fresh)
    dialog = open_dialog(qtbot, fresh)
    en = language == "en"
    assert dialog.server_choice.isChecked()
    assert dialog.go.text() == ("Check and connect" if en else "Проверить и подключить")
    check_screen(qtbot, dialog, language)
    config = fresh.data_dir / "config.json"

    refusals = [
        ("", "Enter the server address" if en else "Укажите адрес сервера"),
        ("ftp://pvz.example.ru", "does not fit" if en else "не подходит"),
        ("http://192.168.1.5:8765", "is not secure" if en else "не защищён"),
        (f"http://127.0.0.1:{closed_port()}", "does not answer" if en else "не отвечает"),
        (foreign_server, "is not a PVZ central server" if en else "не центральный сервер ПВЗ"),
    ]
    for typed, said in refusals:
        dialog.api_url.setText(typed)
        text = submit_and_wait(qtbot, dialog)
        assert said in text, (typed, text)
        assert dialog.isVisible() and not config.exists() and fresh.api_url == ""
        check_screen(qtbot, dialog, language)

    dialog.api_url.setText(central.url + "/")
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.go.click()
    assert fresh.api_url == central.url
    assert json.loads(config.read_text(encoding="utf-8"))["api_url"] == central.url
    # The next start goes straight to the server's login, not to this screen again.
    assert not needs_first_run(Settings(data_dir=fresh.data_dir))


def test_a_standalone_point_is_set_up_and_its_owner_logs_in_with_the_password(qtbot, fresh, language):
    dialog = open_dialog(qtbot, fresh)
    en = language == "en"
    dialog.standalone_choice.setChecked(True)
    assert dialog.go.text() == ("Create the point" if en else "Создать пункт")
    check_screen(qtbot, dialog, language)

    steps = [
        (dialog.point_name, "ПВЗ Лесная 4", "point's name" if en else "название пункта"),
        (dialog.point_address, "Москва, ул. Лесная, 4", "point's address" if en else "адрес пункта"),
        (dialog.owner_name, "Иванова А.", "owner's name" if en else "имя владельца"),
        (dialog.password, "кот", "at least 6" if en else "не короче 6"),
    ]
    for field, value, said in steps:
        dialog.go.click()  # this field still empty (or too short): refused, nothing written
        assert said in dialog.message.text(), dialog.message.text()
        assert dialog.isVisible() and needs_first_run(fresh)
        check_screen(qtbot, dialog, language)
        field.setText(value)
    dialog.go.click()  # the password too short
    assert ("at least 6" if en else "не короче 6") in dialog.message.text()
    dialog.password.setText("секрет-42")
    dialog.repeated.setText("секрет-24")
    dialog.go.click()
    assert ("passwords differ" if en else "Пароли не совпадают") in dialog.message.text()
    check_screen(qtbot, dialog, language)
    assert needs_first_run(fresh) and not (fresh.data_dir / "config.json").exists()

    dialog.repeated.setText("секрет-42")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.go.click()
    saved = json.loads((fresh.data_dir / "config.json").read_text(encoding="utf-8"))
    assert (saved["point_name"], saved["point_address"], saved["api_url"]) == (
        "ПВЗ Лесная 4",
        "Москва, ул. Лесная, 4",
        "",
    )
    assert not needs_first_run(Settings(data_dir=fresh.data_dir))

    ctx = make_context(fresh, "", "")
    try:
        (owner,) = active_employees(ctx)
        assert (owner.name, owner.role, owner.has_password) == ("Иванова А.", "owner", True)
        assert role_of(ctx, owner.id) == "owner"
        assert password_matches(ctx, owner.id, "секрет-42") and not password_matches(ctx, owner.id, "секрет-24")
        assert verify_chain(ctx).ok  # the setup is in the ledger, signed by the owner

        # The normal sign-in follows: the name and the password set here.
        login = LoginDialog(active_employees(ctx), check=lambda e, p: password_matches(ctx, e, p))
        qtbot.addWidget(login)
        login.show()
        assert login.password.isVisible()
        assert login.list.item(0).text() == "Иванова А. — " + ("owner" if en else "владелец")
        login.password.setText("неверно")
        login.accept()
        wrong = "Wrong password" if en else "Неверный пароль"
        qtbot.waitUntil(lambda: wrong in login.message.text(), timeout=10_000)
        assert login.isVisible() and login.result() != LoginDialog.DialogCode.Accepted
        assert login.password.text() == "" and login.ok_button.isEnabled()
        login.password.setText("секрет-42")
        with qtbot.waitSignal(login.accepted, timeout=5000):
            login.accept()
    finally:
        ctx.store.close()


def test_a_second_setup_of_the_same_point_is_refused(qtbot, fresh, language):
    from pvz_desktop.core.errors import StateConflict
    from pvz_desktop.workflows.point_setup import PointSetup, set_up_point

    setup = PointSetup("ПВЗ Лесная 4", "Лесная, 4", "Иванова А.", "секрет-42", "секрет-42")
    ctx = make_context(fresh, "", "")
    try:
        set_up_point(ctx, setup)
        with pytest.raises(StateConflict):
            set_up_point(ctx, PointSetup("Другой", "Другая, 1", "Петров П.", "секрет-43", "секрет-43"))
        assert [e.name for e in active_employees(ctx)] == ["Иванова А."]
    finally:
        ctx.store.close()


@pytest.fixture
def tls_central(tmp_path: Path) -> Iterator[tuple[Central, Pki]]:
    pki = make_pki(tmp_path)
    server = start_central(f"sqlite:///{tmp_path / 'central-tls.db'}", tls=pki.leaf("server"))
    yield server, pki
    server.close()
    collect_tls_leftovers()


def test_a_server_with_the_points_own_ca_needs_its_certificates_file(qtbot, fresh, language, tls_central):
    central, pki = tls_central
    dialog = open_dialog(qtbot, fresh)
    en = language == "en"
    dialog.api_url.setText(central.url)
    text = submit_and_wait(qtbot, dialog)
    assert ("unknown certificate authority" if en else "неизвестным центром сертификации") in text, text
    check_screen(qtbot, dialog, language)
    dialog.ca_bundle.setText(str(fresh.data_dir / "no-such-ca.pem"))
    text = submit_and_wait(qtbot, dialog)
    assert ("cannot be read" if en else "не читается") in text, text
    check_screen(qtbot, dialog, language)
    assert not (fresh.data_dir / "config.json").exists()

    dialog.ca_bundle.setText(pki.bundle)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.go.click()
    saved = json.loads((fresh.data_dir / "config.json").read_text(encoding="utf-8"))
    assert (saved["api_url"], saved["ca_bundle"]) == (central.url, pki.bundle)


def test_the_language_is_chosen_on_the_first_run_screen_and_kept(qtbot, fresh, language, qapp):
    dialog = open_dialog(qtbot, fresh)
    other = "ru" if language == "en" else "en"
    assert dialog.language.currentData() == language
    dialog.language.setCurrentIndex(dialog.language.findData(other))
    qtbot.waitUntil(
        lambda: dialog.server_choice.text() == ("Central server" if other == "en" else "Центральный сервер")
    )
    dialog.standalone_choice.setChecked(True)
    check_screen(qtbot, dialog, other)
    dialog.go.click()
    assert dialog.message.text() == ("Enter the point's name." if other == "en" else "Укажите название пункта.")
    dialog.point_name.setText("ПВЗ Лесная 4")
    dialog.point_address.setText("Лесная, 4")
    dialog.owner_name.setText("Иванова А.")
    dialog.password.setText("секрет-42")
    dialog.repeated.setText("секрет-42")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.go.click()
    assert json.loads((fresh.data_dir / "config.json").read_text(encoding="utf-8"))["language"] == other
    assert Settings(data_dir=fresh.data_dir).language == other


def test_the_password_is_checked_off_the_gui_thread(qtbot, language):
    """The slow hash runs on its own thread: the dialog says so, takes no second Enter, and a
    dialog closed meanwhile is not accepted by the late answer."""
    import threading

    from pvz_desktop.workflows.employees import EmployeeChoice

    gate, threads = threading.Event(), []

    def check(employee: str, password: str) -> bool:
        threads.append(threading.current_thread())
        gate.wait(10)
        return password == "секрет-42"

    owner = EmployeeChoice("owner-1", "Иванова А.", "owner", True)
    login = LoginDialog([owner], check=check)
    qtbot.addWidget(login)
    login.show()
    login.password.setText("секрет-42")
    login.accept()
    login.accept()  # a second Enter while checking starts nothing
    assert not login.ok_button.isEnabled() and not login.password.isEnabled()
    assert login.message.text() == ("Checking the password…" if language == "en" else "Проверка пароля…")
    with qtbot.waitSignal(login.accepted, timeout=10_000):
        gate.set()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()

    gate.clear()
    late = LoginDialog([owner], check=check)
    qtbot.addWidget(late)
    late.show()
    late.password.setText("секрет-42")
    late.accept()
    late.reject()  # closed while checking
    gate.set()
    qtbot.waitUntil(late.ok_button.isEnabled, timeout=10_000)
    assert late.result() == LoginDialog.DialogCode.Rejected
