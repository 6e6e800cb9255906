"""Pickup codes at the server: kept and sent as verifiers under each point's key, never as PINs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, text

from pvz_central.db import MIGRATIONS_DIR, CentralDB
from pvz_central.models import Change, PickupCode
from pvz_central.pickup_keys import PointKeys
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.errors import NotFound
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.workflows import issuance
from tests.builders import PointBuilder
from tests.central.harness import OTHER_POINT, POINT, delivery, fresh_database, login

PIN = "7391"


def _dump(db: CentralDB) -> str:
    """Every row of every table of the server's database, as text."""
    with db.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        return "\n".join(repr(tuple(row)) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))


def test_the_server_keeps_and_sends_verifiers_only(central, owner, counter1):
    body = delivery(owner, 2, customer="41000031", pin=PIN)
    today = to_local(utcnow()).date()
    key = central.db.keys.for_point(POINT)
    with central.db.read() as s:
        code = s.get(PickupCode, (POINT, "41000031"))
        assert (code.valid_on, code.verifier) == (today, verifier(key, "41000031", PIN, today))
        feed = [c.data for c in s.scalars(select(Change).where(Change.entity == "shipment"))]
    sent = [json.loads(d)["customer"] for d in feed]
    assert {c["pickup_verifier"] for c in sent} == {code.verifier} and all("pickup_pin" not in c for c in sent)
    assert f"41000031*{PIN}" not in _dump(central.db) and f'"{PIN}"' not in _dump(central.db)
    # The counter got the key at login and opens the card by the code; a wrong PIN does not.
    assert counter1.auth.pickup_key() == key
    counter1.pull()
    PointBuilder(counter1.store)  # the card needs no cells: the parcels are still expected
    card = issuance.lookup(counter1.ctx, f"41000031*{PIN}")
    assert {s.posting_number for s in card.in_transit} == {s["posting"] for s in body["shipments"]}
    with pytest.raises(NotFound):
        issuance.lookup(counter1.ctx, "41000031*7390")


def test_each_point_has_its_own_key_and_only_its_counters_get_it(central, owner):
    mine = owner.request("GET", f"/api/v1/points/{POINT}/pickup-key")
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert bytes.fromhex(mine.json()["key"]) == central.db.keys.for_point(POINT)
    assert owner.request("GET", f"/api/v1/points/{OTHER_POINT}/pickup-key").status_code == 403
    other = login(central.url, "owner2")
    assert other.pickup_key() == central.db.keys.for_point(OTHER_POINT) != central.db.keys.for_point(POINT)


def test_an_undated_code_is_refused_and_a_new_one_replaces_the_old(central, owner):
    payload = delivery(owner, 1, customer="41000032", pin="1111")
    del payload["shipments"][0]["customer"]["pickup_pin_date"]
    payload["number"] = "TN-0000000999"
    payload["shipments"][0]["posting"] = "7000099999-0001-1"
    r = owner.request("POST", f"/api/v1/points/{POINT}/admin/waybills", json=payload)
    assert r.status_code == 422 and "pickup_pin_date" in r.text
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    delivery(owner, 1, customer="41000032", pin="2222", valid_on=tomorrow)
    with central.db.read() as s:
        code = s.get(PickupCode, (POINT, "41000032"))
    key = central.db.keys.for_point(POINT)
    assert (code.valid_on, code.verifier) == (tomorrow, verifier(key, "41000032", "2222", tomorrow))


def test_the_secret_file_is_made_once_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "srv" / "pvz-central.secret"
    first = PointKeys.from_file(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert PointKeys.from_file(path).for_point("p1") == first.for_point("p1") != first.for_point("p2")
    assert "secret" not in repr(first).lower().replace("<secret>", "")
    path.write_text("not hex\n")
    with pytest.raises(Exception, match="повреждён"):
        PointKeys.from_file(path)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_upgrade_turns_stored_pins_into_verifiers_and_drops_them(kind: str, tmp_path: Path):
    import os

    from tests.central.harness import PG_ENV

    if kind == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    db = CentralDB(fresh_database(kind, tmp_path))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    dated = date(2026, 12, 1)
    snapshot = {"posting": "7000000001-0001-1", "customer": {"id": "41000041", "name": "Иванова А.", "pickup_pin": PIN}}
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO point (id, name, change_seq, feed_epoch, storage_days) VALUES ('p1','П',1,'e',7)")
        )
        conn.execute(
            text(
                "INSERT INTO customer (id, display_name, phone_last4, pickup_pin, pickup_pin_date) VALUES"
                " ('41000041','Иванова А.','1234',:pin,NULL), ('41000042','Петров П.','',:pin2,:d)"
            ),
            {"pin": PIN, "pin2": "8264", "d": dated},
        )
        for n, cid in ((1, "41000041"), (2, "41000042")):
            conn.execute(
                text(
                    "INSERT INTO shipment (point_id, posting_number, order_number, customer_id, status, amount_due,"
                    " adult_only, arrived_unexpected, updated_at, version)"
                    f" VALUES ('p1','700000000{n}-0001-1','1',:c,'stored',0,false,false,'2026-12-01',1)"
                ),
                {"c": cid},
            )
        conn.execute(
            text(
                "INSERT INTO change (point_id, entity, key, seq, data)"
                " VALUES ('p1','shipment','7000000001-0001-1',1,:d)"
            ),
            {"d": json.dumps(snapshot)},
        )
    db.upgrade()
    today, key = to_local(utcnow()).date(), db.keys.for_point("p1")
    with db.read() as s:
        codes = {c.customer_id: (c.valid_on, c.verifier) for c in s.scalars(select(PickupCode))}
        sent = json.loads(s.scalar(select(Change.data)))["customer"]
    assert codes == {
        "41000041": (today, verifier(key, "41000041", PIN, today)),  # undated: valid on the upgrade's day only
        "41000042": (dated, verifier(key, "41000042", "8264", dated)),
    }
    assert sent == {
        "id": "41000041",
        "name": "Иванова А.",
        "pickup_verifier": codes["41000041"][1],
        "pickup_pin_date": today.isoformat(),
    }
    with db.engine.connect() as conn:
        assert "pickup_pin" not in {c["name"] for c in inspect(conn).get_columns("customer")}
    dump = _dump(db)
    assert PIN not in dump and "8264" not in dump
    db.close()
