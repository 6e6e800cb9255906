"""Unhandled exceptions: logged with the traceback, shown in a dialog, never fatal to the window."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from functools import partial
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pvz_desktop.gui.main_thread import run_on_main

log = logging.getLogger("pvz_desktop.crash")


class CrashReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``; shows one dialog at a time."""

    reported = Signal(str)  # the short message shown

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled exception\n%s", details)
        run_on_main(partial(self._show, f"{exc_type.__name__}: {exc}", details), self)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def report(self, exc: BaseException) -> None:
        """A failure caught elsewhere (a worker task) that is still a bug: same log and dialog."""
        self.handle(type(exc), exc, exc.__traceback__)

    def _show(self, summary: str, details: str) -> None:
        self.count += 1
        text = self.tr("Произошла ошибка программы. Работу можно продолжать; запись сохранена в журнал.")
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setInformativeText(summary)
            self.dialog.setDetailedText(details)
        else:
            parent = QApplication.activeWindow()
            self.dialog = QMessageBox(
                QMessageBox.Icon.Critical,
                self.tr("Ошибка"),
                text,
                QMessageBox.StandardButton.Ok,
                parent if isinstance(parent, QWidget) else None,
            )
            self.dialog.setObjectName("crash_dialog")
            self.dialog.setInformativeText(summary)
            self.dialog.setDetailedText(details)
            self.dialog.open()
        self.reported.emit(summary)
