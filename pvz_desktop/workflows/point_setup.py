"""A point set up without a central server: its first owner, with a password, in its own store.

A counter with a server gets its employees from the server's feed. A standalone point has no such
source: the first-run screen names the point and its first owner, whose password is kept here
(PBKDF2, ``core.passwords``) and checked at each login from the local list.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.passwords import MIN_LENGTH, check_password, hash_password
from pvz_desktop.core.text import msg
from pvz_desktop.store.models import Employee
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.employees import EmployeeChoice
from pvz_desktop.workflows.operation import operation

NAME_LIMIT = 128  # Employee.display_name


@dataclass(frozen=True)
class PointSetup:
    point_name: str
    point_address: str
    owner_name: str
    password: str
    repeated: str


def check_setup(setup: PointSetup) -> None:
    """Raise BadInput naming the first thing missing or wrong; nothing is written."""
    if not setup.point_name.strip():
        raise BadInput(msg("Укажите название пункта."))
    if not setup.point_address.strip():
        raise BadInput(msg("Укажите адрес пункта."))
    owner = setup.owner_name.strip()
    if not owner:
        raise BadInput(msg("Укажите имя владельца."))
    if len(owner) > NAME_LIMIT or len(setup.point_name.strip()) > NAME_LIMIT:
        raise BadInput(msg("Название и имя — не длиннее {limit} знаков.", limit=NAME_LIMIT))
    if len(setup.password) < MIN_LENGTH:
        raise BadInput(msg("Пароль — не короче {length} знаков.", length=MIN_LENGTH))
    if setup.password != setup.repeated:
        raise BadInput(msg("Пароли не совпадают: введите один и тот же пароль дважды."))


def set_up_point(ctx: WorkflowContext, setup: PointSetup) -> EmployeeChoice:
    """The point's first owner, once: a point that has employees already is not set up again."""
    check_setup(setup)
    owner = EmployeeChoice(f"owner-{uuid.uuid4().hex[:12]}", setup.owner_name.strip(), "owner", has_password=True)
    # The setup is the owner's first act: the ledger names them.
    as_owner = replace(ctx, actor=replace(ctx.actor, employee_id=owner.id, employee_name=owner.name))
    with operation(as_owner, "point_setup", "point_set_up") as op:
        if op.session.scalar(select(func.count()).select_from(Employee)):
            raise StateConflict(msg("Пункт уже настроен: войдите под своим именем."))
        op.session.add(
            Employee(id=owner.id, display_name=owner.name, role="owner", password_hash=hash_password(setup.password))
        )
        op.push = False  # a standalone point has no server to tell
        op.record(
            "point_set_up",
            owner=owner.id,
            point_name=setup.point_name.strip(),
            point_address=setup.point_address.strip(),
        )
    return owner


def password_matches(ctx: WorkflowContext, employee_id: str, password: str) -> bool:
    """The employee's own password (standalone point); an employee without one has no local password."""
    with ctx.store.read() as session:
        stored = session.scalar(select(Employee.password_hash).where(Employee.id == employee_id))
    return stored is not None and check_password(password, stored)
