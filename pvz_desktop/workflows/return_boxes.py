"""Return boxes (возвратная тара): pack parcels going back, seal, hand over to the courier.

A box ``RB-…`` is opened (its number allocated here when no label was scanned), parcels in
``to_return`` are scanned into it and leave their shelf (the cell is cleared on packing), one
can be taken out again until the box is sealed. Sealed boxes are handed to the courier
together; the handover act lists every box with its count and barcodes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, msg, word
from pvz_desktop.store.models import ReturnBox, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind, shipment_by_posting
from pvz_desktop.workflows.operation import Operation, operation
from pvz_desktop.workflows.views import ShipmentView, shipment_view, shipment_views

WORKFLOW = "return_boxes"
S = ShipmentStatus
_BOX_NUMBER = re.compile(r"^RB-(\d{10})$")


class BoxStatus(StrEnum):
    OPEN = "open"
    SEALED = "sealed"
    HANDED_OVER = "handed_over"

    @property
    def label(self) -> str:
        return {"open": word("открыта"), "sealed": word("запечатана"), "handed_over": word("передана перевозчику")}[
            self.value
        ]


@dataclass(frozen=True)
class BoxView:
    barcode: str
    status: BoxStatus
    opened_at: datetime  # UTC
    sealed_at: datetime | None
    postings: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.postings)


@dataclass(frozen=True)
class Packed:
    box: BoxView
    shipment: ShipmentView
    from_cell: str | None  # the shelf it was taken from, if any


@dataclass(frozen=True)
class HandedBox:
    barcode: str
    postings: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.postings)


@dataclass(frozen=True)
class HandoverAct:
    """Акт приёма-передачи: what the printed act for the courier needs."""

    op_id: str
    act_number: str
    point_name: str
    employee_name: str
    courier: str
    handed_over_at: datetime  # UTC
    boxes: tuple[HandedBox, ...]

    @property
    def total_boxes(self) -> int:
        return len(self.boxes)

    @property
    def total_shipments(self) -> int:
        return sum(b.count for b in self.boxes)

    @property
    def handed_over_at_local(self) -> datetime:
        return to_local(self.handed_over_at)


def _contents(session: Session, box: ReturnBox) -> tuple[str, ...]:
    q = select(Shipment.posting_number).where(Shipment.return_box_id == box.id).order_by(Shipment.posting_number)
    return tuple(session.scalars(q))


def _view(session: Session, box: ReturnBox) -> BoxView:
    return BoxView(box.barcode, BoxStatus(box.status), box.opened_at, box.sealed_at, _contents(session, box))


def _box(session: Session, barcode: str) -> ReturnBox:
    box = session.scalar(select(ReturnBox).where(ReturnBox.barcode == barcode))
    if box is None:
        raise NotFound(
            msg(
                "Возвратная тара {barcode} на этом пункте не найдена. Новую тару открывает «F3 Новая тара» "
                "(её этикетка печатается сразу).",
                barcode=barcode,
            )
        )
    return box


def _open_box(session: Session, barcode: str) -> ReturnBox:
    box = _box(session, barcode)
    if box.status != BoxStatus.OPEN:
        raise StateConflict(
            msg(
                "Тара {barcode} {status}: менять её содержимое нельзя. Откройте новую тару.",
                barcode=barcode,
                status=Text.of(BoxStatus(box.status).label),
            )
        )
    return box


def _next_number(session: Session) -> str:
    numbers = [int(m.group(1)) for b in session.scalars(select(ReturnBox.barcode)) if (m := _BOX_NUMBER.match(b))]
    return f"RB-{max(numbers, default=0) + 1:010d}"


def open_box(ctx: WorkflowContext, raw: str | None = None) -> BoxView:
    """A new box with the next number (``raw`` None: the «new box» action, which prints its
    label), or the open box whose label was scanned. A label of no box opened here is refused:
    a stray or foreign label never becomes a box by being scanned."""
    if raw is not None:
        barcode = expect_kind(ctx.profile, raw, BarcodeKind.RETURN_BOX).code
        with ctx.store.read() as session:
            return _view(session, _open_box(session, barcode))
    with operation(ctx, WORKFLOW, "return_box_open") as op:
        barcode = _next_number(op.session)
        box = ReturnBox(barcode=barcode, status=BoxStatus.OPEN.value, opened_at=op.now)
        op.session.add(box)
        op.session.flush()
        op.record("box_opened", box=barcode)
        op.payload["box"] = barcode
        return _view(op.session, box)


def _parcel(op: Operation, raw: str) -> Shipment:
    """The scanned parcel; the label of a partly refused parcel stands for its ``/R`` split-off."""
    posting = expect_kind(op.ctx.profile, raw, BarcodeKind.SHIPMENT).code
    shipment = shipment_by_posting(op.session, posting)
    if shipment.status in (S.TO_RETURN, S.IN_RETURN_BOX):
        return shipment
    split = op.session.scalar(
        select(Shipment)
        .where(Shipment.parent_id == shipment.id, Shipment.status.in_([S.TO_RETURN, S.IN_RETURN_BOX]))
        .order_by(Shipment.id)
        .limit(1)
    )
    return split if split is not None else shipment


def pack(ctx: WorkflowContext, box_code: str, raw: str) -> Packed:
    """Put a ``to_return`` parcel into the open box; it leaves its shelf."""
    with operation(ctx, WORKFLOW, "return_box_pack") as op:
        box = _open_box(op.session, box_code)
        shipment = _parcel(op, raw)
        if shipment.status == S.IN_RETURN_BOX:
            where = op.session.get(ReturnBox, shipment.return_box_id)
            raise StateConflict(
                msg(
                    "Отправление {posting_number} уже лежит в таре {barcode}.",
                    posting_number=shipment.posting_number,
                    barcode=where.barcode,
                )
            )
        if shipment.status != S.TO_RETURN:
            raise StateConflict(
                msg(
                    "Отправление {posting_number} в статусе «{status}»: в возвратную тару кладутся только "
                    "отправления «к возврату».",
                    posting_number=shipment.posting_number,
                    status=Text.of(S(shipment.status).label),
                )
            )
        cell = shipment.cell.code if shipment.cell is not None else None
        op.transition(shipment, Action.PACK, box=box.barcode, from_cell=cell)
        shipment.return_box_id = box.id
        shipment.cell_id, shipment.cell = None, None
        op.payload.update(box=box.barcode, posting=shipment.posting_number)
        op.session.flush()
        return Packed(_view(op.session, box), shipment_view(shipment), cell)


def unpack(ctx: WorkflowContext, box_code: str, raw: str) -> Packed:
    """Take a parcel out of a box that is not sealed yet; it waits at the counter for another box."""
    with operation(ctx, WORKFLOW, "return_box_unpack") as op:
        box = _open_box(op.session, box_code)
        shipment = _parcel(op, raw)
        if shipment.return_box_id != box.id:
            raise StateConflict(
                msg(
                    "Отправления {posting_number} нет в таре {barcode}.",
                    posting_number=shipment.posting_number,
                    barcode=box.barcode,
                )
            )
        op.transition(shipment, Action.UNPACK, box=box.barcode)
        shipment.return_box_id = None
        op.payload.update(box=box.barcode, posting=shipment.posting_number)
        op.session.flush()
        return Packed(_view(op.session, box), shipment_view(shipment), None)


def seal(ctx: WorkflowContext, box_code: str) -> BoxView:
    with operation(ctx, WORKFLOW, "return_box_seal") as op:
        box = _open_box(op.session, box_code)
        postings = _contents(op.session, box)
        if not postings:
            raise StateConflict(msg("Тара {barcode} пуста: запечатывать нечего.", barcode=box.barcode))
        box.status, box.sealed_at = BoxStatus.SEALED.value, op.now
        op.record("box_sealed", box=box.barcode, count=len(postings))
        op.payload.update(box=box.barcode, postings=list(postings))
        return _view(op.session, box)


def handover(ctx: WorkflowContext, box_codes: Sequence[str], courier: str) -> HandoverAct:
    """Hand sealed boxes to the courier: every parcel in them becomes ``returned_to_carrier``."""
    courier = courier.strip()
    if not courier:
        raise BadInput(msg("Укажите курьера, которому передаёте тару: его имя попадёт в акт."))
    codes = list(dict.fromkeys(expect_kind(ctx.profile, c, BarcodeKind.RETURN_BOX).code for c in box_codes))
    if not codes:
        raise BadInput(msg("Отсканируйте хотя бы одну запечатанную тару для передачи."))
    with operation(ctx, WORKFLOW, "return_box_handover") as op:
        act_number = op.op_id[:8].upper()
        handed = []
        for code in codes:
            box = _box(op.session, code)
            if box.status != BoxStatus.SEALED:
                raise StateConflict(
                    msg(
                        "Тара {code} {status}: передать можно только запечатанную.",
                        code=code,
                        status=Text.of(BoxStatus(box.status).label),
                    )
                )
            shipments = op.session.scalars(
                select(Shipment).where(Shipment.return_box_id == box.id).order_by(Shipment.posting_number)
            ).all()
            for shipment in shipments:
                op.transition(shipment, Action.HANDOVER, box=code, courier=courier, act=act_number)
            box.status, box.handed_over_at, box.handover_ref = BoxStatus.HANDED_OVER.value, op.now, act_number
            op.record("box_handed_over", box=code, count=len(shipments), courier=courier, act=act_number)
            handed.append(HandedBox(code, tuple(s.posting_number for s in shipments)))
        op.payload.update(act=act_number, courier=courier, boxes={b.barcode: list(b.postings) for b in handed})
        return HandoverAct(
            op_id=op.op_id,
            act_number=act_number,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            courier=courier,
            handed_over_at=op.now,
            boxes=tuple(handed),
        )


def box(ctx: WorkflowContext, raw: str) -> BoxView:
    code = expect_kind(ctx.profile, raw, BarcodeKind.RETURN_BOX).code
    with ctx.store.read() as session:
        return _view(session, _box(session, code))


def boxes(ctx: WorkflowContext, status: BoxStatus | str) -> list[BoxView]:
    """Boxes in one status, e.g. the sealed ones waiting for the courier."""
    with ctx.store.read() as session:
        rows = session.scalars(
            select(ReturnBox).where(ReturnBox.status == BoxStatus(status).value).order_by(ReturnBox.barcode)
        )
        return [_view(session, b) for b in rows]


def waiting_for_box(ctx: WorkflowContext) -> list[ShipmentView]:
    """Parcels in ``to_return`` not packed yet, by cell: the walk along the shelves, then the counter."""
    with ctx.store.read() as session:
        views = shipment_views(session, Shipment.status == S.TO_RETURN)
    return sorted(views, key=lambda v: (v.cell is None, v.cell or "", v.posting_number))
