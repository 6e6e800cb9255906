"""Composition of the window: QApplication, language, login, devices, the event loop.

A cold start (``open_counter_window``) shows the window's frame first and loads the rest behind
it: SQLAlchemy, the store, the workflows and the pages are imported and opened on the writer
thread while the frame is on screen, then the pages are put in on the GUI thread. Scanners are
opened with the frame, so a scan read meanwhile waits and is answered, in order, once the pages
exist.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from pvz_desktop.core.errors import DatabaseDamaged
from pvz_desktop.gui.crash import CrashReporter
from pvz_desktop.gui.feedback import Banner, Feedback
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.main_window import ATTACH_MODULES, MainWindow, WindowFrame
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.sounds import SoundPlayer
from pvz_desktop.gui.style import APP_STYLESHEET, BASE_POINT_SIZE
from pvz_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from pvz_desktop.auth.session import AuthSession, UserInfo
    from pvz_desktop.config import Settings
    from pvz_desktop.gui.damaged_database import DamagedDatabaseDialog
    from pvz_desktop.gui.early_scanners import EarlyScanners
    from pvz_desktop.gui.login import ServerLoginDialog
    from pvz_desktop.gui.sync_bridge import SyncLink
    from pvz_desktop.workflows.context import Actor, WorkflowContext
    from pvz_desktop.workflows.database_recovery import IntegrityCheck, Salvage

log = logging.getLogger(__name__)
# What the writer thread imports behind the shown frame, before it opens the store: the pages'
# modules (and through them SQLAlchemy, the models, the workflows), the login and sync.
BEHIND_FRAME_MODULES = (
    "pvz_desktop.workflows.context",  # and through it the store
    *ATTACH_MODULES,
    "pvz_desktop.gui.scan_router",
    "pvz_desktop.gui.sync_bridge",
)


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
        add_demo_dock(window)
    return window


def add_demo_dock(window: MainWindow) -> None:
    from pvz_desktop.gui.demo_panel import DemoScannerDock

    window.add_demo_dock(DemoScannerDock(window.services, window.router))


def load_behind_frame(
    open_context: Callable[[], WorkflowContext],
) -> WorkflowContext:
    """On the writer thread: import what the pages need, then open the store."""
    for name in BEHIND_FRAME_MODULES:
        importlib.import_module(name)
    return open_context()


class WindowHost:
    """Keeps the one window; a language change rebuilds it, devices and all, in the new language.

    With a server login (``auth``) it also keeps the sync worker, shown in whichever window is
    current, and the logout: the counter's login is the server's, not a pick from a list.
    ``WindowHost(ctx, ...)`` builds the whole window now; ``WindowHost.starting`` shows its frame
    and opens the store behind it (``ready`` says when the pages are in).
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
        self._setup(app, settings, demo, crash, auth, sync_options)
        self.ctx = self._with_point_key(ctx)
        self._make_link()
        self.window = self._build(settings)
        if self.link is not None:
            self.link.start()

    def _setup(
        self,
        app: QApplication,
        settings: Settings,
        demo: bool,
        crash: CrashReporter | None,
        auth: AuthSession | None,
        sync_options: dict[str, float],
    ) -> None:
        self.app, self.settings, self.demo, self.crash, self.auth = app, settings, demo, crash, auth
        self.sync_options = sync_options
        self.link: SyncLink | None = None
        self.looping = False  # the event loop of run_window is running: closing the window ends it
        self.closed = False
        self.early: EarlyScanners | None = None  # scanners opened with the frame, until the pages exist
        self.failure: BaseException | None = None  # the store could not be opened behind the frame
        self.integrity: IntegrityCheck | None = None  # the start's check of the file (start_counter)
        self.damaged: DamagedDatabaseDialog | None = None  # shown when the check found damage

    @classmethod
    def starting(
        cls,
        app: QApplication,
        settings: Settings,
        open_context: Callable[[], WorkflowContext],
        *,
        demo: bool = False,
        crash: CrashReporter | None = None,
        auth: AuthSession | None = None,
        ask_login: bool = True,
        sound: bool = True,
        integrity: IntegrityCheck | None = None,
        **sync_options: float,
    ) -> WindowHost:
        """Show the window's frame now and open the scanners; the store and the pages follow."""
        host = cls.__new__(cls)
        host._setup(app, settings, demo, crash, auth, sync_options)
        host.integrity = integrity
        host._start_frame(open_context, ask_login=ask_login, sound=sound)
        return host

    def _start_frame(self, open_context: Callable[[], WorkflowContext], *, ask_login: bool, sound: bool) -> None:
        from pvz_desktop.gui.early_scanners import EarlyScanners

        self._reopen = lambda: self._start_frame(open_context, ask_login=ask_login, sound=sound)
        settings = self.settings
        runner = TaskRunner()
        frame = WindowFrame(settings, runner, Feedback(Banner(), SoundPlayer(enabled=sound)), settings.point_name)
        self.window = MainWindow(frame=frame)
        self._wire_frame(self.window)
        self.window.show()
        self.early = EarlyScanners(settings.scanner_urls).start()

        def loaded(ctx: WorkflowContext) -> None:
            if ask_login:
                # Out of the runner's callback: the login dialog runs its own loop.
                QTimer.singleShot(0, lambda: self._login_then_attach(ctx))
            else:
                self._attach(ctx)

        runner.write(lambda: load_behind_frame(open_context), loaded, self._not_loaded)

    @property
    def ready(self) -> bool:
        return self.window.ready

    def _login_then_attach(self, ctx: WorkflowContext) -> None:
        if self.closed:
            return
        self.window.show_progress(QCoreApplication.translate("MainWindow", "Вход…"))
        actor = login_actor(ctx, self.auth, None)
        if actor is None:
            self.window.close()
            return
        self._attach(replace(ctx, actor=actor))

    def _attach(self, ctx: WorkflowContext) -> None:
        if self.closed:  # closed while the store was opening: nothing to show it in
            ctx.store.close()
            return
        self.ctx = ctx = self._with_point_key(ctx)
        window = self.window
        frame = window.frame
        services = Services(
            ctx=ctx, settings=self.settings, runner=frame.runner, feedback=frame.feedback, demo=self.demo
        )
        window.attach(services)
        point = ctx.actor.point_name or self.settings.point_name
        window.show_point(point)
        if self.demo:
            add_demo_dock(window)
        self._make_link()
        early, self.early = self.early, None
        self._wire_ready(window, early)
        if self.integrity is None:
            if self.link is not None:
                self.link.start()
            return
        # Sync starts once the check has passed (its pulls write); writes wait for it anyway.
        check = self.integrity

        def verdict() -> None:
            problems = check.result()
            run_on_main(lambda: self._verdict(problems), window)

        threading.Thread(target=verdict, name="pvz-quick-check-verdict", daemon=True).start()

    def _verdict(self, problems: tuple[str, ...]) -> None:
        if problems:
            self._damaged(problems)
        elif self.link is not None and not self.closed:
            self.link.start()

    def _damaged(self, problems: tuple[str, ...]) -> None:
        """The file is damaged: everything that could write stops, the file is put aside
        untouched, the readable pending operations are read out of it, and the cashier is told
        (with the offer to rebuild from the server when one is configured)."""
        from pvz_desktop.gui.damaged_database import DamagedDatabaseDialog
        from pvz_desktop.workflows.database_recovery import salvage_outbox, set_aside

        log.error("the database failed its integrity check: %s", "; ".join(problems))
        window = self.window
        if self.link is not None:
            self.link.stop()
        self._stop_early()
        if window.ready:
            window.devices.stop()
        window.frame.runner.shutdown()
        ctx = getattr(self, "ctx", None)
        if ctx is not None:
            ctx.store.close()
        aside = set_aside(self.settings.db_path)
        salvage = salvage_outbox(aside)
        log.error(
            "damaged database kept as %s; pending operations read: %d, unreadable outbox rows: %s",
            aside.name,
            len(salvage.ops),
            list(salvage.unreadable) or ("all" if salvage.outbox_lost else "none"),
        )
        dialog = DamagedDatabaseDialog(problems, aside, salvage, server=self.auth is not None, parent=window)
        dialog.rebuild.connect(lambda: self._rebuild(salvage))
        dialog.rejected.connect(window.close)
        self.damaged = dialog
        dialog.open()

    def _rebuild(self, salvage: Salvage) -> None:
        """A fresh database with the salvaged operations; the window starts again over it and
        sync pulls the point from the server."""
        from pvz_desktop.workflows.database_recovery import rebuild

        kept = rebuild(self.settings.db_path, salvage)
        log.info("database rebuilt: %d pending operations kept; the point is pulled from the server", kept)
        old = self.window
        old.closed.disconnect(self._quit)
        self.integrity = None  # the new file was made just now
        self.damaged = None
        self._reopen()
        self.window.setGeometry(old.geometry())
        old.hide()
        old.deleteLater()

    def _with_point_key(self, ctx: WorkflowContext) -> WorkflowContext:
        """Pickup codes are checked with the point's key as the server's login received it."""
        if self.auth is not None:
            ctx.pickup_key = self.auth.pickup_key
        return ctx

    def _not_loaded(self, exc: BaseException) -> None:
        """The store could not be opened: say so where the cashier looks; the log has the rest."""
        if isinstance(exc, DatabaseDamaged):
            self._damaged(exc.problems)
            return
        self.failure = exc
        log.error("the store could not be opened", exc_info=exc)
        text = QCoreApplication.translate("MainWindow", "Не удалось открыть базу: {reason}").format(
            reason=getattr(exc, "message", None) or str(exc)
        )
        self.window.show_progress(text)
        self.window.frame.feedback.fail(exc)

    def _make_link(self) -> None:
        if self.auth is not None:
            from pvz_desktop.gui.sync_bridge import SyncLink

            self.link = SyncLink(self.ctx, self.auth, **self.sync_options)
            self.link.login_required.connect(lambda: self.ask_login(after_logout=False))

    def _build(self, settings: Settings) -> MainWindow:
        window = build_window(self.ctx, settings, demo=self.demo)
        self._wire_frame(window)
        self._wire_ready(window, None)
        return window

    def _wire_frame(self, window: MainWindow) -> None:
        if self.crash is not None:
            window.frame.runner.unexpected_error.connect(self.crash.report)
        # Closing the counter window ends the program, whatever other top-level windows exist
        # (a dialog left open, a floating dock): the loop must not outlive the counter.
        window.closed.connect(self._quit)

    def _wire_ready(self, window: MainWindow, early: EarlyScanners | None) -> None:
        window.language_changed.connect(self.rebuild)
        if self.link is not None:
            self.link.attach(window)
            self._server_menu(window)
        window.start_devices(early)

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
        from pvz_desktop.gui.login import ServerLoginDialog

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
        from pvz_desktop.gui.login import actor_for_user

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
        self.closed = True
        self._stop_early()
        if self.looping:
            self.app.quit()

    def _stop_early(self) -> None:
        early, self.early = self.early, None
        if early is not None:
            early.stop()

    def stop(self) -> None:
        self.looping = False
        if self.link is not None:
            self.link.stop()
        self._stop_early()
        if self.window.ready:
            self.window.devices.stop()
        self.window.frame.runner.shutdown()


def login_actor(ctx: WorkflowContext, auth: AuthSession | None, user: UserInfo | None) -> Actor | None:
    """Who works at the counter: the server's login when there is a server, else the local list."""
    from pvz_desktop.gui.login import actor_for_user, choose_employee, login_at_server

    if auth is None:
        return choose_employee(ctx, preselect=ctx.actor.employee_id)
    if user is not None:  # the demo logged its employee in already
        return actor_for_user(ctx.actor, user)
    return login_at_server(ctx, auth)


def server_auth(settings: Settings) -> AuthSession | None:
    if not settings.api_url:
        return None
    from pvz_desktop.auth.session import AuthSession
    from pvz_desktop.auth.vault import KeyringVault

    return AuthSession(settings.api_url, KeyringVault(settings.api_url), ca_bundle=settings.ca_bundle or None)


def run_window(
    ctx: WorkflowContext,
    settings: Settings,
    demo: bool,
    *,
    auth: AuthSession | None = None,
    user: UserInfo | None = None,
) -> int:
    """Entry point from app.py with the store already open (the demo): login, window, loop.

    With ``settings.api_url`` (or an ``auth`` given, as the demo does) the login is at the
    server and the sync worker runs while the window does; it stops before this returns."""
    app = ensure_app()
    install_language(app, settings.language)
    crash = CrashReporter(app)
    crash.install()
    if auth is None:
        auth = server_auth(settings)
    try:
        actor = login_actor(ctx, auth, user)
        if actor is None:
            return 0
        host = WindowHost(app, replace(ctx, actor=actor), settings, demo, crash, auth)
        host.window.show()
        return run_loop(host)
    finally:
        crash.uninstall()


def open_counter_window(
    settings: Settings,
    open_context: Callable[[], WorkflowContext],
    *,
    ask_login: bool = True,
    **options: Any,
) -> WindowHost:
    """The counter's cold start: the window's frame is on screen when this returns; the store
    (``open_context``, on the writer thread), the login (``ask_login``) and the pages follow
    while the event loop runs. The crash dialog is installed; ``run_loop`` removes it."""
    app = ensure_app()
    install_language(app, settings.language)
    crash = CrashReporter(app)
    crash.install()
    return WindowHost.starting(
        app, settings, open_context, crash=crash, auth=server_auth(settings), ask_login=ask_login, **options
    )


def first_run(settings: Settings, open_context: Callable[[], WorkflowContext]) -> bool:
    """The first-run screen of a fresh install, in the settings' language; True once set up."""
    from pvz_desktop.gui.first_run import run_first_run

    install_language(ensure_app(), settings.language)
    return run_first_run(settings, open_context)


def run_loop(host: WindowHost) -> int:
    """The event loop until the counter window closes; then sync, devices and the writer stop."""
    app = host.app
    host.looping = True
    # The counter window's close ends the loop (host._quit), not "the last window closed":
    # a dialog left open elsewhere must not keep the program running.
    quit_on_last = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        code = app.exec()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_last)
        host.stop()
        if host.crash is not None:
            host.crash.uninstall()
    return 2 if host.failure is not None and code == 0 else code
