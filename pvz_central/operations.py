"""Apply counter operations exactly once: re-check every transition with the counter's own core rules.

The counter sends its outbox row: ``kind`` and a payload whose ``transitions`` list each
status change ({posting, action, from, to, details}). The server is the authority: a
transition whose ``from`` is not the shipment's status here (another counter got there
first), or that the core table does not allow, refuses the whole operation with a reason
the cashier can read. Nothing of a refused operation is applied.

``apply_in_order`` is the one path of both routes (one operation, a batch): each operation is
looked up by its Idempotency-Key first (a replay answers the stored result), then applied in its
own savepoint, so a refusal undoes that operation only; its answer is stored with the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_central import feed
from pvz_central.models import (
    OperationRecord,
    Point,
    ReturnRequest,
    Shipment,
    ShipmentEvent,
    ShipmentItem,
    SupportMessage,
    SupportTicket,
    TransportPackage,
    User,
    Waybill,
)
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.statuses import Action, ShipmentStatus, next_status

S = ShipmentStatus
CREATION_KINDS = ("arrived_unexpected", "split_refusal")
KEY_REUSED = "Ключ идемпотентности уже использован для другой операции."


class Refused(DomainError):
    """The operation does not fit the server's state; nothing of it is applied."""

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None, posting: str | None = None) -> None:
        super().__init__(message, code=code)
        self.posting = posting


def parse_time(value: Any, default: datetime) -> datetime:
    if not isinstance(value, str):
        return default
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return default
    return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone().replace(tzinfo=None)


def shipment_in_point(session: Session, point: Point, posting: str) -> Shipment:
    shipment = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None or shipment.point_id != point.id:
        raise Refused(
            f"Отправление {posting} не числится за этим пунктом на сервере.", code="not_found", posting=posting
        )
    return shipment


def waybill_in_point(session: Session, point: Point, number: str) -> Waybill:
    waybill = session.scalar(select(Waybill).where(Waybill.number == number))
    if waybill is None or waybill.point_id != point.id:
        raise Refused(f"Накладная {number} не числится за этим пунктом на сервере.", code="not_found")
    return waybill


class Applier:
    """One operation in one transaction (the caller holds the point's lock)."""

    def __init__(self, session: Session, point: Point, user: User, key: str, payload: Mapping[str, Any]) -> None:
        self.session = session
        self.point = point
        self.user = user
        self.key = key
        self.payload = payload
        self.at = parse_time(payload.get("at"), utcnow())
        self.workstation = str(payload.get("workstation") or "")[:64]
        self.shipments: dict[str, Shipment] = {}
        self.waybills: dict[str, Waybill] = {}

    def apply(self, kind: str) -> dict[str, Any]:
        for t in self.payload.get("transitions") or []:
            self._transition(t)
        extra = EXTRAS.get(kind)
        if extra is not None:
            extra(self)
        self.session.flush()
        for w in self.waybills.values():
            feed.record_waybill(self.session, self.point, w)
        for s in self.shipments.values():
            feed.record_shipment(self.session, self.point, s)
        return {
            "result": "applied",
            "op_id": self.key,
            "shipments": [
                {"posting": s.posting_number, "status": s.status, "version": s.version} for s in self.shipments.values()
            ],
        }

    def _shipment(self, posting: str) -> Shipment:
        if posting not in self.shipments:
            self.shipments[posting] = shipment_in_point(self.session, self.point, posting)
        return self.shipments[posting]

    def _transition(self, t: Mapping[str, Any]) -> None:
        posting, action, frm, to = str(t["posting"]), str(t["action"]), t.get("from"), str(t["to"])
        details = t.get("details") or {}
        if frm is None:
            shipment = self._create(posting, action, to, details)
        else:
            try:
                act = Action(action)
            except ValueError:
                raise Refused(f"Неизвестное действие «{action}» с отправлением {posting}.", code="bad_action") from None
            shipment = self._shipment(posting)
            if shipment.status != frm:
                raise Refused(
                    f"Отправление {posting} уже в статусе «{S(shipment.status).label}» "
                    f"(на этой стойке было «{S(frm).label}»): его изменили на другой стойке. Данные обновлены.",
                    code="stale",
                    posting=posting,
                )
            after = next_status(frm, act, posting=posting)  # IllegalTransition is a DomainError
            if after.value != to:
                raise Refused(
                    f"Нельзя {action}: отправление {posting} из «{S(frm).label}» переходит в «{after.label}».",
                    code="illegal_transition",
                    posting=posting,
                )
            self._fields(shipment, act, details)
            shipment.status = after.value
        shipment.version += 1
        shipment.updated_at = utcnow()
        self.session.add(
            ShipmentEvent(
                point_id=self.point.id,
                posting_number=posting,
                action=action,
                from_status=frm,
                to_status=to,
                op_key=self.key,
                user_id=self.user.id,
                workstation=self.workstation,
                occurred_at=self.at,
            )
        )

    def _fields(self, s: Shipment, act: Action, details: Mapping[str, Any]) -> None:
        if act is Action.ACCEPT or act is Action.RESOLVE:
            s.received_at = self.at
        elif act is Action.PLACE:
            s.cell = str(details.get("cell") or "")[:32] or None
            s.stored_at = self.at
            s.storage_deadline = self.at + timedelta(days=self.point.storage_days)
        elif act is Action.MOVE:
            s.cell = str(details.get("cell") or "")[:32] or s.cell
        elif act is Action.ISSUE:
            s.issued_at, s.cell = self.at, None
            refused = {int(n) for n in details.get("refused_lines") or []}
            for item in s.items:
                item.refused = item.line_no in refused
        elif act in (Action.REFUSE, Action.PACK, Action.CUSTOMER_RETURN):
            s.cell = None
        elif act is Action.EXTEND:
            s.storage_deadline = parse_time(details.get("deadline_to"), s.storage_deadline or self.at)

    def _create(self, posting: str, action: str, to: str, details: Mapping[str, Any]) -> Shipment:
        if action not in CREATION_KINDS:
            raise Refused(f"Отправление {posting} нельзя завести действием «{action}».", code="bad_action")
        if self.session.scalar(select(Shipment.id).where(Shipment.posting_number == posting)) is not None:
            raise Refused(f"Отправление {posting} уже есть на сервере: повторно его не завести.", code="exists")
        if action == "arrived_unexpected":
            waybill_no = details.get("waybill")
            waybill = waybill_in_point(self.session, self.point, str(waybill_no)) if waybill_no else None
            shipment = Shipment(
                point_id=self.point.id,
                posting_number=posting,
                status=S(to).value,
                waybill=waybill,
                arrived_unexpected=True,
                received_at=self.at,
                version=0,
            )
        else:
            parent = self._shipment(str(details.get("parent") or ""))
            lines = {int(n) for n in details.get("lines") or []}
            shipment = Shipment(
                point_id=self.point.id,
                posting_number=posting,
                order_number=parent.order_number,
                customer_id=parent.customer_id,
                status=S(to).value,
                waybill_id=parent.waybill_id,
                parent_posting=parent.posting_number,
                received_at=self.at,
                version=0,
                items=[
                    ShipmentItem(line_no=i.line_no, name=i.name, qty=i.qty, price=i.price, refused=True)
                    for i in parent.items
                    if i.line_no in lines
                ],
            )
        self.session.add(shipment)
        self.shipments[posting] = shipment
        return shipment

    # Workflow-specific parts that are not shipment transitions.

    def _waybill(self) -> Waybill:
        number = str(self.payload.get("waybill") or "")
        if number not in self.waybills:
            self.waybills[number] = waybill_in_point(self.session, self.point, number)
        return self.waybills[number]

    def waybill_open(self) -> None:
        w = self._waybill()
        if w.status == "closed":
            raise Refused(f"Накладная {w.number} уже закрыта на другой стойке.", code="stale")
        if w.status == "open":
            w.status = "receiving"
            w.version += 1

    def waybill_close(self) -> None:
        w = self._waybill()
        if w.status == "closed":
            raise Refused(f"Накладная {w.number} уже закрыта на другой стойке.", code="stale")
        w.status, w.closed_at = "closed", self.at
        for p in w.packages:
            if p.state == "expected":
                p.state = "missing"
        w.version += 1

    def acceptance_scan(self) -> None:
        outcome, code = self.payload.get("outcome"), str(self.payload.get("code") or "")
        if outcome not in ("package_received", "unexpected_package"):
            return
        w = self._waybill()
        package = self.session.scalar(select(TransportPackage).where(TransportPackage.barcode == code))
        if outcome == "package_received" and package is not None and package.waybill_id == w.id:
            package.state = "received"
        elif package is None:
            self.session.add(TransportPackage(waybill_id=w.id, barcode=code[:32], state="unexpected"))
        elif package.state in ("expected", "missing"):
            package.state, package.waybill_id = "unexpected", w.id
        self.session.flush()
        self.session.expire(w, ["packages"])
        w.version += 1

    def customer_return(self) -> None:
        number = str(self.payload.get("request") or "")
        request = self.session.scalar(select(ReturnRequest).where(ReturnRequest.number == number))
        if request is None or request.point_id != self.point.id:
            raise Refused(f"Заявка {number} не найдена на сервере.", code="not_found")
        if request.status != "open":
            raise Refused(f"Заявка {number} уже рассмотрена на другой стойке.", code="stale")
        request.status = "accepted" if self.payload.get("decision") == "approved" else "rejected"
        self.session.flush()
        feed.record_return_request(self.session, self.point, request)

    def support_ticket_open(self) -> None:
        t = self.payload.get("ticket") or {}
        uuid = str(t.get("uuid") or "")
        if not uuid or self.session.get(SupportTicket, uuid) is not None:
            raise Refused("Обращение уже создано или без номера.", code="exists")
        ticket = SupportTicket(
            uuid=uuid[:36],
            point_id=self.point.id,
            subject=str(t.get("subject") or "Без темы")[:256],
            category=str(t.get("category") or "other")[:32],
            postings=json.dumps([str(p) for p in t.get("postings") or []]),
            employee_id=self.user.id,
            created_at=self.at,
            updated_at=self.at,
        )
        self.session.add(ticket)
        self._support_message(ticket)

    def support_message(self) -> None:
        uuid = str(self.payload.get("ticket_uuid") or "")
        ticket = self.session.get(SupportTicket, uuid)
        if ticket is None or ticket.point_id != self.point.id:
            raise Refused(f"Обращение {uuid} не найдено.", code="not_found")
        ticket.status, ticket.updated_at = "open", self.at
        self._support_message(ticket)

    def support_close(self) -> None:
        uuid = str(self.payload.get("ticket_uuid") or "")
        ticket = self.session.get(SupportTicket, uuid)
        if ticket is None or ticket.point_id != self.point.id:
            raise Refused(f"Обращение {uuid} не найдено.", code="not_found")
        ticket.status, ticket.updated_at = "closed", self.at

    def _support_message(self, ticket: SupportTicket) -> None:
        m = self.payload.get("message") or {}
        body = str(m.get("body") or "").strip()
        if not body:
            raise Refused("Пустое сообщение в поддержку не отправлено.", code="bad_input")
        message = SupportMessage(
            uuid=str(m.get("uuid") or self.key)[:36],
            ticket=ticket,
            author="employee",
            author_name=self.user.display_name,
            body=body,
            created_at=self.at,
        )
        self.session.add(message)
        self.session.flush()
        feed.record_support_message(self.session, self.point, message)


EXTRAS = {
    "waybill_open": Applier.waybill_open,
    "waybill_close": Applier.waybill_close,
    "acceptance_scan": Applier.acceptance_scan,
    "customer_return": Applier.customer_return,
    "support_ticket_open": Applier.support_ticket_open,
    "support_message": Applier.support_message,
    "support_close": Applier.support_close,
}


@dataclass(frozen=True)
class Submitted:
    """One operation as the counter sent it: its key, kind, payload and the hash of its body."""

    key: str
    kind: str
    payload: Mapping[str, Any]
    body_hash: str


@dataclass(frozen=True)
class Outcome:
    """The answer to one operation: 200 applied, 409 refused, 422 the key was used for another body."""

    status: int
    body: dict[str, Any]
    replayed: bool = False  # the answer stored with the key the first time

    @property
    def applied_now(self) -> bool:
        return self.status == 200 and not self.replayed


def refusal(key: str, reason: str, code: str, posting: str | None) -> dict[str, Any]:
    return {"result": "refused", "op_id": key, "reason": reason, "code": code, "posting": posting}


def apply_in_order(session: Session, point: Point, user: User, ops: Sequence[Submitted]) -> list[Outcome]:
    """Apply ``ops`` in order in the caller's transaction (which holds the point's lock).

    Each operation gets its own savepoint: a refusal rolls back that operation alone, the
    others stay. A key already stored (earlier, or earlier in ``ops``) is a replay.
    """
    keys = sorted({op.key for op in ops})
    known = {r.key: r for r in session.scalars(select(OperationRecord).where(OperationRecord.key.in_(keys)))}
    outcomes: list[Outcome] = []
    for op in ops:
        done = known.get(op.key)
        if done is not None:
            if done.point_id != point.id or done.body_hash != op.body_hash:
                outcomes.append(Outcome(422, refusal(op.key, KEY_REUSED, "key_reused", None)))
            else:
                outcomes.append(Outcome(done.status_code, json.loads(done.result), replayed=True))
            continue
        outcome = _apply_one(session, point, user, op)
        record = OperationRecord(
            key=op.key,
            point_id=point.id,
            user_id=user.id,
            kind=op.kind,
            body_hash=op.body_hash,
            status_code=outcome.status,
            result=json.dumps(outcome.body, ensure_ascii=False),
        )
        session.add(record)
        known[op.key] = record
        outcomes.append(outcome)
    return outcomes


def _apply_one(session: Session, point: Point, user: User, op: Submitted) -> Outcome:
    try:
        with session.begin_nested():
            return Outcome(200, Applier(session, point, user, op.key, op.payload).apply(op.kind))
    except DomainError as exc:
        return Outcome(409, refusal(op.key, exc.message, exc.code, getattr(exc, "posting", None)))
    except (ValueError, TypeError, KeyError) as exc:
        reason = f"Операция с неверными данными не принята ({type(exc).__name__})."
        return Outcome(409, refusal(op.key, reason, "bad_input", None))
