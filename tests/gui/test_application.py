"""The entry point app.py calls: login, window, event loop, and a clean exit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pvz_desktop.gui.application import run_window
from pvz_desktop.gui.login import LoginDialog
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.store.models import Employee


def test_run_window_logs_in_shows_the_window_and_returns_on_close(qapp, ctx, settings, qtbot):
    with ctx.store.write() as s:
        s.add(Employee(id="emp-2", display_name="Кузнецов Д.", role="employee"))
    seen: dict[str, object] = {}

    def drive() -> None:
        # Runs inside the loops run_window starts: first the login dialog, then the window.
        for w in QApplication.topLevelWidgets():
            if isinstance(w, LoginDialog) and w.isVisible():
                seen["login"] = [w.list.item(i).text() for i in range(w.list.count())]
                w.accept()
            elif isinstance(w, MainWindow) and w.isVisible():
                seen["actor"] = w.services.ctx.actor.employee_name
                seen["tabs"] = w.tabs.count()
                w.close()
                return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    hook = sys.excepthook
    assert run_window(ctx, settings, demo=False) == 0
    assert seen == {"login": ["Кузнецов Д. — сотрудник"], "actor": "Кузнецов Д.", "tabs": 9}
    assert sys.excepthook is hook  # the crash dialog hook is the window's, not left behind
