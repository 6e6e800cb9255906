"""Background work: every workflow call runs off the GUI thread (the Anki model).

All database writes go through ONE serial worker thread, so two scans can never race and
their order is the order the cashier made them. Long reads (search, chain check, status
polls) have their own serial thread so they never hold up a scan. The answer to a scan that
only reads (the customer card) has a third thread (``scan``): it waits neither behind writes nor behind
long reads. Results come back to the GUI thread through ``run_on_main`` (gui/main_thread.py),
the one hand-back every thread uses: no widget is ever touched from a worker. A task that
wrote brings back what it changed (``OpChanges``, workflows/changes.py) with its result:
``write_finished`` carries it, and each view re-reads only when it concerns what it shows.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from pvz_desktop.core.errors import DomainError
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.workflows.changes import OpChanges, collect, note, run_collecting

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]

# A GUI-thread callback longer than this is logged: the window would feel stuck.
SLOW_CALLBACK_MS = 50.0


class TaskRunner(QObject):
    """Runs callables on the writer (serial) or reader thread; callbacks run on the GUI thread."""

    busy_changed = Signal(bool)
    # After every write task, success or not, and after a lookup that wrote: what it changed.
    write_finished = Signal(OpChanges)
    unexpected_error = Signal(object)  # a bug, not a refusal: the window shows a dialog

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pvz-writer")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pvz-reader")
        self._scan = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pvz-scan")
        self._pending = 0
        self._closed = False
        self.slowest_callback_ms = 0.0

    @property
    def idle(self) -> bool:
        return self._pending == 0

    @property
    def pending(self) -> int:
        return self._pending

    def write(self, fn: Callable[[], T], on_done: OnDone | None = None, on_error: OnError | None = None) -> None:
        """Run a workflow call that may change the database, after every write queued before it."""
        self._submit(self._writer, fn, on_done, on_error, is_write=True)

    def read(self, fn: Callable[[], T], on_done: OnDone | None = None, on_error: OnError | None = None) -> None:
        """Run a read-only query without holding up the writer (it sees what is committed)."""
        self._submit(self._reader, fn, on_done, on_error, is_write=False)

    def scan(
        self,
        fn: Callable[[Callable[[Callable[[], Any]], Any]], T],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        """Answer a scan on the scan thread: ``fn(on_writer)`` reads, and hands a part that must
        write to ``on_writer`` (as ``issuance.lookup``'s ``on_miss``).

        That part runs on the writer thread, after the writes queued before it, and the scan
        thread waits for it: the next scan's read sees what it wrote (a wrong-code count). The
        task then counts as a write, with what it changed.
        """
        wrote = threading.Event()

        def on_writer(write: Callable[[], Any]) -> Any:
            wrote.set()
            value, error, changes = self._writer.submit(run_collecting, write).result()
            note(changes)  # the writer thread's changes belong to this task
            if error is not None:
                raise error
            return value

        self._submit(self._scan, lambda: fn(on_writer), on_done, on_error, is_write=wrote.is_set)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: OnDone | None,
        on_error: OnError | None,
        *,
        is_write: bool | Callable[[], bool],
    ) -> None:
        if self._closed:
            log.warning("task dropped after shutdown: %r", fn)
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            with collect() as changes:
                try:
                    callback, value, failed = on_done, fn(), False
                except BaseException as exc:  # every failure must reach the GUI thread, never vanish
                    if not isinstance(exc, DomainError):
                        log.error("task failed", exc_info=exc)
                    callback, value, failed = on_error, exc, True
            # A lookup knows only once it ran whether it wrote (a wrong code is counted).
            wrote = is_write if isinstance(is_write, bool) else is_write()
            finish = partial(self._finish, callback, value, failed=failed, is_write=wrote, changes=changes())
            run_on_main(finish, self)

        executor.submit(job)

    def _finish(
        self,
        callback: Callable[[Any], None] | None,
        value: Any,
        *,
        failed: bool,
        is_write: bool,
        changes: OpChanges,
    ) -> None:
        started = time.perf_counter()
        try:
            if failed and not isinstance(value, DomainError):
                self.unexpected_error.emit(value)
            if callback is not None:
                callback(value)
        finally:
            self._pending -= 1
            elapsed = (time.perf_counter() - started) * 1000
            self.slowest_callback_ms = max(self.slowest_callback_ms, elapsed)
            if elapsed > SLOW_CALLBACK_MS:
                name = getattr(callback, "__qualname__", None) or type(callback).__name__
                log.warning("GUI callback %s took %.0f ms", name, elapsed)
            if is_write or changes:
                self.write_finished.emit(changes)
            if self._pending == 0:
                self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Finish queued writes (a scan acknowledged on screen must reach the disk), then stop."""
        self._closed = True
        # The scan thread first: a lookup waiting for its write still gets the writer.
        self._scan.shutdown(wait=True, cancel_futures=True)
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True, cancel_futures=True)
