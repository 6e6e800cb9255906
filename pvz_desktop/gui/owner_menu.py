"""The «Владелец» menu: there only while an owner is at the counter. It opens this point's owner
console (the central server's ``/console/``) in the system browser, and the point's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices

if TYPE_CHECKING:
    from pvz_desktop.gui.main_window import MainWindow


def console_url(api_url: str, point_id: str) -> str | None:
    """The console page of the point (through the login when the browser has no session yet);
    None for a standalone point, which has no server."""
    if not api_url:
        return None
    target = f"/console/switch?to={quote(point_id, safe='')}" if point_id else "/console/"
    return api_url.rstrip("/") + target


class OwnerMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu(self.tr("&Владелец"))
        self.menu.setObjectName("menu_owner")
        self.console = QAction(self.tr("Открыть консоль владельца в браузере"), self)
        self.console.setObjectName("action_owner_console")
        self.console.triggered.connect(self.open_console)
        self.menu.addAction(self.console)
        settings = QAction(self.tr("Настройки пункта…"), self)
        settings.setObjectName("action_owner_settings")
        settings.triggered.connect(window.open_settings)
        self.menu.addAction(settings)
        self.menu.menuAction().setVisible(False)  # until the role is read: an employee never sees it

    def refresh(self) -> None:
        """Show the menu if the one at the counter is an owner (as the point's records say)."""
        from pvz_desktop.workflows.employees import role_of

        services = self.window.services
        ctx = services.ctx
        employee = ctx.actor.employee_id

        def show(role: str | None) -> None:
            self.menu.menuAction().setVisible(role == "owner")
            self.console.setEnabled(bool(services.settings.api_url))

        services.runner.read(lambda: role_of(ctx, employee), show, services.feedback.fail)

    def open_console(self) -> bool:
        services = self.window.services
        url = console_url(services.settings.api_url, services.ctx.actor.point_id)
        if url is None:
            services.feedback.warn(
                self.tr("Консоль владельца работает на центральном сервере: у этого пункта сервер не указан.")
            )
            return False
        return QDesktopServices.openUrl(QUrl(url))
