"""Annulment at the counter: a parcel that cannot be issued (damaged, the order cancelled with
support's confirmation, the wrong item) goes to return with its reason, only by the point's owner.

The owner's confirmation is the owner logged in at this counter (the cashier switches to the
owner with «Сменить сотрудника…»; the event names the owner): it works offline like every other
operation, needs no second device, and the server checks the role again when the operation
arrives. The parcel stays on its shelf, in ``to_return``, until it is packed into a return box,
like an unclaimed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, listing, msg, word
from pvz_desktop.store.models import Employee
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import shipment_by_posting
from pvz_desktop.workflows.operation import operation

WORKFLOW = "annulment"
MAX_NOTE = 200


class AnnulReason(StrEnum):
    DAMAGED = "damaged"
    CANCELLED = "cancelled"  # the customer cancelled by phone, support confirmed
    WRONG_ITEM = "wrong_item"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "damaged": word("повреждено"),
            "cancelled": word("покупатель отменил, поддержка подтвердила"),
            "wrong_item": word("не тот товар"),
            "other": word("другое"),
        }[self.value]


@dataclass(frozen=True)
class Annulment:
    op_id: str
    posting: str
    reason: AnnulReason
    note: str
    cell: str | None  # where it still lies, for the return box


def annul(ctx: WorkflowContext, posting: str, reason: AnnulReason | str | None, note: str = "") -> Annulment:
    """Annul a stored parcel by the owner logged in at this counter; it goes to return."""
    note = " ".join(note.split())[:MAX_NOTE]
    try:
        why = AnnulReason(reason) if reason is not None else None
    except ValueError:
        why = None
    if why is None:
        labels = listing([r.label for r in AnnulReason])
        raise BadInput(msg("Укажите причину аннулирования: {labels}.", labels=labels))
    if why is AnnulReason.OTHER and not note:
        raise BadInput(msg("Причина «другое»: напишите, почему отправление аннулируется."))
    with operation(ctx, WORKFLOW, "annul") as op:
        employee = op.session.get(Employee, ctx.actor.employee_id)
        if employee is None or employee.role != "owner":
            raise StateConflict(
                msg(
                    "Аннулировать отправление может только владелец пункта: пусть владелец войдёт за кассу "
                    "(«Сменить сотрудника…») и подтвердит."
                ),
                code="owner_only",
            )
        shipment = shipment_by_posting(op.session, posting)
        if shipment.status != ShipmentStatus.STORED:
            raise StateConflict(
                msg(
                    "Аннулировать можно только отправление на хранении, а {posting} — «{status}».",
                    posting=posting,
                    status=Text.of(ShipmentStatus(shipment.status).label),
                )
            )
        cell = shipment.cell.code if shipment.cell else None
        op.transition(shipment, Action.ANNUL, reason=why.value, note=note, cell=cell)
        op.payload.update(posting=posting, reason=why.value, note=note)
        return Annulment(op.op_id, posting, why, note, cell)
