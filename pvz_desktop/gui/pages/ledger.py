"""Отправления: search, results, a shipment's timeline, storage-deadline alerts, chain check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.defect_places import DefectPlace
from pvz_desktop.core.money import format_rub
from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.gui import palette
from pvz_desktop.gui.defect_photos import DefectPhotoStrip
from pvz_desktop.gui.dialogs import confirm
from pvz_desktop.gui.labels import event_label, status_label
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import reason, render, with_stop
from pvz_desktop.gui.widgets import action_button, caption, compact_combo, make_table
from pvz_desktop.workflows import expiry, ledger
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.defects import DefectKind
from pvz_desktop.workflows.ledger import (
    ChainReport,
    DeadlineCounts,
    DeadlineReport,
    EventView,
    ShipmentHistory,
    ShipmentQuery,
)
from pvz_desktop.workflows.views import ShipmentView


def _deadline(view: ShipmentView) -> str:
    return to_local(view.storage_deadline).strftime("%d.%m %H:%M") if view.storage_deadline else ""


def _details(event: EventView) -> str:
    if event.kind == "defect_recorded":
        return _defect_details(event.details)
    return ", ".join(f"{k}: {v}" for k, v in sorted(event.details.items()) if v not in (None, "", []))


def _defect_details(details: dict) -> str:
    """An act of a defect in words: what is wrong, where it was found, the note, how many photos
    (the photos themselves are shown under the history, by their hashes)."""
    parts = []
    if details.get("defect") in DefectKind.__members__.values():
        parts.append(render(DefectKind(details["defect"]).label))
    if details.get("place") in DefectPlace.__members__.values():
        parts.append(render(DefectPlace(details["place"]).label))
    if details.get("note"):
        parts.append(f"«{details['note']}»")
    photos = details.get("photos") or []
    if photos:
        parts.append(QCoreApplication.translate("LedgerPage", "фото: {n}").format(n=len(photos)))
    return "; ".join(parts)


class LedgerPage(Page):
    key = "ledger"
    history_shown = Signal(object)  # ShipmentHistory
    searched = Signal(int)  # number of rows found
    chain_checked = Signal(object)  # ChainReport

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.deadlines: DeadlineCounts | None = None
        self.history: ShipmentHistory | None = None
        self._build()

    def title(self) -> str:
        return self.tr("Отправления")

    def prompt(self) -> str:
        return self.tr("Отсканируйте отправление, чтобы увидеть его историю, или найдите его по номеру")

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        alerts = QHBoxLayout()
        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("deadline_overdue")
        self.today_button = QPushButton()
        self.today_button.setObjectName("deadline_today")
        self.tomorrow_button = QPushButton()
        self.tomorrow_button.setObjectName("deadline_tomorrow")
        self.sweep_button = action_button(self.tr("F8 Отправить просроченные в возврат"), "F8", "expiry_sweep")
        for b in (self.overdue_button, self.today_button, self.tomorrow_button):
            alerts.addWidget(b)
        alerts.addStretch(1)
        alerts.addWidget(self.sweep_button)
        layout.addLayout(alerts)
        self.overdue_button.clicked.connect(lambda: self._show_deadline("overdue"))
        self.today_button.clicked.connect(lambda: self._show_deadline("due_today"))
        self.tomorrow_button.clicked.connect(lambda: self._show_deadline("due_tomorrow"))
        self.sweep_button.clicked.connect(self.sweep)

        form_box = QGroupBox(self.tr("Поиск"))
        form = QFormLayout(form_box)
        row1 = QHBoxLayout()
        self.posting = QLineEdit()
        self.posting.setObjectName("search_posting")
        self.posting.setPlaceholderText(self.tr("номер или его начало"))
        self.order = QLineEdit()
        self.order.setObjectName("search_order")
        self.customer = QLineEdit()
        self.customer.setObjectName("search_customer")
        self.customer.setPlaceholderText(self.tr("фамилия, 4 цифры телефона или id"))
        row1.addWidget(QLabel(self.tr("Отправление")))
        row1.addWidget(self.posting, 2)
        row1.addWidget(QLabel(self.tr("Заказ")))
        row1.addWidget(self.order, 1)
        row1.addWidget(QLabel(self.tr("Покупатель")))
        row1.addWidget(self.customer, 2)
        form.addRow(row1)
        row2 = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName("search_status")
        self.status.addItem(self.tr("любой"), None)
        for s in ShipmentStatus:
            self.status.addItem(render(s.label), s.value)
        compact_combo(self.status)
        self.cell = QLineEdit()
        self.cell.setObjectName("search_cell")
        self.cell.setPlaceholderText("C-A-01-01")
        self.date_from = QDateEdit()
        self.date_from.setObjectName("search_from")
        self.date_to = QDateEdit()
        self.date_to.setObjectName("search_to")
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd.MM.yyyy")
            d.setSpecialValueText(" ")  # the minimum date means "no limit"
            d.setMinimumDate(QDate(2000, 1, 1))
            d.setDate(d.minimumDate())
        self.search_button = action_button(self.tr("Enter Найти"), None, "search", primary=True)
        self.clear_button = action_button(self.tr("F4 Сбросить"), "F4", "search_clear")
        row2.addWidget(QLabel(self.tr("Статус")))
        row2.addWidget(self.status, 1)
        row2.addWidget(QLabel(self.tr("Ячейка")))
        row2.addWidget(self.cell, 1)
        row2.addWidget(QLabel(self.tr("Изменено с")))
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel(self.tr("по")))
        row2.addWidget(self.date_to)
        form.addRow(row2)
        # The buttons on a row of their own: side by side with the filters the page needed
        # 1,100 px, more than a 1366 px screen leaves beside the demo scanner.
        row3 = QHBoxLayout()
        row3.addStretch(1)
        row3.addWidget(self.search_button)
        row3.addWidget(self.clear_button)
        form.addRow(row3)
        layout.addWidget(form_box)
        for edit in (self.posting, self.order, self.customer, self.cell):
            edit.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear)

        split = QSplitter()
        self.results_caption = caption("", "results_caption", 12, bold=False)
        self.results_model: RecordTableModel[ShipmentView] = RecordTableModel(
            [
                Column(self.tr("Отправление"), lambda v: v.posting_number),
                Column(self.tr("Статус"), lambda v: render(v.status_label)),
                Column(self.tr("Ячейка"), lambda v: v.cell or ""),
                Column(self.tr("Покупатель"), lambda v: v.customer_name),
                Column(self.tr("К оплате"), lambda v: format_rub(v.amount_due) if v.amount_due else "", True),
                Column(self.tr("Хранение до"), _deadline),
            ],
            self,
        )
        self.results = make_table(self.results_model, "search_results", stretch_column=3)
        self.results.selectionModel().currentRowChanged.connect(self._result_selected)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.results_caption)
        lv.addWidget(self.results)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.history_title = caption(self.tr("Выберите отправление или отсканируйте его"), "history_title", 14)
        self.history_items = QLabel()
        self.history_items.setObjectName("history_items")
        self.history_items.setWordWrap(True)
        self.timeline_model: RecordTableModel[EventView] = RecordTableModel(
            [
                Column(self.tr("Когда"), lambda e: to_local(e.occurred_at).strftime("%d.%m.%Y %H:%M:%S")),
                Column(self.tr("Событие"), lambda e: event_label(e.kind)),
                Column(
                    self.tr("Статус"),
                    lambda e: f"{status_label(e.from_status)} → {status_label(e.to_status)}" if e.to_status else "",
                ),
                Column(self.tr("Сотрудник"), lambda e: e.employee_id),
                Column(self.tr("Подробности"), _details),
            ],
            self,
        )
        rv.addWidget(self.history_title)
        rv.addWidget(self.history_items)
        rv.addWidget(make_table(self.timeline_model, "timeline", stretch_column=4), 1)
        self.photos = DefectPhotoStrip(self.services, self)
        rv.addWidget(self.photos)
        split.addWidget(right)
        split.setSizes([820, 420])
        layout.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.chain_button = action_button(self.tr("F7 Проверить журнал"), "F7", "verify_chain")
        self.chain_label = QLabel()
        self.chain_label.setObjectName("chain_result")
        bottom.addWidget(self.chain_button)
        bottom.addWidget(self.chain_label, 1)
        layout.addLayout(bottom)
        self.chain_button.clicked.connect(self.verify_chain)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return frozenset({BarcodeKind.SHIPMENT, BarcodeKind.CELL})

    def handle_scan(self, code: Barcode) -> None:
        if code.kind is BarcodeKind.CELL:
            self.clear()
            self.cell.setText(code.code)
            self.search(
                lambda n: self.services.feedback.info(
                    self.tr("Ячейка {cell}: отправлений {n}").format(cell=code.code, n=n)
                )
            )
            return
        self.show_history(code.code, announce=True)

    # --- search --------------------------------------------------------------------------

    def query(self) -> ShipmentQuery:
        def date_of(edit: QDateEdit) -> date | None:
            return None if edit.date() == edit.minimumDate() else edit.date().toPython()

        return ShipmentQuery(
            posting=self.posting.text().strip() or None,
            order=self.order.text().strip() or None,
            customer=self.customer.text().strip() or None,
            status=ShipmentStatus(self.status.currentData()) if self.status.currentData() else None,
            cell=self.cell.text().strip() or None,
            updated_from=date_of(self.date_from),
            updated_to=date_of(self.date_to),
        )

    def search(self, announce: Callable[[int], None] | None = None) -> None:
        ctx, q = self.ctx, self.query()

        def done(rows: list[ShipmentView]) -> None:
            self._show_rows(rows, self.tr("Найдено: {n}").format(n=len(rows)))
            if len(rows) >= q.limit:
                self.results_caption.setText(self.tr("Показаны первые {n}: уточните условия поиска").format(n=q.limit))
            self.searched.emit(len(rows))
            if announce is not None:
                announce(len(rows))

        self.read(lambda: ledger.search(ctx, q), done)

    def clear(self) -> None:
        for edit in (self.posting, self.order, self.customer, self.cell):
            edit.clear()
        self.status.setCurrentIndex(0)
        for d in (self.date_from, self.date_to):
            d.setDate(d.minimumDate())

    def _show_rows(self, rows: list[ShipmentView], text: str) -> None:
        self.results_model.set_rows(rows)
        self.results_caption.setText(text)

    def _result_selected(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.show_history(self.results_model.row_at(index.row()).posting_number)

    # --- timeline ------------------------------------------------------------------------

    def show_history(self, posting: str, *, announce: bool = False) -> None:
        ctx = self.ctx

        def done(h: ShipmentHistory) -> None:
            self.history = h
            s = h.shipment
            where = self.tr(", ячейка {cell}").format(cell=s.cell) if s.cell else ""
            self.history_title.setText(f"{s.posting_number} — {render(s.status_label)}{where}")
            refused = self.tr(" (отказ)")
            items = "; ".join(f"{i.name} ×{i.qty}" + (refused if i.refused else "") for i in s.items)
            who = f"{with_stop(s.customer_name)} " if s.customer_name else ""
            self.history_items.setText(who + items)
            self.timeline_model.set_rows(list(reversed(h.events)))
            self.photos.show_photos(
                [p for e in h.events if e.kind == "defect_recorded" for p in e.details.get("photos") or []]
            )
            self.history_shown.emit(h)
            if announce:
                self.services.feedback.info(render(s.describe()))

        self.read(lambda: ledger.history(ctx, posting), done)

    # --- deadlines -----------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_deadlines()

    def on_changes(self, changes: OpChanges) -> None:
        if not changes.shipments:
            return  # a shift, a support message, a wrong pickup code: nothing shown here moved
        self.refresh_deadlines()
        shown = self.history.shipment.posting_number if self.history is not None else None
        if shown in changes.shipments:
            self.show_history(shown)

    def refresh_deadlines(self) -> None:
        # Only the counts on show: the lists are read when a button asks for them.
        ctx = self.ctx
        self.read(lambda: ledger.deadline_counts(ctx), self._show_deadlines)

    def _show_deadlines(self, counts: DeadlineCounts) -> None:
        self.deadlines = counts
        self.overdue_button.setText(self.tr("Просрочено: {n}").format(n=counts.overdue))
        self.overdue_button.setStyleSheet(
            f"QPushButton {{ background: {palette.ERROR}; color: white; font-weight: bold; }}" if counts.overdue else ""
        )
        self.today_button.setText(self.tr("Срок сегодня: {n}").format(n=counts.due_today))
        self.today_button.setStyleSheet(
            f"QPushButton {{ background: {palette.WARN}; font-weight: bold; }}" if counts.due_today else ""
        )
        self.tomorrow_button.setText(self.tr("Срок завтра: {n}").format(n=counts.due_tomorrow))
        self.sweep_button.setEnabled(bool(counts.overdue))

    def _show_deadline(self, which: str) -> None:
        ctx = self.ctx
        titles = {
            "overdue": self.tr("Срок хранения истёк: {n}"),
            "due_today": self.tr("Срок хранения истекает сегодня: {n}"),
            "due_tomorrow": self.tr("Срок хранения истекает завтра: {n}"),
        }

        def show(report: DeadlineReport) -> None:
            rows = list(getattr(report, which))
            self._show_rows(rows, titles[which].format(n=len(rows)))

        self.read(lambda: ledger.deadlines(ctx), show)

    def sweep(self) -> None:
        n = self.deadlines.overdue if self.deadlines else 0
        text = self.tr("Отправить в возврат просроченные отправления ({n})? Они останутся в своих ячейках до упаковки.")
        confirm(self, "confirm_sweep", self.tr("Просроченные отправления"), text.format(n=n), self._do_sweep)

    def _do_sweep(self) -> None:
        ctx = self.ctx

        def done(result: expiry.SweepResult) -> None:
            self.services.feedback.ok(self.tr("В возврат отправлено: {n}").format(n=result.count))
            # The counts are re-read by on_changes: the sweep's changes name the shipments.

        self.write(lambda: expiry.sweep(ctx), done)

    # --- chain ---------------------------------------------------------------------------

    def verify_chain(self) -> None:
        ctx = self.ctx
        self.chain_button.setEnabled(False)
        self.chain_label.setText(self.tr("Проверяю журнал…"))

        def done(report: ChainReport) -> None:
            self.chain_button.setEnabled(True)
            self.chain_label.setText(render(report.message))
            self.chain_label.setStyleSheet("" if report.ok else f"color: {palette.ERROR}; font-weight: bold;")
            self.chain_checked.emit(report)

        def failed(exc: BaseException) -> None:
            self.chain_button.setEnabled(True)
            self.chain_label.setText(reason(exc))

        self.services.runner.read(lambda: ledger.verify_chain(ctx), done, failed)
