"""Выдача: the customer card, confirmation by scan, 18+ check, per-line refusal, payment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.money import format_rub, parse_rub
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.annul_dialog import AnnulDialog
from pvz_desktop.gui.card_tabs import READY, CardTabs
from pvz_desktop.gui.defect_dialog import open_defect_dialog
from pvz_desktop.gui.issuance_presenter import (
    CardAnswer,
    Confirm,
    FittingShown,
    IssuancePresenter,
    IssuanceState,
    Lookup,
    ReadyRow,
    fitting_shown,
    snapshot,
)
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import ElidedLabel, action_button, caption, huge_label, make_table
from pvz_desktop.workflows.annulment import annul
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.defects import DefectPlace
from pvz_desktop.workflows.expiry import Extension, apply_extension
from pvz_desktop.workflows.fitting import Fitting, FittingTimer, HandOut, clock_text, fittings
from pvz_desktop.workflows.issuance import (
    FittingElsewhere,
    IssuanceSession,
    IssuanceSlip,
    OnMiss,
    PaymentMethod,
    RefusalReason,
    here,
)
from pvz_desktop.workflows.issuance_reprint import slip_again
from pvz_desktop.workflows.views import ShipmentView

# Operations after which the point's fittings are read again (a scan with no card may be a
# fitting parcel coming back only while someone is in the fitting room).
FITTING_KINDS = frozenset({"fitting_out", "fitting_back", "issue", "server_changes"})


def _deadline_text(row: ReadyRow) -> str:
    deadline = row.shipment.storage_deadline
    return to_local(deadline).strftime("%d.%m.%Y") if deadline is not None else "—"


def _items_text(row: ReadyRow) -> str:
    parts = []
    for item in row.shipment.items:
        mark = "✗ " if item.line_no in row.refused_lines else ""
        qty = f" ×{item.qty}" if item.qty > 1 else ""
        parts.append(f"{mark}{item.name}{qty}")
    return "; ".join(parts)


class RefusalDialog(QDialog):
    """Tick the lines the customer refuses at the counter, per parcel."""

    defect_requested = Signal(str)  # the posting chosen in the tree: record its defect with photos

    def __init__(self, state: IssuanceState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusal_dialog")
        self.setWindowTitle(self.tr("Отказ от товаров"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Отметьте товары, от которых покупатель отказывается:")))
        self.tree = QTreeWidget()
        self.tree.setObjectName("refusal_lines")
        self.tree.setHeaderLabels([self.tr("Товар"), self.tr("Кол-во"), self.tr("Цена")])
        rows = [r for r in state.rows if r.confirmed] or list(state.rows)
        for row in rows:
            parent_item = QTreeWidgetItem([row.shipment.posting_number])
            parent_item.setData(0, Qt.ItemDataRole.UserRole, row.shipment.posting_number)
            self.tree.addTopLevelItem(parent_item)
            for item in row.shipment.items:
                child = QTreeWidgetItem([item.name, str(item.qty), format_rub(item.price)])
                child.setData(0, Qt.ItemDataRole.UserRole, item.line_no)
                refused = item.line_no in row.refused_lines
                child.setCheckState(0, Qt.CheckState.Checked if refused else Qt.CheckState.Unchecked)
                parent_item.addChild(child)
            parent_item.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        layout.addWidget(self.tree)
        why = QHBoxLayout()
        why.addWidget(QLabel(self.tr("Причина отказа:")))
        self.reason_box = QComboBox()
        self.reason_box.setObjectName("refusal_reason")
        self.reason_box.setPlaceholderText(self.tr("выберите причину"))
        labels = {
            RefusalReason.SIZE: self.tr("не подошёл размер"),
            RefusalReason.DEFECT: self.tr("брак"),
            RefusalReason.NOT_AS_DESCRIBED: self.tr("не соответствует описанию"),
            RefusalReason.CHANGED_MIND: self.tr("передумал"),
            RefusalReason.OTHER: self.tr("другое"),
        }
        for reason, label in labels.items():
            self.reason_box.addItem(label, reason.value)
        self.reason_box.setCurrentIndex(-1)  # the cashier asks the customer: no reason is assumed
        self.note = QLineEdit()
        self.note.setObjectName("refusal_note")
        self.note.setPlaceholderText(self.tr("подробнее (для «другое» — обязательно)"))
        why.addWidget(self.reason_box)
        why.addWidget(self.note, 1)
        layout.addLayout(why)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        # A refusal for a defect is shown with photos: the record opens from here, the dialog stays.
        self.defect_button = action_button(self.tr("F8 Брак (фото)…"), "F8", "refusal_defect")
        buttons.addButton(self.defect_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.defect_button.clicked.connect(lambda: self.defect_requested.emit(self.chosen_posting() or ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_posting(self) -> str | None:
        """The parcel of the line under the cursor; the only parcel when there is one."""
        item = self.tree.currentItem()
        if item is not None:
            return (item.parent() or item).data(0, Qt.ItemDataRole.UserRole)
        if self.tree.topLevelItemCount() == 1:
            return self.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
        return None

    def set_checked(self, posting: str, line_no: int, checked: bool) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, Qt.ItemDataRole.UserRole) != posting:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, Qt.ItemDataRole.UserRole) == line_no:
                    child.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def reason(self) -> str | None:
        return self.reason_box.currentData()

    def set_reason(self, reason: RefusalReason, note: str = "") -> None:
        self.reason_box.setCurrentIndex(self.reason_box.findData(reason.value))
        self.note.setText(note)

    def refused(self) -> dict[str, set[int]]:
        result: dict[str, set[int]] = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            lines = {
                top.child(j).data(0, Qt.ItemDataRole.UserRole)
                for j in range(top.childCount())
                if top.child(j).checkState(0) == Qt.CheckState.Checked
            }
            result[top.data(0, Qt.ItemDataRole.UserRole)] = lines
        return result


class IssuancePage(Page):
    key = "issuance"
    completed = Signal(object)  # IssuanceSlip
    reprinted = Signal(object)  # IssuanceSlip of an earlier issuance, printed again from «Завершено»
    state_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        # What the tab shows (the session, its copy, the lookups' order) is the presenter's.
        self.presenter = IssuancePresenter()
        super().__init__(services, parent)
        self.last_slip: IssuanceSlip | None = None
        self._completing: IssuanceSession | None = None  # F9's write, until it answers
        self._writes = 0  # this page's writes not yet answered
        self._build()
        self._render()

    @property
    def state(self) -> IssuanceState | None:
        return self.presenter.state

    @state.setter
    def state(self, state: IssuanceState | None) -> None:
        self.presenter.state = state

    @property
    def _session(self) -> IssuanceSession | None:
        return self.presenter.session

    @property
    def _presented(self) -> str | None:
        return self.presenter.presented

    def title(self) -> str:
        return self.tr("Выдача")

    def prompt(self) -> str:
        if self.state is None:
            return self.tr("Отсканируйте код получения покупателя")
        return self.tr("{name}: сканируйте отправления покупателя, F9 — выдать").format(
            name=self.state.card.customer_name
        )

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        # The card lives in a body without a layout above it: a new card changes a dozen texts and
        # the rows, and through a layout on the page itself every scan re-laid out the tab widget
        # and the window (every page's height-for-width) and repainted the whole tab, its bar,
        # the payment box and the buttons. The body fills the page by hand (resizeEvent).
        self._body = QWidget(self)
        self._body.setObjectName("issuance_body")
        layout = QVBoxLayout(self._body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = huge_label("issuance_hint", 22)
        layout.addWidget(self.hint)

        head = QHBoxLayout()
        self.customer = caption("", "issuance_customer", 20)
        head.addWidget(self.customer, 1)
        self.other = QLabel()
        self.other.setObjectName("issuance_other")
        self.other.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.other)
        layout.addLayout(head)

        # The customer's fitting: its parcels and the time left, amber near the end, red over it.
        self.fitting_line = ElidedLabel(min_chars=30)
        self.fitting_line.setObjectName("issuance_fitting")
        self.fitting_line.setFont(style.font(16, bold=True))
        self.fitting_line.hide()
        layout.addWidget(self.fitting_line)
        self._fitting_clock = QTimer(self)
        self._fitting_clock.setInterval(1000)
        self._fitting_clock.timeout.connect(self._render_fitting)

        self.cells = huge_label("issuance_cells")
        self.cells.setStyleSheet(style.cell_code_sheet())
        layout.addWidget(self.cells)

        self.model: RecordTableModel[ReadyRow] = RecordTableModel(
            [
                Column(self.tr("✓"), lambda r: "✓" if r.confirmed else "", background=self._row_colour),
                Column(self.tr("Отправление"), lambda r: r.shipment.posting_number, background=self._row_colour),
                Column(self.tr("Ячейка"), lambda r: r.shipment.cell or "—", background=self._row_colour),
                Column(self.tr("18+"), self._age_text, background=self._row_colour),
                Column(self.tr("Товары"), _items_text, background=self._row_colour),
                Column(self.tr("Хранится до"), _deadline_text, background=self._row_colour),
                Column(self.tr("К оплате"), lambda r: format_rub(r.amount), True, background=self._row_colour),
            ],
            self,
        )
        self.table = make_table(self.model, "issuance_table", stretch_column=4)
        # The chosen parcel's own actions sit under the ready table: the button row below keeps
        # its width at 1366 px, and they act only while the tab they belong to is shown.
        ready = QWidget()
        ready_layout = QVBoxLayout(ready)
        ready_layout.setContentsMargins(0, 0, 0, 0)
        ready_layout.addWidget(self.table, 1)
        parcel_actions = QHBoxLayout()
        self.fitting_button = action_button(self.tr("Shift+F9 На примерку"), "Shift+F9", "to_fitting")
        self.fitting_button.setToolTip(self.tr("Отдать отсканированные отправления покупателю на примерку"))
        parcel_actions.addWidget(self.fitting_button)
        self.extend_button = action_button(self.tr("F3 Продлить хранение"), "F3", "extend_storage")
        self.annul_button = action_button(self.tr("F10 Аннулировать"), "F10", "annul_parcel")
        # F8 as «Завершено»'s reprint: the two buttons are never on screen together.
        self.defect_button = action_button(self.tr("F8 Брак (фото)…"), "F8", "record_defect")
        parcel_actions.addWidget(self.extend_button)
        parcel_actions.addWidget(self.annul_button)
        parcel_actions.addWidget(self.defect_button)
        parcel_actions.addStretch(1)
        ready_layout.addLayout(parcel_actions)
        self.card_tabs = CardTabs(ready)
        self.transit = self.card_tabs.transit
        layout.addWidget(self.card_tabs, 1)

        pay = QGroupBox(self.tr("Оплата"))
        grid = QGridLayout(pay)
        amounts = QHBoxLayout()
        self.total = caption("", "issuance_total", 26)
        self.total.setWordWrap(False)
        amounts.addWidget(self.total)
        self.scanned = caption("", "issuance_scanned", 14, bold=False)
        amounts.addWidget(self.scanned, 1)
        grid.addLayout(amounts, 0, 0, 1, 5)
        self.card_radio = QRadioButton(self.tr("F4 Картой"))
        self.card_radio.setObjectName("pay_card")
        self.card_radio.setShortcut("F4")
        self.cash_radio = QRadioButton(self.tr("F5 Наличными"))
        self.cash_radio.setObjectName("pay_cash")
        self.cash_radio.setShortcut("F5")
        self.methods = QButtonGroup(self)
        self.methods.addButton(self.card_radio)
        self.methods.addButton(self.cash_radio)
        # Methods and the cash taken on one row: the parcels' table keeps the height.
        grid.addWidget(self.card_radio, 1, 0)
        grid.addWidget(self.cash_radio, 1, 1)
        grid.addWidget(QLabel(self.tr("Получено, ₽:")), 1, 2)
        self.tendered = QLineEdit()
        self.tendered.setObjectName("tendered")
        self.tendered.setAccessibleName(self.tr("Получено наличными"))
        self.tendered.setFont(style.font(18))
        grid.addWidget(self.tendered, 1, 3)
        grid.setColumnStretch(3, 1)
        self.change = caption("", "issuance_change", 18)
        grid.addWidget(self.change, 1, 4)
        layout.addWidget(pay)

        buttons = QHBoxLayout()
        self.age_button = action_button(self.tr("F6 Паспорт проверен (18+)"), "F6", "confirm_age")
        self.refuse_button = action_button(self.tr("F7 Отказ от товаров"), "F7", "refuse_lines")
        self.issue_button = action_button(self.tr("F9 Выдать"), "F9", "issue", primary=True)
        self.cancel_button = action_button(self.tr("F12 Отменить"), "F12", "cancel_issuance")
        for b in (self.age_button, self.refuse_button, self.issue_button, self.cancel_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

        self.card_radio.toggled.connect(self._payment_changed)
        self.cash_radio.toggled.connect(self._payment_changed)
        self.tendered.textChanged.connect(self._payment_changed)
        self.tendered.returnPressed.connect(self.issue)
        self.age_button.clicked.connect(self.confirm_age)
        self.extend_button.clicked.connect(self.extend_storage)
        self.annul_button.clicked.connect(self.open_annulment)
        self.fitting_button.clicked.connect(self.to_fitting)
        self.defect_button.clicked.connect(self.open_defect)
        self.refuse_button.clicked.connect(self.open_refusal)
        self.issue_button.clicked.connect(self.issue)
        self.cancel_button.clicked.connect(self.cancel)
        self.card_tabs.reprint_requested.connect(self.reprint)
        self.card_tabs.other_points_requested.connect(self.ask_other_points)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._body.setGeometry(self.rect())

    def sizeHint(self) -> QSize:
        return self._body.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._body.minimumSizeHint()

    def _row_colour(self, row: ReadyRow) -> str | None:
        if row.confirmed and row.shipment.adult_only and not row.age_ok:
            return palette.ROW_CHECK
        return palette.ROW_DONE if row.confirmed else None

    def _age_text(self, row: ReadyRow) -> str:
        if not row.shipment.adult_only:
            return ""
        if row.age_ok:
            return self.tr("18+ ✓")
        return self.tr("18+ паспорт!") if row.confirmed else "18+"

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return self.presenter.scan_kinds()

    def handle_scan(self, code: Barcode) -> None:
        step = self.presenter.take(code)
        if isinstance(step, Lookup):
            self._lookup(step)
        elif isinstance(step, Confirm):
            self._confirm(step.code)

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Page.write, counted: while one is in flight, a lookup queues behind it (see ``_lookup``)."""
        self._writes += 1

        def done(value: Any) -> None:
            self._writes -= 1
            if on_done is not None:
                on_done(value)

        def failed(exc: BaseException) -> None:
            self._writes -= 1
            (on_error or self.services.feedback.fail)(exc)

        self.services.runner.write(fn, done, failed)

    def _lookup(self, lookup: Lookup) -> None:
        ctx, code = self.ctx, lookup.code

        def open_card(on_miss: OnMiss = here) -> tuple[IssuanceSession, IssuanceState]:
            if lookup.by_parcel:  # back from the fitting room: the parcel is taken back at once
                session = IssuanceSession.for_fitting(ctx, code.code)
            else:
                session = IssuanceSession.start(ctx, code, on_miss)
            return session, snapshot(session)

        def failed(exc: BaseException) -> None:
            if self.presenter.refusal_shown(lookup):  # not overtaken by a later customer's card
                self.services.feedback.fail(exc)

        def done(result: tuple[IssuanceSession, IssuanceState]) -> None:
            shown = self.presenter.card_found(lookup, *result)
            if shown is None:
                return  # a later scan's card is already on screen
            self.last_slip = None
            self._reset_payment()
            self._render()
            self.card_tabs.setCurrentIndex(int(shown.tab))
            self.card_tabs.reset_other_points()
            card = shown.state.card
            if lookup.by_parcel:
                self.card_tabs.setCurrentIndex(READY)
                self.services.feedback.ok(self._back_text(card.customer_name, code.code, shown.state))
                return
            if shown.answer is CardAnswer.READY:
                cells = ", ".join(card.cells)
                self.services.feedback.ok(
                    self.tr("{name}: к выдаче {n} — ячейки {cells}").format(
                        name=card.customer_name, n=len(card.ready), cells=cells
                    )
                )
            elif shown.answer is CardAnswer.IN_TRANSIT:
                self.services.feedback.info(
                    self.tr("{name}: заказы ещё в пути ({n}), к выдаче ничего нет").format(
                        name=card.customer_name, n=len(card.in_transit)
                    )
                )
            else:
                self.services.feedback.info(self.tr("{name}: к выдаче ничего нет").format(name=card.customer_name))

        if self._writes or lookup.by_parcel:
            # A confirmation or completion of this page is on its way: the card is read after it
            # (the same customer scanned again must not see parcels being issued as still here).
            self.write(open_card, done, failed)
        else:
            # Nothing of ours pending: the card is read on the scan thread; only a wrong code's
            # count goes to the writer thread (``issuance.lookup`` hands it to ``on_miss``).
            self.services.runner.scan(open_card, done, failed)

    def _confirm(self, code: Barcode) -> None:
        session = self._session
        assert session is not None
        if self._refuse_while_completing():
            return
        raw = code.code
        fitting_before = {v.posting_number for v in session.card.on_fitting}

        def scan() -> tuple[ShipmentView, IssuanceState]:
            return session.scan(raw), snapshot(session)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, FittingElsewhere) and session is self._session:
                # Another customer's parcel from the fitting room: their card, not a «СТОП».
                self._lookup(self.presenter.back_to(code))
                return
            self.services.feedback.fail(exc)

        def done(result: tuple[ShipmentView, IssuanceState]) -> None:
            view, state = result
            if session is not self._session:
                return  # the customer changed while the scan was on its way
            self.state = state
            self._render()
            self.card_tabs.setCurrentIndex(READY)  # parcels are issued from this tab only
            where = f" · {view.cell}" if view.cell else ""
            if view.posting_number in fitting_before:
                self.services.feedback.ok(self._back_text(state.card.customer_name, view.posting_number, state))
            elif view.adult_only and view.posting_number in state.missing_age:
                self.services.feedback.warn(
                    self.tr("✓ {posting}{where} — 18+: проверьте паспорт и нажмите F6").format(
                        posting=view.posting_number, where=where
                    )
                )
            else:
                self.services.feedback.ok(
                    self.tr("✓ {posting}{where}").format(posting=view.posting_number, where=where)
                )

        self.write(scan, done, failed)

    def _back_text(self, name: str, posting: str, state: IssuanceState) -> str:
        left = len(state.card.on_fitting)
        if left:
            return self.tr("{name}: {posting} вернулось с примерки, ещё на примерке: {n}").format(
                name=name, posting=posting, n=left
            )
        return self.tr("{name}: {posting} вернулось с примерки. Отметьте отказы (F7) и выдайте (F9)").format(
            name=name, posting=posting
        )

    # --- actions -------------------------------------------------------------------------

    def _update(self, change: object, message: str) -> None:
        """Apply ``change(session)`` on the worker and show the new state."""
        session = self._session
        if session is None or self._refuse_while_completing():
            return

        def run() -> IssuanceState:
            change(session)  # type: ignore[operator]
            return snapshot(session)

        def done(state: IssuanceState) -> None:
            if session is self._session:
                self.state = state
                self._render()
                self.services.feedback.ok(message)

        self.write(run, done)

    def selected_ready(self) -> str | None:
        """The parcel chosen in «Готово к выдаче» (the only one, when there is one)."""
        if self.state is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.row_at(rows[0].row()).shipment.posting_number
        return self.state.rows[0].shipment.posting_number if len(self.state.rows) == 1 else None

    def extend_storage(self) -> None:
        """Extend the chosen parcel's storage by the network's rule; the server checks it again."""
        session = self._session
        posting = self.selected_ready()
        if session is None or self._refuse_while_completing():
            return
        if posting is None:
            self.services.feedback.warn(self.tr("Выберите отправление в списке «Готово к выдаче» и нажмите F3"))
            return
        ctx = self.ctx

        def run() -> tuple[Extension, IssuanceState]:
            ext = apply_extension(ctx, posting)
            session.extended(posting, ext.deadline)
            return ext, snapshot(session)

        def done(result: tuple[Extension, IssuanceState]) -> None:
            ext, state = result
            if session is self._session:
                self.state = state
                self._render()
                postings = [r.shipment.posting_number for r in state.rows]
                if posting in postings:
                    self.table.selectRow(postings.index(posting))  # the choice stays for the next key
            self.services.feedback.ok(
                self.tr("Хранение {posting} продлено до {until}").format(
                    posting=posting, until=to_local(ext.deadline).strftime("%d.%m.%Y")
                )
            )

        self.write(run, done)

    def to_fitting(self) -> None:
        """Hand the scanned parcels to the customer for fitting; their timer starts."""
        session = self._session
        if session is None or self.state is None or self._refuse_while_completing():
            return
        if not self.state.confirmed:
            self.services.feedback.warn(
                self.tr("Отсканируйте отправления, которые покупатель берёт на примерку, и нажмите Shift+F9")
            )
            return

        def run() -> tuple[HandOut, IssuanceState]:
            out = session.to_fitting()
            return out, snapshot(session)

        def done(result: tuple[HandOut, IssuanceState]) -> None:
            out, state = result
            if session is self._session:
                self.state = state
                self._reset_payment()
                self._render()
            self.services.feedback.ok(
                self.tr("{name}: на примерке {n} отпр., до {time}").format(
                    name=state.card.customer_name,
                    n=len(out.fitting.postings),
                    time=to_local(out.fitting.due).strftime("%H:%M"),
                )
            )

        self.write(run, done)

    def on_shown(self) -> None:
        self._read_fittings()

    def on_changes(self, changes: OpChanges) -> None:
        if not FITTING_KINDS.isdisjoint(changes.kinds):
            self._read_fittings()
        session = self._session
        if session is None or not changes.pulled or not session.shows_any(changes.shipments):
            return
        # Another counter changed a parcel of the open card (issued it, moved it): read the card again.

        def run() -> IssuanceState:
            session.reread()
            return snapshot(session)

        def done(state: IssuanceState) -> None:
            if session is self._session:
                self.state = state
                self._render()

        self.write(run, done)

    def _read_fittings(self) -> None:
        ctx = self.ctx

        def done(found: tuple[Fitting, ...]) -> None:
            self.presenter.fittings = found
            self._render_fitting()

        self.services.runner.read(lambda: fittings(ctx), done)

    def open_annulment(self) -> None:
        posting = self.selected_ready()
        if self._session is None or self._refuse_while_completing():
            return
        if posting is None:
            self.services.feedback.warn(self.tr("Выберите отправление в списке «Готово к выдаче» и нажмите F10"))
            return
        dialog = AnnulDialog(posting, self)
        dialog.accepted.connect(lambda: self.apply_annulment(posting, dialog.reason(), dialog.note.text()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_defect(self) -> None:
        posting = self.selected_ready()
        if posting is None:
            self.services.feedback.warn(self.tr("Выберите отправление в списке «Готово к выдаче»"))
            return
        open_defect_dialog(self, posting, DefectPlace.CARD)

    def apply_annulment(self, posting: str, reason: str | None, note: str = "") -> None:
        """Annul ``posting`` (the owner at the counter); the card is read again without it."""
        session, code = self._session, self._presented
        if session is None or code is None or self._refuse_while_completing():
            return
        ctx = self.ctx

        def run() -> tuple[IssuanceSession, IssuanceState]:
            annul(ctx, posting, reason, note)
            fresh = IssuanceSession.start(ctx, code)
            return fresh, snapshot(fresh)

        def done(result: tuple[IssuanceSession, IssuanceState]) -> None:
            if session is self._session:
                self.presenter.session, self.state = result
                self._reset_payment()
                self._render()
            self.services.feedback.ok(self.tr("Отправление {posting} аннулировано: в возврат").format(posting=posting))

        self.write(run, done)

    def confirm_age(self) -> None:
        if self.state is None or not self.state.missing_age:
            return
        postings = self.state.missing_age

        def check(session: IssuanceSession) -> None:
            for posting in postings:
                session.confirm_age(posting)

        self._update(check, self.tr("Возраст подтверждён: {postings}").format(postings=", ".join(postings)))

    def open_refusal(self) -> None:
        if self.state is None or not self.state.rows:
            return
        dialog = RefusalDialog(self.state, self)
        dialog.defect_requested.connect(lambda posting: open_defect_dialog(self, posting, DefectPlace.REFUSAL, dialog))
        dialog.accepted.connect(lambda: self.apply_refusal(dialog.refused(), dialog.reason(), dialog.note.text()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def apply_refusal(self, refused: dict[str, set[int]], reason: str | None = None, note: str = "") -> None:
        def refuse(session: IssuanceSession) -> None:
            for posting, lines in refused.items():
                session.refuse_lines(posting, lines, reason, note)

        count = sum(len(v) for v in refused.values())
        self._update(refuse, self.tr("Отказ оформлен: товаров — {n}").format(n=count))

    def _method(self) -> PaymentMethod | None:
        if self.card_radio.isChecked():
            return PaymentMethod.CARD
        if self.cash_radio.isChecked():
            return PaymentMethod.CASH
        return None

    def issue(self) -> None:
        session = self._session
        if session is None or self.state is None or self._completing is not None:
            return
        method = self._method()
        tendered: int | None = None
        if method is PaymentMethod.CASH and self.state.total_due > 0:
            text = self.tendered.text().strip()
            if text:
                try:
                    tendered = parse_rub(text)
                except DomainError as exc:
                    self.services.feedback.fail(exc)
                    return

        def done(slip: IssuanceSlip) -> None:
            # Committed: it always ends in «Выдано» and a slip, whatever happened on screen since.
            self._completing = None
            if session is self._session:
                self.presenter.clear()
                self._reset_payment()
            self.last_slip = slip
            self._render()
            n = len(slip.issued)
            text = self.tr("Выдано отправлений: {n}").format(n=n)
            if slip.refused:
                text += self.tr(", отказ: {n}").format(n=len(slip.refused))
            if slip.change:
                text += self.tr(". Сдача {change}").format(change=format_rub(slip.change))
            self.services.feedback.ok(text)
            self.completed.emit(slip)

        def failed(exc: BaseException) -> None:
            self._completing = None
            self._render()
            self.services.feedback.fail(exc)

        self._completing = session
        self._render_payment()  # F9 off until the write answers
        self.write(lambda: session.complete(method, tendered), done, failed)

    def reprint(self, op_id: str) -> None:
        """The slip of an earlier issuance of this customer, from the ledger, to the printer again."""
        ctx = self.ctx

        def done(slip: IssuanceSlip) -> None:
            self.reprinted.emit(slip)
            self.services.feedback.ok(
                self.tr("Чек выдачи от {when} напечатан ещё раз").format(
                    when=slip.issued_at_local.strftime("%d.%m.%Y %H:%M")
                )
            )

        self.services.runner.read(lambda: slip_again(ctx, op_id), done, self.services.feedback.fail)

    def ask_other_points(self) -> None:
        """The customer's parcels at other points, from the server, by the code presented here."""
        central, code, session = self.services.central, self._presented, self._session
        if code is None or session is None:
            return
        offline = self.tr("Нужна связь с сервером: заказы на других пунктах видны только онлайн")
        if central is None:
            self.card_tabs.other_points_failed(offline)
            return
        customer, pin = code.split("*")

        def fetch() -> tuple | None:
            # Loaded here, on the reader thread: the HTTP client is not part of the window's start.
            from pvz_desktop.auth.errors import AuthError
            from pvz_desktop.sync.client import ServerUnavailable

            try:
                return central.other_points(customer, pin)
            except (ServerUnavailable, AuthError):  # no connection, no login: an answer, not a bug
                return None

        def done(parcels: tuple | None) -> None:
            if session is not self._session:
                return
            if parcels is None:
                self.card_tabs.other_points_failed(offline)
            else:
                self.card_tabs.show_other_points(parcels)

        def failed(exc: BaseException) -> None:
            if session is self._session and isinstance(exc, DomainError):  # the server's refusal, with its reason
                self.card_tabs.other_points_failed(render(exc.text))
            self.services.feedback.fail(exc)

        self.services.runner.read(fetch, done, failed)

    def _refuse_while_completing(self) -> bool:
        """While F9's write is in flight the card cannot change: it may already be committed."""
        if self._completing is None:
            return False
        self.services.feedback.warn(self.tr("Выдача записывается: дождитесь «Выдано», отменить или изменить её нельзя"))
        return True

    def cancel(self) -> None:
        if self._session is None or self._refuse_while_completing():
            return
        self.presenter.clear()
        self._reset_payment()
        self._render()
        self.services.feedback.info(self.tr("Выдача отменена"))

    # --- view ----------------------------------------------------------------------------

    def _reset_payment(self) -> None:
        # Only what is set is cleared: every new card passes here. The group is exclusive, and an
        # exclusive group refuses to uncheck its checked button: the last customer's payment
        # method stayed chosen for the next one.
        checked = self.methods.checkedButton()
        if checked is not None:
            self.methods.setExclusive(False)
            checked.setChecked(False)
            self.methods.setExclusive(True)
        if self.tendered.text():
            self.tendered.clear()

    def _payment_changed(self) -> None:
        self._render_payment()
        if self.cash_radio.isChecked() and self.isVisible():
            self.tendered.setFocus()

    def _render_total(self, state: IssuanceState | None) -> None:
        """What the customer pays for all that is ready; what the scans confirmed so far beside
        it, while they differ (a bare «К оплате: 0,00» beside rows worth thousands misled)."""
        if state is None:
            self.total.setText("")
            self.scanned.setText("")
            return
        ready = sum(r.amount for r in state.rows)
        self.total.setText(self.tr("К оплате: {amount}").format(amount=format_rub(ready)))
        confirmed = self.tr("по отсканированным: {amount}").format(amount=format_rub(state.total_due))
        self.scanned.setText("" if state.total_due == ready else confirmed)

    def _render_payment(self) -> None:
        state = self.state
        due = state.total_due if state else 0
        self._render_total(state)
        paid_needed = due > 0
        self.card_radio.setEnabled(paid_needed)
        self.cash_radio.setEnabled(paid_needed)
        self.tendered.setEnabled(paid_needed and self.cash_radio.isChecked())
        self.change.setText("")
        if paid_needed and self.cash_radio.isChecked() and self.tendered.text().strip():
            try:
                tendered = parse_rub(self.tendered.text())
            except DomainError:
                self.change.setText(self.tr("Не понимаю сумму"))
            else:
                if tendered >= due:
                    self.change.setText(self.tr("Сдача: {amount}").format(amount=format_rub(tendered - due)))
                else:
                    self.change.setText(self.tr("Не хватает: {amount}").format(amount=format_rub(due - tendered)))
        ready = bool(state and state.confirmed)
        paid = not paid_needed or self._method() is not None
        self.issue_button.setEnabled(ready and paid and self._completing is None)

    def _render(self) -> None:
        state = self.state
        active = state is not None
        # Each widget shown or hidden once, to its final state: showing a widget activates every
        # layout up to the window at once, so the in-transit list shown and hidden again within
        # one card laid out and repainted the whole window twice per scan.
        for w, visible in (
            (self.customer, active),
            (self.other, active),
            (self.cells, active),
            (self.card_tabs, active),
            (self.hint, not active),
        ):
            if w.isHidden() == visible:
                w.setVisible(visible)
        self._render_fitting()
        if state is None:
            self.model.set_rows([])
            self.hint.setText(self._idle_text())
            self.age_button.setEnabled(False)
            self.extend_button.setEnabled(False)
            self.fitting_button.setEnabled(False)
            self.annul_button.setEnabled(False)
            self.defect_button.setEnabled(False)
            self.refuse_button.setEnabled(False)
            self.cancel_button.setEnabled(False)
            self._render_payment()
            self.state_changed.emit()
            return
        card = state.card
        phone = self.tr(" · тел. …{last4}").format(last4=card.phone_last4) if card.phone_last4 else ""
        self.customer.setText(f"{card.customer_name}{phone}")
        other = self.tr("К выдаче: {n}").format(n=len(card.ready))
        if card.on_fitting:
            other += self.tr(" · на примерке: {n}").format(n=len(card.on_fitting))
        self.other.setText(other)
        self.cells.setText(self._cells_html(state) if card.cells else self.tr("Нет посылок на хранении"))
        self.model.set_rows(state.rows)
        self.card_tabs.set_lines(len(state.rows), card.in_transit, card.completed)
        self.age_button.setEnabled(bool(state.missing_age))
        self.extend_button.setEnabled(bool(state.rows))
        self.fitting_button.setEnabled(bool(state.rows))
        self.annul_button.setEnabled(bool(state.rows))
        self.defect_button.setEnabled(bool(state.rows))
        self.refuse_button.setEnabled(bool(state.rows))
        self.cancel_button.setEnabled(True)
        self._render_payment()
        self.state_changed.emit()

    def _cells_html(self, state: IssuanceState) -> str:
        """Cells still to visit in dark blue; a cell whose parcels are all in hand greyed with ✓."""
        to_visit = {r.shipment.cell for r in state.rows if not r.confirmed and r.shipment.cell}
        parts = []
        for cell in state.card.cells:
            # Non-breaking hyphens: a line breaks between codes, never inside one.
            shown = cell.replace("-", "\u2011")
            if cell in to_visit:
                parts.append(f"<span>{shown}</span>")
            else:
                parts.append(f"<span style='color:{palette.DISABLED}'>✓{shown}</span>")
        return "&nbsp;&nbsp; ".join(parts)

    def _render_fitting(self) -> None:
        """The card's fitting line (or, with no card, who is in the fitting room), each second."""
        now = self.ctx.now()
        state = self.state
        if state is None:
            if self.presenter.fittings:
                self.hint.setText(self._idle_text())
            if self.fitting_line.isVisible():
                self.fitting_line.hide()
            self._clock_runs(bool(self.presenter.fittings))
            return
        shown = fitting_shown(state.card.fitting, now)
        self._clock_runs(shown is not None)
        if shown is None:
            if not self.fitting_line.isHidden():
                self.fitting_line.hide()
            return
        self.fitting_line.setText(self._fitting_text(shown))
        tones = {
            FittingTimer.RUNNING: f"color: {palette.INFO};",
            FittingTimer.WARNING: f"background: {palette.WARN}; color: {palette.WARN_TEXT};",
            FittingTimer.OVERDUE: f"background: {palette.ALERT}; color: {palette.ALERT_TEXT};",
        }
        sheet = tones[shown.timer]
        if self.fitting_line.styleSheet() != sheet:
            self.fitting_line.setStyleSheet(sheet)
        self.fitting_line.setProperty("timer", shown.timer.value)
        if self.fitting_line.isHidden():
            self.fitting_line.show()

    def _fitting_text(self, shown: FittingShown) -> str:
        postings = ", ".join(shown.postings)
        if shown.timer is FittingTimer.OVERDUE:
            return self.tr("Время примерки вышло ({clock}): {postings} — отсканируйте вернувшиеся").format(
                clock=shown.clock, postings=postings
            )
        return self.tr("На примерке, осталось {clock}: {postings}").format(clock=shown.clock, postings=postings)

    def _clock_runs(self, running: bool) -> None:
        if running and not self._fitting_clock.isActive():
            self._fitting_clock.start()
        elif not running and self._fitting_clock.isActive():
            self._fitting_clock.stop()

    def _idle_text(self) -> str:
        text = self.tr("Отсканируйте код получения покупателя")
        if self.presenter.fittings:
            now = self.ctx.now()
            who = "; ".join(f"{f.customer_name} {clock_text(f.remaining(now))}" for f in self.presenter.fittings)
            text += "\n" + self.tr("На примерке: {who} — сканируйте их код или отправление").format(who=who)
        slip = self.last_slip
        if slip is not None:
            text += "\n\n" + self.tr("Последняя выдача: {name}, {n} отпр., {amount} ({method})").format(
                name=slip.customer_name,
                n=len(slip.issued),
                amount=format_rub(slip.total),
                method=render(slip.payment_method.label),
            )
        return text
