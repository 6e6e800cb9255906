"""The point's snapshot route on each database: the same state and cursor as the feed, one point only."""

from __future__ import annotations

from pvz_desktop.sync.puller import Puller, pull_once
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows import acceptance, ledger
from pvz_desktop.workflows.server_changes import sync_cursor
from tests.central.harness import OTHER_POINT, POINT, Central, Counter, delivery, login


def test_a_snapshot_load_ends_where_the_feed_replay_ends(
    central: Central, owner, counter1: Counter, counter2: Counter
) -> None:
    waybill = delivery(owner, 12)
    delivery(owner, 5, customer="41000009")
    counter1.pull()
    acceptance.open_waybill(counter1.ctx, waybill["number"])
    for s in waybill["shipments"][:4]:
        acceptance.scan(counter1.ctx, waybill["number"], s["posting"])
    assert push_pending(counter1.ctx, counter1.client).refused == ()

    puller = Puller(counter2.ctx, counter2.client)
    first = puller.pull_once()
    assert first.changes == 19 and first.has_more  # 17 shipments and 2 waybills, in one go
    assert not puller.pull_once().has_more  # nothing after its cursor
    while pull_once(counter1.ctx, counter1.client).has_more:
        pass
    assert sync_cursor(counter2.ctx) == sync_cursor(counter1.ctx)
    statuses = [counter2.status(s["posting"]) for s in waybill["shipments"]]
    assert statuses == ["received"] * 4 + ["expected"] * 8
    assert ledger.verify_chain(counter2.ctx).ok


def test_the_snapshot_route_serves_only_the_logged_in_point(central: Central, owner) -> None:
    delivery(owner, 2)
    assert owner.request("GET", f"/api/v1/points/{OTHER_POINT}/snapshot").status_code == 403
    other = login(central.url, "owner2")
    assert other.request("GET", f"/api/v1/points/{POINT}/snapshot").status_code == 403
    assert other.request("GET", f"/api/v1/points/{OTHER_POINT}/snapshot").text.splitlines()[-1] == '{"end": 0}'
