"""Limits on guessing passwords: per account and per client address, kept in the database.

An attempt is counted as a failure *before* the password is checked (in the same transaction
that checks the limits), so parallel requests, or requests spread over several server
processes, cannot slip past the count; a successful login then clears its account.

After ``BACKOFF_AFTER`` failures in a row each further attempt must wait twice as long as the
one before (1, 2, 4, 8 … s); after ``LOCK_AFTER`` the subject is locked for ``LOCK_TIME``.
An address has higher limits than an account: a point's counters share one address.
Failures older than ``FORGET_AFTER`` are forgotten, and their rows deleted after each attempt
(``PRUNE_BATCH`` at a time), so a spray of made-up logins or addresses does not grow the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pvz_central.db import CentralDB
from pvz_central.models import LoginThrottle, User
from pvz_desktop.core.clock import utcnow

LOGIN = "login"
ADDRESS = "address"
PICKUP_PIN = "pickup_pin"  # wrong PINs sent to a route that checks a customer's code (point:customer)


@dataclass(frozen=True)
class Limits:
    backoff_after: int
    lock_after: int


LIMITS = {
    LOGIN: Limits(backoff_after=5, lock_after=10),
    ADDRESS: Limits(backoff_after=20, lock_after=40),
    # A 4-digit PIN: five guesses, then the point waits 15 minutes for that customer.
    PICKUP_PIN: Limits(backoff_after=3, lock_after=5),
}
LOCK_TIME = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
MAX_SUBJECT = 128
PRUNE_BATCH = 500


@dataclass(frozen=True)
class Refusal:
    """The attempt was not allowed: try again in ``retry_after`` seconds."""

    retry_after: int
    locked: bool  # locked (LOCK_AFTER reached), not just backing off


@dataclass(frozen=True)
class LockedAccount:
    login: str
    failures: int
    locked_until: datetime


def _blocked_for(limits: Limits, failures: int) -> timedelta | None:
    if failures >= limits.lock_after:
        return LOCK_TIME
    if failures >= limits.backoff_after:
        return timedelta(seconds=2 ** (failures - limits.backoff_after))
    return None


def _row(session: Session, kind: str, subject: str, now: datetime) -> LoginThrottle:
    """The subject's row, created if missing, locked for this transaction."""
    values = {"kind": kind, "subject": subject, "failures": 0, "last_failure_at": now}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing())
    row = session.scalar(
        select(LoginThrottle)
        .where(LoginThrottle.kind == kind, LoginThrottle.subject == subject)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


def begin_attempt(db: CentralDB, login: str, address: str) -> Refusal | None:
    """Count one attempt as failed for the login and the address, or refuse it (not counted)."""
    return _begin(db, [(LOGIN, login[:MAX_SUBJECT]), (ADDRESS, address[:MAX_SUBJECT])])


def _pin_subject(point_id: str, customer_id: str) -> str:
    return f"{point_id}:{customer_id}"[:MAX_SUBJECT]


def begin_pin_check(db: CentralDB, point_id: str, customer_id: str) -> Refusal | None:
    """Count a check of a customer's PIN by a point as failed, or refuse it: a point's login cannot
    guess a 4-digit PIN through a route that answers whether it was right."""
    return _begin(db, [(PICKUP_PIN, _pin_subject(point_id, customer_id))])


def pin_matched(db: CentralDB, point_id: str, customer_id: str) -> None:
    """The PIN was right: that customer's count at that point starts afresh."""
    with db.write() as session:
        session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.kind == PICKUP_PIN, LoginThrottle.subject == _pin_subject(point_id, customer_id)
            )
        )


def _begin(db: CentralDB, subjects: list[tuple[str, str]]) -> Refusal | None:
    now = utcnow()
    with db.write() as session:
        rows = [_row(session, kind, subject, now) for kind, subject in subjects]
        waits = [r.blocked_until for r in rows if r.blocked_until is not None and r.blocked_until > now]
        if waits:
            locked = any(r.failures >= LIMITS[r.kind].lock_after for r in rows if r.blocked_until in waits)
            return Refusal(max(1, math.ceil((max(waits) - now).total_seconds())), locked)
        for row in rows:
            if now - row.last_failure_at > FORGET_AFTER:
                row.failures = 0
            row.failures += 1
            row.last_failure_at = now
            block = _blocked_for(LIMITS[row.kind], row.failures)
            row.blocked_until = now + block if block is not None else None
    forget_old(db, now)
    return None


def forget_old(db: CentralDB, now: datetime) -> int:
    """Delete rows whose failures are forgotten and whose block is over; how many went.

    The same as keeping them: an attempt resets such a row to zero anyway. Rows another
    process holds are skipped (SKIP LOCKED), so pruning never waits on a login in progress.
    """
    stale = (LoginThrottle.last_failure_at < now - FORGET_AFTER) & (
        LoginThrottle.blocked_until.is_(None) | (LoginThrottle.blocked_until <= now)
    )
    with db.write() as session:
        keys = session.execute(
            select(LoginThrottle.kind, LoginThrottle.subject)
            .where(stale)
            .limit(PRUNE_BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for kind, subject in keys:
            session.execute(
                delete(LoginThrottle).where(LoginThrottle.kind == kind, LoginThrottle.subject == subject, stale)
            )
    return len(keys)


def succeeded(db: CentralDB, login: str) -> None:
    """The password was right: the account starts afresh (the address keeps its count)."""
    with db.write() as session:
        session.execute(
            delete(LoginThrottle).where(LoginThrottle.kind == LOGIN, LoginThrottle.subject == login[:MAX_SUBJECT])
        )


def locked_accounts(db: CentralDB, point_id: str) -> list[LockedAccount]:
    """Accounts of the point locked now for too many failed logins (the owner is told)."""
    now = utcnow()
    with db.read() as session:
        rows = session.execute(
            select(LoginThrottle, User.id)
            .join(User, User.id == LoginThrottle.subject)
            .where(
                LoginThrottle.kind == LOGIN,
                User.point_id == point_id,
                LoginThrottle.blocked_until > now,
                LoginThrottle.failures >= LIMITS[LOGIN].lock_after,
            )
            .order_by(User.id)
        ).all()
    return [LockedAccount(login, row.failures, row.blocked_until) for row, login in rows if row.blocked_until]


def unlock(db: CentralDB, login: str) -> bool:
    """The owner lifts an account's lock; True if there was anything to lift."""
    with db.write() as session:
        gone = session.execute(
            delete(LoginThrottle).where(LoginThrottle.kind == LOGIN, LoginThrottle.subject == login)
        ).rowcount
    return bool(gone)
