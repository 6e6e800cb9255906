"""One user action as one transaction: state change, ledger events and an outbox row.

Workflows open an ``Operation``, change rows through it, and let it append the hash-chained
events and the outbox row before the commit. If anything raises, nothing is written. Once
committed, what it changed (``OpChanges``) is published on the context's change feed.

The outbox row is the operation in its wire form (``outbox_body``): each status change is put
there as it is made, with the core's action; the ledger's event kinds are the counter's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pvz_desktop.core.statuses import Action, Creation, ShipmentStatus, next_status
from pvz_desktop.store.models import Event, Outbox, Shipment
from pvz_desktop.store.plain_rows import insert_rows, stored_time
from pvz_desktop.workflows.changes import NO_CHANGES, ChangeBuilder, OpChanges
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.ledger_chain import GENESIS, HASHED_FIELDS, canonical_json, shared_hasher
from pvz_desktop.workflows.outbox_body import operation_body
from pvz_desktop.workflows.outbox_body import transition as wire_transition


class ShipmentRef(Protocol):
    """What the ledger needs of a shipment written without the ORM: its id (read at commit) and posting."""

    id: int | None
    posting_number: str


# The columns set are the parameters given (SQLAlchemy caches one compiled form per set of them).
_TRANSITION = update(Shipment).where(
    Shipment.id == bindparam("shipment_id"), Shipment.status == bindparam("status_before")
)
_LAST_HASH = select(Event.hash).order_by(Event.id.desc()).limit(1)
_OUTBOX = insert(Outbox)


class ShipmentRow(ShipmentRef, Protocol):
    """A shipment read as a plain row, with the status it was read with."""

    status: str


class Operation:
    def __init__(self, session: Session, ctx: WorkflowContext, workflow: str, kind: str) -> None:
        self.session = session
        self.ctx = ctx
        self.workflow = workflow
        self.kind = kind
        self.op_id = str(uuid.uuid4())
        self.now: datetime = ctx.now()
        self.payload: dict[str, Any] = {}
        self.push = True  # False for facts that stay local (a duplicate scan, a failed lookup)
        self._events: list[dict[str, Any]] = []
        self._wire: list[dict[str, Any]] = []  # the wire's transitions, as each status change is made
        self._written = False  # some events are in the table already (write_events)
        self.changes = ChangeBuilder(kind)
        self.committed: OpChanges = NO_CHANGES  # set by finish(): what the commit changes

    def record(
        self,
        kind: str,
        *,
        shipment: Shipment | ShipmentRef | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
        **details: Any,
    ) -> None:
        """A ledger event; it never goes on the wire (a status change does through ``transition``,
        ``transition_row``, ``transitioned`` or ``create``)."""
        self.record_canonical(kind, canonical_json(details), shipment, from_status, to_status)

    def record_canonical(
        self,
        kind: str,
        details: str,
        shipment: Shipment | ShipmentRef | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        """``record`` with the details already in canonical JSON (an initial load records 100,000)."""
        if shipment is not None:  # the cell and waybill it is in before the change (after: finish)
            self.changes.shipment(
                shipment.posting_number, getattr(shipment, "cell_id", None), getattr(shipment, "waybill_id", None)
            )
        self._events.append(
            {"shipment": shipment, "kind": kind, "from_status": from_status, "to_status": to_status, "details": details}
        )

    def transition(self, shipment: Shipment, action: Action, **details: Any) -> ShipmentStatus:
        """Apply a core-checked transition and record it in the ledger."""
        before = shipment.status
        after = next_status(before, action, posting=shipment.posting_number)
        shipment.status = after.value
        shipment.updated_at = self.now
        self._moved(shipment, action, before, after.value, details)
        return after

    def transition_row(
        self, shipment: ShipmentRow, action: Action, values: dict[str, Any] | None = None, **details: Any
    ) -> ShipmentStatus:
        """``transition`` for a shipment read as a plain row: one UPDATE of its status (and
        ``values``), guarded by the status it was read with, and the ledger event; no ORM object."""
        before = shipment.status
        after = next_status(before, action, posting=shipment.posting_number)
        params = {**(values or {}), "status": after.value, "updated_at": self.now}
        done = self.session.connection().execute(
            _TRANSITION, {**params, "shipment_id": shipment.id, "status_before": before}
        )
        if done.rowcount != 1:  # the write lock is held since the row was read: only a bug gets here
            raise RuntimeError(f"shipment {shipment.posting_number} changed during its transition")
        self._moved(shipment, action, before, after.value, details)
        return after

    def transitioned(
        self, shipment: ShipmentRef, action: Action, before: ShipmentStatus, after: ShipmentStatus, **details: Any
    ) -> None:
        """A transition the caller made itself for many shipments at once (one UPDATE, checked once
        with ``next_status``): its ledger event and its place on the wire."""
        self._moved(shipment, action, before.value, after.value, details)

    def create(self, shipment: Shipment, creation: Creation, **details: Any) -> None:
        """A shipment that enters the point here (unexpected arrival, split-off refusal)."""
        self.session.add(shipment)
        self._moved(shipment, creation, None, shipment.status, details)

    def _moved(
        self,
        shipment: Shipment | ShipmentRef,
        action: Action | Creation,
        before: str | None,
        after: str,
        details: dict[str, Any],
    ) -> None:
        # The ledger's kind of a status change is its action's word; the wire gets the action itself.
        self.record_canonical(action.value, canonical_json(details), shipment, before, after)
        self._wire.append(wire_transition(shipment.posting_number, action, before, after, details))

    def write_events(self) -> None:
        """Write the ledger events recorded so far, chained after the last one, and let them go: an
        operation that records 100,000 events (a point's snapshot) keeps a block of them in memory,
        not all. Only for an operation that pushes nothing (its outbox row is written at the end)."""
        if self.push:
            raise RuntimeError("an operation with an outbox row writes its events at the end")
        if self._events:
            self._write_events()

    def _write_events(self) -> None:
        """Insert ``_events`` (hash-chained after the newest event in the table) and empty it."""
        self.session.flush()  # new shipments get their ids
        for ev in self._events:
            if ev["shipment"] is not None:
                self.changes.shipment(
                    None, getattr(ev["shipment"], "cell_id", None), getattr(ev["shipment"], "waybill_id", None)
                )
        connection = self.session.connection()
        prev = connection.execute(_LAST_HASH).scalar() or GENESIS
        occurred_at = stored_time(self.now)  # hashed as the time, stored as SQLAlchemy stores it
        shared = {
            "employee_id": self.ctx.actor.employee_id,
            "workstation": self.ctx.actor.workstation,
            "workflow": self.workflow,
            "occurred_at": self.now,
            "op_id": self.op_id,
        }
        digest_of = shared_hasher(shared, HASHED_FIELDS)
        rows = []
        for ev in self._events:
            shipment: Shipment | ShipmentRef | None = ev["shipment"]
            row = {
                "shipment_id": shipment.id if shipment is not None else None,
                "posting_number": shipment.posting_number if shipment is not None else None,
                "kind": ev["kind"],
                "from_status": ev["from_status"],
                "to_status": ev["to_status"],
                "details": ev["details"],
                **shared,
            }
            digest = digest_of(prev, row)  # the row holds exactly the hashed fields here
            row["prev_hash"], row["hash"], row["occurred_at"] = prev, digest, occurred_at
            prev = digest
            rows.append(row)
        # Plain values in one executemany: no ORM bookkeeping, no per-value processing.
        insert_rows(connection, Event.__table__, rows)
        self._events = []
        self._written = True

    def finish(self) -> None:
        if not self._events and not self._written:
            if self.changes.touched:  # a pulled page that changed rows, no status: still told
                self.committed = self.changes.build(outbox=False)
            return
        if self._events:
            self._write_events()
        self.committed = self.changes.build(outbox=self.push)
        connection = self.session.connection()
        if self.push:
            payload = {
                "workflow": self.workflow,
                "kind": self.kind,
                "employee_id": self.ctx.actor.employee_id,
                "workstation": self.ctx.actor.workstation,
                "at": self.now.isoformat(),
                # Every status change of the action, so the server can re-check each one with
                # the same core rules without knowing the workflow (from None = a new shipment).
                "transitions": self._wire,
                **self.payload,
            }
            # A plain INSERT (its defaults applied by SQLAlchemy): no ORM object to flush at commit.
            connection.execute(
                _OUTBOX,
                {
                    "op_id": self.op_id,
                    "kind": self.kind,
                    "payload": operation_body(self.kind, payload),
                    "created_at": self.now,
                },
            )


@contextmanager
def operation(ctx: WorkflowContext, workflow: str, kind: str) -> Iterator[Operation]:
    with ctx.store.write() as session:
        op = Operation(session, ctx, workflow, kind)
        yield op
        op.finish()
    # Committed: told after the transaction, never for a write that was rolled back.
    if op.committed:
        ctx.changes.publish(op.committed)
