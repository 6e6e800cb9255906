"""Composition of the window: QApplication, language, login, devices, the event loop."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtWidgets import QApplication

from pvz_desktop.config import Settings
from pvz_desktop.gui.crash import CrashReporter
from pvz_desktop.gui.feedback import Banner, Feedback
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.sounds import SoundPlayer
from pvz_desktop.gui.style import APP_STYLESHEET, BASE_POINT_SIZE
from pvz_desktop.gui.tasks import TaskRunner
from pvz_desktop.workflows.context import WorkflowContext

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
    """Keeps the one window; a language change rebuilds it, devices and all, in the new language."""

    def __init__(self, app: QApplication, ctx: WorkflowContext, settings: Settings, demo: bool, crash: CrashReporter):
        self.app, self.ctx, self.demo, self.crash = app, ctx, demo, crash
        self.window = self._build(settings)

    def _build(self, settings: Settings) -> MainWindow:
        window = build_window(self.ctx, settings, demo=self.demo)
        window.services.runner.unexpected_error.connect(self.crash.report)
        window.language_changed.connect(self.rebuild)
        window.start_devices()
        return window

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

    def stop(self) -> None:
        self.window.devices.stop()
        self.window.services.runner.shutdown()


def run_window(ctx: WorkflowContext, settings: Settings, demo: bool) -> int:
    """Entry point from app.py: QApplication (if none), login, the main window, the event loop."""
    app = ensure_app()
    install_language(app, settings.language)
    crash = CrashReporter(app)
    crash.install()
    from pvz_desktop.gui.login import choose_employee

    try:
        actor = choose_employee(ctx, preselect=ctx.actor.employee_id)
        if actor is None:
            return 0
        host = WindowHost(app, replace(ctx, actor=actor), settings, demo, crash)
        host.window.show()
        try:
            return app.exec()
        finally:
            host.stop()
    finally:
        crash.uninstall()
