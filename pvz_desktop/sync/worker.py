"""The sync worker: two background threads, Qt-free, with one status callback.

- push thread: sends the outbox whenever it has pending rows. It sleeps until a workflow
  commits an outbox row (it listens on ``WorkflowContext.changes``), ``wake()`` is called or
  its retry timer ends: on a network failure it backs off (0.5 s doubling to 30 s). It never
  polls the outbox.
- pull thread: long-polls the change feed (``long_poll`` s) and applies each page.

``on_status(SyncStatus)`` is called from a worker thread whenever the status changes: a GUI
marshals it to its own thread (a Qt signal does that). Usage::

    worker = SyncWorker(ctx, CentralClient(auth), on_status=show)
    worker.start()
    ...                     # an outbox row written by a workflow is pushed at once
    worker.stop()
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from pvz_desktop.auth.errors import LoginRequired
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.errors import DiskFull, DomainError
from pvz_desktop.sync.client import CentralClient, ServerUnavailable, ServerUntrusted
from pvz_desktop.sync.point_rules import adopt_point_rules
from pvz_desktop.sync.puller import Puller
from pvz_desktop.sync.pusher import RefusedOperation, pending_count, push_pending, reread_pushed
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.context import WorkflowContext

log = logging.getLogger(__name__)
LONG_POLL = 25.0
STATUS_TICK = 5.0  # seconds: a quiet status is republished this often so «last sync» stays fresh
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0
PULL_JOIN = 0.2  # seconds stop() gives a pull thread that may sit in a long-poll


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None until the first answer (or failure)
    pending: int  # operations not yet accepted by the server
    last_sync_at: datetime | None  # UTC of the last successful exchange with the server
    login_required: bool  # the login ended: show the login screen
    new_refusals: tuple[RefusedOperation, ...]  # refused since the previous status: show them
    error: str | None  # the last problem, in Russian, when offline
    untrusted: bool = False  # offline because the server's certificate was refused (nothing sent)
    disk_full: bool = False  # the last round could not write: no room on the data directory's disk

    @property
    def message(self) -> str:
        """One line for the status bar."""
        if self.login_required:
            return "Нужен вход: синхронизация остановлена"
        queue = f", в очереди: {self.pending}" if self.pending else ""
        if self.disk_full:
            return f"Нет места на диске — синхронизация ждёт{queue}"
        if self.online is None:
            return f"Подключение к серверу…{queue}"
        if not self.online and self.untrusted:
            return f"Сертификат сервера не принят — работаем локально{queue}"
        if not self.online:
            return f"Нет связи с сервером — работаем локально{queue}"
        when = f" в {to_local(self.last_sync_at):%H:%M:%S}" if self.last_sync_at else ""
        return f"Синхронизировано{when}{queue}"


class _Backoff:
    def __init__(self, first: float, most: float) -> None:
        self.first, self.most = first, most
        self.delay = 0.0

    def fail(self) -> float:
        self.delay = self.first if self.delay == 0 else min(self.most, self.delay * 2)
        return self.delay * random.uniform(0.5, 1.0)  # jitter: counters do not retry in lockstep

    def ok(self) -> None:
        self.delay = 0.0


class SyncWorker:
    def __init__(
        self,
        ctx: WorkflowContext,
        client: CentralClient,
        on_status: Callable[[SyncStatus], None] | None = None,
        *,
        long_poll: float = LONG_POLL,
        backoff: tuple[float, float] = (FIRST_BACKOFF, MAX_BACKOFF),
    ) -> None:
        self.ctx = ctx
        self.client = client
        observe = getattr(ctx.clock, "observe_server", None)
        if observe is not None and client.on_server_time is None:
            client.on_server_time = observe  # the counter's clock follows the server's (deadlines)
        self.puller = Puller(ctx, client)  # fetches the next page while one is applied
        self.on_status = on_status
        self.long_poll = long_poll
        self.backoff = backoff
        self._stop = threading.Event()
        self._rules_read = False
        self._push_wake = threading.Event()
        self._pull_wake = threading.Event()
        self._lock = threading.Lock()
        self._status = SyncStatus(None, pending_count(ctx.store), None, False, (), None)
        self._published: SyncStatus | None = None
        self._threads: list[threading.Thread] = []
        self._unsubscribe: Callable[[], None] | None = None
        # How the push thread waits now: 0.0 while it works, None asleep until woken (by an
        # outbox row, wake() or stop()), seconds of its retry timer otherwise; and its rounds.
        self.push_pause: float | None = 0.0
        self.push_rounds = 0
        # Shipments a pull skipped while this counter had unpushed operations on them: re-read
        # once pushed, or the cache would keep its own copy instead of the server's (version, times).
        self._stale: set[str] = set()

    # Public API.

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        self._unsubscribe = self.ctx.changes.subscribe(self._committed)
        self._threads = [
            threading.Thread(target=self._push_loop, name="pvz-sync-push", daemon=True),
            threading.Thread(target=self._pull_loop, name="pvz-sync-pull", daemon=True),
        ]
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop both threads and return once the push thread has finished its request.

        A long-poll in flight is not waited for: its thread ends when the request does and
        applies nothing after ``stop()``.
        """
        self._stop.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.wake()
        push, pull = self._threads or (None, None)
        if push is not None and pull is not None:
            push.join(timeout)
            pull.join(min(timeout, PULL_JOIN))
        self._threads = []

    def wake(self) -> None:
        """Push and pull now (after a local operation, after login, or on «Синхронизировать»)."""
        self._push_wake.set()
        self._pull_wake.set()

    def _committed(self, changes: OpChanges) -> None:
        """On the writing thread, after its commit: an operation for the server wakes the push."""
        if changes.outbox:
            self._push_wake.set()

    @property
    def push_woken(self) -> bool:
        """Something asked for a push round the thread has not begun yet."""
        return self._push_wake.is_set()

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    # Threads.

    def _push_loop(self) -> None:
        backoff = _Backoff(*self.backoff)
        while not self._stop.is_set():
            # Cleared before looking: a row committed from now on wakes the next round.
            self._push_wake.clear()
            pause: float | None = None  # nothing to retry: sleep until woken
            try:
                if pending_count(self.ctx.store):
                    push_pending(self.ctx, self.client, should_stop=self._stop.is_set, on_refused=self._refused)
                    self._update(online=True, synced=True)
                self._reread_stale()
                backoff.ok()
            except Exception as exc:
                pause = self._failed(exc, backoff, "push")
            self._publish()
            self.push_rounds += 1
            self.push_pause = pause
            self._push_wake.wait(pause)
            self.push_pause = 0.0

    def _pull_loop(self) -> None:
        backoff = _Backoff(*self.backoff)
        wait = 0.0
        while not self._stop.is_set():
            try:
                report = self.puller.pull_once(wait, should_stop=self._stop.is_set)
                if not self._rules_read:  # once per worker: the limits change rarely, a restart re-reads them
                    adopt_point_rules(self.ctx, self.client)
                    self._rules_read = True
                if report.kept:
                    with self._lock:
                        self._stale.update(report.kept)
                    self._push_wake.set()  # re-read once their operations are pushed
                self._update(online=True, synced=True)
                backoff.ok()
                wait = 0.0 if report.has_more else self.long_poll
                pause = 0.0
            except Exception as exc:
                pause = self._failed(exc, backoff, "pull")
            self._publish()
            if pause and not self._stop.is_set():
                self._pull_wake.wait(pause)
                self._pull_wake.clear()

    def _failed(self, exc: Exception, backoff: _Backoff, what: str) -> float:
        """What a failed round means, in one place: the status to show and the pause before the next."""
        if isinstance(exc, LoginRequired):
            self._update(login_required=True)
            return MAX_BACKOFF
        if isinstance(exc, ServerUnavailable):
            self._update(online=False, error=str(exc), untrusted=isinstance(exc, ServerUntrusted))
            return backoff.fail()
        if isinstance(exc, DiskFull):  # not the server's fault: retried until space is freed
            self._update(disk_full=True)
            return backoff.fail()
        if isinstance(exc, DomainError):  # access denied: a wrong point or role; retrying will not help soon
            self._update(online=False, error=exc.message)
            return MAX_BACKOFF
        # A bug must not kill sync silently: log it and keep trying.
        log.error("sync %s failed", what, exc_info=exc)
        return backoff.fail()

    def _refused(self, refusals: tuple[RefusedOperation, ...]) -> None:
        """Refusals just written: shown to the cashier at once; their shipments are re-read by
        ``_reread_stale`` until that succeeds (a failed re-read is retried, never forgotten)."""
        with self._lock:
            self._stale.update(p for op in refusals for p in op.postings)
        self._update(refusals=refusals)
        self._publish()

    def _reread_stale(self) -> None:
        with self._lock:
            keys = set(self._stale)
        if not keys:
            return
        waiting = reread_pushed(self.ctx, self.client, keys)
        with self._lock:
            self._stale -= keys - waiting

    @property
    def stale(self) -> int:
        """Shipments waiting to be re-read from the server (see ``_stale``)."""
        with self._lock:
            return len(self._stale)

    # Status.

    def _update(
        self,
        *,
        online: bool | None = None,
        synced: bool = False,
        login_required: bool | None = None,
        error: str | None = None,
        untrusted: bool = False,
        disk_full: bool | None = None,
        refusals: tuple[RefusedOperation, ...] = (),
    ) -> None:
        with self._lock:
            s = self._status
            self._status = replace(
                s,
                online=s.online if online is None else online,
                last_sync_at=utcnow() if synced else s.last_sync_at,
                login_required=bool(login_required)
                if login_required is not None
                else (s.login_required and not synced),
                error=error if online is False else (None if online else s.error),
                untrusted=untrusted if online is False else (False if online else s.untrusted),
                disk_full=disk_full if disk_full is not None else (s.disk_full and not synced),
                new_refusals=s.new_refusals + refusals,
            )

    def _publish(self) -> None:
        pending = pending_count(self.ctx.store)
        with self._lock:
            status = replace(self._status, pending=pending)
            # The last sync time changes all the time: alone, it is republished every few seconds.
            last = self._published
            same = (
                last is not None
                and replace(status, last_sync_at=None) == replace(last, last_sync_at=None)
                and (
                    status.last_sync_at == last.last_sync_at
                    or (
                        status.last_sync_at is not None
                        and last.last_sync_at is not None
                        and (status.last_sync_at - last.last_sync_at).total_seconds() < STATUS_TICK
                    )
                )
            )
            self._status = replace(status, new_refusals=())
            if same and not status.new_refusals:
                return
            self._published = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("sync status callback failed")
