"""The offline demo point's drop-off (the generated one, without a server): the same supply, C2C
sends and courier as the server's demo (``pvz_central.dropoff_demo``), applied as the feed brings them."""

from __future__ import annotations

from typing import Any

from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.server_changes import apply_changes

ROUTE = "СЦ Хоругвино"
SUPPLY = "SP-0000000101"
SELLER = "ООО «Ромашка»"
GOODS = ("Кружки, 6 шт.", "Чехол для телефона", "Настольная лампа", "Книги, 3 шт.", "Зарядное устройство")
SENDS = (("SN-0000000201", "OB000000000501", "S", 0), ("SN-0000000202", "OB000000000502", "M", 35_000))
PICKUP = "CP-0000000501"


def _parcel(posting: str, outbound: dict[str, Any], amount_due: int = 0) -> dict[str, Any]:
    data = {"posting": posting, "order": posting, "status": "announced", "amount_due": amount_due, "version": 1}
    base = {"supply": None, "send_code": None, "party": "", "description": "", "route": ROUTE}
    base |= {"recipient_point": "", "size_class": "", "declared_value": 0, "weight_g": None, "weight_typed": False}
    base |= {"refuse_reason": "", "bag": None, "pickup": None}
    return {"entity": "shipment", "key": posting, "data": {**data, "items": [], "outbound": {**base, **outbound}}}


def add_demo_dropoff(ctx: WorkflowContext) -> None:
    supply = {"number": SUPPLY, "seller": SELLER, "route": ROUTE, "status": "announced", "unexpected": [], "version": 1}
    changes: list[dict[str, Any]] = [{"entity": "supply", "key": SUPPLY, "data": supply}]
    for i, goods in enumerate(GOODS):
        posting = f"OB{301 + i:012d}"
        changes.append(_parcel(posting, {"kind": "supply", "supply": SUPPLY, "party": SELLER, "description": goods}))
    for code, posting, size, due in SENDS:
        c2c = {"kind": "c2c", "send_code": code, "party": "Петров И.", "size_class": size, "declared_value": 200_000}
        changes.append(_parcel(posting, {**c2c, "recipient_point": "ПВЗ Казань, ул. Баумана, 5"}, due))
    pickup = {"code": PICKUP, "courier": "Курьер Сидоров", "route": ROUTE, "status": "scheduled", "version": 1}
    changes.append({"entity": "courier_pickup", "key": PICKUP, "data": pickup})
    apply_changes(ctx, changes, None)
