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
    has_password: bool = False  # a standalone point's login: the password is asked for


def active_employees(ctx: WorkflowContext) -> list[EmployeeChoice]:
    with ctx.store.read() as session:
        rows = session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.display_name))
        return [EmployeeChoice(e.id, e.display_name, e.role, e.password_hash is not None) for e in rows]


def role_of(ctx: WorkflowContext, employee_id: str) -> str | None:
    """The employee's role at the point («owner», «employee»), None for one the point has no record of."""
    with ctx.store.read() as session:
        return session.scalar(select(Employee.role).where(Employee.id == employee_id))


def owners(ctx: WorkflowContext) -> list[str]:
    """Names of the point's active owners: who may change its settings."""
    with ctx.store.read() as session:
        rows = session.scalars(
            select(Employee.display_name)
            .where(Employee.active.is_(True), Employee.role == "owner")
            .order_by(Employee.display_name)
        )
        return list(rows)
