"""Composition of the window: QApplication, language, login, devices, the event loop."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from pvz_desktop.auth.session import AuthSession, UserInfo
from pvz_desktop.auth.vault import KeyringVault
from pvz_desktop.config import Settings
from pvz_desktop.gui.crash import CrashReporter
from pvz_desktop.gui.feedback import Banner, Feedback
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.login import ServerLoginDialog, actor_for_user, choose_employee, login_at_server
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.sounds import SoundPlayer
from pvz_desktop.gui.style import APP_STYLESHEET, BASE_POINT_SIZE
from pvz_desktop.gui.sync_bridge import SyncLink
from pvz_desktop.gui.tasks import TaskRunner
from pvz_desktop.workflows.context import Actor, WorkflowContext

log = logging.getLogger(__name__)


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("PVZ Desktop")
    app.setOrganizationName("PVZ Desktop")
    base = app.font()
    base.setPointSize(BASE_POINT_SIZE)
    app.setFont(base)
    app.setStyleSheet(APP_STYLESHEET)
    return app


def build_services(ctx: WorkflowContext, settings: Settings, *, demo: bool, sound: bool = True) -> Services:
    runner = TaskRunner()
    feedback = Feedback(Banner(), SoundPlayer(enabled=sound))
    return Services(ctx=ctx, settings=settings, runner=runner, feedback=feedback, demo=demo)


def build_window(ctx: WorkflowContext, settings: Settings, *, demo: bool, sound: bool = True) -> MainWindow:
    """The whole window without running the loop: tests and screenshots start here."""
    window = MainWindow(build_services(ctx, settings, demo=demo, sound=sound))
    if demo:
        from pvz_desktop.gui.demo_panel import DemoScannerDock

        window.add_demo_dock(DemoScannerDock(window.services, window.router))
    return window


class WindowHost:
    """Keeps the one window; a language change rebuilds it, devices and all, in the new language.

    With a server login (``auth``) it also keeps the sync worker, shown in whichever window is
    current, and the logout: the counter's login is the server's, not a pick from a list.
    """

    def __init__(
        self,
        app: QApplication,
        ctx: WorkflowContext,
        settings: Settings,
        demo: bool,
        crash: CrashReporter,
        auth: AuthSession | None = None,
        **sync_options: float,
    ):
        self.app, self.ctx, self.demo, self.crash, self.auth = app, ctx, demo, crash, auth
        self.link: SyncLink | None = None
        if auth is not None:
            self.link = SyncLink(ctx, auth, **sync_options)
            self.link.login_required.connect(lambda: self.ask_login(after_logout=False))
        self.looping = False  # the event loop of run_window is running: closing the window ends it
        self.window = self._build(settings)
        if self.link is not None:
            self.link.start()

    def _build(self, settings: Settings) -> MainWindow:
        window = build_window(self.ctx, settings, demo=self.demo)
        window.services.runner.unexpected_error.connect(self.crash.report)
        window.language_changed.connect(self.rebuild)
        # Closing the counter window ends the program, whatever other top-level windows exist
        # (a dialog left open, a floating dock): the loop must not outlive the counter.
        window.closed.connect(self._quit)
        if self.link is not None:
            self.link.attach(window)
            self._server_menu(window)
        window.start_devices()
        return window

    def _server_menu(self, window: MainWindow) -> None:
        """«Выйти из учётной записи» replaces the pick from the local list: the login is the server's."""
        switch = window.findChild(QAction, "action_switch_user")
        logout = QAction(QCoreApplication.translate("MainWindow", "Выйти из учётной записи…"), window)
        logout.setObjectName("action_logout")
        logout.triggered.connect(self.logout)
        menu = window.menuBar().actions()[0].menu()
        if switch is not None:
            switch.setVisible(False)
            menu.insertAction(switch, logout)
        else:
            menu.addAction(logout)

    def logout(self) -> None:
        """Sync stops, the login is revoked at the server (off the GUI thread), then a new login."""
        link, auth = self.link, self.auth
        assert link is not None and auth is not None

        def sign_out() -> None:
            link.stop()
            auth.logout()

        runner = self.window.services.runner
        runner.read(sign_out, lambda _: self.ask_login(after_logout=True), self.window.services.feedback.fail)

    def ask_login(self, *, after_logout: bool) -> ServerLoginDialog:
        """The login dialog over the window. After a logout, closing it closes the counter;
        after an ended login (the worker said so), the counter keeps working locally."""
        assert self.auth is not None
        window = self.window
        open_dialog = window.findChild(ServerLoginDialog)
        if open_dialog is not None and open_dialog.isVisible():
            # One login dialog at a time; after a logout, closing it closes the counter.
            if after_logout:
                open_dialog.rejected.connect(window.close)
            return open_dialog
        dialog = ServerLoginDialog(self.auth, parent=window)
        dialog.accepted.connect(lambda: self._logged_in(dialog.user))
        if after_logout:
            dialog.rejected.connect(window.close)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _logged_in(self, user: UserInfo | None) -> None:
        if user is None or self.link is None:
            return
        window, ctx = self.window, self.ctx
        actor = actor_for_user(ctx.actor, user)

        def done(_: object) -> None:
            window.status.show_actor()
            window.status.refresh()
            window.services.feedback.info(
                QCoreApplication.translate("MainWindow", "За кассой: {name}").format(name=actor.employee_name)
            )
            window.actor_changed.emit(actor)

        # On the writer, so a write queued before the login is still signed by who made it.
        window.services.runner.write(lambda: setattr(ctx, "actor", actor), done)
        self.link.restart()

    def rebuild(self, lang: str) -> None:
        old = self.window
        settings = old.services.settings
        old.devices.stop()
        old.services.runner.shutdown()  # queued writes finish before the new window starts
        install_language(self.app, lang)
        self.window = self._build(settings)
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.hide()
        old.deleteLater()

    def _quit(self) -> None:
        if self.looping:
            self.app.quit()

    def stop(self) -> None:
        self.looping = False
        if self.link is not None:
            self.link.stop()
        self.window.devices.stop()
        self.window.services.runner.shutdown()


def login_actor(ctx: WorkflowContext, auth: AuthSession | None, user: UserInfo | None) -> Actor | None:
    """Who works at the counter: the server's login when there is a server, else the local list."""
    if auth is None:
        return choose_employee(ctx, preselect=ctx.actor.employee_id)
    if user is not None:  # the demo logged its employee in already
        return actor_for_user(ctx.actor, user)
    return login_at_server(ctx, auth)


def run_window(
    ctx: WorkflowContext,
    settings: Settings,
    demo: bool,
    *,
    auth: AuthSession | None = None,
    user: UserInfo | None = None,
) -> int:
    """Entry point from app.py: QApplication (if none), login, the main window, the event loop.

    With ``settings.api_url`` (or an ``auth`` given, as the demo does) the login is at the
    server and the sync worker runs while the window does; it stops before this returns."""
    app = ensure_app()
    install_language(app, settings.language)
    crash = CrashReporter(app)
    crash.install()
    if auth is None and settings.api_url:
        auth = AuthSession(settings.api_url, KeyringVault(settings.api_url))
    try:
        actor = login_actor(ctx, auth, user)
        if actor is None:
            return 0
        host = WindowHost(app, replace(ctx, actor=actor), settings, demo, crash, auth)
        host.window.show()
        host.looping = True
        # The counter window's close ends the loop (host._quit), not "the last window closed":
        # a dialog left open elsewhere must not keep the program running.
        quit_on_last = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            return app.exec()
        finally:
            app.setQuitOnLastWindowClosed(quit_on_last)
            host.stop()
    finally:
        crash.uninstall()
