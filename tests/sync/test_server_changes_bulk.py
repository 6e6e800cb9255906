"""Customers written in bulk and waybills/packages named by id only: what a page leaves in the cache."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from pvz_desktop.store.models import Customer, ReturnRequest, Shipment, TransportPackage, Waybill
from pvz_desktop.store.plain_rows import stored_time
from pvz_desktop.workflows.ledger import verify_chain
from pvz_desktop.workflows.server_changes import _stored, apply_changes
from tests.sync.test_server_changes import WAYBILL
from tests.sync.test_server_changes import _shipment as one_shipment


def _customer(cid: str, name: str, code: str, pin_date: str | None = None) -> dict[str, Any]:
    """``code`` stands for the verifier the server sends (its content does not matter here)."""
    return {"id": cid, "name": name, "phone_last4": "1234", "pickup_verifier": code, "pickup_pin_date": pin_date}


def _shipment(posting: str, customer: dict[str, Any], version: int = 1, status: str = "expected") -> dict:
    """A shipment of ``WAYBILL`` (its package), another posting and customer each time."""
    change = one_shipment(status, version)
    return {**change, "key": posting, "data": {**change["data"], "posting": posting, "customer": customer}}


def _customers(store) -> dict[str, tuple]:
    with store.read() as s:
        rows = s.execute(select(Customer.id, Customer.display_name, Customer.pickup_verifier, Customer.pickup_pin_date))
        return {cid: (name, code, pin_date) for cid, name, code, pin_date in rows}


def _of(store, posting: str) -> tuple:
    with store.read() as s:
        sh = s.scalars(select(Shipment).where(Shipment.posting_number == posting)).one()
        return sh.customer_id, sh.waybill_id, sh.transport_package_id, sh.status


def test_customers_and_references_land_as_the_page_says(ctx, store) -> None:
    # One page: the same new customer twice (the later snapshot wins), another one once.
    apply_changes(
        ctx,
        [
            WAYBILL,
            _shipment("0000000001-0001-1", _customer("41000001", "Иванова А.", "1111")),
            _shipment("0000000002-0001-1", _customer("41000001", "Иванова А. В.", "2222", "2026-01-05")),
            _shipment("0000000003-0001-1", _customer("41000002", "Петров Б.", "3333")),
        ],
        "c1",
    )
    assert _customers(store) == {
        "41000001": ("Иванова А. В.", "2222", date(2026, 1, 5)),
        "41000002": ("Петров Б.", "3333", None),
    }
    with store.read() as s:
        waybill_id = s.scalar(select(Waybill.id))
        package_id = s.scalar(select(TransportPackage.id).where(TransportPackage.barcode == "GM0000412345"))
    assert _of(store, "0000000003-0001-1") == ("41000002", waybill_id, package_id, "expected")

    # A later page: a new shipment naming the waybill and package of an earlier page (by id only),
    # a known shipment moved to a customer the cache has never seen (its row must come first),
    # a known customer's new pin, and a return request of a customer new to the cache.
    apply_changes(
        ctx,
        [
            _shipment("0000000004-0001-1", _customer("41000002", "Петров Б.", "4444")),
            _shipment("0000000001-0001-1", _customer("41000003", "Сидорова В.", "5555"), 2, "received"),
            {
                "entity": "return_request",
                "key": "RT-0000000001",
                "data": {"number": "RT-0000000001", "posting": "0000000003-0001-1", "customer_id": "41000009"},
            },
            _shipment("0000000009-0001-1", _customer("41000009", "Орлов Г.", "6666")),
        ],
        "c2",
    )
    customers = _customers(store)
    assert customers["41000002"] == ("Петров Б.", "4444", None) and customers["41000003"][1] == "5555"
    assert customers["41000009"] == ("Орлов Г.", "6666", None) and len(customers) == 4
    assert _of(store, "0000000004-0001-1") == ("41000002", waybill_id, package_id, "expected")
    assert _of(store, "0000000001-0001-1") == ("41000003", waybill_id, package_id, "received")
    with store.read() as s:
        assert s.scalar(select(ReturnRequest.customer_id)) == "41000009"
        assert s.scalar(select(Waybill.id).where(Waybill.id != waybill_id)) is None  # no second waybill
    assert verify_chain(ctx).ok


def test_times_of_new_shipments_compare_as_the_orm_writes_them(ctx, store) -> None:
    """New shipments skip SQLAlchemy's processing of values: their times must still match its queries."""
    page = _shipment("0000000005-0001-1", _customer("41000005", "Зайцева Д.", "7777"))
    page["data"] |= {"storage_deadline": "2026-01-05T10:00:00", "received_at": "2026-01-03T08:15:30.250000+00:00"}
    apply_changes(ctx, [WAYBILL, page], "c1")
    with store.read() as s:
        hit = select(Shipment.posting_number).where(
            Shipment.storage_deadline == datetime(2026, 1, 5, 10, 0),
            Shipment.received_at == datetime(2026, 1, 3, 8, 15, 30, 250000),
            Shipment.stored_at.is_(None),
        )
        assert s.scalars(hit).all() == ["0000000005-0001-1"]
        assert s.scalar(select(func.count()).where(Shipment.storage_deadline < datetime(2026, 1, 5, 10, 0))) == 0
        sh = s.scalars(select(Shipment).where(Shipment.posting_number == "0000000005-0001-1")).one()
        assert (sh.adult_only, sh.arrived_unexpected, sh.received_at) == (
            False,
            False,
            datetime(2026, 1, 3, 8, 15, 30, 250000),
        )


def _waybill(number: str, version: int, status: str, packages: list[tuple[str, str]], **extra: Any) -> dict:
    data = {"number": number, "courier": "Гусев Д.", "status": status, "version": version, **extra}
    return {
        "entity": "waybill",
        "key": number,
        "data": {**data, "packages": [{"barcode": b, "state": st} for b, st in packages]},
    }


def _waybills(store) -> dict[str, tuple]:
    with store.read() as s:
        rows = s.execute(
            select(Waybill.number, Waybill.status, Waybill.version, Waybill.expected_packages, Waybill.closed_at)
        )
        return {n: tuple(rest) for n, *rest in rows}


def _packages(store) -> dict[str, tuple]:
    with store.read() as s:
        rows = s.execute(
            select(TransportPackage.barcode, Waybill.number, TransportPackage.state).join(
                Waybill, Waybill.id == TransportPackage.waybill_id
            )
        )
        return {b: (n, st) for b, n, st in rows}


def test_new_waybills_and_their_packages_land_as_the_page_says(ctx, store) -> None:
    apply_changes(ctx, [WAYBILL], "c1")  # the cache has one waybill and its package already
    closed = "2026-11-20T10:00:00+00:00"
    apply_changes(
        ctx,
        [
            # A new waybill twice in one page: the newer snapshot wins whatever the order.
            _waybill("TN-0000000002", 3, "closed", [("GM0000000021", "received")], closed_at=closed),
            _waybill("TN-0000000002", 2, "receiving", [("GM0000000021", "expected"), ("GM0000000022", "expected")]),
            # A new waybill that takes over the package the cache had under the first one.
            _waybill("TN-0000000003", 1, "open", [("GM0000412345", "expected"), ("GM0000000031", "expected")]),
            _shipment("0000000005-0001-1", _customer("41000005", "Яковлева Е.", "7777")),
        ],
        "c2",
    )
    waybills = _waybills(store)
    assert waybills["TN-0000000002"] == ("closed", 3, 1, datetime(2026, 11, 20, 10, 0))
    assert waybills["TN-0000000003"][:3] == ("open", 1, 2) and len(waybills) == 3
    assert _packages(store) == {
        "GM0000412345": ("TN-0000000003", "expected"),
        "GM0000000021": ("TN-0000000002", "received"),
        "GM0000000031": ("TN-0000000003", "expected"),
    }
    # The shipment names the first waybill and the package now under the new one: both by id.
    with store.read() as s:
        first = s.scalar(select(Waybill.id).where(Waybill.number == WAYBILL["key"]))
        moved = s.scalar(select(TransportPackage.id).where(TransportPackage.barcode == "GM0000412345"))
    assert _of(store, "0000000005-0001-1") == ("41000005", first, moved, "expected")
    # A later page updates a waybill the bulk path inserted: it is found, not inserted again.
    apply_changes(ctx, [_waybill("TN-0000000003", 2, "receiving", [("GM0000000031", "received")])], "c3")
    assert _waybills(store)["TN-0000000003"][:3] == ("receiving", 2, 1)
    assert _packages(store)["GM0000000031"] == ("TN-0000000003", "received")
    assert verify_chain(ctx).ok


def test_a_plaintext_pin_from_an_old_server_is_never_stored(ctx, store, tmp_path) -> None:
    old = {"id": "41000009", "name": "Иванова А.", "phone_last4": "1234", "pickup_pin": "73915846"}
    apply_changes(ctx, [WAYBILL, _shipment("0000000009-0001-1", old)], "c1")
    assert _customers(store) == {"41000009": ("Иванова А.", None, None)}  # no code: refused at the counter
    store.close()
    assert not [p.name for p in store.path.parent.iterdir() if p.is_file() and b"73915846" in p.read_bytes()]


@given(st.datetimes(), st.sampled_from(("auto", "seconds", "milliseconds", "microseconds")))
def test_an_api_time_rewritten_as_text_is_what_a_parse_stores(when: datetime, spec: str) -> None:
    """The server's times become the store's form without a parse when they have its shape."""
    text = when.isoformat(timespec=spec)
    assert _stored(text) == stored_time(datetime.fromisoformat(text))
