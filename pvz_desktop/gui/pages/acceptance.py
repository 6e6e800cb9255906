"""Приёмка: open a waybill by scan or from the list, reconcile live, close with a summary."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.text import word
from pvz_desktop.gui import palette
from pvz_desktop.gui.defect_dialog import DefectDialog, open_defect_dialog
from pvz_desktop.gui.dialogs import confirm
from pvz_desktop.gui.discrepancy_acts_dialog import DiscrepancyActsDialog
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.scan_log import ScanLog
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import reason, render
from pvz_desktop.gui.unknown_scans_dialog import UnknownScansDialog
from pvz_desktop.gui.widgets import CounterTile, action_button, caption, make_table
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.acceptance import AcceptanceScan, Reconciliation, ScanOutcome, WaybillClosed
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.defects import DefectPlace

WAYBILL_STATUS = {"open": word("ожидает"), "receiving": word("идёт приёмка"), "closed": word("закрыта")}


class AcceptancePage(Page):
    key = "acceptance"
    reconciled = Signal(object)  # Reconciliation
    closed = Signal(object)  # WaybillClosed

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.waybill: str | None = None
        self.reconciliation: Reconciliation | None = None
        self._build()
        self._render()

    def title(self) -> str:
        return self.tr("Приёмка")

    def prompt(self) -> str:
        if self.waybill is None:
            return self.tr("Отсканируйте накладную (TN-…) или выберите её в списке")
        return self.tr("Накладная {number}: сканируйте грузоместа и отправления, F10 — закрыть").format(
            number=self.waybill
        )

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = caption("", "acceptance_heading", 20)
        # Beside the heading, not in the bottom row: that row and the page's height are full at 1366×768.
        self.defect_button = action_button(self.tr("F6 Брак (фото)…"), "F6", "acceptance_defect")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.defect_button)
        layout.addLayout(top)

        tiles = QGroupBox(self.tr("Сверка с накладной"))
        grid = QGridLayout(tiles)
        self.tiles = {
            "expected": CounterTile(self.tr("ожидается"), "count_expected"),
            "received": CounterTile(self.tr("принято"), "count_received", palette.COUNT_GOOD),
            "missing": CounterTile(self.tr("не хватает"), "count_missing", palette.COUNT_BAD),
            "unexpected": CounterTile(self.tr("излишки"), "count_unexpected", palette.ATTENTION),
            "duplicates": CounterTile(self.tr("повторные сканы"), "count_duplicates", palette.COUNT_REPEAT),
        }
        grid.addWidget(caption(self.tr("Отправления"), point_size=13), 0, 0)
        for col, tile in enumerate(self.tiles.values(), start=1):
            grid.addWidget(tile, 0, col)
        self.package_tiles = {
            "expected": CounterTile(self.tr("ожидается"), "packages_expected"),
            "received": CounterTile(self.tr("принято"), "packages_received", palette.COUNT_GOOD),
            "missing": CounterTile(self.tr("не хватает"), "packages_missing", palette.COUNT_BAD),
            "unexpected": CounterTile(self.tr("излишки"), "packages_unexpected", palette.ATTENTION),
        }
        grid.addWidget(caption(self.tr("Грузоместа"), point_size=13), 1, 0)
        for col, tile in enumerate(self.package_tiles.values(), start=1):
            grid.addWidget(tile, 1, col)
        layout.addWidget(tiles)

        middle = QHBoxLayout()
        self.log_model = ScanLog(self)
        self.log = make_table(self.log_model, "acceptance_log")
        box = QGroupBox(self.tr("Сканы"))
        QVBoxLayout(box).addWidget(self.log)
        middle.addWidget(box, 1)

        self.open_model: RecordTableModel[Reconciliation] = RecordTableModel(
            [
                Column(self.tr("Накладная"), lambda r: r.waybill),
                Column(self.tr("Статус"), lambda r: render(WAYBILL_STATUS.get(r.status, r.status))),
                Column(self.tr("Отправления"), lambda r: f"{r.received_shipments}/{r.expected_shipments}", True),
                Column(self.tr("Грузоместа"), lambda r: f"{r.received_packages}/{r.expected_packages}", True),
            ],
            self,
        )
        self.open_list = make_table(self.open_model, "open_waybills", stretch_column=0)
        self.open_list.activated.connect(self._open_selected)
        box = QGroupBox(self.tr("Открытые накладные (Enter — открыть)"))
        QVBoxLayout(box).addWidget(self.open_list)
        middle.addWidget(box, 1)
        layout.addLayout(middle, 1)

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("acceptance_summary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(110)
        self.summary.setMinimumHeight(40)  # the page must fit 768 px screens: it scrolls
        layout.addWidget(self.summary)

        buttons = QHBoxLayout()
        self.open_button = action_button(self.tr("F3 Открыть выбранную"), "F3", "open_waybill")
        self.close_button = action_button(self.tr("F10 Закрыть накладную"), "F10", "close_waybill", primary=True)
        self.refresh_button = action_button(self.tr("F5 Обновить"), "F5", "refresh_waybills")
        self.unknown_button = action_button(self.tr("F7 Зависшие ШК…"), "F7", "open_unknown_scans")
        self.acts_button = action_button(self.tr("F8 Акты расхождений…"), "F8", "open_discrepancy_acts")
        for b in (self.open_button, self.refresh_button, self.unknown_button, self.acts_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open_selected)
        self.close_button.clicked.connect(self.close_waybill)
        self.refresh_button.clicked.connect(self.refresh_open)
        self.unknown_button.clicked.connect(self.open_unknown_scans)
        self.acts_button.clicked.connect(self.open_discrepancy_acts)
        self.defect_button.clicked.connect(self.open_defect)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        if self.waybill is None:
            return frozenset({BarcodeKind.WAYBILL})
        # While a waybill is open anything that is not another document is part of the delivery;
        # junk goes to «Зависшие ШК» through the workflow.
        return frozenset(
            {BarcodeKind.WAYBILL, BarcodeKind.SHIPMENT, BarcodeKind.TRANSPORT_PACKAGE, BarcodeKind.UNKNOWN}
        )

    def handle_scan(self, code: Barcode) -> None:
        if code.kind is BarcodeKind.WAYBILL:
            self.open_waybill(code.code)
            return
        number = self.waybill
        if number is None:
            return
        ctx = self.ctx

        def done(result: AcceptanceScan) -> None:
            self._log(result.code, render(result.message), result.outcome.ok)
            self._show(result.reconciliation)
            if result.outcome.ok:
                self.services.feedback.ok(result.message)
            elif result.outcome is ScanOutcome.UNEXPECTED:
                self.services.feedback.info(result.message)
            else:
                self.services.feedback.error(result.message)

        def failed(exc: BaseException) -> None:
            self._log(code.code, reason(exc), False)
            self.services.feedback.fail(exc)

        self.services.runner.write(lambda: acceptance.scan(ctx, number, code.raw), done, failed)

    def open_waybill(self, raw: str) -> None:
        ctx = self.ctx

        def done(rec: Reconciliation) -> None:
            self.waybill = rec.waybill
            self.log_model.set_rows([])
            self.summary.clear()
            self._show(rec)
            self.refresh_open()
            self.services.feedback.ok(
                self.tr("Накладная {number}: ожидается {n} отправлений, {p} грузомест. Сканируйте.").format(
                    number=rec.waybill, n=rec.expected_shipments, p=rec.expected_packages
                )
            )

        self.write(lambda: acceptance.open_waybill(ctx, raw), done)

    def _open_selected(self) -> None:
        rows = self.open_list.selectionModel().selectedRows()
        if rows:
            self.open_waybill(self.open_model.row_at(rows[0].row()).waybill)

    def close_waybill(self) -> None:
        rec = self.reconciliation
        if self.waybill is None or rec is None:
            return
        text = self.tr("Закрыть накладную {number}?\nПринято {r} из {e}.").format(
            number=rec.waybill, r=rec.received_shipments, e=rec.expected_shipments
        )
        if rec.missing_shipments:
            text += "\n" + self.tr("Не отсканировано {n}: они будут отмечены как не пришедшие.").format(
                n=rec.missing_shipments
            )
        confirm(self, "confirm_close_waybill", self.tr("Закрытие накладной"), text, self._do_close)

    def _do_close(self) -> None:
        number = self.waybill
        if number is None:
            return
        ctx = self.ctx

        def done(result: WaybillClosed) -> None:
            self.waybill = None
            self._show(result.reconciliation)
            self.summary.setPlainText(self._summary_text(result))
            self.refresh_open()
            if result.act is None:
                self.services.feedback.ok(self.tr("Накладная {number} закрыта без расхождений").format(number=number))
            else:
                self.services.feedback.info(
                    self.tr("Накладная {number} закрыта, составлен акт расхождений: подпишите оба экземпляра").format(
                        number=number
                    )
                )
                if self.services.printer is not None:
                    self.services.printer.discrepancy_act(result.act)
            self.closed.emit(result)

        self.write(lambda: acceptance.close_waybill(ctx, number), done)

    def _summary_text(self, result: WaybillClosed) -> str:
        rec = result.reconciliation
        lines = [
            self.tr("Накладная {number} закрыта: принято {r} из {e}, излишки {u}, повторные сканы {d}.").format(
                number=rec.waybill,
                r=rec.received_shipments,
                e=rec.expected_shipments,
                u=rec.unexpected_shipments,
                d=rec.duplicate_scans,
            )
        ]
        act = result.act
        if act is not None:
            for label, codes in (
                (self.tr("Не пришли"), act.missing_shipments),
                (self.tr("Излишки"), act.unexpected_shipments),
                (self.tr("Грузоместа не пришли"), act.missing_packages),
                (self.tr("Лишние грузоместа"), act.unexpected_packages),
            ):
                if codes:
                    lines.append(f"{label} ({len(codes)}): {', '.join(codes)}")
        return "\n".join(lines)

    def open_defect(self) -> DefectDialog | None:
        """A parcel that came damaged: the scan chosen in the log, else the last one."""
        return open_defect_dialog(self, self.log_model.chosen_code(self.log), DefectPlace.ACCEPTANCE)

    def open_discrepancy_acts(self) -> DiscrepancyActsDialog:
        dialog = DiscrepancyActsDialog(self.services, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_unknown_scans(self) -> UnknownScansDialog:
        dialog = UnknownScansDialog(self.services, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # --- view ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_open()

    def on_changes(self, changes: OpChanges) -> None:
        """Pulled from the server: a waybill's parcels changed at another counter (its counters here)."""
        if not changes.pulled or not changes.waybills:
            return
        self.refresh_open()
        number = self.waybill
        if number is not None:
            ctx = self.ctx

            def shown(rec: Reconciliation) -> None:
                if number == self.waybill:
                    self._show(rec)

            self.read(lambda: acceptance.reconcile(ctx, number), shown)

    def refresh_open(self) -> None:
        ctx = self.ctx
        self.read(lambda: acceptance.open_waybills(ctx), self.open_model.set_rows)

    def _log(self, code: str, message: str, ok: bool) -> None:
        self.log_model.add(code, message, ok)

    def _show(self, rec: Reconciliation) -> None:
        self.reconciliation = rec
        self._render()
        self.reconciled.emit(rec)

    def _render(self) -> None:
        rec = self.reconciliation
        if self.waybill is None:
            self.heading.setText(self.tr("Отсканируйте накладную (TN-…) или выберите её в списке"))
        else:
            self.heading.setText(self.tr("Приёмка по накладной {number}").format(number=self.waybill))
        values = (
            {
                "expected": rec.expected_shipments,
                "received": rec.received_shipments,
                "missing": rec.missing_shipments,
                "unexpected": rec.unexpected_shipments,
                "duplicates": rec.duplicate_scans,
            }
            if rec
            else {}
        )
        for name, tile in self.tiles.items():
            tile.set_value(values.get(name, "—"))
        packages = (
            {
                "expected": rec.expected_packages,
                "received": rec.received_packages,
                "missing": rec.missing_packages,
                "unexpected": rec.unexpected_packages,
            }
            if rec
            else {}
        )
        for name, tile in self.package_tiles.items():
            tile.set_value(packages.get(name, "—"))
        self.close_button.setEnabled(self.waybill is not None)
