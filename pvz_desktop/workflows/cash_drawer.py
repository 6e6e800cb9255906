"""The cash drawer opened without a sale: only the owner may, and the ledger says why.

A drawer kicked open by a cash payment needs no record of its own (the ``payment`` event is
it); any other opening is a ``drawer_opened`` event with the owner's reason, pushed to the
server like every operation, so the shift report and the owner can count every opening.
"""

from __future__ import annotations

from dataclasses import dataclass

from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.store.models import Employee
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.operation import operation

WORKFLOW = "cash_drawer"
MAX_REASON = 200


@dataclass(frozen=True)
class DrawerOpening:
    op_id: str
    reason: str


def open_without_sale(ctx: WorkflowContext, reason: str) -> DrawerOpening:
    """Record an opening of the drawer by the owner; the caller then kicks the drawer."""
    text = " ".join(reason.split())
    if not text:
        raise BadInput("Укажите, зачем открыть ящик: причина попадёт в журнал")
    if len(text) > MAX_REASON:
        raise BadInput(f"Причина длиннее {MAX_REASON} знаков: сократите её")
    with operation(ctx, WORKFLOW, "drawer_open") as op:
        employee = op.session.get(Employee, ctx.actor.employee_id)
        if employee is None or employee.role != "owner":
            raise StateConflict("Открыть ящик без оплаты может только владелец пункта", code="owner_only")
        op.record("drawer_opened", reason=text)
        op.payload.update(reason=text)
    return DrawerOpening(op.op_id, text)
