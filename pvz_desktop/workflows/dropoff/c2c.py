"""A C2C parcel (Ozon «Доставка посылок»): the sender shows the send code, the parcel is weighed,
checked against its size class, paid for if it was not prepaid, and gets its label.

A weight is taken only when the scales say it is stable; typed by hand it is recorded as typed.
An overweight parcel or one in bad packaging is refused with the reason (the sender may bring it
again after repacking).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.parcel_sizes import Weight, overweight_reason, size_class
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import OutboundParcel, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.dropoff import WORKFLOW
from pvz_desktop.workflows.dropoff.common import Parcel, ParcelView, parcel_by_posting, parcel_view
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.issuance import PaymentMethod, checked_payment
from pvz_desktop.workflows.operation import Operation, operation

S = ShipmentStatus
CAN_TAKE = (S.ANNOUNCED, S.REFUSED_AT_DROPOFF)


@dataclass(frozen=True)
class C2CReceipt:
    """What the parcel's label and the sender's receipt print."""

    op_id: str
    point_name: str
    employee_name: str
    posting_number: str
    send_code: str
    sender: str
    recipient_point: str
    route: str
    size_class: str
    weight: Weight
    declared_value: int
    paid: int  # kopecks taken at the counter (0 = prepaid)
    payment_method: PaymentMethod
    tendered: int
    taken_at: datetime  # UTC

    @property
    def change(self) -> int:
        return self.tendered - self.paid if self.payment_method is PaymentMethod.CASH else 0

    @property
    def taken_at_local(self) -> datetime:
        return to_local(self.taken_at)


@dataclass(frozen=True)
class C2CRefusal:
    posting_number: str
    send_code: str
    reason: str


def _send(session: Session, code: str) -> Parcel:
    row = session.execute(
        select(Shipment, OutboundParcel)
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(OutboundParcel.send_code == code)
    ).first()
    if row is None:
        raise NotFound(
            msg(
                "Код отправки {code} не найден: посылка не оформлена в приложении или ещё не пришла с сервера.",
                code=code,
            )
        )
    return Parcel(*row)


def _scanned_send(session: Session, ctx: WorkflowContext, raw: str) -> Parcel:
    """A send by the sender's code, or by its tracking number (the code is lost, the label was printed)."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.SEND_CODE, BarcodeKind.OUTBOUND)
    if code.kind is BarcodeKind.SEND_CODE:
        return _send(session, code.code)
    parcel = parcel_by_posting(session, code.code)
    if parcel is None or parcel.outbound.kind != "c2c":
        raise NotFound(msg("{code} — не посылка C2C этого пункта.", code=code.code))
    return parcel


def find_send(ctx: WorkflowContext, raw: str) -> ParcelView:
    """What the sender declared: size class, declared value, recipient point, what is left to pay."""
    with ctx.store.read() as session:
        return parcel_view(session, _scanned_send(session, ctx, raw))


def _takeable(parcel: Parcel) -> None:
    status = S(parcel.shipment.status)
    if status not in CAN_TAKE:
        raise StateConflict(
            msg(
                "Посылка {posting_number} уже {status}: второй раз не принять.",
                posting_number=parcel.shipment.posting_number,
                status=Text.of(status.label),
            )
        )


def _refuse(op: Operation, parcel: Parcel, reason: str, weight: Weight | None) -> C2CRefusal:
    details = {"reason": reason[:256]}
    if weight is not None:
        details.update(weight_g=weight.grams, weight_typed=weight.typed)
    if parcel.shipment.status == S.REFUSED_AT_DROPOFF:  # refused again: the reason is a new fact, no transition
        op.record("dropoff_refused_again", shipment=parcel.shipment, **details)
        op.push = False
    else:
        op.transition(parcel.shipment, Action.REFUSE_DROPOFF, **details)
        op.payload["posting"] = parcel.shipment.posting_number
    parcel.outbound.refuse_reason = reason[:256]
    op.kind = "c2c_refuse"  # nothing was paid: the server checks no payment
    return C2CRefusal(parcel.shipment.posting_number, parcel.outbound.send_code or "", reason)


def refuse(ctx: WorkflowContext, raw: str, reason: str, weight: Weight | None = None) -> C2CRefusal:
    """Refuse the parcel at the counter, e.g. the packaging check failed."""
    reason = reason.strip()
    if not reason:
        raise BadInput(msg("Укажите причину отказа: её увидит отправитель."))
    with operation(ctx, WORKFLOW, "c2c_refuse") as op:
        parcel = _scanned_send(op.session, ctx, raw)
        _takeable(parcel)
        return _refuse(op, parcel, reason, weight)


def intake(
    ctx: WorkflowContext,
    raw: str,
    weight: Weight | None,
    method: PaymentMethod | str | None = None,
    tendered: int | None = None,
) -> C2CReceipt | C2CRefusal:
    """Take the parcel in: the weight within its size class, and paid if it was not prepaid.

    An overweight parcel is refused (and the refusal written) instead: the answer says why.
    """
    if weight is None:
        raise BadInput(msg("Взвесьте посылку: положите её на весы или введите вес вручную."))
    if not weight.stable:
        raise BadInput(msg("Вес ещё меняется: подождите, пока весы успокоятся, и примите снова."))
    with operation(ctx, WORKFLOW, "c2c_intake") as op:
        parcel = _scanned_send(op.session, ctx, raw)
        _takeable(parcel)
        o, s = parcel.outbound, parcel.shipment
        size_class(o.size_class)  # a size class this version does not know is an error, not a pass
        reason = overweight_reason(o.size_class, weight.grams)
        if reason is not None:
            return _refuse(op, parcel, reason, weight)
        due = s.amount_due
        method, tendered = checked_payment(due, method, tendered)
        op.transition(s, Action.DROP_OFF, send_code=o.send_code, weight_g=weight.grams, weight_typed=weight.typed)
        o.weight_g, o.weight_typed, o.refuse_reason = weight.grams, weight.typed, ""
        s.received_at, s.amount_due = op.now, 0
        if due:
            op.record("payment", method=method.value, amount=due, tendered=tendered, posting=s.posting_number)
        op.payload.update(posting=s.posting_number, paid=due, method=method.value)
        return C2CReceipt(
            op_id=op.op_id,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            posting_number=s.posting_number,
            send_code=o.send_code or "",
            sender=o.party,
            recipient_point=o.recipient_point,
            route=o.route,
            size_class=o.size_class,
            weight=weight,
            declared_value=o.declared_value,
            paid=due,
            payment_method=method,
            tendered=tendered,
            taken_at=op.now,
        )
