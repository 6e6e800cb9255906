"""The employees who may log in at this counter."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pvz_desktop.store.models import Employee
from pvz_desktop.workflows.context import WorkflowContext


@dataclass(frozen=True)
class EmployeeChoice:
    id: str
    name: str
    role: str


def active_employees(ctx: WorkflowContext) -> list[EmployeeChoice]:
    with ctx.store.read() as session:
        rows = session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.display_name))
        return [EmployeeChoice(e.id, e.display_name, e.role) for e in rows]
