"""Поддержка: tickets to the carrier's support with the shipments they concern, the thread
of messages, a reply box. A shipment scanned here is attached to the new ticket."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.gui import palette
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import action_button, compact_combo, make_table
from pvz_desktop.workflows import support
from pvz_desktop.workflows.support import Category, TicketView


class SupportPage(Page):
    key = "support"
    ticket_saved = Signal(object)  # TicketView

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.selected: TicketView | None = None
        self._build()

    def title(self) -> str:
        return self.tr("Поддержка")

    def prompt(self) -> str:
        return self.tr("Опишите вопрос и отправьте обращение (F9); отсканированное отправление добавится к нему")

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.model: RecordTableModel[TicketView] = RecordTableModel(
            [
                Column(self.tr("Обновлено"), lambda t: to_local(t.updated_at).strftime("%d.%m %H:%M")),
                Column(self.tr("Тема"), lambda t: t.subject),
                Column(
                    self.tr("Статус"),
                    lambda t: render(t.status.label),
                    background=lambda t: palette.ROW_DONE if t.status.value == "answered" else None,
                ),
            ],
            self,
        )
        self.table = make_table(self.model, "tickets", stretch_column=1)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        ll.addWidget(self.table, 1)
        new = QGroupBox(self.tr("Новое обращение"))
        form = QFormLayout(new)
        self.subject = QLineEdit()
        self.subject.setObjectName("ticket_subject")
        self.category = QComboBox()
        self.category.setObjectName("ticket_category")
        for c in Category:
            self.category.addItem(render(c.label), c.value)
        compact_combo(self.category, 20)
        self.postings = QLineEdit()
        self.postings.setObjectName("ticket_postings")
        self.postings.setPlaceholderText(self.tr("отсканируйте отправления или впишите через запятую"))
        self.body = QPlainTextEdit()
        self.body.setObjectName("ticket_body")
        self.body.setMaximumHeight(100)
        form.addRow(self.tr("Тема"), self.subject)
        form.addRow(self.tr("Категория"), self.category)
        form.addRow(self.tr("Отправления"), self.postings)
        form.addRow(self.tr("Текст"), self.body)
        self.send_button = action_button(self.tr("F9 Отправить обращение"), "F9", "ticket_create", primary=True)
        form.addRow(self.send_button)
        ll.addWidget(new)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.thread = QTextBrowser()
        self.thread.setObjectName("ticket_thread")
        rl.addWidget(self.thread, 1)
        self.reply = QPlainTextEdit()
        self.reply.setObjectName("ticket_reply")
        self.reply.setMaximumHeight(90)
        rl.addWidget(self.reply)
        row = QHBoxLayout()
        self.reply_button = action_button(self.tr("F7 Ответить"), "F7", "ticket_reply_send")
        self.close_button = action_button(self.tr("F8 Закрыть обращение"), "F8", "ticket_close")
        row.addWidget(self.reply_button)
        row.addWidget(self.close_button)
        rl.addLayout(row)
        split.addWidget(right)
        layout.addWidget(split, 1)
        self.send_button.clicked.connect(self.create)
        self.reply_button.clicked.connect(self.send_reply)
        self.close_button.clicked.connect(self.close_selected)
        self._render_thread()

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return frozenset({BarcodeKind.SHIPMENT})

    def handle_scan(self, code: Barcode) -> None:
        current = [p.strip() for p in self.postings.text().split(",") if p.strip()]
        if code.code not in current:
            current.append(code.code)
        self.postings.setText(", ".join(current))
        self.services.feedback.ok(self.tr("{posting} добавлено к обращению").format(posting=code.code))

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        ctx = self.ctx
        self.read(lambda: support.tickets(ctx), self._show)

    def _show(self, rows: list[TicketView]) -> None:
        keep = self.selected.uuid if self.selected else None
        self.model.set_rows(rows)
        for i, t in enumerate(rows):
            if t.uuid == keep:
                self.table.selectRow(i)
                self.selected = t
        self._render_thread()

    def _selected(self) -> None:
        index = self.table.currentIndex()
        self.selected = self.model.row_at(index.row()) if index.isValid() else None
        self._render_thread()

    def create(self) -> None:
        ctx = self.ctx
        subject, category, body = self.subject.text(), self.category.currentData(), self.body.toPlainText()
        postings = [p.strip() for p in self.postings.text().split(",") if p.strip()]

        def done(ticket: TicketView) -> None:
            for w in (self.subject, self.postings):
                w.clear()
            self.body.clear()
            self.selected = ticket
            self.services.feedback.ok(
                self.tr("Обращение «{subject}» сохранено и будет отправлено").format(subject=ticket.subject)
            )
            self.refresh()
            self.ticket_saved.emit(ticket)

        self.write(lambda: support.create_ticket(ctx, subject, category, body, postings), done)

    def send_reply(self) -> None:
        if self.selected is None:
            return
        ctx, uuid, body = self.ctx, self.selected.uuid, self.reply.toPlainText()

        def done(ticket: TicketView) -> None:
            self.reply.clear()
            self.selected = ticket
            self.services.feedback.ok(self.tr("Сообщение отправлено"))
            self.refresh()

        self.write(lambda: support.add_message(ctx, uuid, body), done)

    def close_selected(self) -> None:
        if self.selected is None:
            return
        ctx, uuid = self.ctx, self.selected.uuid

        def done(ticket: TicketView) -> None:
            self.selected = ticket
            self.services.feedback.info(self.tr("Обращение закрыто"))
            self.refresh()

        self.write(lambda: support.close_ticket(ctx, uuid), done)

    def _render_thread(self) -> None:
        t = self.selected
        self.reply_button.setEnabled(t is not None and t.status.value != "closed")
        self.close_button.setEnabled(t is not None and t.status.value != "closed")
        if t is None:
            self.thread.setPlainText(self.tr("Выберите обращение слева или создайте новое."))
            return
        parts = [f"<h3>{t.subject}</h3><p>{render(t.category.label)} · {render(t.status.label)}</p>"]
        if t.postings:
            parts.append(f"<p>{self.tr('Отправления')}: {', '.join(t.postings)}</p>")
        for m in t.messages:
            who = m.author_name or m.author
            colour = palette.MESSAGE_SUPPORT if m.author == "support" else palette.MESSAGE_OWN
            when = to_local(m.created_at).strftime("%d.%m.%Y %H:%M")
            body = m.body.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
            parts.append(f"<div style='background:{colour}; padding:6px'><b>{who}</b> · {when}<br>{body}</div><br>")
        self.thread.setHtml("".join(parts))
