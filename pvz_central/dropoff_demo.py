"""The demo point's drop-off: a supply with one parcel that was not brought (and one extra parcel
on the counter that is in no supply), two C2C sends (prepaid, and to pay), a courier due today."""

from __future__ import annotations

from datetime import datetime, timedelta

from pvz_central.db import CentralDB
from pvz_central.dropoff_routes import PickupIn, SendIn, SupplyIn, SupplyParcelIn, announce, create, schedule

ROUTE = "СЦ Хоругвино"
SUPPLY = "SP-0000000101"
SUPPLY_PARCELS = tuple(f"OB{301 + i:012d}" for i in range(5))
NOT_BROUGHT = SUPPLY_PARCELS[-1]  # announced, but the seller left it behind
EXTRA = "OB000000000399"  # on the counter with the supply, in no supply at all
SENDS = (("SN-0000000201", "OB000000000501", "S", 0), ("SN-0000000202", "OB000000000502", "M", 35_000))
PICKUP = "CP-0000000501"


def seed_dropoff(db: CentralDB, point_id: str, now: datetime) -> None:
    goods = ("Кружки, 6 шт.", "Чехол для телефона", "Настольная лампа", "Книги, 3 шт.", "Зарядное устройство")
    with db.write() as session:
        point = db.lock_point(session, point_id)
        assert point is not None
        parcels = [SupplyParcelIn(posting=p, description=d) for p, d in zip(SUPPLY_PARCELS, goods, strict=True)]
        announce(session, point, SupplyIn(number=SUPPLY, seller="ООО «Ромашка»", route=ROUTE, parcels=parcels))
        for code, posting, size, due in SENDS:
            send = SendIn(
                code=code,
                posting=posting,
                sender="Петров И.",
                size_class=size,
                declared_value=200_000,
                recipient_point="ПВЗ Казань, ул. Баумана, 5",
                route=ROUTE,
                amount_due=due,
            )
            create(session, point, send)
        courier = PickupIn(code=PICKUP, courier="Курьер Сидоров", route=ROUTE, due_at=now + timedelta(hours=4))
        schedule(session, point, courier)
