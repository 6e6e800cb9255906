"""Push the outbox to the server: in order, in batches, each operation with its Idempotency-Key.

A row leaves ``pending`` only with the server's answer: ``sent`` when applied, ``refused``
(with the server's reason) when refused; then the shipments it touched are re-read from the
server so the counter shows the truth. A batch's answers are written in one local transaction.
A network failure stops the run at that batch, so a later operation never overtakes an earlier
one; the same keys are sent again next time (the server answers what it already applied as a
replay). A server without the batch route, or one that does not take a batch as a whole, gets
the batch's operations one at a time, exactly as before batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from pvz_desktop.core.clock import utcnow
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import OUTBOX_REFUSAL_SEEN, OUTBOX_REFUSED, Outbox, Shipment, SyncState
from pvz_desktop.sync.client import (
    BatchNotTaken,
    CentralClient,
    MalformedAnswer,
    Outgoing,
    PushAnswer,
    ServerUnavailable,
)
from pvz_desktop.sync.photos import upload_photos
from pvz_desktop.sync.puller import UNAPPLICABLE
from pvz_desktop.workflows import server_changes
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.counter_status import pending_operations
from pvz_desktop.workflows.outbox_body import stored_payload, wire_text

BATCH = 100  # operations per request (the server takes up to 200): one request and one local write each


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


@dataclass(frozen=True)
class _Pending:
    row_id: int
    op: Outgoing


def postings_of(payload: dict[str, Any]) -> tuple[str, ...]:
    """The shipments an operation's payload names (``outbox_body.stored_payload``)."""
    names = [t.get("posting") for t in payload.get("transitions") or []]
    names += [payload.get("posting"), *(payload.get("postings") or [])]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def pending_count(store: Store) -> int:
    return pending_operations(store)  # the one count (workflows/counter_status.py)


REFUSED = OUTBOX_REFUSED
REFUSAL_SEEN = OUTBOX_REFUSAL_SEEN


def refused_operations(store: Store, limit: int = 200) -> list[RefusedOperation]:
    """The refusals the cashier has not acknowledged yet, newest first (for the GUI's list)."""
    with store.read() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.state == REFUSED).order_by(Outbox.id.desc()).limit(limit)
        ).all()
        return [_refused(r) for r in rows]


def acknowledge_refusals(store: Store, op_ids: Sequence[str]) -> int:
    """The cashier has read these refusals: they leave the list and the status bar's count."""
    with store.write() as session:
        result = session.execute(
            update(Outbox).where(Outbox.op_id.in_(list(op_ids)), Outbox.state == REFUSED).values(state=REFUSAL_SEEN)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _refused(row: Outbox) -> RefusedOperation:
    return RefusedOperation(
        row.op_id, row.kind, row.last_error or "", postings_of(stored_payload(row.payload)), row.created_at
    )


def _next_pending(store: Store, limit: int) -> list[_Pending]:
    with store.read() as session:
        rows = session.execute(
            select(Outbox.id, Outbox.op_id, Outbox.kind, Outbox.payload)
            .where(Outbox.state == "pending")
            .order_by(Outbox.id)
            .limit(limit)
        ).all()
    # The stored text is the body sent (a row from before bodies were stored is wrapped into one).
    return [_Pending(row_id, Outgoing(op_id, kind, wire_text(kind, text))) for row_id, op_id, kind, text in rows]


def _finish(store: Store, answered: list[tuple[_Pending, PushAnswer]]) -> list[RefusedOperation]:
    """Mark the answered rows ``sent`` or ``refused`` in one transaction; returns the refusals, in order."""
    refused: list[RefusedOperation] = []
    sent = [p.row_id for p, answer in answered if answer.applied]
    with store.write() as session:
        if sent:  # one statement for the applied rows (all of them, usually)
            session.execute(
                update(Outbox)
                .where(Outbox.id.in_(sent))
                .values(state="sent", last_error=None, attempts=Outbox.attempts + 1)
            )
        _take_versions(session, answered)
        for pending, answer in answered:
            if answer.applied:
                continue
            row = session.get(Outbox, pending.row_id)
            assert row is not None
            row.state, row.last_error, row.attempts = REFUSED, answer.reason, row.attempts + 1
            refused.append(_refused(row))
        sync = session.get(SyncState, server_changes.SYNC_STATE_ID) or SyncState(id=server_changes.SYNC_STATE_ID)
        sync.last_push_at = utcnow()
        session.add(sync)
    return refused


def _take_versions(session: Session, answered: list[tuple[_Pending, PushAnswer]]) -> None:
    """The server's version of each shipment an applied operation changed, into the cache: a feed
    page composed before the server applied it carries an older version and is not applied over
    the counter's newer state (the pull runs on its own thread; an issued parcel must not show as
    ready again). The page that carries this version, or a later one, is applied as usual."""
    newest: dict[str, int] = {}
    for _pending, answer in answered:
        if answer.applied:
            for posting, version in answer.versions:
                newest[posting] = max(version, newest.get(posting, 0))
    if newest:  # a Core statement: executemany over the batch's shipments
        t = Shipment.__table__.c
        session.execute(
            update(Shipment.__table__)
            .where(t.posting_number == bindparam("p"), t.version < bindparam("v"))
            .values(version=bindparam("v")),
            [{"p": p, "v": v} for p, v in newest.items()],
        )


def _failed_attempt(store: Store, row_ids: list[int], error: str) -> None:
    with store.write() as session:
        session.execute(
            update(Outbox).where(Outbox.id.in_(row_ids)).values(attempts=Outbox.attempts + 1, last_error=error)
        )


def _ask(
    store: Store, pending: list[_Pending], send: Callable[[], Sequence[PushAnswer]]
) -> list[tuple[_Pending, PushAnswer]]:
    """``send`` the rows; a network failure is noted on them (attempts, error) and raised."""
    try:
        answers = send()
    except ServerUnavailable as exc:
        _failed_attempt(store, [p.row_id for p in pending], str(exc))
        raise
    return list(zip(pending, answers, strict=True))


def _answered(
    ctx: WorkflowContext, client: CentralClient, batch: list[_Pending], should_stop: Callable[[], bool]
) -> Iterator[list[tuple[_Pending, PushAnswer]]]:
    """The batch's answers: all in one request, or one request per operation from a server that
    has no batch route or did not take this batch as a whole (nothing of it was applied then)."""
    if client.batch_supported:
        try:
            answered = _ask(ctx.store, batch, lambda: client.push_batch([p.op for p in batch]))
        except BatchNotTaken:
            pass
        else:
            yield answered
            return
    for pending in batch:
        if should_stop():
            return
        yield _ask(ctx.store, [pending], lambda op=pending.op: (client.push(op.op_id, op.body),))


def push_pending(
    ctx: WorkflowContext,
    client: CentralClient,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    on_refused: Callable[[tuple[RefusedOperation, ...]], None] = lambda refused: None,
) -> PushReport:
    """Push every pending row in order. Raises ServerUnavailable (after noting the attempt).

    ``on_refused`` hears each batch's refusals as soon as they are written, before their
    shipments are re-read: a re-read or a later batch that fails cannot swallow a refusal."""
    applied = 0
    refused: list[RefusedOperation] = []
    while not should_stop():
        batch = _next_pending(ctx.store, BATCH)
        if not batch:
            break
        upload_photos(ctx, client, [p.op for p in batch])  # before the records that name them
        for answered in _answered(ctx, client, batch, should_stop):
            done = _finish(ctx.store, answered)
            applied += sum(answer.applied for _, answer in answered)
            refused += done
            if done:
                on_refused(tuple(done))
            for r in done:
                reread(ctx, client, r.postings)
    return PushReport(applied, tuple(refused))


def reread(ctx: WorkflowContext, client: CentralClient, postings: tuple[str, ...]) -> None:
    """Take the server's state of these shipments into the cache (after a refusal).

    A snapshot that cannot be applied raises MalformedAnswer; its transaction is rolled back."""
    for posting in postings:
        data = client.shipment(posting)
        if data is None:
            continue
        try:
            server_changes.apply_shipment(ctx, data)
        except UNAPPLICABLE as exc:
            raise MalformedAnswer(f"Сервер прислал отправление {posting}, которое нельзя применить.") from exc


def reread_pushed(ctx: WorkflowContext, client: CentralClient, keys: set[str]) -> set[str]:
    """Re-read the shipments among ``keys`` (skipped by a pull while their operations were
    unpushed) that no pending operation names any more. Returns the keys still waiting."""
    with ctx.store.read() as session:
        waiting = server_changes.unpushed_keys(session) & keys
        settled = keys - waiting
        postings = session.scalars(select(Shipment.posting_number).where(Shipment.posting_number.in_(settled))).all()
    reread(ctx, client, tuple(sorted(postings)))
    return waiting
