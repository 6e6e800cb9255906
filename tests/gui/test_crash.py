"""An unhandled exception is logged and shown; the window lives on."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from pvz_desktop.gui.crash import CrashReporter


def test_exception_in_a_slot_shows_a_dialog_and_is_logged(counter, qtbot, caplog):
    reporter = CrashReporter()
    reporter.install()
    try:
        assert sys.excepthook == reporter.handle
        with caplog.at_level(logging.ERROR, logger="pvz_desktop.crash"), qtbot.waitSignal(reporter.reported) as shown:
            try:
                raise RuntimeError("сломалось")
            except RuntimeError:
                reporter.handle(*sys.exc_info())
    finally:
        reporter.uninstall()
    assert shown.args[0] == "RuntimeError: сломалось"
    assert "сломалось" in caplog.text and "Traceback" in caplog.text
    assert isinstance(reporter.dialog, QMessageBox) and reporter.dialog.isVisible()
    assert "сломалось" in reporter.dialog.detailedText()
    reporter.dialog.close()
    assert counter.window.isVisible()
    assert counter.scan("хлам")[0] == "error"  # still working


def test_a_bug_in_a_worker_task_reaches_the_reporter(counter, qtbot, worker_bugs):
    reporter = CrashReporter()
    counter.runner.unexpected_error.connect(reporter.report)
    with qtbot.waitSignal(reporter.reported) as shown:
        counter.runner.read(lambda: 1 / 0)
    assert "ZeroDivisionError" in shown.args[0]
    reporter.dialog.close()
    assert [type(b) for b in worker_bugs] == [ZeroDivisionError]
    worker_bugs.clear()  # provoked on purpose
