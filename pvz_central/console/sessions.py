"""Console logins: a random cookie token (stored only as its hash), a CSRF token, an idle timeout.

Owners only: an employee's password is right but the console refuses them (they work at the
counter). A disabled account or a session idle longer than ``IDLE_TIMEOUT`` is logged out.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from pvz_central.db import CentralDB
from pvz_central.models import ConsoleSession, Point, PointOwner, User
from pvz_central.passwords import token_hash
from pvz_desktop.core.clock import utcnow

COOKIE = "pvz_console"
IDLE_TIMEOUT = timedelta(minutes=30)
MAX_AGE = timedelta(hours=12)  # a session ends after this however busy it is


@dataclass(frozen=True)
class OwnerSession:
    """Who is logged in to the console, and the points they own (id → name), in name order."""

    user_id: str
    name: str
    csrf: str
    points: dict[str, str]
    must_change_password: bool


def start(db: CentralDB, user_id: str) -> str:
    """A new session for an owner; returns the cookie's token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with db.write() as session:
        session.execute(delete(ConsoleSession).where(ConsoleSession.last_seen < now - MAX_AGE))
        session.add(
            ConsoleSession(
                token_hash=token_hash(token),
                user_id=user_id,
                csrf=secrets.token_urlsafe(32),
                created_at=now,
                last_seen=now,
            )
        )
    return token


def resume(db: CentralDB, token: str | None, now: datetime | None = None) -> OwnerSession | None:
    """The session of this cookie, touched; None when there is none, it idled out or the account
    is no longer an active owner (the row is then deleted)."""
    if not token:
        return None
    now = now or utcnow()
    with db.write() as session:
        row = session.get(ConsoleSession, token_hash(token))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        expired = now - row.last_seen > IDLE_TIMEOUT or now - row.created_at > MAX_AGE
        if expired or user is None or not user.active or user.role != "owner":
            session.delete(row)
            return None
        row.last_seen = now
        points = dict(
            session.execute(
                select(Point.id, Point.name)
                .join(PointOwner, PointOwner.point_id == Point.id)
                .where(PointOwner.user_id == user.id)
                .order_by(Point.name)
            ).all()
        )
        return OwnerSession(user.id, user.display_name, row.csrf, points, user.must_change_password)


def end(db: CentralDB, token: str | None) -> None:
    if token:
        with db.write() as session:
            session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash(token)))


def end_all(db: CentralDB, user_id: str) -> None:
    """Every console session of an account (its password was reset, it was disabled)."""
    with db.write() as session:
        session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
