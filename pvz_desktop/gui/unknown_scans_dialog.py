"""«Зависшие ШК»: barcodes that matched nothing (resolve to a shipment or write off with a
reason) and parcels that came without a waybill (take into stock so they can be placed)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.clock import to_local
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import make_table
from pvz_desktop.workflows import unknown_scans
from pvz_desktop.workflows.unknown_scans import Resolution, UnknownScanView
from pvz_desktop.workflows.views import ShipmentView


class UnknownScansDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unknown_scans_dialog")
        self.setWindowTitle(self.tr("Зависшие ШК и излишки"))
        self.resize(820, 560)
        self.services = services
        layout = QVBoxLayout(self)

        scans = QGroupBox(self.tr("Нераспознанные штрихкоды"))
        sl = QVBoxLayout(scans)
        self.scan_model: RecordTableModel[UnknownScanView] = RecordTableModel(
            [
                Column(self.tr("Когда"), lambda v: to_local(v.scanned_at).strftime("%d.%m %H:%M")),
                Column(self.tr("Штрихкод"), lambda v: v.code),
                Column(self.tr("Где"), lambda v: v.context or v.workflow),
            ],
            self,
        )
        self.scans = make_table(self.scan_model, "unknown_scans", stretch_column=1)
        sl.addWidget(self.scans)
        row = QHBoxLayout()
        self.posting = QLineEdit()
        self.posting.setObjectName("unknown_posting")
        self.posting.setPlaceholderText(self.tr("Номер отправления с этикетки"))
        self.resolve_button = QPushButton(self.tr("Сопоставить"))
        self.resolve_button.setObjectName("unknown_resolve")
        self.reason = QLineEdit()
        self.reason.setObjectName("unknown_reason")
        self.reason.setPlaceholderText(self.tr("Причина списания"))
        self.dismiss_button = QPushButton(self.tr("Списать"))
        self.dismiss_button.setObjectName("unknown_dismiss")
        for w in (self.posting, self.resolve_button, self.reason, self.dismiss_button):
            row.addWidget(w)
        sl.addLayout(row)
        layout.addWidget(scans)

        surplus = QGroupBox(self.tr("Пришли без накладной"))
        ul = QVBoxLayout(surplus)
        self.surplus_model: RecordTableModel[ShipmentView] = RecordTableModel(
            [
                Column(self.tr("Отправление"), lambda v: v.posting_number),
                Column(self.tr("Статус"), lambda v: render(v.status_label)),
            ],
            self,
        )
        self.surplus = make_table(self.surplus_model, "unexpected_parcels", stretch_column=0)
        ul.addWidget(self.surplus)
        self.take_in_button = QPushButton(self.tr("Оприходовать выбранное"))
        self.take_in_button.setObjectName("take_in_unexpected")
        ul.addWidget(self.take_in_button)
        layout.addWidget(surplus)

        self.resolve_button.clicked.connect(self.resolve)
        self.posting.returnPressed.connect(self.resolve)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.take_in_button.clicked.connect(self.take_in)
        self.refresh()

    def refresh(self) -> None:
        ctx, runner, fail = self.services.ctx, self.services.runner, self.services.feedback.fail
        runner.read(lambda: unknown_scans.scans(ctx), self.scan_model.set_rows, fail)
        runner.read(lambda: unknown_scans.unexpected(ctx), self.surplus_model.set_rows, fail)

    def _selected_scan(self) -> UnknownScanView | None:
        index = self.scans.currentIndex()
        return self.scan_model.row_at(index.row()) if index.isValid() else None

    def resolve(self) -> None:
        scan = self._selected_scan()
        if scan is None:
            return
        ctx, posting = self.services.ctx, self.posting.text()

        def done(result: Resolution) -> None:
            self.posting.clear()
            self.services.feedback.ok(
                self.tr("«{code}» — это {posting}: {status}").format(
                    code=scan.code, posting=result.shipment.posting_number, status=render(result.shipment.status_label)
                )
            )
            self.refresh()

        self.services.runner.write(
            lambda: unknown_scans.resolve(ctx, scan.id, posting), done, self.services.feedback.fail
        )

    def dismiss(self) -> None:
        scan = self._selected_scan()
        if scan is None:
            return
        ctx, reason = self.services.ctx, self.reason.text()

        def done(_: UnknownScanView) -> None:
            self.reason.clear()
            self.services.feedback.info(self.tr("«{code}» списан").format(code=scan.code))
            self.refresh()

        self.services.runner.write(
            lambda: unknown_scans.dismiss(ctx, scan.id, reason), done, self.services.feedback.fail
        )

    def take_in(self) -> None:
        index = self.surplus.currentIndex()
        if not index.isValid():
            return
        ctx, posting = self.services.ctx, self.surplus_model.row_at(index.row()).posting_number

        def done(view: ShipmentView) -> None:
            self.services.feedback.ok(
                self.tr("{posting} оприходовано: теперь его можно разместить").format(posting=view.posting_number)
            )
            self.refresh()

        self.services.runner.write(
            lambda: unknown_scans.take_in_unexpected(ctx, posting), done, self.services.feedback.fail
        )
