"""The window's side of sync: SyncWorker statuses on the GUI thread, the offline strip, refusals.

``SyncWorker`` calls ``on_status`` from its own threads; ``SyncLink`` hands each status to the
GUI thread with ``run_on_main``, so widgets are only ever touched there. ``SyncLink`` owns the
worker for the life of the program and shows it in whichever window is current (a language
change rebuilds the window): the status bar line, a red strip while the server is out of
reach, and each operation the server refused, with its reason. The worker wakes by itself
when a workflow writes an outbox row (``WorkflowContext.changes``), whoever wrote it; what a
pulled page changed (``OpChanges.pulled``) goes from the same feed to the tab on screen.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from pvz_desktop.auth.session import AuthSession
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.sync.client import CentralClient
from pvz_desktop.sync.pusher import RefusedOperation
from pvz_desktop.sync.worker import SyncStatus, SyncWorker
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.context import WorkflowContext

log = logging.getLogger(__name__)

OFFLINE_TEXT = "Нет связи с сервером: операции сохраняются и уйдут автоматически"


class OfflineStrip(QLabel):
    """A red strip over the pages while the server cannot be reached; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(OFFLINE_TEXT, parent)
        self.setObjectName("offline_strip")
        self.setAccessibleName(OFFLINE_TEXT)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setFont(style.font(14))
        self.setStyleSheet(f"QLabel#offline_strip {{ background: {palette.ERROR}; color: white; padding: 6px; }}")
        self.hide()


def refusal_text(op: RefusedOperation) -> str:
    postings = ", ".join(op.postings)
    where = f" (отправления: {postings})" if postings else ""
    return f"Сервер отклонил операцию{where}: {op.reason}"


class SyncLink(QObject):
    """One SyncWorker shown in the current window. ``attach`` a window, ``start``, ``stop``."""

    login_required = Signal()  # the server ended the login: the window asks for a new one

    def __init__(self, ctx: WorkflowContext, auth: AuthSession, **worker_options: Any) -> None:
        super().__init__()
        self.worker = SyncWorker(ctx, CentralClient(auth), on_status=self._from_worker, **worker_options)
        ctx.changes.subscribe(self._committed)  # for the life of the program, as the worker
        self.last: SyncStatus | None = None
        self.window: MainWindow | None = None
        self.strip: OfflineStrip | None = None
        self.refusal_dialog: QMessageBox | None = None
        self._login_asked = False
        # Statuses still queued from a worker that was stopped (e.g. by a logout) are stale:
        # a late "login required" from it must not open a second login dialog.
        self._running = False

    def attach(self, window: MainWindow) -> None:
        """Show sync in ``window`` (a MainWindow): the strip above the pages, the status bar."""
        self.window = window
        self.refusal_dialog = None
        self.strip = OfflineStrip()
        layout = window.centralWidget().layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.strip)  # under the scan banner, above the tabs
        window.services.central = self.worker.client
        if self.last is not None:
            self._render(self.last)

    def start(self) -> None:
        self._running = True
        self.worker.start()

    def stop(self) -> None:
        self._running = False
        self.worker.stop()

    def restart(self) -> None:
        """After a new login: sync resumes with it (the same session object holds the new tokens)."""
        self._login_asked = False
        self._running = True
        self.worker.stop()
        self.worker.start()
        self.worker.wake()

    def _committed(self, changes: OpChanges) -> None:
        """Called on the thread that committed: a pulled page's changes go to the GUI thread."""
        if changes.pulled:
            run_on_main(partial(self._pulled, changes), self)

    def _pulled(self, changes: OpChanges) -> None:
        if self._running and self.window is not None:
            self.window.pulled(changes)

    def _from_worker(self, status: SyncStatus) -> None:
        """Called on a sync thread: handed to the GUI thread."""
        run_on_main(partial(self._show, status), self)

    def _show(self, status: SyncStatus) -> None:
        if not self._running:
            return
        self.last = status
        if self.window is None:
            return
        self._render(status)
        if status.new_refusals:
            self._show_refusals(status.new_refusals)
        if status.login_required and not self._login_asked:
            self._login_asked = True
            self.login_required.emit()

    def _render(self, status: SyncStatus) -> None:
        if self.strip is not None:
            self.strip.setVisible(status.online is False)
        assert self.window is not None
        self.window.status.show_sync(status)

    def _show_refusals(self, refusals: tuple[RefusedOperation, ...]) -> None:
        window = self.window
        assert window is not None
        lines = [refusal_text(op) for op in refusals]
        window.services.feedback.error(lines[-1])
        dialog = self.refusal_dialog
        if dialog is None or not dialog.isVisible():
            dialog = QMessageBox(QMessageBox.Icon.Warning, "Операция отклонена сервером", "", parent=window)
            dialog.setObjectName("sync_refusal_dialog")
            dialog.setInformativeText(
                "Отправления перечитываются с сервера. Список остаётся в строке состояния "
                "(«Отклонено») до отметки «Прочитано»."
            )
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.finished.connect(dialog.deleteLater)
            self.refusal_dialog = dialog
            dialog.setText("\n\n".join(lines))
            dialog.open()
        else:
            dialog.setText(dialog.text() + "\n\n" + "\n\n".join(lines))
        dialog.setAccessibleDescription(dialog.text())
        # The refused shipments were re-read: the page on screen shows them as the server has them.
        window.current_page().on_shown()
        window.status.refresh()
