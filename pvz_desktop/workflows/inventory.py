"""Inventory (инвентаризация): count the shelves cell by cell, then apply the differences.

A session covers the whole point or chosen zones. The cashier scans a cell, then every parcel
in it. All progress lives in ``inventory_session`` / ``inventory_cell`` / ``inventory_scan``,
so a session can be paused, resumed and survives a restart. Verdicts are worked out from the
rows at the time they are asked for, never kept as counters:

- shortage: stored in a cell that was counted, not scanned anywhere in the session → ``lost``;
  cells of the scope that were not counted are listed, their parcels are not judged;
- misplaced: a stored parcel scanned in another cell than it is booked in → moved there;
- found: a ``lost`` parcel scanned → ``stored`` in the cell where it was found;
- surplus: scanned but not expected at the point (unknown, issued, handed back…); unknown
  barcodes go to «Зависшие ШК» when the session is applied;
- attention: at the point but not in storage (e.g. received and never placed), or waiting on a
  counted shelf for a return box and not scanned: listed only, nothing is booked for them.

Applying is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.statuses import ON_PREMISES, Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg, word
from pvz_desktop.store.models import Cell, InventoryCell, InventoryScan, InventorySession, Shipment, UnknownScan
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import cell_by_code, expect_kind
from pvz_desktop.workflows.operation import operation

WORKFLOW = "inventory"
S = ShipmentStatus
# Statuses in which a parcel legitimately sits in a cell (expired ones wait there for a box).
ON_SHELF = frozenset({S.STORED, S.EXPIRED, S.TO_RETURN, S.REFUSED})
CHUNK = 500  # ids per IN (...) list


class SessionStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    APPLIED = "applied"

    @property
    def label(self) -> str:
        return {"active": word("идёт"), "paused": word("приостановлена"), "applied": word("применена")}[self.value]


class Verdict(StrEnum):
    CELL = "cell"
    MATCHED = "matched"
    MISPLACED = "misplaced"
    FOUND = "found"
    SURPLUS = "surplus"
    ATTENTION = "attention"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class InventoryProgress:
    session_id: int
    zones: tuple[str, ...]  # empty = the whole point
    status: SessionStatus
    current_cell: str | None
    cells_total: int
    cells_checked: int
    scanned: int


@dataclass(frozen=True)
class InventoryStep:
    verdict: Verdict
    code: str
    message: Text
    progress: InventoryProgress


@dataclass(frozen=True)
class Difference:
    posting_number: str
    cell: str | None  # where it was scanned (shortage: where it is booked)
    booked_cell: str | None = None  # misplaced: the cell it was booked in
    status: ShipmentStatus | None = None  # surplus / attention: its status; None = unknown here


@dataclass(frozen=True)
class CellShortfall:
    """A counted cell where booked parcels were not scanned: perhaps a cell left half-counted."""

    cell: str
    expected: int  # parcels booked in it
    missing: int  # of those, not scanned: applying books them lost

    @property
    def scanned(self) -> int:
        return self.expected - self.missing


@dataclass(frozen=True)
class InventoryReport:
    session_id: int
    zones: tuple[str, ...]
    status: SessionStatus
    employee_id: str
    started_at: datetime  # UTC
    finished_at: datetime | None
    op_id: str | None  # the applying operation
    cells_checked: int
    cells_unchecked: tuple[str, ...]
    expected: int  # stored parcels booked in the counted cells
    scanned: int
    matched: int
    shortage: tuple[Difference, ...]
    misplaced: tuple[Difference, ...]
    found: tuple[Difference, ...]
    surplus: tuple[Difference, ...]
    attention: tuple[Difference, ...]
    shortfalls: tuple[CellShortfall, ...] = ()  # counted cells with a shortage, in code order

    @property
    def clean(self) -> bool:
        return not (self.shortage or self.misplaced or self.found or self.surplus or self.attention)


def _zones(inv: InventorySession) -> tuple[str, ...]:
    return tuple(z for z in inv.zones.split(",") if z)


def _in_scope(stmt: Select[Any], zones: tuple[str, ...]) -> Select[Any]:
    return stmt.where(Cell.zone.in_(zones)) if zones else stmt


def _session(session: Session, session_id: int) -> InventorySession:
    inv = session.get(InventorySession, session_id)
    if inv is None:
        raise NotFound(msg("Инвентаризация №{session_id} не найдена.", session_id=session_id))
    return inv


def _unfinished(session: Session, session_id: int) -> InventorySession:
    inv = _session(session, session_id)
    if inv.status == SessionStatus.APPLIED:
        raise StateConflict(msg("Инвентаризация №{id} уже применена: начните новую.", id=inv.id))
    return inv


def _progress(session: Session, inv: InventorySession) -> InventoryProgress:
    zones = _zones(inv)
    current = session.get(Cell, inv.current_cell_id) if inv.current_cell_id is not None else None
    count = func.count()
    return InventoryProgress(
        session_id=inv.id,
        zones=zones,
        status=SessionStatus(inv.status),
        current_cell=current.code if current is not None else None,
        cells_total=session.scalar(_in_scope(select(count).select_from(Cell), zones)) or 0,
        cells_checked=session.scalar(select(count).where(InventoryCell.session_id == inv.id)) or 0,
        scanned=session.scalar(select(count).where(InventoryScan.session_id == inv.id)) or 0,
    )


def start(ctx: WorkflowContext, zones: Sequence[str] = ()) -> InventoryProgress:
    """Start counting the whole point (no zones) or the given zones."""
    wanted = tuple(sorted({z.strip().upper() for z in zones if z.strip()}))
    with operation(ctx, WORKFLOW, "inventory_start") as op:
        running = op.session.scalar(
            select(InventorySession).where(InventorySession.status != SessionStatus.APPLIED).limit(1)
        )
        if running is not None:
            raise StateConflict(
                msg(
                    "Инвентаризация №{id} ещё не завершена ({status}): продолжите или примените её.",
                    id=running.id,
                    status=Text.of(SessionStatus(running.status).label),
                )
            )
        known = set(op.session.scalars(select(Cell.zone).distinct()))
        if not known:
            raise BadInput(msg("На пункте не заведено ни одной ячейки: считать нечего."))
        unknown = [z for z in wanted if z not in known]
        if unknown:
            raise BadInput(
                msg(
                    "Зоны {items} нет на пункте. Есть зоны: {items2}.",
                    items=", ".join(unknown),
                    items2=", ".join(sorted(known)),
                )
            )
        inv = InventorySession(
            zones=",".join(wanted), status=SessionStatus.ACTIVE.value, employee_id=ctx.actor.employee_id
        )
        inv.started_at = op.now
        op.session.add(inv)
        op.session.flush()
        op.record("inventory_started", session=inv.id, zones=list(wanted))
        op.payload.update(session=inv.id, zones=list(wanted))
        return _progress(op.session, inv)


def current(ctx: WorkflowContext) -> InventoryProgress | None:
    """The session not applied yet, to resume after a restart."""
    with ctx.store.read() as session:
        inv = session.scalar(select(InventorySession).where(InventorySession.status != SessionStatus.APPLIED))
        return _progress(session, inv) if inv is not None else None


def _set_status(ctx: WorkflowContext, session_id: int, frm: SessionStatus, to: SessionStatus) -> InventoryProgress:
    with operation(ctx, WORKFLOW, f"inventory_{to.value}") as op:
        op.push = False  # progress of the count stays at the counter until it is applied
        inv = _unfinished(op.session, session_id)
        if inv.status != frm:
            raise StateConflict(
                msg("Инвентаризация №{id} {status}.", id=inv.id, status=Text.of(SessionStatus(inv.status).label))
            )
        inv.status = to.value
        return _progress(op.session, inv)


def pause(ctx: WorkflowContext, session_id: int) -> InventoryProgress:
    return _set_status(ctx, session_id, SessionStatus.ACTIVE, SessionStatus.PAUSED)


def resume(ctx: WorkflowContext, session_id: int) -> InventoryProgress:
    return _set_status(ctx, session_id, SessionStatus.PAUSED, SessionStatus.ACTIVE)


def _verdict(status: str | None, booked_cell: int | None, scanned_cell: int) -> Verdict:
    if status is None:
        return Verdict.SURPLUS
    status = S(status)
    if status is S.LOST:
        return Verdict.FOUND
    if status is S.STORED and booked_cell != scanned_cell:
        return Verdict.MISPLACED
    if status in ON_SHELF and booked_cell == scanned_cell:
        return Verdict.MATCHED
    return Verdict.ATTENTION if status in ON_PREMISES else Verdict.SURPLUS


def _scan_message(verdict: Verdict, posting: str, shipment: Shipment | None) -> Text:
    if shipment is None:
        return msg("{posting}: излишек — нет в базе пункта", posting=posting)
    label = Text.of(S(shipment.status).label)
    if verdict is Verdict.MISPLACED:
        booked = shipment.cell.code if shipment.cell is not None else "—"
        return msg("{posting}: не в своей ячейке, числится в {booked}", posting=posting, booked=booked)
    return {
        Verdict.MATCHED: msg("{posting}: на месте", posting=posting),
        Verdict.FOUND: msg("{posting}: числилось утерянным — найдено", posting=posting),
        Verdict.SURPLUS: msg("{posting}: излишек — статус «{label}»", posting=posting, label=label),
        Verdict.ATTENTION: msg(
            "{posting}: статус «{label}» — проверьте, почему оно на полке", posting=posting, label=label
        ),
    }[verdict]


def scan(ctx: WorkflowContext, session_id: int, raw: str) -> InventoryStep:
    """A cell barcode makes it the current cell; a parcel barcode counts it in the current cell."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.CELL, BarcodeKind.SHIPMENT)
    with operation(ctx, WORKFLOW, "inventory_scan") as op:
        op.push = False
        inv = _unfinished(op.session, session_id)
        if inv.status != SessionStatus.ACTIVE:
            raise StateConflict(
                msg("Инвентаризация №{id} приостановлена: продолжите её, чтобы сканировать.", id=inv.id)
            )
        if code.kind is BarcodeKind.CELL:
            cell = cell_by_code(op.session, code.code)
            zones = _zones(inv)
            if zones and cell.zone not in zones:
                raise BadInput(
                    msg(
                        "Ячейка {code} не входит в инвентаризацию (зоны {items}).",
                        code=cell.code,
                        items=", ".join(zones),
                    )
                )
            inv.current_cell_id = cell.id
            if op.session.get(InventoryCell, (inv.id, cell.id)) is None:
                op.session.add(InventoryCell(session_id=inv.id, cell_id=cell.id, scanned_at=op.now))
            op.session.flush()
            done = op.session.scalar(
                select(func.count()).where(InventoryScan.session_id == inv.id, InventoryScan.cell_id == cell.id)
            )
            message = msg(
                "Ячейка {code}: сканируйте отправления в ней (уже посчитано {done})", code=cell.code, done=done
            )
            return InventoryStep(Verdict.CELL, cell.code, message, _progress(op.session, inv))
        if inv.current_cell_id is None:
            raise BadInput(msg("Сначала отсканируйте ячейку, затем отправления в ней."))
        cell = op.session.get(Cell, inv.current_cell_id)
        posting = code.code
        shipment = op.session.scalar(select(Shipment).where(Shipment.posting_number == posting))
        row = op.session.scalar(
            select(InventoryScan).where(InventoryScan.session_id == inv.id, InventoryScan.posting_number == posting)
        )
        if row is not None and row.cell_id == cell.id:
            return InventoryStep(
                Verdict.DUPLICATE,
                posting,
                msg("{posting} уже посчитано в {code}", posting=posting, code=cell.code),
                _progress(op.session, inv),
            )
        if row is None:
            row = InventoryScan(session_id=inv.id, posting_number=posting)
            op.session.add(row)
        row.cell_id, row.scanned_at = cell.id, op.now  # counted again elsewhere: the last place wins
        row.shipment_id = shipment.id if shipment is not None else None
        op.session.flush()
        verdict = _verdict(shipment.status if shipment else None, shipment.cell_id if shipment else None, cell.id)
        message = _scan_message(verdict, posting, shipment)
        return InventoryStep(verdict, posting, message, _progress(op.session, inv))


def _report(session: Session, inv: InventorySession) -> InventoryReport:
    zones = _zones(inv)
    codes = dict(session.execute(select(Cell.id, Cell.code)).all())
    counted = select(InventoryCell.cell_id).where(InventoryCell.session_id == inv.id)
    scanned_postings = select(InventoryScan.posting_number).where(InventoryScan.session_id == inv.id)
    checked = set(session.scalars(counted))
    scope = session.scalars(_in_scope(select(Cell.id), zones).order_by(Cell.code))
    booked_here = (Shipment.status == S.STORED, Shipment.cell_id.in_(counted))
    shortage = [
        Difference(posting, codes[cell_id])
        for posting, cell_id in session.execute(
            select(Shipment.posting_number, Shipment.cell_id).where(
                *booked_here, Shipment.posting_number.not_in(scanned_postings)
            )
        )
    ]
    # Parcels waiting on a shelf for a return box cannot be booked lost; missing ones need a look.
    attention = [
        Difference(posting, codes[cell_id], status=S(status))
        for posting, cell_id, status in session.execute(
            select(Shipment.posting_number, Shipment.cell_id, Shipment.status).where(
                Shipment.status.in_(ON_SHELF - {S.STORED}),
                Shipment.cell_id.in_(counted),
                Shipment.posting_number.not_in(scanned_postings),
            )
        )
    ]
    found: list[Difference] = []
    misplaced: list[Difference] = []
    surplus: list[Difference] = []
    matched = 0
    rows = session.execute(
        select(InventoryScan.posting_number, InventoryScan.cell_id, Shipment.status, Shipment.cell_id)
        .outerjoin(Shipment, Shipment.posting_number == InventoryScan.posting_number)
        .where(InventoryScan.session_id == inv.id)
    ).all()
    for posting, cell_id, raw_status, booked in rows:
        verdict = _verdict(raw_status, booked, cell_id)
        status = S(raw_status) if raw_status is not None else None
        if verdict is Verdict.MATCHED:
            matched += 1
        elif verdict is Verdict.MISPLACED:
            misplaced.append(Difference(posting, codes[cell_id], booked_cell=codes.get(booked)))
        elif verdict is Verdict.FOUND:
            found.append(Difference(posting, codes[cell_id], status=status))
        elif verdict is Verdict.SURPLUS:
            surplus.append(Difference(posting, codes[cell_id], status=status))
        else:
            attention.append(Difference(posting, codes[cell_id], status=status))

    def ordered(items: list[Difference]) -> tuple[Difference, ...]:
        return tuple(sorted(items, key=lambda d: (d.cell or "", d.posting_number)))

    booked_per_cell = dict(
        session.execute(select(Shipment.cell_id, func.count()).where(*booked_here).group_by(Shipment.cell_id)).all()
    )
    missing_per_cell: dict[str, int] = {}
    for d in shortage:
        missing_per_cell[d.cell or ""] = missing_per_cell.get(d.cell or "", 0) + 1
    code_ids = {code: cell_id for cell_id, code in codes.items()}
    shortfalls = tuple(
        CellShortfall(code, booked_per_cell.get(code_ids.get(code), 0), n)
        for code, n in sorted(missing_per_cell.items())
    )

    return InventoryReport(
        session_id=inv.id,
        zones=zones,
        status=SessionStatus(inv.status),
        employee_id=inv.employee_id,
        started_at=inv.started_at,
        finished_at=inv.finished_at,
        op_id=None,
        cells_checked=len(checked),
        cells_unchecked=tuple(codes[c] for c in scope if c not in checked),
        expected=session.scalar(select(func.count()).where(*booked_here)) or 0,
        scanned=len(rows),
        matched=matched,
        shortage=ordered(shortage),
        misplaced=ordered(misplaced),
        found=ordered(found),
        surplus=ordered(surplus),
        attention=ordered(attention),
        shortfalls=shortfalls,
    )


def results(ctx: WorkflowContext, session_id: int) -> InventoryReport:
    """The differences as they stand now, to review before applying (the applied ones are in the ledger)."""
    with ctx.store.read() as session:
        return _report(session, _unfinished(session, session_id))


def _shipments(session: Session, postings: Iterable[str]) -> dict[str, Shipment]:
    postings = list(postings)
    found: dict[str, Shipment] = {}
    for i in range(0, len(postings), CHUNK):
        chunk = postings[i : i + CHUNK]
        found.update(
            (s.posting_number, s) for s in session.scalars(select(Shipment).where(Shipment.posting_number.in_(chunk)))
        )
    return found


def apply(ctx: WorkflowContext, session_id: int) -> InventoryReport:
    """Book the differences in one transaction: shortage lost, found stored, misplaced moved."""
    with operation(ctx, WORKFLOW, "inventory_apply") as op:
        inv = _unfinished(op.session, session_id)
        report = _report(op.session, inv)
        if report.cells_checked == 0:
            raise StateConflict(
                msg("В инвентаризации №{id} не посчитано ни одной ячейки: применять нечего.", id=inv.id)
            )
        cells = {c.code: c for c in op.session.scalars(select(Cell))}
        rows = _shipments(op.session, [d.posting_number for d in (*report.shortage, *report.misplaced, *report.found)])
        for d in report.shortage:
            op.transition(rows[d.posting_number], Action.LOSE, inventory=inv.id, cell=d.cell)
            rows[d.posting_number].cell_id = None
        for d in report.misplaced:
            op.transition(rows[d.posting_number], Action.MOVE, inventory=inv.id, cell=d.cell, from_cell=d.booked_cell)
            rows[d.posting_number].cell_id = cells[d.cell].id
        for d in report.found:
            op.transition(rows[d.posting_number], Action.FIND, inventory=inv.id, cell=d.cell)
            rows[d.posting_number].cell_id = cells[d.cell].id
        for d in report.surplus:
            if d.status is None:  # a barcode nobody knows: sorted out later with the other «зависшие ШК»
                op.session.add(
                    UnknownScan(
                        code=d.posting_number,
                        workflow=WORKFLOW,
                        context=f"инвентаризация №{inv.id}, ячейка {d.cell}",
                        employee_id=ctx.actor.employee_id,
                        scanned_at=op.now,
                    )
                )
        inv.status, inv.finished_at = SessionStatus.APPLIED.value, op.now
        counts = {
            "shortage": len(report.shortage),
            "misplaced": len(report.misplaced),
            "found": len(report.found),
            "surplus": len(report.surplus),
            "attention": len(report.attention),
        }
        op.record("inventory_applied", session=inv.id, **counts)
        op.payload.update(
            session=inv.id,
            zones=list(report.zones),
            lost=[d.posting_number for d in report.shortage],
            moved={d.posting_number: d.cell for d in report.misplaced},
            found={d.posting_number: d.cell for d in report.found},
            surplus=[d.posting_number for d in report.surplus],
        )
        return replace(report, status=SessionStatus.APPLIED, finished_at=op.now, op_id=op.op_id)
