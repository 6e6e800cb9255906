"""The pipelined pull: the next page is fetched while one is applied, and applied only after it."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pvz_desktop.store.models import Event, Shipment
from pvz_desktop.sync import puller as puller_module
from pvz_desktop.sync.client import CentralClient, ChangePage, MalformedAnswer
from pvz_desktop.sync.puller import Puller, pull_once
from pvz_desktop.workflows import ledger
from pvz_desktop.workflows.server_changes import sync_cursor
from tests.central.harness import Central, Counter, delivery, make_counter, wait_until

PAGE = 200  # changes a page: the two deliveries below (482 changes) make three pages
PAGES = 3
SHIPMENTS = 480


class RecordingClient(CentralClient):
    """The real client; notes each feed request's cursor and thread, and can spoil one page."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(counter.auth)
        self.asked: list[tuple[str | None, str]] = []
        self.spoil = 0  # the answer to this request (1 = the first) gets an unknown status

    def changes(self, cursor: str | None, wait: float = 0, limit: int | None = None) -> ChangePage:
        self.asked.append((cursor, threading.current_thread().name))
        spoil = len(self.asked) == self.spoil
        page = super().changes(cursor, wait, min(limit or PAGE, PAGE))
        if spoil:
            bad: dict[str, Any] = {**page.changes[-1], "data": {**page.changes[-1]["data"], "status": "испорчен"}}
            return replace(page, changes=(*page.changes[:-1], bad))
        return page


@pytest.fixture
def feed(central: Central, owner) -> Central:
    for _ in range(2):
        delivery(owner, SHIPMENTS // 2)
    return central


def _count(counter: Counter, model: Any) -> int:
    with counter.store.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _pull_to_the_end(puller: Puller, counter: Counter) -> list[str | None]:
    """Pull until done; the stored cursor after each page."""
    cursors = []
    while True:
        report = puller.pull_once()
        cursors.append(sync_cursor(counter.ctx))
        if not report.has_more:
            return cursors


def test_pages_are_fetched_ahead_applied_in_order_and_end_as_a_plain_pull(feed: Central, tmp_path: Path) -> None:
    piped, plain = make_counter(tmp_path, "piped", feed.url), make_counter(tmp_path, "plain", feed.url)
    client = RecordingClient(piped)
    cursors = _pull_to_the_end(Puller(piped.ctx, client, snapshot=False), piped)
    while pull_once(plain.ctx, plain.client).has_more:
        pass

    # Each page asked for once, with the cursor of the page before it; all but the first ahead.
    assert len(cursors) == PAGES and [c for c, _ in client.asked] == [None, *cursors[:-1]]
    assert [t for _, t in client.asked[1:]] == ["pvz-sync-pull-ahead"] * (PAGES - 1)
    with piped.store.read() as a, plain.store.read() as b:
        rows = select(Shipment.posting_number, Shipment.status, Shipment.waybill_id).order_by(Shipment.id)
        assert a.execute(rows).all() == b.execute(rows).all() and len(a.execute(rows).all()) == SHIPMENTS
    assert ledger.verify_chain(piped.ctx).ok and _count(piped, Event) == SHIPMENTS
    assert sync_cursor(piped.ctx) == sync_cursor(plain.ctx)


def test_a_page_that_fails_drops_the_page_fetched_after_it(feed: Central, tmp_path: Path) -> None:
    counter = make_counter(tmp_path, "c", feed.url)
    client = RecordingClient(counter)
    client.spoil = 2  # the second page, fetched ahead while the first is applied
    puller = Puller(counter.ctx, client, snapshot=False)
    puller.pull_once()
    first, applied = sync_cursor(counter.ctx), _count(counter, Shipment)
    with pytest.raises(MalformedAnswer):
        puller.pull_once()
    # Nothing of the spoilt page, the cursor where it was.
    assert sync_cursor(counter.ctx) == first and _count(counter, Shipment) == applied
    cursors = _pull_to_the_end(puller, counter)
    # The page fetched ahead of the failed one was not used: the failed page was asked for again.
    mine = [c for c, t in client.asked if t == "MainThread"]
    ahead = [c for c, t in client.asked if t == "pvz-sync-pull-ahead"]
    assert mine == [None, first] and ahead == [first, cursors[-2], cursors[-2]]
    assert _count(counter, Shipment) == SHIPMENTS and ledger.verify_chain(counter.ctx).ok


def test_a_stop_applies_nothing_more_and_fetches_nothing_more(feed: Central, tmp_path: Path) -> None:
    counter = make_counter(tmp_path, "c", feed.url)
    client = RecordingClient(counter)
    puller = Puller(counter.ctx, client, snapshot=False)
    stopped = False
    puller.pull_once(should_stop=lambda: stopped)
    first, applied = sync_cursor(counter.ctx), _count(counter, Shipment)
    stopped = True
    report = puller.pull_once(should_stop=lambda: stopped)
    assert (report.changes, report.has_more) == (0, False)
    assert sync_cursor(counter.ctx) == first and _count(counter, Shipment) == applied
    assert len(client.asked) == 2  # the first page and the one fetched ahead: no other started


def test_a_page_fetched_ahead_too_long_ago_is_asked_for_again(
    feed: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(puller_module, "AHEAD_MAX_AGE", 0.0)  # every page fetched ahead is stale at once
    counter = make_counter(tmp_path, "c", feed.url)
    client = RecordingClient(counter)
    cursors = _pull_to_the_end(Puller(counter.ctx, client, snapshot=False), counter)
    wait_until(lambda: len(client.asked) == 2 * PAGES - 1, 10)  # the unused fetches ahead have started
    mine = [c for c, t in client.asked if t == "MainThread"]
    assert mine == [None, *cursors[:-1]]
    assert _count(counter, Shipment) == SHIPMENTS and ledger.verify_chain(counter.ctx).ok


def test_while_a_scan_is_on_its_way_the_pull_takes_a_small_page_and_applies_it_after(feed, counter):
    """The GUI marks a scan routed (core/foreground.py): the pull asks for a small page and
    applies it once the cashier's moment is over; then it takes the server's full pages again."""
    committed: list[float] = []
    counter.ctx.changes.subscribe(lambda _changes: committed.append(time.monotonic()))
    puller = Puller(counter.ctx, CentralClient(counter.auth), ahead=False, snapshot=False)
    counter.ctx.foreground.touch(0.2)
    moment_ends = time.monotonic() + 0.2
    report = puller.pull_once()
    assert report.changes == puller_module.QUIET_PAGE and report.has_more
    assert committed and committed[0] >= moment_ends - 0.01  # applied after the moment, not during
    report = puller.pull_once()
    assert report.changes == SHIPMENTS + 2 - puller_module.QUIET_PAGE  # the rest in one page of the server's


def test_a_page_composed_before_a_push_arrives_late_and_undoes_nothing(central, owner, counter):
    """The pull thread's page was composed before the push thread's operation reached the server;
    it is applied after the push was answered. The answer's version makes it older than the cache."""
    from pvz_desktop.sync.pusher import push_pending
    from pvz_desktop.workflows import acceptance
    from pvz_desktop.workflows.server_changes import apply_changes

    waybill = delivery(owner, 1)
    counter.pull()
    posting = waybill["shipments"][0]["posting"]
    stale = CentralClient(counter.auth).changes(None, 0)  # the point's feed as it is before the push
    acceptance.open_waybill(counter.ctx, waybill["number"])
    acceptance.scan(counter.ctx, waybill["number"], posting)
    assert push_pending(counter.ctx, counter.client).refused == ()
    apply_changes(counter.ctx, stale.changes, stale.cursor)  # the old page, late
    with counter.store.read() as s:
        shipment = s.scalar(select(Shipment).where(Shipment.posting_number == posting))
        assert shipment.status == "received"
    assert central.central_status(posting) == "received"
