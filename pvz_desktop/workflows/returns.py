"""Customer returns (возврат от покупателя): find the request, check the goods, decide.

The customer creates the request in the app; the server delivers it as ``return_request``.
At the counter the case is found by the request barcode (``RT-…``) or by the posting number
of the issued shipment. The cashier goes through a checklist (condition, completeness, the
item and the reason match the request) and approves or rejects with a reason. Approval puts
the shipment into ``to_return`` (it waits at the counter for a return box, on no shelf).
The whole shipment moves; the request and the receipt name the lines that came back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.core.text import Text, listing, msg, word
from pvz_desktop.store.models import ReturnCase, ReturnRequest, Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind, shipment_by_posting
from pvz_desktop.workflows.operation import operation
from pvz_desktop.workflows.shift import ensure_shift_open
from pvz_desktop.workflows.views import ItemView, item_view, shipment_view

WORKFLOW = "returns"
S = ShipmentStatus
REQUEST_STATUS_LABELS = {"accepted": word("возврат принят"), "rejected": word("в возврате отказано")}


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return word("возврат принят") if self is Decision.APPROVED else word("в приёме возврата отказано")


@dataclass(frozen=True)
class ReturnCandidate:
    """What the cashier sees after the scan: the request next to what was issued."""

    request_number: str
    posting_number: str
    customer_name: str
    issued_at: datetime | None
    requested_items: tuple[str, ...]
    reason: str
    issued_items: tuple[ItemView, ...]  # the lines the customer took (refused lines excluded)

    @property
    def unknown_items(self) -> tuple[str, ...]:
        """Requested names that were not issued in this shipment (a request that cannot be right)."""
        return _unmatched(self.requested_items, self.issued_items)


@dataclass(frozen=True)
class ReturnChecklist:
    condition_ok: bool  # no damage beyond what the reason explains, presentable
    complete: bool  # all parts, accessories, labels and packaging
    item_matches: bool  # the item brought is the one in the request
    reason_matches: bool  # what the cashier sees fits the stated reason

    @property
    def matches_request(self) -> bool:
        return self.item_matches and self.reason_matches

    @property
    def failures(self) -> tuple[str, ...]:
        checks = (
            (self.condition_ok, word("товар повреждён или утратил товарный вид")),
            (self.complete, word("неполная комплектация")),
            (self.item_matches, word("товар не совпадает с заявкой")),
            (self.reason_matches, word("причина не подтверждается")),
        )
        return tuple(text for ok, text in checks if not ok)


@dataclass(frozen=True)
class ReturnReceipt:
    """Everything the customer's printed return receipt needs."""

    op_id: str
    point_name: str
    employee_name: str
    decided_at: datetime  # UTC
    request_number: str
    posting_number: str
    customer_name: str
    items: tuple[ItemView, ...]
    reason: str  # the customer's reason from the request
    decision: Decision
    rejection_reason: str  # empty when approved

    @property
    def decided_at_local(self) -> datetime:
        return to_local(self.decided_at)


def _unmatched(names: tuple[str, ...], items: tuple[ItemView, ...]) -> tuple[str, ...]:
    pool = [i.name for i in items]
    missing = []
    for name in names:
        if name in pool:
            pool.remove(name)
        else:
            missing.append(name)
    return tuple(missing)


def _returned_lines(names: tuple[str, ...], items: tuple[ItemView, ...]) -> tuple[ItemView, ...]:
    """The issued lines the request names, each line used once."""
    pool = list(items)
    picked = []
    for name in names:
        for item in pool:
            if item.name == name:
                picked.append(item)
                pool.remove(item)
                break
    return tuple(picked)


def _request_for(session: Session, code: str, kind: BarcodeKind) -> tuple[ReturnRequest, Shipment]:
    if kind is BarcodeKind.RETURN_REQUEST:
        request = session.scalar(select(ReturnRequest).where(ReturnRequest.number == code))
        if request is None:
            raise NotFound(msg("Заявка {code} не найдена. Проверьте номер или дождитесь синхронизации.", code=code))
        shipment = session.get(Shipment, request.shipment_id)
        assert shipment is not None  # a foreign key
    else:
        shipment = shipment_by_posting(session, code)
        requests = session.scalars(
            select(ReturnRequest).where(ReturnRequest.shipment_id == shipment.id).order_by(ReturnRequest.id.desc())
        ).all()
        if not requests:
            raise NotFound(
                msg(
                    "По отправлению {code} нет заявки на возврат: покупатель оформляет её в приложении, затем "
                    "покажите её штрихкод RT-…",
                    code=code,
                )
            )
        request = next((r for r in requests if r.status == "open"), requests[0])
    if request.status != "open":
        raise StateConflict(
            msg(
                "Заявка {number} уже рассмотрена: {request_status}.",
                number=request.number,
                request_status=Text.of(REQUEST_STATUS_LABELS[request.status]),
            )
        )
    if shipment.status != S.ISSUED:
        raise StateConflict(
            msg(
                "{shipment}. Возврат принимается только по выданному отправлению.",
                shipment=shipment_view(shipment).describe(),
            )
        )
    return request, shipment


def _candidate(request: ReturnRequest, shipment: Shipment) -> ReturnCandidate:
    return ReturnCandidate(
        request_number=request.number,
        posting_number=shipment.posting_number,
        customer_name=shipment.customer.display_name if shipment.customer is not None else "",
        issued_at=shipment.issued_at,
        requested_items=tuple(json.loads(request.item_names)),
        reason=request.reason,
        issued_items=tuple(item_view(i) for i in shipment.items if not i.refused),
    )


def find_return(ctx: WorkflowContext, raw: str) -> ReturnCandidate:
    """The open request behind a scanned ``RT-…`` barcode or an issued posting number."""
    code = expect_kind(ctx.profile, raw, BarcodeKind.RETURN_REQUEST, BarcodeKind.SHIPMENT)
    with ctx.store.read() as session:
        return _candidate(*_request_for(session, code.code, code.kind))


def decide_return(
    ctx: WorkflowContext,
    raw: str,
    checklist: ReturnChecklist,
    decision: Decision | str,
    reason: str = "",
    photo_path: str | None = None,
) -> ReturnReceipt:
    """Approve (shipment → ``to_return``) or reject with a reason; the receipt is for the customer."""
    decision = Decision(decision)
    reason = reason.strip()
    if decision is Decision.REJECTED and not reason:
        raise BadInput(msg("Укажите причину отказа в приёме возврата: она будет напечатана в квитанции покупателю."))
    if decision is Decision.APPROVED and checklist.failures:
        raise BadInput(
            msg("Принять возврат нельзя: {items}. Оформите отказ с причиной.", items=listing(checklist.failures))
        )
    code = expect_kind(ctx.profile, raw, BarcodeKind.RETURN_REQUEST, BarcodeKind.SHIPMENT)
    with operation(ctx, WORKFLOW, "customer_return") as op:
        ensure_shift_open(op.session, ctx)
        request, shipment = _request_for(op.session, code.code, code.kind)
        candidate = _candidate(request, shipment)
        if decision is Decision.APPROVED:
            if candidate.unknown_items:
                raise StateConflict(
                    msg(
                        "В заявке {number} есть товар, которого нет в выданном отправлении {posting_number}: "
                        "«{unknown_items}». Принять такой возврат нельзя.",
                        number=request.number,
                        posting_number=shipment.posting_number,
                        unknown_items=candidate.unknown_items[0],
                    )
                )
            op.transition(
                shipment, Action.CUSTOMER_RETURN, request=request.number, items=list(candidate.requested_items)
            )
            request.status = "accepted"
        else:
            op.record("return_rejected", shipment=shipment, request=request.number, reason=reason)
            request.status = "rejected"
        op.session.add(
            ReturnCase(
                return_request_id=request.id,
                shipment_id=shipment.id,
                condition_ok=checklist.condition_ok,
                complete=checklist.complete,
                matches_request=checklist.matches_request,
                decision=decision.value,
                reason=reason,
                photo_path=photo_path,
                employee_id=ctx.actor.employee_id,
                created_at=op.now,
                decided_at=op.now,
            )
        )
        op.payload.update(
            request=request.number,
            posting=shipment.posting_number,
            decision=decision.value,
            reason=reason,
            checklist={
                "condition_ok": checklist.condition_ok,
                "complete": checklist.complete,
                "item_matches": checklist.item_matches,
                "reason_matches": checklist.reason_matches,
            },
        )
        return ReturnReceipt(
            op_id=op.op_id,
            point_name=ctx.actor.point_name,
            employee_name=ctx.actor.employee_name or ctx.actor.employee_id,
            decided_at=op.now,
            request_number=request.number,
            posting_number=shipment.posting_number,
            customer_name=candidate.customer_name,
            items=_returned_lines(candidate.requested_items, candidate.issued_items),
            reason=candidate.reason,
            decision=decision,
            rejection_reason=reason if decision is Decision.REJECTED else "",
        )
