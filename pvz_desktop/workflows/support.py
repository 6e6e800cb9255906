"""Support (поддержка): tickets with a subject, a category, related parcels and a message thread.

Tickets live in the local store and every employee action (create, write, close) is queued in
the outbox for the server, so a question can be asked while the network is down. Replies come
back through sync and are recorded with ``record_reply`` (the ticket becomes ``answered``).
Each action also goes into the ledger, on the related parcels, so a parcel's history shows that
support was asked about it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.core.text import Text, msg, word
from pvz_desktop.store.models import Shipment, SupportMessage, SupportTicket
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.operation import Operation, operation

WORKFLOW = "support"
MAX_SUBJECT = 256
MAX_BODY = 4000


class Category(StrEnum):
    SHIPMENT = "shipment"
    DAMAGE = "damage"
    RETURN = "return"
    PAYMENT = "payment"
    EQUIPMENT = "equipment"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.SHIPMENT: word("Отправление: не пришло, не найдено, излишек"),
    Category.DAMAGE: word("Повреждение или вскрытие"),
    Category.RETURN: word("Возврат"),
    Category.PAYMENT: word("Оплата и касса"),
    Category.EQUIPMENT: word("Оборудование и программа"),
    Category.OTHER: word("Другое"),
}


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": word("ждёт ответа"), "answered": word("есть ответ"), "closed": word("закрыто")}[self.value]


@dataclass(frozen=True)
class MessageView:
    uuid: str
    author: str  # employee / support
    author_name: str
    body: str
    created_at: datetime  # UTC


@dataclass(frozen=True)
class TicketView:
    uuid: str
    subject: str
    category: Category
    postings: tuple[str, ...]
    status: TicketStatus
    employee_id: str
    created_at: datetime  # UTC
    updated_at: datetime
    messages: tuple[MessageView, ...]


def _view(t: SupportTicket) -> TicketView:
    return TicketView(
        uuid=t.uuid,
        subject=t.subject,
        category=Category(t.category),
        postings=tuple(json.loads(t.postings)),
        status=TicketStatus(t.status),
        employee_id=t.employee_id,
        created_at=t.created_at,
        updated_at=t.updated_at,
        messages=tuple(MessageView(m.uuid, m.author, m.author_name, m.body, m.created_at) for m in t.messages),
    )


def _text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise BadInput(msg("Заполните {what}.", what=Text.of(what)))
    if len(value) > limit:
        raise BadInput(
            msg(
                "Слишком длинно: {what} — не больше {limit} знаков, сейчас {length}.",
                what=Text.of(what),
                limit=limit,
                length=len(value),
            )
        )
    return value


def _ticket(session: Session, ticket_uuid: str) -> SupportTicket:
    t = session.scalar(
        select(SupportTicket).where(SupportTicket.uuid == ticket_uuid).options(selectinload(SupportTicket.messages))
    )
    if t is None:
        raise NotFound(msg("Обращение не найдено: возможно, оно ещё не пришло с сервера."))
    return t


def _open_ticket(session: Session, ticket_uuid: str) -> SupportTicket:
    t = _ticket(session, ticket_uuid)
    if t.status == TicketStatus.CLOSED:
        raise StateConflict(msg("Обращение «{subject}» закрыто: создайте новое.", subject=t.subject))
    return t


def _record(op: Operation, t: SupportTicket, kind: str, **details: object) -> None:
    """One ledger event per related parcel known here (so its history shows it), else one event."""
    postings = json.loads(t.postings)
    shipments = op.session.scalars(select(Shipment).where(Shipment.posting_number.in_(postings))).all()
    for shipment in shipments or [None]:
        op.record(kind, shipment=shipment, ticket=t.uuid, **details)


def _author(ctx: WorkflowContext) -> str:
    return ctx.actor.employee_name or ctx.actor.employee_id


def _message(t: SupportTicket, author: str, name: str, body: str, at: datetime, message_uuid: str) -> SupportMessage:
    m = SupportMessage(uuid=message_uuid, author=author, author_name=name, body=body, created_at=at)
    t.messages.append(m)
    t.updated_at = at
    return m


def create_ticket(
    ctx: WorkflowContext, subject: str, category: Category | str, body: str, postings: Sequence[str] = ()
) -> TicketView:
    subject = _text(subject, word("тему обращения"), MAX_SUBJECT)
    body = _text(body, word("текст обращения"), MAX_BODY)
    try:
        category = Category(category)
    except ValueError:
        raise BadInput(msg("Неизвестная категория обращения «{category}».", category=category)) from None
    codes = list(dict.fromkeys(expect_kind(ctx.profile, p, BarcodeKind.SHIPMENT).code for p in postings))
    # Outbox kinds and payload shapes are the central API's contract (pvz_central/operations.py).
    with operation(ctx, WORKFLOW, "support_ticket_open") as op:
        t = SupportTicket(
            uuid=str(uuid.uuid4()),
            subject=subject,
            category=category.value,
            postings=json.dumps(codes, ensure_ascii=False),
            status=TicketStatus.OPEN.value,
            employee_id=ctx.actor.employee_id,
            created_at=op.now,
            updated_at=op.now,
        )
        op.session.add(t)
        m = _message(t, "employee", _author(ctx), body, op.now, str(uuid.uuid4()))
        _record(op, t, "support_ticket_created", category=category.value)
        op.payload.update(
            ticket={"uuid": t.uuid, "subject": subject, "category": category.value, "postings": codes},
            message={"uuid": m.uuid, "body": body},
        )
        op.session.flush()
        return _view(t)


def add_message(ctx: WorkflowContext, ticket_uuid: str, body: str) -> TicketView:
    """The employee writes in the thread; the ticket waits for support again."""
    body = _text(body, word("текст сообщения"), MAX_BODY)
    with operation(ctx, WORKFLOW, "support_message") as op:
        t = _open_ticket(op.session, ticket_uuid)
        m = _message(t, "employee", _author(ctx), body, op.now, str(uuid.uuid4()))
        t.status = TicketStatus.OPEN.value
        _record(op, t, "support_message_sent", message=m.uuid)
        op.payload.update(ticket_uuid=t.uuid, message={"uuid": m.uuid, "body": body})
        op.session.flush()
        return _view(t)


def close_ticket(ctx: WorkflowContext, ticket_uuid: str) -> TicketView:
    with operation(ctx, WORKFLOW, "support_close") as op:
        t = _open_ticket(op.session, ticket_uuid)
        t.status, t.updated_at = TicketStatus.CLOSED.value, op.now
        _record(op, t, "support_ticket_closed")
        op.payload["ticket_uuid"] = t.uuid
        return _view(t)


def record_reply(
    ctx: WorkflowContext,
    ticket_uuid: str,
    message_uuid: str,
    body: str,
    author_name: str = "Поддержка",
    at: datetime | None = None,
) -> TicketView:
    """A reply that arrived from the server. Delivered twice, it is stored once."""
    with operation(ctx, WORKFLOW, "support_reply") as op:
        op.push = False  # it came from the server: nothing to send back
        t = _ticket(op.session, ticket_uuid)
        if any(m.uuid == message_uuid for m in t.messages):
            return _view(t)
        _message(t, "support", author_name, body, at or op.now, message_uuid)
        if t.status != TicketStatus.CLOSED:  # a late reply does not reopen a ticket closed here
            t.status = TicketStatus.ANSWERED.value
        _record(op, t, "support_reply_received", message=message_uuid)
        op.session.flush()
        return _view(t)


def tickets(ctx: WorkflowContext, status: TicketStatus | str | None = None) -> list[TicketView]:
    """Tickets, most recently updated first."""
    stmt = select(SupportTicket).options(selectinload(SupportTicket.messages))
    if status is not None:
        stmt = stmt.where(SupportTicket.status == TicketStatus(status).value)
    with ctx.store.read() as session:
        rows = session.scalars(stmt.order_by(SupportTicket.updated_at.desc(), SupportTicket.id.desc()))
        return [_view(t) for t in rows]


def ticket(ctx: WorkflowContext, ticket_uuid: str) -> TicketView:
    with ctx.store.read() as session:
        return _view(_ticket(session, ticket_uuid))
