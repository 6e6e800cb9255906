"""A seller's supply at the counter: open it by its code, scan its parcels, close it with an act.

Counters are derived from the rows, as in acceptance: expected = the supply's parcels,
received = taken in (dropped off, bagged or already gone with the courier), refused = refused
with a reason (damaged), missing = still announced, unexpected = codes scanned that are not in
any supply, duplicates = scans of a parcel already taken in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
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
    Parcel,
    ParcelView,
    parcel_by_posting,
    parcel_view,
    scanned_parcel,
    supply_by_number,
)
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import operation

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


def _counts(session: Session, supply: Supply) -> SupplyCounts:
    rows = session.execute(
        select(Shipment.status, func.count())
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(OutboundParcel.supply_id == supply.id)
        .group_by(Shipment.status)
    ).all()
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


def _open(session: Session, number: str) -> Supply:
    supply = supply_by_number(session, number)
    if supply.status == "closed":
        raise StateConflict(
            msg("Поставка {number} уже закрыта: её акт выдан. Новые отправления — новой поставкой.", number=number)
        )
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
    supply = _open(session, number)
    if supply.status != "receiving":
        raise StateConflict(msg("Поставка {number} не открыта: сначала отсканируйте код поставки.", number=number))
    return supply


def scan(ctx: WorkflowContext, number: str, raw: str) -> SupplyScan:
    """One parcel of the open supply: taken in, a repeat, or not in the supply at all."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.OUTBOUND).code
    with operation(ctx, WORKFLOW, "supply_scan") as op:
        supply = _receiving(op.session, number)
        parcel = parcel_by_posting(op.session, code)
        if parcel is None:
            unexpected = json.loads(supply.unexpected)
            if code in unexpected:
                supply.duplicate_scans += 1
                op.push = False  # a repeat of a local fact: nothing new for the server
                op.record("supply_duplicate_scan", supply=number, code=code)
                outcome, message = SupplyOutcome.DUPLICATE, msg("{code} уже отмечено как не из поставки.", code=code)
            else:
                supply.unexpected = json.dumps(sorted([*unexpected, code]))
                op.record("supply_unexpected", supply=number, code=code)
                op.kind = "supply_unexpected"  # the server notes the code on the supply for its act
                op.payload.update(supply=number, code=code)
                outcome = SupplyOutcome.UNEXPECTED
                message = msg(
                    "{code} нет в поставке {number}: верните продавцу, в акте оно будет отмечено.",
                    code=code,
                    number=number,
                )
            return SupplyScan(outcome, code, message, None, _counts(op.session, supply))
        _same_supply(op.session, parcel, supply)
        view_before = parcel.shipment.status
        if view_before == S.ANNOUNCED:
            op.transition(parcel.shipment, Action.DROP_OFF, supply=number)
            parcel.shipment.received_at = op.now
            op.payload.update(supply=number, posting=code)
            outcome, message = SupplyOutcome.RECEIVED, msg("Принято {code}", code=code)
        elif view_before == S.REFUSED_AT_DROPOFF:
            raise StateConflict(
                msg(
                    "Отправление {code} уже не принято: {value}. Верните его продавцу.",
                    code=code,
                    value=parcel.outbound.refuse_reason or "отказ",
                )
            )
        else:
            supply.duplicate_scans += 1
            op.push = False
            op.record("supply_duplicate_scan", supply=number, code=code)
            outcome, message = (
                SupplyOutcome.DUPLICATE,
                msg("{code} уже принято ({status}).", code=code, status=Text.of(S(view_before).label)),
            )
        op.session.flush()
        return SupplyScan(outcome, code, message, parcel_view(op.session, parcel), _counts(op.session, supply))


def _same_supply(session: Session, parcel: Parcel, supply: Supply) -> None:
    if parcel.outbound.supply_id == supply.id:
        return
    other = session.get(Supply, parcel.outbound.supply_id) if parcel.outbound.supply_id is not None else None
    where = (
        msg("из поставки {number} ({seller})", number=other.number, seller=other.seller)
        if other is not None
        else Text.of(word("посылка C2C, не из поставки"))
    )
    raise StateConflict(
        msg(
            "Отправление {posting_number} {where}, а открыта поставка {number}: отложите его.",
            posting_number=parcel.shipment.posting_number,
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
        _same_supply(op.session, parcel, supply)
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
