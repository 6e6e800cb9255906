"""The demo point has a parcel for every path of the counter, whatever the random seed gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pvz_central.cli import main
from pvz_central.db import CentralDB
from pvz_central.models import Shipment
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.statuses import ShipmentStatus as S


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@pytest.mark.parametrize("seed", ["1", "7"])
def test_demo_covers_every_path(tmp_path: Path, seed: str) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["seed", "--db", db, "--shipments", "60", "--seed", seed]) == 0
    now = utcnow()
    today = to_local(now).date()
    cdb = CentralDB(db)
    try:
        with cdb.read() as s:
            rows = s.scalars(select(Shipment)).all()
            stored = [r for r in rows if r.status == S.STORED]
            deadlines = [to_local(aware(r.storage_deadline)) for r in stored if r.storage_deadline]
            adult = [r for r in stored if r.adult_only]
            in_transit = {r.customer_id for r in rows if r.status == S.EXPECTED}
            waiting = {r.customer_id for r in stored}
            assert len(adult) >= 2 and all(r.items[0].name for r in adult)
            assert any(d.date() == today and d > to_local(now) for d in deadlines)  # ends later today
            assert any(d.date() == today + timedelta(days=1) for d in deadlines)  # ends tomorrow
            assert sum(d < to_local(now) for d in deadlines) >= 2  # overdue, not swept
            assert in_transit & waiting  # a customer at the counter with parcels on their way
    finally:
        cdb.close()
