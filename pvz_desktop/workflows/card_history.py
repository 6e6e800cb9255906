"""The customer card's other tabs: parcels on their way and parcels done with (issued, refused,
returned), each with when, by whom and, for an issuance, the operation to print its slip again.

Read on every pickup-code scan beside the ready parcels: plain rows, one query per tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.statuses import IN_TRANSIT, ShipmentStatus
from pvz_desktop.store.models import Employee, Event, Shipment, Waybill

S = ShipmentStatus
COMPLETED_SHOWN = 20
# Done with, as the customer sees it: handed over, refused at the counter, gone back to the seller.
COMPLETED = frozenset({S.ISSUED, S.REFUSED, S.TO_RETURN, S.IN_RETURN_BOX, S.RETURNED_TO_CARRIER})


@dataclass(frozen=True)
class CardLine:
    """One parcel of the «В пути» or «Завершено» tab."""

    posting_number: str
    status: ShipmentStatus
    at: datetime | None  # UTC. Completed: when its last change was made; in transit: its waybill's date
    employee_name: str = ""  # completed: who made that change at this point («» if it came from the server)
    waybill: str = ""  # in transit: the waybill it comes with
    issue_op: str | None = None  # issued here: the operation whose slip can be printed again
    last_kind: str = ""  # completed: the ledger kind of its last change (``annul`` for an annulled one)

    @property
    def status_label(self) -> str:
        return self.status.label


_CUSTOMER = Shipment.customer_id == bindparam("customer")
_TRANSIT = (
    select(Shipment.posting_number, Shipment.status, Waybill.number, Waybill.created_at)
    .outerjoin(Waybill, Waybill.id == Shipment.waybill_id)
    .where(_CUSTOMER, Shipment.status.in_([s.value for s in IN_TRANSIT]))
    .order_by(Shipment.posting_number)
)
_DONE = (
    select(Shipment.id, Shipment.posting_number, Shipment.status, Shipment.updated_at)
    .where(_CUSTOMER, Shipment.status.in_([s.value for s in COMPLETED]))
    .order_by(Shipment.updated_at.desc(), Shipment.id.desc())
    .limit(COMPLETED_SHOWN)
)
# The last status change of each shipment, and who made it.
_LAST = (
    select(Event.shipment_id, Event.kind, Event.occurred_at, Event.op_id, Employee.display_name, Event.employee_id)
    .outerjoin(Employee, Employee.id == Event.employee_id)
    .where(
        Event.id.in_(
            select(func.max(Event.id))
            .where(Event.shipment_id.in_(bindparam("ids", expanding=True)), Event.to_status.is_not(None))
            .group_by(Event.shipment_id)
        )
    )
)


def in_transit(session: Session, customer_id: str) -> tuple[CardLine, ...]:
    return tuple(
        CardLine(posting, S(status), created, waybill=number or "")
        for posting, status, number, created in session.execute(_TRANSIT, {"customer": customer_id})
    )


def completed(session: Session, customer_id: str, names: dict[str, str] | None = None) -> tuple[CardLine, ...]:
    """The latest first. ``names``: employees' names the point has no record of (the one logged in)."""
    names = names or {}
    rows = session.execute(_DONE, {"customer": customer_id}).all()
    if not rows:
        return ()
    last = {r.shipment_id: r for r in session.execute(_LAST, {"ids": [r.id for r in rows]})}
    lines = []
    for sid, posting, status, updated in rows:
        ev = last.get(sid)
        issued_here = ev is not None and ev.kind == "issue" and status == S.ISSUED
        lines.append(
            CardLine(
                posting,
                S(status),
                ev.occurred_at if ev is not None else updated,
                employee_name=(ev.display_name or names.get(ev.employee_id) or ev.employee_id)
                if ev is not None
                else "",
                issue_op=ev.op_id if issued_here else None,
                last_kind=ev.kind if ev is not None else "",
            )
        )
    return tuple(lines)
