"""Возвраты: a customer return checked with a checklist dialog, and the return boxes that carry
parcels back to the carrier (open, pack by scan, seal with a label, hand over with an act)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.money import format_rub
from pvz_desktop.gui import palette
from pvz_desktop.gui.defect_dialog import open_defect_dialog
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import action_button, caption, huge_label, make_table
from pvz_desktop.workflows import return_boxes, returns
from pvz_desktop.workflows.defects import DefectPlace
from pvz_desktop.workflows.return_boxes import BoxStatus, BoxView, HandoverAct, Packed
from pvz_desktop.workflows.returns import Decision, ReturnCandidate, ReturnChecklist, ReturnReceipt
from pvz_desktop.workflows.views import ShipmentView


class ReturnDialog(QDialog):
    """The checklist at the counter: what was asked for next to what was issued, four checks,
    approve (only when every check holds) or reject with a reason printed for the customer."""

    decided = Signal(object, object, str)  # ReturnChecklist, Decision, reason

    def __init__(self, candidate: ReturnCandidate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("return_dialog")
        self.candidate = candidate
        self.setWindowTitle(self.tr("Возврат по заявке {number}").format(number=candidate.request_number))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        issued = to_local(candidate.issued_at).strftime("%d.%m.%Y") if candidate.issued_at else "—"
        head = caption(
            self.tr("{name} · отправление {posting} · выдано {date}").format(
                name=candidate.customer_name, posting=candidate.posting_number, date=issued
            ),
            "return_head",
            15,
        )
        layout.addWidget(head)
        body = QHBoxLayout()
        asked = QGroupBox(self.tr("В заявке"))
        asked_layout = QVBoxLayout(asked)
        for name in candidate.requested_items:
            label = QLabel(f"• {name}")
            label.setWordWrap(True)
            if name in candidate.unknown_items:
                label.setStyleSheet(f"color: {palette.ERROR}; font-weight: bold;")
                label.setText(self.tr("• {name} — не выдавался в этом отправлении").format(name=name))
            asked_layout.addWidget(label)
        reason = QLabel(self.tr("Причина: {reason}").format(reason=candidate.reason or "—"))
        reason.setWordWrap(True)
        asked_layout.addWidget(reason)
        asked_layout.addStretch(1)
        body.addWidget(asked)
        given = QGroupBox(self.tr("Было выдано"))
        given_layout = QVBoxLayout(given)
        for item in candidate.issued_items:
            given_layout.addWidget(QLabel(f"• {item.name} ×{item.qty} — {format_rub(item.total)}"))
        given_layout.addStretch(1)
        body.addWidget(given)
        layout.addLayout(body)

        checks = QGroupBox(self.tr("Проверка товара"))
        checks_layout = QVBoxLayout(checks)
        self.condition = QCheckBox(self.tr("Товарный вид сохранён, повреждений нет (кроме заявленных)"))
        self.condition.setObjectName("check_condition")
        self.complete = QCheckBox(self.tr("Полная комплектация: детали, ярлыки, упаковка"))
        self.complete.setObjectName("check_complete")
        self.item = QCheckBox(self.tr("Это тот самый товар, что в заявке"))
        self.item.setObjectName("check_item")
        self.reason_ok = QCheckBox(self.tr("Причина подтверждается"))
        self.reason_ok.setObjectName("check_reason")
        for box in (self.condition, self.complete, self.item, self.reason_ok):
            checks_layout.addWidget(box)
            box.toggled.connect(self._update)
        layout.addWidget(checks)

        layout.addWidget(QLabel(self.tr("Причина отказа (печатается в квитанции покупателю):")))
        self.rejection = QPlainTextEdit()
        self.rejection.setObjectName("rejection_reason")
        self.rejection.setMaximumHeight(70)
        self.rejection.textChanged.connect(self._update)
        layout.addWidget(self.rejection)

        buttons = QHBoxLayout()
        self.approve_button = action_button(self.tr("F9 Принять возврат"), "F9", "approve_return", primary=True)
        self.reject_button = action_button(self.tr("F10 Отказать"), "F10", "reject_return")
        self.defect_button = action_button(self.tr("F6 Брак (фото)…"), "F6", "return_defect")
        cancel = action_button(self.tr("Esc Отмена"), None, "cancel_return")
        for b in (self.approve_button, self.reject_button, self.defect_button, cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.approve_button.clicked.connect(lambda: self._decide(Decision.APPROVED))
        self.reject_button.clicked.connect(lambda: self._decide(Decision.REJECTED))
        cancel.clicked.connect(self.reject)
        self._update()

    def checklist(self) -> ReturnChecklist:
        return ReturnChecklist(
            condition_ok=self.condition.isChecked(),
            complete=self.complete.isChecked(),
            item_matches=self.item.isChecked(),
            reason_matches=self.reason_ok.isChecked(),
        )

    def _update(self) -> None:
        ok = not self.checklist().failures and not self.candidate.unknown_items
        self.approve_button.setEnabled(ok)
        self.reject_button.setEnabled(bool(self.rejection.toPlainText().strip()))

    def _decide(self, decision: Decision) -> None:
        self.decided.emit(self.checklist(), decision, self.rejection.toPlainText().strip())


class ReturnsPage(Page):
    key = "returns"
    decided = Signal(object)  # ReturnReceipt
    box_changed = Signal(object)  # BoxView | None

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.box: BoxView | None = None
        self.dialog: ReturnDialog | None = None
        self._build()
        self._render_box()

    def title(self) -> str:
        return self.tr("Возвраты")

    def prompt(self) -> str:
        return self.tr("Отсканируйте заявку на возврат (RT-…) или возвратную тару (RB-…)")

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)

        customer = QGroupBox(self.tr("Возврат от покупателя"))
        cl = QVBoxLayout(customer)
        cl.addWidget(
            caption(
                self.tr("Отсканируйте заявку покупателя (RT-…) или выданное отправление — откроется проверка."),
                "returns_hint",
                15,
            )
        )
        self.last_result = QLabel()
        self.last_result.setObjectName("returns_last")
        self.last_result.setWordWrap(True)
        cl.addWidget(self.last_result)
        cl.addStretch(1)
        split.addWidget(customer)

        boxes = QGroupBox(self.tr("Возвратная тара"))
        bl = QVBoxLayout(boxes)
        self.box_label = huge_label("current_box", 30)
        bl.addWidget(self.box_label)
        self.box_hint = QLabel()
        self.box_hint.setObjectName("box_hint")
        self.box_hint.setWordWrap(True)
        bl.addWidget(self.box_hint)
        self.waiting_model: RecordTableModel[ShipmentView] = RecordTableModel(
            [
                Column(self.tr("К возврату"), lambda v: v.posting_number),
                Column(self.tr("Ячейка"), lambda v: v.cell or self.tr("у кассы")),
                Column(self.tr("Покупатель"), lambda v: v.customer_name),
            ],
            self,
        )
        self.waiting = make_table(self.waiting_model, "waiting_for_box", stretch_column=2)
        bl.addWidget(self.waiting, 1)
        row = QHBoxLayout()
        self.new_box_button = action_button(self.tr("F3 Новая тара"), "F3", "open_box")
        self.seal_button = action_button(self.tr("F8 Запечатать"), "F8", "seal_box")
        row.addWidget(self.new_box_button)
        row.addWidget(self.seal_button)
        bl.addLayout(row)
        handover = QHBoxLayout()
        self.courier = QLineEdit()
        self.courier.setObjectName("courier_name")
        self.courier.setPlaceholderText(self.tr("Курьер перевозчика"))
        self.handover_button = action_button(self.tr("F9 Передать запечатанные"), "F9", "handover_boxes")
        handover.addWidget(self.courier, 1)
        handover.addWidget(self.handover_button)
        bl.addLayout(handover)
        self.sealed_label = QLabel()
        self.sealed_label.setObjectName("sealed_boxes")
        bl.addWidget(self.sealed_label)
        split.addWidget(boxes)
        layout.addWidget(split, 1)

        self.new_box_button.clicked.connect(lambda: self.open_box(None))
        self.seal_button.clicked.connect(self.seal)
        self.handover_button.clicked.connect(self.handover)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return frozenset({BarcodeKind.RETURN_REQUEST, BarcodeKind.SHIPMENT, BarcodeKind.RETURN_BOX})

    def handle_scan(self, code: Barcode) -> None:
        if code.kind is BarcodeKind.RETURN_BOX:
            self.open_box(code.code)
        elif code.kind is BarcodeKind.SHIPMENT and self.box is not None:
            self.pack(code.code)
        else:
            self.find(code.code)

    # --- customer return -----------------------------------------------------------------

    def find(self, raw: str) -> None:
        ctx = self.ctx

        def done(candidate: ReturnCandidate) -> None:
            if self.dialog is not None:
                self.dialog.close()
            self.dialog = ReturnDialog(candidate, self)
            self.dialog.decided.connect(lambda c, d, r: self.decide(raw, c, d, r))
            dialog = self.dialog
            dialog.defect_button.clicked.connect(
                lambda: open_defect_dialog(self, candidate.posting_number, DefectPlace.RETURN, dialog)
            )
            self.dialog.finished.connect(self._dialog_closed)
            self.dialog.open()
            if candidate.unknown_items:
                self.services.feedback.error(
                    self.tr("В заявке товар, которого не было в отправлении: «{name}»").format(
                        name=candidate.unknown_items[0]
                    )
                )
            else:
                self.services.feedback.ok(
                    self.tr("Заявка {number}: проверьте товар по списку").format(number=candidate.request_number)
                )

        self.read(lambda: returns.find_return(ctx, raw), done)

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def decide(self, raw: str, checklist: ReturnChecklist, decision: Decision, reason: str) -> None:
        ctx = self.ctx

        def done(receipt: ReturnReceipt) -> None:
            if self.dialog is not None:
                self.dialog.accept()
            text = self.tr("{posting}: {decision}").format(
                posting=receipt.posting_number, decision=render(receipt.decision.label)
            )
            self.last_result.setText(text)
            if receipt.decision is Decision.APPROVED:
                self.services.feedback.ok(text + self.tr(". Положите к возвратам."))
            else:
                self.services.feedback.info(text + self.tr(". Причина: {reason}").format(reason=reason))
            if self.services.printer is not None:  # the customer's receipt either way
                self.services.printer.return_receipt(receipt)
            self.refresh()
            self.decided.emit(receipt)

        self.write(lambda: returns.decide_return(ctx, raw, checklist, decision, reason), done)

    # --- return boxes --------------------------------------------------------------------

    def open_box(self, raw: str | None) -> None:
        ctx = self.ctx

        def done(box: BoxView) -> None:
            self._set_box(box)
            self.services.feedback.ok(
                self.tr("Тара {box} открыта: сканируйте отправления к возврату").format(box=box.barcode)
            )
            if raw is None and self.services.printer is not None:  # a new box: its label, to stick on
                self.services.printer.box_label(box)

        self.write(lambda: return_boxes.open_box(ctx, raw), done)

    def pack(self, raw: str) -> None:
        ctx, box = self.ctx, self.box
        assert box is not None

        def done(packed: Packed) -> None:
            self._set_box(packed.box)
            where = self.tr(" (из ячейки {cell})").format(cell=packed.from_cell) if packed.from_cell else ""
            self.services.feedback.ok(
                self.tr("{posting} → {box}{where}").format(
                    posting=packed.shipment.posting_number, box=packed.box.barcode, where=where
                )
            )
            self.refresh()

        self.write(lambda: return_boxes.pack(ctx, box.barcode, raw), done)

    def seal(self) -> None:
        ctx, box = self.ctx, self.box
        if box is None:
            return

        def done(sealed: BoxView) -> None:
            self._set_box(None)
            self.services.feedback.ok(
                self.tr("Тара {box} запечатана: {n} отпр. Наклейте этикетку.").format(
                    box=sealed.barcode, n=sealed.count
                )
            )
            if self.services.printer is not None:
                self.services.printer.box_label(sealed)
            self.refresh()

        self.write(lambda: return_boxes.seal(ctx, box.barcode), done)

    def handover(self) -> None:
        ctx, courier = self.ctx, self.courier.text()

        def run() -> HandoverAct:
            sealed = [b.barcode for b in return_boxes.boxes(ctx, BoxStatus.SEALED)]
            return return_boxes.handover(ctx, sealed, courier)

        def done(act: HandoverAct) -> None:
            self.services.feedback.ok(
                self.tr("Передано перевозчику: тары {boxes}, отправлений {n}. Акт {number}").format(
                    boxes=act.total_boxes, n=act.total_shipments, number=act.act_number
                )
            )
            if self.services.printer is not None:
                self.services.printer.handover_act(act)
            self.courier.clear()
            self.refresh()

        self.write(run, done)

    def _set_box(self, box: BoxView | None) -> None:
        self.box = box
        self._render_box()
        self.box_changed.emit(box)

    # --- view ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        ctx = self.ctx
        self.read(lambda: return_boxes.waiting_for_box(ctx), self.waiting_model.set_rows)
        self.read(lambda: return_boxes.boxes(ctx, BoxStatus.SEALED), self._show_sealed)

    def _show_sealed(self, sealed: list[BoxView]) -> None:
        self.sealed_label.setText(
            self.tr("Запечатано и ждёт курьера: {n} ({codes})").format(
                n=len(sealed), codes=", ".join(b.barcode for b in sealed) or "—"
            )
        )
        self.handover_button.setEnabled(bool(sealed))

    def _render_box(self) -> None:
        box = self.box
        if box is None:
            self.box_label.setText("—")
            self.box_hint.setText(self.tr("Отсканируйте этикетку тары (RB-…) или откройте новую (F3)"))
        else:
            self.box_label.setText(box.barcode)
            self.box_hint.setText(
                self.tr("В таре {n} отпр. Сканируйте отправления «к возврату»; F8 — запечатать.").format(n=box.count)
            )
        self.seal_button.setEnabled(box is not None and box.count > 0)
