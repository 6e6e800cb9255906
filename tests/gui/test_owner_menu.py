"""The «Владелец» menu: only an owner at the counter sees it; it opens this point's owner console
in the browser (Qt's URL handler stands in for the system browser and receives the address)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from pvz_desktop.gui.owner_menu import console_url
from pvz_desktop.store.models import Employee
from tests.gui.conftest import make_counter


class Browser(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def _staff(store, role: str) -> None:
    with store.write() as s:
        s.add(Employee(id="emp-1", display_name="Смирнова О.", role=role))


def test_the_owner_opens_this_points_console_in_the_browser(qtbot, store, settings, ctx):
    _staff(store, "owner")
    ctx.actor = replace(ctx.actor, point_id="p1")
    settings = replace(settings, api_url="http://127.0.0.1:8765")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    browser = Browser()
    QDesktopServices.setUrlHandler("http", browser, "open")
    try:
        menu = counter.window.owner_menu
        qtbot.waitUntil(menu.menu.menuAction().isVisible, timeout=5000)
        assert menu.console.isEnabled()
        menu.console.trigger()
        assert browser.opened == ["http://127.0.0.1:8765/console/switch?to=p1"]
    finally:
        QDesktopServices.unsetUrlHandler("http")
        gen.close()


def test_an_employee_has_no_owner_menu(qtbot, store, settings, ctx):
    _staff(store, "employee")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        counter.idle()
        assert not counter.window.owner_menu.menu.menuAction().isVisible()
    finally:
        gen.close()


def test_a_standalone_point_says_the_console_needs_a_server(qtbot, store, settings, ctx):
    _staff(store, "owner")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        menu = counter.window.owner_menu
        qtbot.waitUntil(menu.menu.menuAction().isVisible, timeout=5000)
        assert not menu.console.isEnabled()
        assert menu.open_console() is False
        assert "центральном сервере" in counter.banner[1]
    finally:
        gen.close()


def test_the_address_of_a_points_console():
    assert console_url("https://pvz.example:8765/", "p 1") == "https://pvz.example:8765/console/switch?to=p%201"
    assert console_url("", "p1") is None
