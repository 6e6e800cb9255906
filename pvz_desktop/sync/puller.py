"""Pull one page of the change feed and apply it through the ``server_changes`` workflow."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exc as db_errors

from pvz_desktop.sync.client import CentralClient, MalformedAnswer
from pvz_desktop.workflows import server_changes
from pvz_desktop.workflows.context import WorkflowContext

log = logging.getLogger(__name__)
# What a snapshot without the API's fields or types raises while its page is applied (a NULL or a
# value SQLite cannot bind included); a locked or broken database is not among them.
UNAPPLICABLE = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    db_errors.IntegrityError,
    db_errors.InterfaceError,
    db_errors.ProgrammingError,
)


@dataclass(frozen=True)
class PullReport:
    changes: int
    status_changes: int
    has_more: bool  # pull again at once
    reset: bool  # the server dropped our cursor: the next pull starts from the beginning
    # Keys this page skipped because the counter has unpushed operations on them: the page's
    # snapshot is gone once the cursor moves, so they are re-read after the push (SyncWorker).
    kept: tuple[str, ...] = ()


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
    page = client.changes(cursor, wait)
    if should_stop():
        return PullReport(0, 0, False, False)
    if page.reset:
        server_changes.reset_cursor(ctx)
        return PullReport(0, 0, True, True)
    if not page.changes and page.cursor == cursor:
        return PullReport(0, 0, page.has_more, False)
    try:
        applied = server_changes.apply_changes(ctx, page.changes, page.cursor)
    except UNAPPLICABLE as exc:
        log.warning("a page of the change feed could not be applied", exc_info=True)
        raise MalformedAnswer("Сервер прислал изменения, которые нельзя применить.") from exc
    return PullReport(len(page.changes), applied.status_changes, page.has_more, False, applied.kept_local)


def pull_all(ctx: WorkflowContext, client: CentralClient) -> int:
    """Pull until the feed has nothing more (first start, tests). Returns the changes applied."""
    total = 0
    while True:
        report = pull_once(ctx, client)
        total += report.changes
        if not report.has_more:
            return total
