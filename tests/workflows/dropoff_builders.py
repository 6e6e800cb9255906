"""Drop-off data as the change feed brings it (``pvz_central.snapshots``), applied the real way."""

from __future__ import annotations

from typing import Any

from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.server_changes import apply_changes

ROUTE = "СЦ Хоругвино"


def _outbound(kind: str, **fields: Any) -> dict[str, Any]:
    base = {
        "kind": kind,
        "supply": None,
        "send_code": None,
        "party": "",
        "description": "",
        "route": ROUTE,
        "recipient_point": "",
        "size_class": "",
        "declared_value": 0,
        "weight_g": None,
        "weight_typed": False,
        "refuse_reason": "",
        "bag": None,
        "pickup": None,
    }
    return {**base, **fields}


def _shipment(posting: str, outbound: dict[str, Any], amount_due: int = 0) -> dict[str, Any]:
    return {
        "entity": "shipment",
        "key": posting,
        "data": {
            "posting": posting,
            "order": posting,
            "status": "announced",
            "cell": None,
            "customer": None,
            "amount_due": amount_due,
            "adult_only": False,
            "storage_deadline": None,
            "waybill": None,
            "package": None,
            "parent": None,
            "arrived_unexpected": False,
            "version": 1,
            "items": [],
            "outbound": outbound,
        },
    }


def announce_supply(
    ctx: WorkflowContext, number: str, postings: list[str], *, seller: str = "ООО «Ромашка»", route: str = ROUTE
) -> None:
    supply = {
        "entity": "supply",
        "key": number,
        "data": {
            "number": number,
            "seller": seller,
            "route": route,
            "status": "announced",
            "unexpected": [],
            "version": 1,
        },
    }
    parcels = [
        _shipment(p, _outbound("supply", supply=number, party=seller, description=f"Коробка {i}", route=route))
        for i, p in enumerate(postings, 1)
    ]
    apply_changes(ctx, [supply, *parcels], None)


def create_send(
    ctx: WorkflowContext,
    code: str,
    posting: str,
    *,
    size_class: str = "S",
    amount_due: int = 0,
    route: str = ROUTE,
    declared_value: int = 150_000,
) -> None:
    outbound = _outbound(
        "c2c",
        send_code=code,
        party="Петров И.",
        recipient_point="ПВЗ Казань, Баумана 5",
        size_class=size_class,
        declared_value=declared_value,
        route=route,
    )
    apply_changes(ctx, [_shipment(posting, outbound, amount_due)], None)


def schedule_pickup(ctx: WorkflowContext, code: str, *, courier: str = "Курьер Сидоров", route: str = ROUTE) -> None:
    pickup = {
        "entity": "courier_pickup",
        "key": code,
        "data": {"code": code, "courier": courier, "route": route, "status": "scheduled", "version": 1},
    }
    apply_changes(ctx, [pickup], None)
