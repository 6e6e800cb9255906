"""Storage extension at the counter, checked again at the server: once per parcel, by the
point's number of days; a refusal comes back with its reason and the deadline is the server's."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select, update

from pvz_central.models import Point, StorageExtension
from pvz_central.models import Shipment as CentralShipment
from pvz_desktop.sync.point_rules import adopt_point_rules
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.expiry import apply_extension
from tests.builders import PointBuilder
from tests.central.harness import POINT, delivery
from tests.central.test_two_counters import _receive_and_place


def _deadline(central, posting):
    with central.db.read() as s:
        return s.scalar(select(CentralShipment.storage_deadline).where(CentralShipment.posting_number == posting))


def _extensions(central, posting) -> int:
    with central.db.read() as s:
        return s.scalar(
            select(func.count())
            .select_from(StorageExtension)
            .join(CentralShipment, CentralShipment.id == StorageExtension.shipment_id)
            .where(CentralShipment.posting_number == posting)
        )


def test_an_extension_is_applied_once_and_a_second_counters_one_is_refused(central, owner, counter1, counter2):
    for c in (counter1, counter2):
        PointBuilder(c.store).add_cells()
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    counter2.pull()
    placed = _deadline(central, posting)

    ext = apply_extension(counter1.ctx, posting)
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    assert _deadline(central, posting) == placed + timedelta(days=3)
    assert ext.deadline - ext.previous_deadline == timedelta(days=3)
    assert _extensions(central, posting) == 1

    # Counter 2 has not heard of it yet: its own check passes, the server's does not.
    apply_extension(counter2.ctx, posting)
    report = push_pending(counter2.ctx, counter2.client)
    [refusal] = report.refused
    assert "уже продлевали" in refusal.reason and refusal.postings == (posting,)
    assert _deadline(central, posting) == placed + timedelta(days=3)
    assert _extensions(central, posting) == 1
    # The refused counter re-read the parcel: it shows the server's deadline, not its own.
    assert counter2.shipment(posting).storage_deadline == placed + timedelta(days=3)


def test_an_extension_by_other_days_than_the_servers_rule_is_refused(central, owner, counter1):
    PointBuilder(counter1.store).add_cells()
    with central.db.write() as s:
        s.execute(update(Point).where(Point.id == POINT).values(extension_days=2))
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    placed = _deadline(central, posting)

    apply_extension(replace(counter1.ctx, rules=replace(counter1.ctx.rules, extension_days=5)), posting)
    [refusal] = push_pending(counter1.ctx, counter1.client).refused
    assert "на 2 дн." in refusal.reason
    assert _deadline(central, posting) == placed and _extensions(central, posting) == 0
    assert counter1.shipment(posting).storage_deadline == placed


def test_the_counter_takes_the_servers_limits_and_its_extension_then_passes(central, owner, counter1):
    PointBuilder(counter1.store).add_cells()
    with central.db.write() as s:
        s.execute(update(Point).where(Point.id == POINT).values(extension_days=2, extensions_per_parcel=2))
    assert adopt_point_rules(counter1.ctx, counter1.client)
    assert (counter1.ctx.rules.extension_days, counter1.ctx.rules.extensions_per_parcel) == (2, 2)
    waybill = delivery(owner, 1)
    counter1.pull()
    [posting] = _receive_and_place(counter1, waybill, "C-A-01-01")
    placed = _deadline(central, posting)
    apply_extension(counter1.ctx, posting)
    apply_extension(counter1.ctx, posting)  # twice: the server allows it here
    assert push_pending(counter1.ctx, counter1.client).refused == ()
    assert _deadline(central, posting) == placed + timedelta(days=4) and _extensions(central, posting) == 2
