"""Pull the change feed page by page and apply each page through the ``server_changes`` workflow.

``Puller`` fetches the next page while the current one is applied (an initial pull is hundreds of
pages: the server's and the network's time hide behind the counter's). A page fetched ahead is
used only by the next pull, and only if the page before it committed (the stored cursor is the
one it was asked with); otherwise it is dropped and the page is asked for again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import exc as db_errors

from pvz_desktop.sync.client import (
    LONG_POLL_SLACK,
    NO_BATCH_RETRY,
    CentralClient,
    ChangePage,
    MalformedAnswer,
    ServerUnavailable,
    SnapshotNotServed,
)
from pvz_desktop.workflows import server_changes
from pvz_desktop.workflows.context import WorkflowContext

log = logging.getLogger(__name__)
# What a snapshot without the API's fields or types raises while its page is applied (a NULL or a
# value SQLite cannot bind included); a locked or broken database is not among them.
UNAPPLICABLE = (
    KeyError,
    TypeError,
    ValueError,
    OverflowError,  # a number too large for an integer column, or an infinite one made an integer
    AttributeError,
    db_errors.IntegrityError,
    db_errors.InterfaceError,
    db_errors.ProgrammingError,
)
AHEAD_MAX_AGE = 5.0  # seconds: a page fetched ahead and not used by then is asked for again
# Changes per page while the cashier is waiting for the screen (core/foreground.py): ~15 ms of
# applying instead of ~150 ms for the server's 1,000.
QUIET_PAGE = 100


@dataclass(frozen=True)
class PullReport:
    changes: int
    status_changes: int
    has_more: bool  # pull again at once
    reset: bool  # the server dropped our cursor: the next pull starts from the beginning
    # Keys this page skipped because the counter has unpushed operations on them: the page's
    # snapshot is gone once the cursor moves, so they are re-read after the push (SyncWorker).
    kept: tuple[str, ...] = ()


@dataclass
class _Ahead:
    """The next page, asked for in a thread of its own while the current one is applied."""

    cursor: str  # the cursor it was asked with: the one the current page stores when it commits
    client: CentralClient
    outbox_from: int  # server_changes.outbox_mark before it was asked for
    limit: int | None = None  # a small page while the cashier is waiting for the screen
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    page: ChangePage | None = None
    error: BaseException | None = None

    def start(self) -> _Ahead:
        threading.Thread(target=self._fetch, name="pvz-sync-pull-ahead", daemon=True).start()
        return self

    def _fetch(self) -> None:
        try:
            self.page = self.client.changes(self.cursor, 0, self.limit)
        except BaseException as exc:  # handed to the pull that takes this page, raised there
            self.error = exc
        finally:
            self.done.set()

    def take(self) -> ChangePage:
        if not self.done.wait(LONG_POLL_SLACK + 1):
            raise ServerUnavailable("Нет связи с сервером.")
        if self.error is not None:
            raise self.error
        assert self.page is not None
        return self.page


class Puller:
    """Pulls page after page for one counter (the sync worker's pull thread, the first pull)."""

    def __init__(
        self, ctx: WorkflowContext, client: CentralClient, *, ahead: bool = True, snapshot: bool = True
    ) -> None:
        self.ctx = ctx
        self.client = client
        self.ahead = ahead
        self.snapshot = snapshot  # load a cache without a cursor from the point's snapshot
        self._no_snapshot_until = 0.0  # monotonic: until then the server is known to lack the route
        self._next: _Ahead | None = None

    def pull_once(self, wait: float = 0, *, should_stop: Callable[[], bool] = lambda: False) -> PullReport:
        """One page (long-polling up to ``wait`` s when there is nothing new); see ``pull_once``."""
        cursor = server_changes.sync_cursor(self.ctx)
        if cursor is None and self.snapshot and time.monotonic() >= self._no_snapshot_until:
            report = self._load_snapshot(should_stop)
            if report is not None:
                return report
        ahead, self._next = self._next, None
        foreground = self.ctx.foreground
        if ahead is not None and ahead.cursor == cursor and time.monotonic() - ahead.started < AHEAD_MAX_AGE:
            page, outbox_from = ahead.take(), ahead.outbox_from
        else:  # none fetched, or fetched after a page that did not commit: ask again
            outbox_from = server_changes.outbox_mark(self.ctx)
            page = self.client.changes(cursor, wait, QUIET_PAGE if foreground.active else None)
        if should_stop():
            return PullReport(0, 0, False, False)
        if self.ahead and page.has_more and page.cursor and page.cursor != cursor and not page.reset:
            limit = QUIET_PAGE if foreground.active else None
            self._next = _Ahead(page.cursor, self.client, server_changes.outbox_mark(self.ctx), limit).start()
        # Applying is Python the GUI thread would wait for: not while a scan is on its way.
        foreground.step_aside()
        return _apply(self.ctx, cursor, page, should_stop, outbox_from)

    def _load_snapshot(self, should_stop: Callable[[], bool]) -> PullReport | None:
        """A cache without a cursor (new, lost, or after ``reset``) loads the point's snapshot in one
        transaction, then follows the feed from the snapshot's cursor. None: the server has no
        snapshot route; the feed is pulled from the start instead."""
        outbox_from = server_changes.outbox_mark(self.ctx)
        try:
            snapshot = self.client.snapshot()
        except SnapshotNotServed:
            self._no_snapshot_until = time.monotonic() + NO_BATCH_RETRY
            return None
        try:
            if should_stop():
                return PullReport(0, 0, False, False)
            applied = server_changes.load_snapshot(self.ctx, snapshot.chunks(), snapshot.cursor, outbox_from)
        except UNAPPLICABLE as exc:
            log.warning("the point's snapshot could not be applied", exc_info=True)
            raise MalformedAnswer("Сервер прислал снимок пункта, который нельзя применить.") from exc
        finally:
            snapshot.close()  # its temporary file
        if applied is None:  # a cursor was stored meanwhile: the feed goes on from it
            return PullReport(0, 0, True, False)
        return PullReport(snapshot.count, applied.status_changes, True, False, applied.kept_local)


def pull_once(
    ctx: WorkflowContext, client: CentralClient, wait: float = 0, *, should_stop: Callable[[], bool] = lambda: False
) -> PullReport:
    """One request (long-polling up to ``wait`` s when there is nothing new).

    ``should_stop`` is asked once the answer is in: a stopped worker applies nothing after it.
    Raises what ``CentralClient`` raises: ``ServerUnavailable`` (``MalformedAnswer`` also for a
    page whose snapshots cannot be applied: the page's transaction is rolled back, the cursor
    stays), ``LoginRequired``, ``AccessDenied``.
    """
    cursor = server_changes.sync_cursor(ctx)
    outbox_from = server_changes.outbox_mark(ctx)
    return _apply(ctx, cursor, client.changes(cursor, wait), should_stop, outbox_from)


def _apply(
    ctx: WorkflowContext, cursor: str | None, page: ChangePage, should_stop: Callable[[], bool], outbox_from: int
) -> PullReport:
    if should_stop():
        return PullReport(0, 0, False, False)
    if page.reset:
        server_changes.reset_cursor(ctx)
        return PullReport(0, 0, True, True)
    if not page.changes and page.cursor == cursor:
        return PullReport(0, 0, page.has_more, False)
    try:
        applied = server_changes.apply_changes(ctx, page.changes, page.cursor, outbox_from)
    except UNAPPLICABLE as exc:
        log.warning("a page of the change feed could not be applied", exc_info=True)
        raise MalformedAnswer("Сервер прислал изменения, которые нельзя применить.") from exc
    return PullReport(len(page.changes), applied.status_changes, page.has_more, False, applied.kept_local)


def pull_all(ctx: WorkflowContext, client: CentralClient) -> int:
    """Pull until the feed has nothing more (first start, tests). Returns the changes applied."""
    puller = Puller(ctx, client)
    total = 0
    while True:
        report = puller.pull_once()
        total += report.changes
        if not report.has_more:
            return total
