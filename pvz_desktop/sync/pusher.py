"""Push the outbox to the server: in order, one operation at a time, each with its Idempotency-Key.

A row leaves ``pending`` only with the server's answer: ``sent`` when applied, ``refused``
(with the server's reason) when refused; then the shipments it touched are re-read from the
server so the counter shows the truth. A network failure stops the run at that row, so a later
operation never overtakes an earlier one; the same key is sent again next time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from pvz_desktop.core.clock import utcnow
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Outbox, Shipment, SyncState
from pvz_desktop.sync.client import CentralClient, ServerUnavailable
from pvz_desktop.workflows import server_changes
from pvz_desktop.workflows.context import WorkflowContext

BATCH = 100


@dataclass(frozen=True)
class RefusedOperation:
    """An operation the server refused: show ``reason`` and re-read ``postings``."""

    op_id: str
    kind: str
    reason: str
    postings: tuple[str, ...]
    created_at: datetime  # UTC, when the cashier did it


@dataclass(frozen=True)
class PushReport:
    applied: int
    refused: tuple[RefusedOperation, ...]


def postings_of(payload: dict[str, Any]) -> tuple[str, ...]:
    names = [t.get("posting") for t in payload.get("transitions") or []]
    names += [payload.get("posting"), *(payload.get("postings") or [])]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def pending_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0


def refused_operations(store: Store, limit: int = 50) -> list[RefusedOperation]:
    """The most recent refusals, newest first (for the GUI's list)."""
    with store.read() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.state == "refused").order_by(Outbox.id.desc()).limit(limit)
        ).all()
        return [_refused(r) for r in rows]


def _refused(row: Outbox) -> RefusedOperation:
    return RefusedOperation(
        row.op_id, row.kind, row.last_error or "", postings_of(json.loads(row.payload)), row.created_at
    )


def _finish(store: Store, row_id: int, state: str, error: str | None) -> Outbox:
    with store.write() as session:
        row = session.get(Outbox, row_id)
        assert row is not None
        row.state, row.last_error, row.attempts = state, error, row.attempts + 1
        sync = session.get(SyncState, server_changes.SYNC_STATE_ID) or SyncState(id=server_changes.SYNC_STATE_ID)
        sync.last_push_at = utcnow()
        session.add(sync)
        return row


def _failed_attempt(store: Store, row_id: int, error: str) -> None:
    with store.write() as session:
        row = session.get(Outbox, row_id)
        if row is not None:
            row.attempts += 1
            row.last_error = error


def push_pending(
    ctx: WorkflowContext, client: CentralClient, *, should_stop: Callable[[], bool] = lambda: False
) -> PushReport:
    """Push every pending row in order. Raises ServerUnavailable (after noting the attempt)."""
    applied = 0
    refused: list[RefusedOperation] = []
    while not should_stop():
        with ctx.store.read() as session:
            rows = session.scalars(
                select(Outbox).where(Outbox.state == "pending").order_by(Outbox.id).limit(BATCH)
            ).all()
        if not rows:
            break
        for row in rows:
            if should_stop():
                break
            payload = json.loads(row.payload)
            try:
                answer = client.push(row.op_id, row.kind, payload)
            except ServerUnavailable as exc:
                _failed_attempt(ctx.store, row.id, str(exc))
                raise
            if answer.applied:
                _finish(ctx.store, row.id, "sent", None)
                applied += 1
                continue
            done = _finish(ctx.store, row.id, "refused", answer.reason)
            refused.append(_refused(done))
            reread(ctx, client, postings_of(payload))
    return PushReport(applied, tuple(refused))


def reread(ctx: WorkflowContext, client: CentralClient, postings: tuple[str, ...]) -> None:
    """Take the server's state of these shipments into the cache (after a refusal)."""
    for posting in postings:
        data = client.shipment(posting)
        if data is not None:
            server_changes.apply_shipment(ctx, data)


def reread_pushed(ctx: WorkflowContext, client: CentralClient, keys: set[str]) -> set[str]:
    """Re-read the shipments among ``keys`` (skipped by a pull while their operations were
    unpushed) that no pending operation names any more. Returns the keys still waiting."""
    with ctx.store.read() as session:
        waiting = server_changes.unpushed_keys(session) & keys
        settled = keys - waiting
        postings = session.scalars(select(Shipment.posting_number).where(Shipment.posting_number.in_(settled))).all()
    reread(ctx, client, tuple(sorted(postings)))
    return waiting
