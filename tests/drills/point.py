"""A pickup point seeded in one transaction: a waybill full of expected parcels, customers with stored ones.

The crash drill needs thousands of parcels; seeding them one ``store.write()`` each (each an
fsync) would take longer than the drill, so they go in as one batch, as a server sync would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Cell, Customer, Shipment, ShipmentItem, Waybill
from tests.builders import TEST_PICKUP_KEY, local_today

WAYBILL = "TN-0000000001"


@dataclass(frozen=True)
class Pickup:
    code: str  # "40000001*5521"
    postings: tuple[str, ...]  # stored, ready to issue


@dataclass(frozen=True)
class SeededPoint:
    waybill: str
    expected: tuple[str, ...]  # on the waybill, not yet accepted
    pickups: tuple[Pickup, ...]


def accept_posting(n: int) -> str:
    return f"{2_000_000_000 + n}-0001-1"


def issue_posting(n: int) -> str:
    return f"{3_000_000_000 + n}-0002-1"


def seed_point(
    store: Store, expected: int, customers: int, rng: random.Random, *, plaintext_pins: bool = False
) -> SeededPoint:
    """``plaintext_pins``: customers as a database before pickup-code verifiers kept them (its
    ``pickup_pin`` column), for a drill that upgrades such a file."""
    now = utcnow()
    pickups: list[Pickup] = []
    with store.write() as s:
        cells = [
            Cell(code=f"C-A-{r:02d}-{h:02d}", zone="A", rack=r, shelf=h, capacity=1000) for r in (1, 2) for h in (1, 2)
        ]
        waybill = Waybill(number=WAYBILL, courier="Курьер Петров", status="open", expected_shipments=expected)
        s.add_all([*cells, waybill])
        s.flush()
        s.add_all(
            Shipment(
                posting_number=accept_posting(n),
                order_number=str(n),
                status="expected",
                waybill_id=waybill.id,
                items=[ShipmentItem(line_no=1, name="Футболка хлопковая", qty=1, price=50000)],
            )
            for n in range(expected)
        )
        seq = 0
        for c in range(customers):
            cid, pin = f"{40_000_000 + c:08d}", f"{rng.randrange(10_000):04d}"
            day = local_today()
            if plaintext_pins:
                s.execute(
                    text(
                        "INSERT INTO customer (id, display_name, phone_last4, pickup_pin, pickup_pin_date) "
                        "VALUES (:id, 'Иванова А.', '1234', :pin, :day)"
                    ),
                    {"id": cid, "pin": pin, "day": day.isoformat()},
                )
            else:
                code = verifier(TEST_PICKUP_KEY, cid, pin, day)
                s.add(
                    Customer(
                        id=cid, display_name="Иванова А.", phone_last4="1234", pickup_verifier=code, pickup_pin_date=day
                    )
                )
            postings = []
            for _ in range(rng.choice((1, 1, 2))):
                seq += 1
                postings.append(issue_posting(seq))
                s.add(
                    Shipment(
                        posting_number=postings[-1],
                        order_number=str(seq),
                        customer_id=cid,
                        status="stored",
                        cell_id=rng.choice(cells).id,
                        amount_due=rng.choice((0, 0, 129900)),
                        storage_deadline=now + timedelta(days=7),
                        items=[ShipmentItem(line_no=1, name="Ёлочная гирлянда", qty=1, price=129900)],
                    )
                )
            pickups.append(Pickup(f"{cid}*{pin}", tuple(postings)))
    return SeededPoint(WAYBILL, tuple(accept_posting(n) for n in range(expected)), tuple(pickups))
