"""Closed waybills, newest first: the discrepancy act of a selected one is printed again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.widgets import make_table
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.acceptance import DiscrepancyActView, Reconciliation


class DiscrepancyActsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discrepancy_acts_dialog")
        self.setWindowTitle(self.tr("Закрытые накладные: акты расхождений"))
        self.resize(720, 420)
        self.services = services
        layout = QVBoxLayout(self)
        self.model: RecordTableModel[Reconciliation] = RecordTableModel(
            [
                Column(self.tr("Накладная"), lambda r: r.waybill),
                Column(self.tr("Принято"), lambda r: f"{r.received_shipments}/{r.expected_shipments}", True),
                Column(self.tr("Не пришло"), lambda r: str(r.missing_shipments), True),
                Column(self.tr("Излишки"), lambda r: str(r.unexpected_shipments), True),
            ],
            self,
        )
        self.table = make_table(self.model, "closed_waybills", stretch_column=0)
        self.table.activated.connect(self.reprint)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("Печать акта (2 экз.)"))
        self.print_button.setObjectName("reprint_discrepancy_act")
        self.print_button.clicked.connect(self.reprint)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
        ctx = services.ctx
        services.runner.read(lambda: acceptance.closed_waybills(ctx), self._show)

    def _show(self, rows: list[Reconciliation]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)

    def reprint(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        ctx, number = self.services.ctx, self.model.row_at(rows[0].row()).waybill

        def done(act: DiscrepancyActView | None) -> None:
            if act is None:
                self.services.feedback.info(
                    self.tr("Накладная {number} закрыта без расхождений: акта нет").format(number=number)
                )
                return
            if self.services.printer is not None:
                self.services.printer.discrepancy_act(act)
            self.services.feedback.ok(
                self.tr("Акт расхождений по накладной {number} отправлен на печать").format(number=number)
            )

        self.services.runner.read(lambda: acceptance.discrepancy_act(ctx, number), done, self.services.feedback.fail)
