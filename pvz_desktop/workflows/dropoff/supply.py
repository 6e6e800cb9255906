"""A seller's supply at the counter: open it by its code, scan its parcels, close it with an act.

Counters are derived from the rows, as in acceptance: expected = the supply's parcels,
received = taken in (dropped off, bagged or already gone with the courier), refused = refused
with a reason (damaged), missing = still announced, unexpected = codes scanned that are not in
any supply, duplicates = scans of a parcel already taken in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg, word
from pvz_desktop.store.models import OutboundParcel, Shipment, Supply
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.dropoff import WORKFLOW
from pvz_desktop.workflows.dropoff.common import (
    ParcelView,
    parcel_row,
    parcel_view,
    scanned_parcel,
    supply_by_number,
    view_of,
)
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import Operation, operation

S = ShipmentStatus
TAKEN_IN = (S.DROPPED_OFF, S.IN_BAG, S.HANDED_TO_COURIER)


class SupplyOutcome(StrEnum):
    RECEIVED = "received"
    DUPLICATE = "duplicate"
    UNEXPECTED = "unexpected"
    REFUSED = "refused"

    @property
    def ok(self) -> bool:
        return self is SupplyOutcome.RECEIVED


@dataclass(frozen=True)
class SupplyCounts:
    supply: str
    seller: str
    status: str  # announced / receiving / closed
    expected: int
    received: int
    refused: int
    missing: int
    unexpected: int
    duplicates: int

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class SupplyScan:
    outcome: SupplyOutcome
    code: str
    message: Text
    parcel: ParcelView | None
    counts: SupplyCounts


@dataclass(frozen=True)
class ActLine:
    posting: str
    description: str
    result: str  # принято / не привезено / не принято: <reason>


@dataclass(frozen=True)
class SupplyAct:
    """Акт приёма поставки: printed in two copies, for the seller and for the point."""

    act_number: str
    point_name: str
    employee_name: str
    seller: str
    supply: str
    closed_at: datetime  # UTC
    lines: tuple[ActLine, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    refused: tuple[ActLine, ...]
    counts: SupplyCounts

    @property
    def closed_at_local(self) -> datetime:
        return to_local(self.closed_at)


class SupplyFields(Protocol):
    """What the counters need of a supply: its ORM row, or the plain row a scan reads."""

    id: int
    number: str
    seller: str
    status: str
    unexpected: str
    duplicate_scans: int


# The supply's parcels by status: ~500 rows through the supply's index, one plain query.
_BY_STATUS = (
    select(Shipment.status, func.count())
    .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
    .where(OutboundParcel.supply_id == bindparam("supply_id"))
    .group_by(Shipment.status)
)


def _counts(session: Session, supply: SupplyFields) -> SupplyCounts:
    session.flush()  # the parcels' statuses changed through the ORM (refuse), counted as written
    rows = session.connection().execute(_BY_STATUS, {"supply_id": supply.id}).all()
    by_status = {S(status): n for status, n in rows}
    return SupplyCounts(
        supply=supply.number,
        seller=supply.seller,
        status=supply.status,
        expected=sum(by_status.values()),
        received=sum(by_status.get(s, 0) for s in TAKEN_IN),
        refused=by_status.get(S.REFUSED_AT_DROPOFF, 0),
        missing=by_status.get(S.ANNOUNCED, 0),
        unexpected=len(json.loads(supply.unexpected)),
        duplicates=supply.duplicate_scans,
    )


def _check_not_closed(supply: SupplyFields) -> None:
    if supply.status == "closed":
        raise StateConflict(
            msg(
                "Поставка {number} уже закрыта: её акт выдан. Новые отправления — новой поставкой.",
                number=supply.number,
            )
        )


def _check_receiving(supply: SupplyFields) -> None:
    _check_not_closed(supply)
    if supply.status != "receiving":
        raise StateConflict(
            msg("Поставка {number} не открыта: сначала отсканируйте код поставки.", number=supply.number)
        )


def _open(session: Session, number: str) -> Supply:
    supply = supply_by_number(session, number)
    _check_not_closed(supply)
    return supply


def open_supply(ctx: WorkflowContext, raw: str) -> SupplyCounts:
    """Start receiving an announced supply (or resume one being received)."""
    number = expect_kind(ctx.profile, raw, BarcodeKind.SUPPLY).code
    with operation(ctx, WORKFLOW, "supply_open") as op:
        supply = _open(op.session, number)
        if supply.status == "announced":
            supply.status, supply.opened_at = "receiving", op.now
            op.record("supply_opened", supply=number, seller=supply.seller)
            op.payload["supply"] = number
        return _counts(op.session, supply)


def counts(ctx: WorkflowContext, number: str) -> SupplyCounts:
    with ctx.store.read() as session:
        return _counts(session, supply_by_number(session, number))


def _receiving(session: Session, number: str) -> Supply:
    supply = supply_by_number(session, number)
    _check_receiving(supply)
    return supply


@dataclass(frozen=True)
class SupplyRow:
    id: int
    number: str
    seller: str
    status: str
    unexpected: str  # JSON list
    duplicate_scans: int


_SUPPLY_ROW = select(
    Supply.id, Supply.number, Supply.seller, Supply.status, Supply.unexpected, Supply.duplicate_scans
).where(Supply.number == bindparam("number"))


def scan(ctx: WorkflowContext, number: str, raw: str) -> SupplyScan:
    """One parcel of the open supply: taken in, a repeat, or not in the supply at all.

    The scan of a supply is its most frequent write (500 in a row): it reads the supply and the
    parcel as plain rows and changes them with plain UPDATEs (no ORM objects to load and flush),
    in the same transaction as its ledger event and outbox row."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.OUTBOUND).code
    with operation(ctx, WORKFLOW, "supply_scan") as op:
        found = op.session.connection().execute(_SUPPLY_ROW, {"number": number}).first()
        if found is None:
            supply_by_number(op.session, number)  # raises the refusal for a supply not announced
        supply = SupplyRow(*found)
        _check_receiving(supply)
        parcel = parcel_row(op.session, code)
        if parcel is None:
            return _not_in_any_supply(op, supply, code)
        _same_supply(op.session, parcel.posting_number, parcel.supply_id, supply)
        if parcel.status == S.ANNOUNCED:
            after = op.transition_row(parcel, Action.DROP_OFF, {"received_at": op.now}, supply=number)
            op.payload.update(supply=number, posting=code)
            view = replace(view_of(parcel), status=after)
            counts = _counts(op.session, supply)
            return SupplyScan(SupplyOutcome.RECEIVED, code, msg("Принято {code}", code=code), view, counts)
        if parcel.status == S.REFUSED_AT_DROPOFF:
            raise StateConflict(
                msg(
                    "Отправление {code} уже не принято: {value}. Верните его продавцу.",
                    code=code,
                    value=parcel.refuse_reason or "отказ",
                )
            )
        supply = _duplicate(op, supply, code)
        message = msg("{code} уже принято ({status}).", code=code, status=Text.of(S(parcel.status).label))
        return SupplyScan(SupplyOutcome.DUPLICATE, code, message, view_of(parcel), _counts(op.session, supply))


_COUNT_DUPLICATE = (
    update(Supply).where(Supply.id == bindparam("supply_id")).values(duplicate_scans=Supply.duplicate_scans + 1)
)
_LIST_UNEXPECTED = update(Supply).where(Supply.id == bindparam("supply_id"))


def _duplicate(op: Operation, supply: SupplyRow, code: str) -> SupplyRow:
    """A repeat scan: counted on the supply, a local fact (nothing new for the server)."""
    op.session.connection().execute(_COUNT_DUPLICATE, {"supply_id": supply.id})
    op.push = False
    op.record("supply_duplicate_scan", supply=supply.number, code=code)
    return replace(supply, duplicate_scans=supply.duplicate_scans + 1)


def _not_in_any_supply(op: Operation, supply: SupplyRow, code: str) -> SupplyScan:
    unexpected = json.loads(supply.unexpected)
    if code in unexpected:
        supply = _duplicate(op, supply, code)
        message = msg("{code} уже отмечено как не из поставки.", code=code)
        return SupplyScan(SupplyOutcome.DUPLICATE, code, message, None, _counts(op.session, supply))
    listed = json.dumps(sorted([*unexpected, code]))
    op.session.connection().execute(_LIST_UNEXPECTED, {"supply_id": supply.id, "unexpected": listed})
    op.record("supply_unexpected", supply=supply.number, code=code)
    op.kind = "supply_unexpected"  # the server notes the code on the supply for its act
    op.payload.update(supply=supply.number, code=code)
    message = msg(
        "{code} нет в поставке {number}: верните продавцу, в акте оно будет отмечено.",
        code=code,
        number=supply.number,
    )
    supply = replace(supply, unexpected=listed)
    return SupplyScan(SupplyOutcome.UNEXPECTED, code, message, None, _counts(op.session, supply))


def _same_supply(session: Session, posting: str, supply_id: int | None, supply: SupplyFields) -> None:
    if supply_id == supply.id:
        return
    other = session.get(Supply, supply_id) if supply_id is not None else None
    where = (
        msg("из поставки {number} ({seller})", number=other.number, seller=other.seller)
        if other is not None
        else Text.of(word("посылка C2C, не из поставки"))
    )
    raise StateConflict(
        msg(
            "Отправление {posting_number} {where}, а открыта поставка {number}: отложите его.",
            posting_number=posting,
            where=where,
            number=supply.number,
        )
    )


def refuse(ctx: WorkflowContext, number: str, raw: str, reason: str) -> SupplyScan:
    """A parcel of the supply that cannot be taken (damaged, open): refused with the reason, in the act."""
    reason = reason.strip()
    if not reason:
        raise BadInput(msg("Укажите причину отказа: она попадёт в акт для продавца."))
    with operation(ctx, WORKFLOW, "supply_refuse") as op:
        supply = _receiving(op.session, number)
        parcel = scanned_parcel(op.session, ctx.profile, raw)
        _same_supply(op.session, parcel.shipment.posting_number, parcel.outbound.supply_id, supply)
        op.transition(parcel.shipment, Action.REFUSE_DROPOFF, supply=number, reason=reason[:256])
        parcel.outbound.refuse_reason = reason[:256]
        op.payload.update(supply=number, posting=parcel.shipment.posting_number)
        op.session.flush()
        code = parcel.shipment.posting_number
        return SupplyScan(
            SupplyOutcome.REFUSED,
            code,
            msg("Не принято {code}: {reason}", code=code, reason=reason),
            parcel_view(op.session, parcel),
            _counts(op.session, supply),
        )


def close_supply(ctx: WorkflowContext, number: str) -> SupplyAct:
    """Close the supply: the act lists what was taken, refused, missing and brought without being in it."""
    with operation(ctx, WORKFLOW, "supply_close") as op:
        supply = _receiving(op.session, number)
        rows = op.session.execute(
            select(Shipment.posting_number, Shipment.status, OutboundParcel.description, OutboundParcel.refuse_reason)
            .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
            .where(OutboundParcel.supply_id == supply.id)
            .order_by(Shipment.posting_number)
        ).all()
        lines, refused, missing = [], [], []
        for posting, status, description, reason in rows:
            if status == S.ANNOUNCED:
                missing.append(posting)
                lines.append(ActLine(posting, description, "не привезено"))
            elif status == S.REFUSED_AT_DROPOFF:
                refused.append(ActLine(posting, description, f"не принято: {reason}"))
                lines.append(refused[-1])
            else:
                lines.append(ActLine(posting, description, "принято"))
        unexpected = tuple(json.loads(supply.unexpected))
        supply.status, supply.closed_at = "closed", op.now
        summary = _counts(op.session, supply)
        act_number = op.op_id[:8].upper()
        op.record(
            "supply_closed",
            supply=number,
            act=act_number,
            received=summary.received,
            missing=missing,
            unexpected=list(unexpected),
            refused=[r.posting for r in refused],
        )
        op.payload.update(supply=number, act=act_number, unexpected=list(unexpected), missing=missing)
        return SupplyAct(
            act_number=act_number,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            seller=supply.seller,
            supply=number,
            closed_at=op.now,
            lines=tuple(lines),
            missing=tuple(missing),
            unexpected=unexpected,
            refused=tuple(refused),
            counts=summary,
        )
