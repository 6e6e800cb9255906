"""An issuance slip printed again from the card's «Завершено» tab, rebuilt from the ledger.

The ledger keeps what the slip printed (each parcel's amount and refused lines, the refusal's
reason, the payment with the cash tendered): the copy says what the first one said, whatever
happened to the parcels since.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pvz_desktop.core.errors import NotFound
from pvz_desktop.core.text import msg
from pvz_desktop.store.models import Customer, Employee, Event, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.issuance import (
    IssuanceSlip,
    PaymentMethod,
    Refusal,
    RefusalReason,
    SlipLine,
    add_slip_lines,
    slip_lines,
)


def _refusal_text(details: dict) -> str:
    try:
        return Refusal(RefusalReason(details["reason"]), details.get("note", "")).text
    except (KeyError, ValueError):
        return ""


def slip_again(ctx: WorkflowContext, op_id: str) -> IssuanceSlip:
    """The slip of the issuance ``op_id`` as it was printed."""
    with ctx.store.read() as session:
        events = session.scalars(select(Event).where(Event.op_id == op_id).order_by(Event.id)).all()
        payment = next((e for e in events if e.kind == "payment"), None)
        if payment is None:
            raise NotFound(msg("Выдача {op} не найдена в журнале.", op=op_id))
        paid = json.loads(payment.details)
        postings = [e.posting_number for e in events if e.kind in ("issue", "refuse") and e.posting_number]
        shipments = {
            s.posting_number: s
            for s in session.scalars(
                select(Shipment).where(Shipment.posting_number.in_(postings)).options(selectinload(Shipment.items))
            )
        }
        issued: list[SlipLine] = []
        refused: list[SlipLine] = []
        for e in events:
            shipment = shipments.get(e.posting_number or "")
            if shipment is None:
                continue
            details = json.loads(e.details)
            lines = set(details.get("refused_lines") or details.get("lines") or ())
            if e.kind == "refuse":  # the whole parcel: every line refused
                every = {i.line_no for i in shipment.items}
                slip = slip_lines(shipment.posting_number, shipment.items, every, 0, _refusal_text(details))
            elif e.kind == "issue":
                why = _refusal_text(details.get("refusal") or {})
                amount = int(details.get("amount", 0))
                slip = slip_lines(shipment.posting_number, shipment.items, lines, amount, why)
            else:
                continue
            add_slip_lines(issued, refused, slip)
        customer = session.get(Customer, paid.get("customer", ""))
        employee = session.get(Employee, payment.employee_id)
        me = ctx.actor.employee_name if payment.employee_id == ctx.actor.employee_id else ""
        total, tendered = int(paid.get("amount", 0)), int(paid.get("tendered", 0))
        return IssuanceSlip(
            op_id=op_id,
            point_name=ctx.actor.point_name,
            employee_name=employee.display_name if employee is not None else me or payment.employee_id,
            issued_at=payment.occurred_at,
            customer_name=customer.display_name if customer is not None else "",
            issued=tuple(issued),
            refused=tuple(refused),
            total=total,
            payment_method=PaymentMethod(paid.get("method", PaymentMethod.PREPAID.value)),
            tendered=tendered,
            change=tendered - total,
        )
