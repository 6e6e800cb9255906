"""What the change feed carries for each entity: plain JSON, the counter's wire format.

Entities: ``waybill`` (with its transport packages), ``shipment`` (with items and the customer's
masked card: display name, last four phone digits, the verifier of the pickup code and its date —
never the PIN; a parcel handed in for sending also carries ``outbound``), ``supply`` (a seller's
supply), ``courier_pickup``, ``return_request``,
``storage_extension`` and ``support_message`` (with its ticket).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pvz_central.models import (
    CourierPickup,
    Defect,
    OutboundParcel,
    ReturnRequest,
    Shipment,
    StorageExtension,
    Supply,
    SupportMessage,
    Waybill,
)
from pvz_desktop.core.statuses import OUTBOUND


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def waybill_data(w: Waybill) -> dict[str, Any]:
    return {
        "number": w.number,
        "courier": w.courier,
        "status": w.status,
        "created_at": iso(w.created_at),
        "closed_at": iso(w.closed_at),
        "version": w.version,
        "packages": [{"barcode": p.barcode, "state": p.state} for p in w.packages],
    }


def shipment_data(s: Shipment) -> dict[str, Any]:
    c, code = s.customer, s.pickup_code
    data: dict[str, Any] = {
        "posting": s.posting_number,
        "order": s.order_number,
        "status": s.status,
        "cell": s.cell,
        "customer": None
        if c is None
        else {
            "id": c.id,
            "name": c.display_name,
            "phone_last4": c.phone_last4,
            "pickup_verifier": code.verifier if code is not None else None,
            "pickup_pin_date": iso(code.valid_on) if code is not None else None,
        },
        "amount_due": s.amount_due,
        "adult_only": s.adult_only,
        "storage_deadline": iso(s.storage_deadline),
        "waybill": s.waybill.number if s.waybill is not None else None,
        "package": s.package_barcode,
        "parent": s.parent_posting,
        "arrived_unexpected": s.arrived_unexpected,
        "received_at": iso(s.received_at),
        "stored_at": iso(s.stored_at),
        "issued_at": iso(s.issued_at),
        "updated_at": iso(s.updated_at),
        "version": s.version,
        "items": [
            {"line_no": i.line_no, "name": i.name, "qty": i.qty, "price": i.price, "refused": i.refused}
            for i in s.items
        ],
    }
    if s.status in OUTBOUND:  # only outbound parcels read the relationship: inbound ones never need it
        data["outbound"] = outbound_data(s.outbound)
    return data


def outbound_data(o: OutboundParcel | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "kind": o.kind,
        "supply": o.supply.number if o.supply is not None else None,
        "send_code": o.send_code,
        "party": o.party,
        "description": o.description,
        "route": o.route,
        "recipient_point": o.recipient_point,
        "size_class": o.size_class,
        "declared_value": o.declared_value,
        "weight_g": o.weight_g,
        "weight_typed": o.weight_typed,
        "refuse_reason": o.refuse_reason,
        "bag": o.bag,
        "pickup": o.pickup,
    }


def supply_data(s: Supply) -> dict[str, Any]:
    return {
        "number": s.number,
        "seller": s.seller,
        "route": s.route,
        "status": s.status,
        "created_at": iso(s.created_at),
        "closed_at": iso(s.closed_at),
        "unexpected": json.loads(s.unexpected),
        "version": s.version,
    }


def pickup_data(p: CourierPickup) -> dict[str, Any]:
    return {
        "code": p.code,
        "courier": p.courier,
        "route": p.route,
        "due_at": iso(p.due_at),
        "status": p.status,
        "act_number": p.act_number,
        "closed_at": iso(p.closed_at),
        "version": p.version,
    }


def return_request_data(r: ReturnRequest) -> dict[str, Any]:
    return {
        "number": r.number,
        "posting": r.shipment.posting_number,
        "customer_id": r.shipment.customer_id,
        "item_names": json.loads(r.item_names),
        "reason": r.reason,
        "status": r.status,
        "created_at": iso(r.created_at),
    }


def extension_data(e: StorageExtension) -> dict[str, Any]:
    return {
        "id": e.id,
        "posting": e.shipment.posting_number,
        "days": e.days,
        "deadline": iso(e.deadline),
        "created_at": iso(e.created_at),
    }


def support_message_data(m: SupportMessage) -> dict[str, Any]:
    t = m.ticket
    return {
        "uuid": m.uuid,
        "ticket": {
            "uuid": t.uuid,
            "subject": t.subject,
            "category": t.category,
            "postings": json.loads(t.postings),
            "status": t.status,
            "employee_id": t.employee_id,
            "created_at": iso(t.created_at),
            "updated_at": iso(t.updated_at),
        },
        "author": m.author,
        "author_name": m.author_name,
        "body": m.body,
        "created_at": iso(m.created_at),
    }


def defect_data(d: Defect) -> dict[str, Any]:
    """A defect record for the point's other counters: their history of the parcel shows it."""
    return {
        "id": d.id,
        "posting": d.posting_number,
        "defect": d.kind,
        "place": d.place,
        "note": d.note,
        "photos": json.loads(d.photos),
        "user": d.user_id,
        "op": d.op_key,
        "at": iso(d.occurred_at),
    }
