from __future__ import annotations

import json
from datetime import datetime

import pytest

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.workflows.ledger import history
from pvz_desktop.workflows.support import (
    Category,
    MessageView,
    TicketStatus,
    add_message,
    close_ticket,
    create_ticket,
    record_reply,
    ticket,
    tickets,
)
from tests.workflows.counter_builders import events, outbox


@pytest.fixture
def damaged(point):
    point.add_customer("48213377")
    return point.add_shipment(customer="48213377", status="received")


def test_a_ticket_is_stored_and_queued_for_the_server(ctx, store, damaged):
    t = create_ticket(
        ctx, "  Вскрыта упаковка ", "damage", "Коробка пришла вскрытой, фото приложено.", [damaged, damaged]
    )

    assert (t.subject, t.category, t.status, t.postings) == (
        "Вскрыта упаковка",
        Category.DAMAGE,
        TicketStatus.OPEN,
        (damaged,),
    )
    assert [(m.author, m.author_name, m.body) for m in t.messages] == [
        ("employee", "Смирнова О.", "Коробка пришла вскрытой, фото приложено.")
    ]
    assert ticket(ctx, t.uuid) == t
    [(kind, payload)] = outbox(store)
    assert kind == "support_ticket_open"
    assert payload["ticket"] == {
        "uuid": t.uuid,
        "subject": "Вскрыта упаковка",
        "category": "damage",
        "postings": [damaged],
    }
    assert payload["message"] == {"uuid": t.messages[0].uuid, "body": "Коробка пришла вскрытой, фото приложено."}
    # The parcel's own history shows that support was asked about it.
    assert [e.kind for e in history(ctx, damaged).events] == ["support_ticket_created"]


def test_a_ticket_about_no_known_parcel_still_goes_to_the_ledger(ctx, store):
    t = create_ticket(ctx, "Не печатает принтер", Category.EQUIPMENT, "Горит красный индикатор")
    [event] = events(store, "support_ticket_created")
    assert event.shipment_id is None and json.loads(event.details)["ticket"] == t.uuid


def test_the_thread_goes_back_and_forth_until_closed(ctx, store, damaged):
    t = create_ticket(ctx, "Вскрыта упаковка", "damage", "Коробка пришла вскрытой", [damaged])
    answer_at = datetime(2026, 11, 27, 10, 30)

    answered = record_reply(ctx, t.uuid, "srv-msg-1", "Примите с актом о повреждении", "Оператор Анна", answer_at)
    assert answered.status is TicketStatus.ANSWERED
    assert answered.messages[-1] == MessageView(
        "srv-msg-1", "support", "Оператор Анна", "Примите с актом о повреждении", answer_at
    )
    again = add_message(ctx, t.uuid, "Акт составлен")
    assert again.status is TicketStatus.OPEN and len(again.messages) == 3
    closed = close_ticket(ctx, t.uuid)
    assert closed.status is TicketStatus.CLOSED

    # The server hears about the ticket, the message and the close; the reply is not sent back.
    assert [k for k, _ in outbox(store)] == ["support_ticket_open", "support_message", "support_close"]
    assert [t.status for t in tickets(ctx)] == [TicketStatus.CLOSED]
    assert tickets(ctx, "open") == []


def test_a_reply_delivered_twice_is_stored_once(ctx, store, unchanged):
    t = create_ticket(ctx, "Вопрос", "other", "Текст")
    record_reply(ctx, t.uuid, "srv-msg-1", "Ответ")
    with unchanged():
        view = record_reply(ctx, t.uuid, "srv-msg-1", "Ответ")
    assert len(view.messages) == 2


def test_a_late_reply_to_a_closed_ticket_is_kept_without_reopening_it(ctx):
    t = create_ticket(ctx, "Вопрос", "other", "Текст")
    close_ticket(ctx, t.uuid)
    view = record_reply(ctx, t.uuid, "srv-msg-1", "Ответ")
    assert view.status is TicketStatus.CLOSED and view.messages[-1].body == "Ответ"


def test_a_closed_ticket_takes_no_more_messages(ctx, unchanged):
    t = create_ticket(ctx, "Вопрос", "other", "Текст")
    close_ticket(ctx, t.uuid)
    for attempt in (lambda: add_message(ctx, t.uuid, "Ещё"), lambda: close_ticket(ctx, t.uuid)):
        with unchanged(), pytest.raises(StateConflict) as err:
            attempt()
        assert "закрыто" in err.value.message


@pytest.mark.parametrize(
    ("subject", "category", "body", "postings", "text"),
    [
        ("  ", "other", "Текст", (), "тему обращения"),
        ("Тема", "other", "", (), "текст обращения"),
        ("Т" * 257, "other", "Текст", (), "не больше 256"),
        ("Тема", "other", "Т" * 4001, (), "не больше 4000"),
        ("Тема", "complaint", "Текст", (), "Неизвестная категория"),
        ("Тема", "other", "Текст", ("GM0000000001",), "Ожидался штрихкод: отправление"),
    ],
)
def test_bad_tickets_are_refused(ctx, unchanged, subject, category, body, postings, text):
    with unchanged(), pytest.raises(BadInput) as err:
        create_ticket(ctx, subject, category, body, postings)
    assert text in err.value.message


def test_unknown_ticket_and_empty_message_are_refused(ctx, unchanged):
    t = create_ticket(ctx, "Вопрос", "other", "Текст")
    with unchanged(), pytest.raises(BadInput):
        add_message(ctx, t.uuid, "  ")
    for attempt in (
        lambda: add_message(ctx, "no-such-ticket", "Текст"),
        lambda: record_reply(ctx, "no-such-ticket", "m", "Ответ"),
    ):
        with unchanged(), pytest.raises(NotFound) as err:
            attempt()
        assert "Обращение не найдено" in err.value.message
