"""Test helpers for the counter workflows beyond the basic point: requests, clocks, events."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

from sqlalchemy import select

from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Event, Outbox, ReturnRequest, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.outbox_body import stored_payload


def at(ctx: WorkflowContext, when: datetime) -> WorkflowContext:
    """The same counter with its clock stopped at ``when`` (naive UTC)."""
    return dataclasses.replace(ctx, clock=lambda: when)


def add_return_request(
    store: Store, number: str, posting: str, items: list[str], reason: str = "Не подошёл размер", status: str = "open"
) -> str:
    with store.write() as s:
        shipment = s.scalar(select(Shipment).where(Shipment.posting_number == posting))
        assert shipment is not None
        s.add(
            ReturnRequest(
                number=number,
                shipment_id=shipment.id,
                customer_id=shipment.customer_id,
                item_names=json.dumps(items, ensure_ascii=False),
                reason=reason,
                status=status,
            )
        )
    return number


def status_of(store: Store, posting: str) -> str:
    with store.read() as s:
        return s.scalar(select(Shipment.status).where(Shipment.posting_number == posting))


def shipment_row(store: Store, posting: str) -> Shipment:
    with store.read() as s:
        row = s.scalar(select(Shipment).where(Shipment.posting_number == posting))
        assert row is not None
        return row


def events(store: Store, kind: str | None = None) -> list[Event]:
    with store.read() as s:
        q = select(Event).order_by(Event.id)
        if kind is not None:
            q = q.where(Event.kind == kind)
        return list(s.scalars(q))


def outbox(store: Store) -> list[tuple[str, dict]]:
    with store.read() as s:
        return [(o.kind, stored_payload(o.payload)) for o in s.scalars(select(Outbox).order_by(Outbox.id))]
