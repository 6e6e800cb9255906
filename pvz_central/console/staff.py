"""The owner's staff: employees of the owner's points, added, disabled, moved, their passwords reset;
and who worked when at which counter (from the server's ledger)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pvz_central.console.periods import local, zone
from pvz_central.db import CentralDB
from pvz_central.models import Point, ShipmentEvent, Token, User
from pvz_central.passwords import hash_password
from pvz_desktop.core.errors import BadInput, StateConflict

MIN_PASSWORD = 6


@dataclass(frozen=True)
class Employee:
    login: str
    name: str
    role: str
    point_id: str
    active: bool
    must_change_password: bool


@dataclass(frozen=True)
class ShiftRow:
    day: date
    employee: str
    workstation: str
    first: datetime  # in the point's zone
    last: datetime
    operations: int
    point_id: str = ""
    login: str = ""  # with point_id: the link to the shift's evidence pack


def employees(session: Session, point_ids: list[str]) -> list[Employee]:
    rows = session.scalars(select(User).where(User.point_id.in_(point_ids)).order_by(User.display_name))
    return [Employee(u.id, u.display_name, u.role, u.point_id, u.active, u.must_change_password) for u in rows]


def _employee(session: Session, login: str, owned: dict[str, str]) -> User:
    """An employee of one of the owner's points (an owner's own account is not staff to change)."""
    user = session.get(User, login)
    if user is None or user.point_id not in owned or user.role != "employee":
        raise BadInput(f"Сотрудник {login} не найден в ваших пунктах.")
    return user


def add(db: CentralDB, owned: dict[str, str], point_id: str, login: str, name: str, password: str) -> None:
    login, name = login.strip(), name.strip()
    if point_id not in owned:
        raise BadInput("Нет доступа к этому пункту.")
    if not login or len(login) > 64 or not login.isascii() or " " in login:
        raise BadInput("Логин: латинские буквы и цифры без пробелов, до 64 знаков.")
    if not name or len(name) > 128:
        raise BadInput("Укажите имя сотрудника (до 128 знаков).")
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"Временный пароль — не короче {MIN_PASSWORD} знаков.")
    with db.write() as session:
        if session.get(User, login) is not None:
            raise StateConflict(f"Логин {login} уже занят.")
        session.add(
            User(
                id=login,
                display_name=name,
                password_hash=hash_password(password),
                point_id=point_id,
                role="employee",
                must_change_password=True,  # the owner knows the first password: the employee picks their own
            )
        )


def set_active(db: CentralDB, owned: dict[str, str], login: str, active: bool) -> None:
    with db.write() as session:
        user = _employee(session, login, owned)
        user.active = active
        if not active:
            _revoke_tokens(session, login)


def reset_password(db: CentralDB, owned: dict[str, str], login: str) -> str:
    """A new temporary password (returned once, for the owner to hand over); the employee must
    change it at the next login, and every login of theirs ends now."""
    password = secrets.token_urlsafe(6)
    with db.write() as session:
        user = _employee(session, login, owned)
        user.password_hash = hash_password(password)
        user.must_change_password = True
        _revoke_tokens(session, login)
    return password


def move(db: CentralDB, owned: dict[str, str], login: str, point_id: str) -> None:
    """The employee works at another of the owner's points from their next login on."""
    if point_id not in owned:
        raise BadInput("Нет доступа к этому пункту.")
    with db.write() as session:
        user = _employee(session, login, owned)
        if user.point_id != point_id:
            user.point_id = point_id
            _revoke_tokens(session, login)


def _revoke_tokens(session: Session, login: str) -> None:
    session.execute(update(Token).where(Token.user_id == login).values(revoked=True, refresh_used=True))


def shifts(session: Session, point_ids: list[str], start: datetime, end: datetime) -> list[ShiftRow]:
    """Per employee, counter and local day: the first and last operation and how many there were.
    (The counter's own shift open/close is not sent to the server; this is what the ledger shows.)"""
    e = ShipmentEvent
    names = dict(session.execute(select(User.id, User.display_name)).all())
    rows: dict[tuple[date, str, str, str, str], list] = {}
    for point in session.scalars(select(Point).where(Point.id.in_(point_ids))):
        tz = zone(point.time_zone)
        query = (
            select(e.user_id, e.workstation, e.op_key, func.min(e.occurred_at))
            .where(e.point_id == point.id, e.occurred_at >= start, e.occurred_at < end)
            .group_by(e.user_id, e.workstation, e.op_key)
        )
        for user_id, workstation, _op, at in session.execute(query):
            when = local(at, tz)
            key = (when.date(), names.get(user_id, user_id), workstation or "—", point.id, user_id)
            row = rows.setdefault(key, [when, when, 0])
            row[0], row[1], row[2] = min(row[0], when), max(row[1], when), row[2] + 1
    return [
        ShiftRow(d, who, ws, first, last, n, point_id, login if ws != "—" else "")
        for (d, who, ws, point_id, login), (first, last, n) in sorted(rows.items())
    ]
