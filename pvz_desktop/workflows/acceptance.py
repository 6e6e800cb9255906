"""Acceptance (приёмка): open a waybill, scan packages and shipments, reconcile, close.

Reconciliation is derived from the rows, never kept as counters that could drift:
expected = on the waybill, received = on it and past ``expected``, missing = still expected,
unexpected = arrived here without being on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import StateConflict
from pvz_desktop.core.statuses import Action, Creation, ShipmentStatus, next_status
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import DiscrepancyAct, Employee, Shipment, TransportPackage, UnknownScan, Waybill
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind, waybill_by_number
from pvz_desktop.workflows.ledger_chain import canonical_json
from pvz_desktop.workflows.operation import Operation, operation
from pvz_desktop.workflows.shift import ensure_shift_open
from pvz_desktop.workflows.views import ShipmentView, shipment_view

WORKFLOW = "acceptance"
S = ShipmentStatus


class ScanOutcome(StrEnum):
    RECEIVED = "received"
    PACKAGE_RECEIVED = "package_received"
    DUPLICATE = "duplicate"
    UNEXPECTED = "unexpected"
    UNEXPECTED_PACKAGE = "unexpected_package"
    UNKNOWN = "unknown"

    @property
    def ok(self) -> bool:
        return self in (ScanOutcome.RECEIVED, ScanOutcome.PACKAGE_RECEIVED)


@dataclass(frozen=True)
class Reconciliation:
    waybill: str
    status: str
    expected_shipments: int
    received_shipments: int
    missing_shipments: int  # still expected (open) or marked missing (closed)
    unexpected_shipments: int
    expected_packages: int
    received_packages: int
    missing_packages: int
    unexpected_packages: int
    duplicate_scans: int

    @property
    def complete(self) -> bool:
        return self.missing_shipments == 0 and self.missing_packages == 0


@dataclass(frozen=True)
class AcceptanceScan:
    outcome: ScanOutcome
    code: str
    message: Text
    shipment: ShipmentView | None
    reconciliation: Reconciliation


@dataclass(frozen=True)
class DiscrepancyActView:
    """Акт расхождений: what the printed act needs (the lists, the counts, who and when)."""

    waybill: str
    missing_shipments: tuple[str, ...]
    unexpected_shipments: tuple[str, ...]
    missing_packages: tuple[str, ...]
    unexpected_packages: tuple[str, ...]
    reconciliation: Reconciliation | None = None  # expected / received counts
    point_name: str = ""
    employee_name: str = ""
    created_at: datetime | None = None  # UTC

    @property
    def created_at_local(self) -> datetime | None:
        return to_local(self.created_at) if self.created_at else None


@dataclass(frozen=True)
class WaybillClosed:
    reconciliation: Reconciliation
    act: DiscrepancyActView | None


def _reconcile(session: Session, waybill: Waybill) -> Reconciliation:
    rows = session.execute(
        select(Shipment.status, Shipment.arrived_unexpected, func.count())
        .where(Shipment.waybill_id == waybill.id)
        .group_by(Shipment.status, Shipment.arrived_unexpected)
    ).all()
    expected = received = missing = unexpected = 0
    for status, arrived_unexpected, n in rows:
        if arrived_unexpected:
            unexpected += n
            continue
        expected += n
        if status in (S.EXPECTED, S.MISSING):
            missing += n
        else:
            received += n
    packages = dict(
        session.execute(
            select(TransportPackage.state, func.count())
            .where(TransportPackage.waybill_id == waybill.id)
            .group_by(TransportPackage.state)
        ).all()
    )
    pk_received = packages.get("received", 0)
    pk_missing = packages.get("expected", 0) + packages.get("missing", 0)
    return Reconciliation(
        waybill=waybill.number,
        status=waybill.status,
        expected_shipments=expected,
        received_shipments=received,
        missing_shipments=missing,
        unexpected_shipments=unexpected,
        expected_packages=pk_received + pk_missing,
        received_packages=pk_received,
        missing_packages=pk_missing,
        unexpected_packages=packages.get("unexpected", 0),
        duplicate_scans=waybill.duplicate_scans,
    )


def reconcile(ctx: WorkflowContext, number: str) -> Reconciliation:
    with ctx.store.read() as session:
        return _reconcile(session, waybill_by_number(session, number))


def _open_for_scanning(session: Session, number: str) -> Waybill:
    waybill = waybill_by_number(session, number)
    if waybill.status == "closed":
        raise StateConflict(msg("Накладная {number} уже закрыта: приёмка по ней завершена.", number=number))
    return waybill


def open_waybill(ctx: WorkflowContext, raw: str) -> Reconciliation:
    """Start (or resume) acceptance of a waybill scanned as ``TN-…``."""
    number = expect_kind(ctx.profile, raw, BarcodeKind.WAYBILL).code
    with operation(ctx, WORKFLOW, "waybill_open") as op:
        ensure_shift_open(op.session, ctx)
        waybill = _open_for_scanning(op.session, number)
        if waybill.status == "open":
            waybill.status = "receiving"
            waybill.opened_at = op.now
            op.record("waybill_opened", waybill=number)
            op.payload["waybill"] = number
        return _reconcile(op.session, waybill)


def scan(ctx: WorkflowContext, number: str, raw: str) -> AcceptanceScan:
    """One scan during acceptance of waybill ``number``: a package, a shipment, or junk."""
    code = ctx.profile.classify(raw)
    with operation(ctx, WORKFLOW, "acceptance_scan") as op:
        ensure_shift_open(op.session, ctx)
        waybill = _open_for_scanning(op.session, number)
        if waybill.status != "receiving":
            raise StateConflict(msg("Сначала откройте накладную {number}: отсканируйте её штрихкод.", number=number))
        op.payload.update(waybill=number, code=code.code)
        if code.kind is BarcodeKind.SHIPMENT:
            outcome, message, view = _scan_shipment(op, waybill, code.code)
        elif code.kind is BarcodeKind.TRANSPORT_PACKAGE:
            outcome, message, view = _scan_package(op, waybill, code.code), "", None
            message = {
                ScanOutcome.PACKAGE_RECEIVED: msg("Грузоместо {code} принято", code=code.code),
                ScanOutcome.DUPLICATE: msg("Грузоместо {code} уже было отсканировано", code=code.code),
                ScanOutcome.UNEXPECTED_PACKAGE: msg(
                    "Грузоместо {code} не указано в накладной {number}", code=code.code, number=number
                ),
            }[outcome]
        else:
            op.session.add(
                UnknownScan(
                    code=code.code,
                    workflow=WORKFLOW,
                    context=number,
                    employee_id=ctx.actor.employee_id,
                    scanned_at=op.now,
                )
            )
            op.record("unknown_scan", code=code.code, waybill=number)
            outcome, view = ScanOutcome.UNKNOWN, None
            message = msg("Штрихкод «{code}» не распознан: сохранён в «Зависшие ШК»", code=code.code)
        if outcome is ScanOutcome.DUPLICATE:
            waybill.duplicate_scans += 1
            op.push = False
        op.payload["outcome"] = outcome.value
        op.session.flush()
        return AcceptanceScan(outcome, code.code, message, view, _reconcile(op.session, waybill))


def _scan_shipment(op: Operation, waybill: Waybill, posting: str) -> tuple[ScanOutcome, str, ShipmentView | None]:
    shipment = op.session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None:
        shipment = Shipment(
            posting_number=posting,
            status=S.UNEXPECTED.value,
            waybill_id=waybill.id,
            arrived_unexpected=True,
            received_at=op.now,
            created_at=op.now,
        )
        op.create(shipment, Creation.ARRIVED_UNEXPECTED, waybill=waybill.number)
        return (
            ScanOutcome.UNEXPECTED,
            msg("Отправления {posting} нет в накладной: принято как излишек", posting=posting),
            shipment_view(shipment),
        )
    if shipment.waybill_id == waybill.id and shipment.status in (S.EXPECTED, S.MISSING):
        op.transition(shipment, Action.ACCEPT, waybill=waybill.number)
        shipment.received_at = op.now
        return ScanOutcome.RECEIVED, msg("Принято: {posting}", posting=posting), shipment_view(shipment)
    if shipment.status in (S.EXPECTED, S.MISSING):
        # Listed on another waybill but physically here: it counts as received on its own one.
        op.transition(shipment, Action.ACCEPT, waybill=waybill.number, listed_on_waybill=shipment.waybill_id)
        shipment.received_at = op.now
        return (
            ScanOutcome.RECEIVED,
            msg("Принято: {posting} (числится в другой накладной)", posting=posting),
            shipment_view(shipment),
        )
    if shipment.waybill_id == waybill.id:
        op.record("duplicate_scan", shipment=shipment, waybill=waybill.number)
        return (
            ScanOutcome.DUPLICATE,
            msg("Повторный скан: {posting} уже принято", posting=posting),
            shipment_view(shipment),
        )
    view = shipment_view(shipment)
    raise StateConflict(msg("{shipment}. Повторно принять его нельзя.", shipment=view.describe()))


def _scan_package(op: Operation, waybill: Waybill, barcode: str) -> ScanOutcome:
    package = op.session.scalar(select(TransportPackage).where(TransportPackage.barcode == barcode))
    if package is None or package.waybill_id != waybill.id:
        if package is None:
            package = TransportPackage(barcode=barcode, waybill_id=waybill.id, state="unexpected", received_at=op.now)
            op.session.add(package)
        elif package.state in ("expected", "missing"):
            package.state, package.waybill_id, package.received_at = "unexpected", waybill.id, op.now
        else:
            raise StateConflict(msg("Грузоместо {barcode} уже принято по другой накладной.", barcode=barcode))
        op.record("package_unexpected", barcode=barcode, waybill=waybill.number)
        return ScanOutcome.UNEXPECTED_PACKAGE
    if package.state in ("received", "unexpected"):
        op.record("duplicate_scan", barcode=barcode, waybill=waybill.number)
        return ScanOutcome.DUPLICATE
    package.state, package.received_at = "received", op.now
    op.record("package_received", barcode=barcode, waybill=waybill.number)
    return ScanOutcome.PACKAGE_RECEIVED


def close_waybill(ctx: WorkflowContext, number: str) -> WaybillClosed:
    """Unscanned shipments become ``missing``; differences produce a discrepancy act."""
    with operation(ctx, WORKFLOW, "waybill_close") as op:
        waybill = _open_for_scanning(op.session, number)
        if waybill.status != "receiving":
            raise StateConflict(msg("Накладная {number} ещё не открыта: нечего закрывать.", number=number))
        # Every unscanned shipment makes the same core-checked move, so it is checked once and
        # made by one UPDATE; the ledger needs only (id, posting) of each, read as plain rows.
        # No ORM objects: loading ~500 of them and flushing ~500 UPDATEs was half of a close.
        missing = op.session.execute(
            select(Shipment.id, Shipment.posting_number)
            .where(Shipment.waybill_id == waybill.id, Shipment.status == S.EXPECTED)
            .order_by(Shipment.id)
        ).all()
        after = next_status(S.EXPECTED, Action.MARK_MISSING)
        op.session.execute(
            update(Shipment)
            .where(Shipment.waybill_id == waybill.id, Shipment.status == S.EXPECTED)
            .values(status=after.value, updated_at=op.now)
            .execution_options(synchronize_session=False)
        )
        for shipment in missing:
            op.transitioned(shipment, Action.MARK_MISSING, S.EXPECTED, after, waybill=number)
        op.session.execute(
            update(TransportPackage)
            .where(TransportPackage.waybill_id == waybill.id, TransportPackage.state == "expected")
            .values(state="missing")
        )
        waybill.status, waybill.closed_at = "closed", op.now
        op.session.flush()
        rec = _reconcile(op.session, waybill)
        act = replace(
            _discrepancy(op.session, waybill),
            reconciliation=rec,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            created_at=op.now,
        )
        if act.missing_shipments or act.unexpected_shipments or act.missing_packages or act.unexpected_packages:
            op.session.add(
                DiscrepancyAct(
                    waybill_id=waybill.id,
                    created_at=op.now,
                    employee_id=ctx.actor.employee_id,
                    missing_shipments=len(act.missing_shipments),
                    unexpected_shipments=len(act.unexpected_shipments),
                    missing_packages=len(act.missing_packages),
                    unexpected_packages=len(act.unexpected_packages),
                    details=canonical_json(
                        {
                            "missing_shipments": act.missing_shipments,
                            "unexpected_shipments": act.unexpected_shipments,
                            "missing_packages": act.missing_packages,
                            "unexpected_packages": act.unexpected_packages,
                        }
                    ),
                )
            )
        else:
            act = None
        op.record("waybill_closed", waybill=number, missing=rec.missing_shipments, unexpected=rec.unexpected_shipments)
        op.payload.update(waybill=number, missing=[s.posting_number for s in missing])
        return WaybillClosed(rec, act)


def _discrepancy(session: Session, waybill: Waybill) -> DiscrepancyActView:
    def postings(*conds) -> tuple[str, ...]:
        q = select(Shipment.posting_number).where(Shipment.waybill_id == waybill.id, *conds)
        return tuple(session.scalars(q.order_by(Shipment.posting_number)))

    def packages(state: str) -> tuple[str, ...]:
        q = select(TransportPackage.barcode).where(
            TransportPackage.waybill_id == waybill.id, TransportPackage.state == state
        )
        return tuple(session.scalars(q.order_by(TransportPackage.barcode)))

    return DiscrepancyActView(
        waybill=waybill.number,
        missing_shipments=postings(Shipment.status == S.MISSING, Shipment.arrived_unexpected.is_(False)),
        unexpected_shipments=postings(Shipment.arrived_unexpected.is_(True)),
        missing_packages=packages("missing"),
        unexpected_packages=packages("unexpected"),
    )


def discrepancy_act(ctx: WorkflowContext, number: str) -> DiscrepancyActView | None:
    """The act written when the waybill closed (for a reprint), or None when it had no differences."""
    with ctx.store.read() as session:
        waybill = waybill_by_number(session, number)
        row = session.scalar(select(DiscrepancyAct).where(DiscrepancyAct.waybill_id == waybill.id))
        if row is None:
            return None
        d = json.loads(row.details)
        employee = session.get(Employee, row.employee_id)
        return DiscrepancyActView(
            number,
            tuple(d["missing_shipments"]),
            tuple(d["unexpected_shipments"]),
            tuple(d["missing_packages"]),
            tuple(d["unexpected_packages"]),
            reconciliation=_reconcile(session, waybill),
            point_name=ctx.actor.point_name,
            employee_name=employee.display_name
            if employee
            else (ctx.actor.employee_name if row.employee_id == ctx.actor.employee_id else row.employee_id),
            created_at=row.created_at,
        )


def closed_waybills(ctx: WorkflowContext, limit: int = 200) -> list[Reconciliation]:
    """Waybills already closed, newest first: the list a discrepancy act is reprinted from."""
    with ctx.store.read() as session:
        waybills = session.scalars(
            select(Waybill).where(Waybill.status == "closed").order_by(Waybill.closed_at.desc()).limit(limit)
        )
        return [_reconcile(session, w) for w in waybills]


def open_waybills(ctx: WorkflowContext) -> list[Reconciliation]:
    """Waybills not yet closed, for picking one without a scan."""
    with ctx.store.read() as session:
        waybills = session.scalars(select(Waybill).where(Waybill.status != "closed").order_by(Waybill.number))
        return [_reconcile(session, w) for w in waybills]
