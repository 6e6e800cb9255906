"""The one way from any thread to the GUI thread: ``run_on_main(fn)`` (as Anki's ``run_on_main``).

Worker tasks, scanner readers, the scale, the sync worker and the print queue all hand their
results over here: one queued signal carrying a zero-argument callable, run on the GUI thread in
the order it was posted (from one thread). With ``owner``, the call is dropped if that QObject
was deleted meanwhile (a window rebuilt for a language change), as a queued signal to a deleted
receiver would be.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal


class _MainThread(QObject):
    posted = Signal(object)  # a zero-argument callable

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _run(fn: Callable[[], object]) -> None:
        fn()


log = logging.getLogger(__name__)
_lock = threading.Lock()
_bridge: _MainThread | None = None


def _the_bridge() -> _MainThread | None:
    global _bridge
    with _lock:
        if _bridge is None:
            app = QCoreApplication.instance()
            if app is None:
                return None  # no event loop to run anything on
            bridge = _MainThread()
            bridge.moveToThread(app.thread())  # its slot runs on the GUI thread, whoever made it
            _bridge = bridge
        return _bridge


def run_on_main(fn: Callable[[], object], owner: QObject | None = None) -> None:
    """Run ``fn`` on the GUI thread, later (never inline, even when called from the GUI thread)."""
    bridge = _the_bridge()
    if bridge is None:
        log.warning("no QApplication: %r not run", fn)
        return
    if owner is None:
        bridge.posted.emit(fn)
        return

    def guarded() -> None:
        if shiboken6.isValid(owner):
            fn()

    bridge.posted.emit(guarded)
