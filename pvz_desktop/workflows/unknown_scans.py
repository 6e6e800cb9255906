"""«Зависшие ШК»: barcodes that matched nothing, and parcels that came without a waybill.

Acceptance (and an applied inventory) keep every barcode it could not match in
``unknown_scan``. Later the cashier resolves one to the shipment it really was — typing the
posting number from a torn label — or dismisses it with a reason. Resolving to a parcel that
is still waited for accepts it; resolving to a parcel that arrived without a waybill
(``unexpected``) takes it into stock (``received``), after which it can be placed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import MAX_CODE_LENGTH, BarcodeKind
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg, word
from pvz_desktop.store.models import Shipment, UnknownScan
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind, shipment_by_posting
from pvz_desktop.workflows.operation import Operation, operation
from pvz_desktop.workflows.views import ShipmentView, shipment_view

WORKFLOW = "unknown_scans"
S = ShipmentStatus
# What resolving to a parcel in this status does to it; other statuses are only linked.
RESOLVING_ACTIONS: dict[ShipmentStatus, Action] = {
    S.UNEXPECTED: Action.RESOLVE,
    S.EXPECTED: Action.ACCEPT,
    S.MISSING: Action.ACCEPT,
}


class ScanStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return {"open": word("не разобран"), "resolved": word("сопоставлен"), "dismissed": word("списан")}[self.value]


@dataclass(frozen=True)
class UnknownScanView:
    id: int
    code: str
    workflow: str
    context: str  # e.g. the waybill it was scanned during
    employee_id: str
    scanned_at: datetime  # UTC
    status: ScanStatus
    posting_number: str | None
    resolution: str
    resolved_at: datetime | None


@dataclass(frozen=True)
class Resolution:
    scan: UnknownScanView
    shipment: ShipmentView
    action: Action | None  # the transition it caused, None when only linked


def _view(session: Session, row: UnknownScan) -> UnknownScanView:
    posting = session.scalar(select(Shipment.posting_number).where(Shipment.id == row.shipment_id))
    return UnknownScanView(
        row.id,
        row.code,
        row.workflow,
        row.context,
        row.employee_id,
        row.scanned_at,
        ScanStatus(row.status),
        posting,
        row.resolution,
        row.resolved_at,
    )


def scans(ctx: WorkflowContext, status: ScanStatus | str | None = ScanStatus.OPEN) -> list[UnknownScanView]:
    """Unknown barcodes, newest first; ``status=None`` lists all of them."""
    stmt = select(UnknownScan).order_by(UnknownScan.scanned_at.desc(), UnknownScan.id.desc())
    if status is not None:
        stmt = stmt.where(UnknownScan.status == ScanStatus(status).value)
    with ctx.store.read() as session:
        return [_view(session, row) for row in session.scalars(stmt)]


def record(ctx: WorkflowContext, raw: str, workflow: str, context: str = "") -> UnknownScanView:
    """Keep a barcode that matched nothing, wherever it was scanned, to be resolved later."""
    code = raw.strip()
    if not code:
        raise BadInput(msg("Пустой штрихкод не сохраняется."))
    with operation(ctx, WORKFLOW, "unknown_scan") as op:
        row = UnknownScan(
            code=code[:MAX_CODE_LENGTH],
            workflow=workflow,
            context=context,
            employee_id=ctx.actor.employee_id,
            scanned_at=op.now,
        )
        op.session.add(row)
        op.session.flush()
        op.record("unknown_scan", code=row.code, workflow=workflow, context=context)
        op.payload.update(code=row.code, workflow=workflow, context=context)
        return _view(op.session, row)


def _open_scan(session: Session, scan_id: int) -> UnknownScan:
    row = session.get(UnknownScan, scan_id)
    if row is None:
        raise NotFound(msg("Зависший штрихкод №{scan_id} не найден.", scan_id=scan_id))
    if row.status != ScanStatus.OPEN:
        raise StateConflict(
            msg(
                "Штрихкод «{code}» уже разобран: {status}.", code=row.code, status=Text.of(ScanStatus(row.status).label)
            )
        )
    return row


def _take_in(op: Operation, shipment: Shipment, **details: object) -> Action | None:
    action = RESOLVING_ACTIONS.get(S(shipment.status))
    if action is not None:
        op.transition(shipment, action, **details)
        if action is Action.ACCEPT:
            shipment.received_at = op.now
    return action


def resolve(ctx: WorkflowContext, scan_id: int, raw_posting: str, note: str = "") -> Resolution:
    """The unknown barcode was this shipment: link it, and take the parcel in where that fits."""
    posting = expect_kind(ctx.profile, raw_posting, BarcodeKind.SHIPMENT).code
    with operation(ctx, WORKFLOW, "unknown_scan_resolve") as op:
        row = _open_scan(op.session, scan_id)
        shipment = shipment_by_posting(op.session, posting)
        action = _take_in(op, shipment, unknown_scan=row.id, code=row.code, context=row.context)
        row.status, row.shipment_id, row.resolved_at = ScanStatus.RESOLVED.value, shipment.id, op.now
        row.resolution = note.strip() or f"Отправление {posting}"
        op.record("unknown_scan_resolved", shipment=shipment, unknown_scan=row.id, code=row.code)
        op.payload.update(unknown_scan=row.id, code=row.code, posting=posting, action=action and action.value)
        return Resolution(_view(op.session, row), shipment_view(shipment), action)


def dismiss(ctx: WorkflowContext, scan_id: int, reason: str) -> UnknownScanView:
    """Close an unknown barcode that belongs to no parcel (a sticker, a damaged scan)."""
    reason = reason.strip()
    if not reason:
        raise BadInput(msg("Укажите, почему штрихкод списывается: например, «рекламная наклейка»."))
    with operation(ctx, WORKFLOW, "unknown_scan_dismiss") as op:
        row = _open_scan(op.session, scan_id)
        row.status, row.resolution, row.resolved_at = ScanStatus.DISMISSED.value, reason, op.now
        op.record("unknown_scan_dismissed", unknown_scan=row.id, code=row.code, reason=reason)
        op.payload.update(unknown_scan=row.id, code=row.code, reason=reason)
        return _view(op.session, row)


def unexpected(ctx: WorkflowContext) -> list[ShipmentView]:
    """Parcels that arrived without a waybill and are not taken into stock yet."""
    with ctx.store.read() as session:
        rows = session.scalars(
            select(Shipment).where(Shipment.status == S.UNEXPECTED).order_by(Shipment.posting_number)
        )
        return [shipment_view(s) for s in rows]


def take_in_unexpected(ctx: WorkflowContext, posting: str) -> ShipmentView:
    """Take a parcel that arrived without a waybill into stock (``unexpected`` → ``received``)."""
    with operation(ctx, WORKFLOW, "unexpected_resolve") as op:
        shipment = shipment_by_posting(op.session, posting)
        if shipment.status != S.UNEXPECTED:
            raise StateConflict(
                msg("{shipment}. Оприходовать его не нужно.", shipment=shipment_view(shipment).describe())
            )
        _take_in(op, shipment)
        op.payload["posting"] = posting
        return shipment_view(shipment)
