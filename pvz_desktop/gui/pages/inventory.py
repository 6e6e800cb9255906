"""Инвентаризация: start for the point or some zones, scan cell then parcels, see progress by
cell on the map, review the differences and apply them in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.dialogs import confirm
from pvz_desktop.gui.occupancy_map import MapLayout, OccupancyMap, layout_cells
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import reason, render
from pvz_desktop.gui.widgets import action_button, caption, huge_label, make_table
from pvz_desktop.workflows import inventory, placement
from pvz_desktop.workflows.inventory import InventoryProgress, InventoryReport, InventoryStep, SessionStatus, Verdict
from pvz_desktop.workflows.placement import CellLoad

LOG_LIMIT = 300
COUNTED = QColor(palette.FILL_ROOM)
NOT_COUNTED = QColor(palette.FILL_NONE)
OUT_OF_SCOPE = QColor(palette.IDLE)
VERDICT_COLOURS = {
    Verdict.MISPLACED: palette.ROW_MOVED,
    Verdict.SURPLUS: palette.ROW_WRONG,
    Verdict.ATTENTION: palette.ROW_CHECK,
    Verdict.FOUND: palette.ROW_FOUND,
}


@dataclass(frozen=True)
class StepRow:
    at: datetime
    code: str
    message: str
    verdict: Verdict | None  # None: refused


class InventoryPage(Page):
    key = "inventory"
    stepped = Signal(object)  # InventoryStep
    reported = Signal(object)  # InventoryReport
    applied = Signal(object)  # InventoryReport

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.progress: InventoryProgress | None = None
        self.report: InventoryReport | None = None
        self._loads: list[CellLoad] = []
        self._build()
        self._render()

    def title(self) -> str:
        return self.tr("Инвентаризация")

    def prompt(self) -> str:
        if self.progress is None or self.progress.status is not SessionStatus.ACTIVE:
            return self.tr("Укажите зоны и начните инвентаризацию (F3)")
        return self.tr("Отсканируйте ячейку, затем все отправления в ней")

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.heading = caption("", "inventory_heading", 16)
        left.addWidget(self.heading)
        self.cell = huge_label("inventory_cell", 36)
        self.cell.setStyleSheet(style.cell_code_sheet())
        left.addWidget(self.cell)
        start = QHBoxLayout()
        self.zones = QLineEdit()
        self.zones.setObjectName("inventory_zones")
        self.zones.setPlaceholderText(self.tr("Зоны через запятую (пусто — весь пункт)"))
        self.start_button = action_button(self.tr("F3 Начать"), "F3", "inventory_start", primary=True)
        start.addWidget(self.zones, 1)
        start.addWidget(self.start_button)
        left.addLayout(start)
        self.log_model: RecordTableModel[StepRow] = RecordTableModel(
            [
                Column(self.tr("Время"), lambda r: to_local(r.at).strftime("%H:%M:%S")),
                Column(self.tr("Штрихкод"), lambda r: r.code),
                Column(
                    self.tr("Результат"),
                    lambda r: r.message,
                    background=lambda r: palette.ROW_WRONG if r.verdict is None else VERDICT_COLOURS.get(r.verdict),
                ),
            ],
            self,
        )
        left.addWidget(make_table(self.log_model, "inventory_log", stretch_column=2), 1)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("inventory_summary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(150)
        left.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.pause_button = action_button(self.tr("F6 Пауза"), "F6", "inventory_pause")
        self.report_button = action_button(self.tr("F7 Расхождения"), "F7", "inventory_report")
        self.apply_button = action_button(self.tr("F10 Применить"), "F10", "inventory_apply", primary=True)
        for b in (self.pause_button, self.report_button, self.apply_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        layout.addLayout(left, 3)

        right = QGroupBox(self.tr("Ячейки: зелёные посчитаны, серые — ещё нет"))
        rl = QVBoxLayout(right)
        self.map = OccupancyMap()
        self.map.setObjectName("inventory_map")
        scroll = QScrollArea()
        scroll.setWidget(self.map)
        rl.addWidget(scroll, 1)
        self.map_label = QLabel()
        self.map_label.setObjectName("inventory_map_label")
        rl.addWidget(self.map_label)
        layout.addWidget(right, 4)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.report_button.clicked.connect(self.refresh_report)
        self.apply_button.clicked.connect(self.apply)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        if self.progress is None or self.progress.status is not SessionStatus.ACTIVE:
            return frozenset()
        return frozenset({BarcodeKind.CELL, BarcodeKind.SHIPMENT})

    def handle_scan(self, code: Barcode) -> None:
        progress = self.progress
        if progress is None:
            return
        ctx = self.ctx

        def done(step: InventoryStep) -> None:
            self.progress = step.progress
            self.log_model.prepend(StepRow(utcnow(), step.code, render(step.message), step.verdict), LOG_LIMIT)
            if step.verdict in (Verdict.CELL, Verdict.MATCHED, Verdict.FOUND):
                self.services.feedback.ok(step.message)
            elif step.verdict is Verdict.DUPLICATE:
                self.services.feedback.info(step.message)
            else:
                self.services.feedback.error(step.message)
            self._render()
            if step.verdict is Verdict.CELL:
                self.refresh_report()
            self.stepped.emit(step)

        def failed(exc: BaseException) -> None:
            self.log_model.prepend(StepRow(utcnow(), code.code, reason(exc), None), LOG_LIMIT)
            self.services.feedback.fail(exc)

        self.services.runner.write(lambda: inventory.scan(ctx, progress.session_id, code.raw), done, failed)

    # --- actions -------------------------------------------------------------------------

    def start(self) -> None:
        ctx = self.ctx
        zones = [z for z in self.zones.text().replace(";", ",").split(",") if z.strip()]

        def done(progress: InventoryProgress) -> None:
            self.progress = progress
            self.report = None
            self.log_model.set_rows([])
            self.summary.clear()
            self._render()
            self.refresh_report()
            self.services.feedback.ok(
                self.tr("Инвентаризация №{n} начата: сканируйте ячейку, затем отправления в ней").format(
                    n=progress.session_id
                )
            )

        self.write(lambda: inventory.start(ctx, zones), done)

    def toggle_pause(self) -> None:
        progress = self.progress
        if progress is None:
            return
        ctx = self.ctx
        paused = progress.status is SessionStatus.PAUSED
        action = inventory.resume if paused else inventory.pause

        def done(new: InventoryProgress) -> None:
            self.progress = new
            self._render()
            self.services.feedback.info(
                self.tr("Инвентаризация продолжена") if paused else self.tr("Инвентаризация приостановлена")
            )

        self.write(lambda: action(ctx, progress.session_id), done)

    def refresh_report(self) -> None:
        progress = self.progress
        if progress is None:
            return
        ctx = self.ctx
        self.read(lambda: inventory.results(ctx, progress.session_id), self._show_report)

    def apply(self) -> None:
        """Ask with the numbers: how many become lost, found, moved, and which cells look half-counted."""
        progress = self.progress
        if progress is None:
            return
        ctx = self.ctx
        self.read(lambda: inventory.results(ctx, progress.session_id), self._confirm_apply)

    def _confirm_apply(self, report: InventoryReport) -> None:
        self._show_report(report)
        lines = [
            self.tr("Применить инвентаризацию №{n}?").format(n=report.session_id),
            self.tr("Станут «утеряно» (недостача): {n}").format(n=len(report.shortage)),
            self.tr("Найдено, вернутся на хранение: {n}").format(n=len(report.found)),
            self.tr("Перемещено в ячейку, где найдены: {n}").format(n=len(report.misplaced)),
        ]
        if report.shortfalls:
            lines.append(self.tr("Ячейки, где найдено не всё (проверьте, что досчитаны до конца):"))
            lines += [
                self.tr("  {cell}: найдено {scanned} из {expected}").format(
                    cell=s.cell, scanned=s.scanned, expected=s.expected
                )
                for s in report.shortfalls
            ]
        if report.cells_unchecked:
            lines.append(
                self.tr("Не проверено ячеек: {n} — их отправления не меняются").format(n=len(report.cells_unchecked))
            )
        confirm(self, "confirm_inventory_apply", self.tr("Инвентаризация"), "\n".join(lines), self._apply)

    def _apply(self) -> None:
        progress = self.progress
        if progress is None:
            return
        ctx = self.ctx

        def done(report: InventoryReport) -> None:
            self.progress = None
            self._show_report(report)
            self._render()
            self.services.feedback.ok(
                self.tr("Инвентаризация №{n} применена: недостача {s}, найдено {f}, перемещено {m}").format(
                    n=report.session_id, s=len(report.shortage), f=len(report.found), m=len(report.misplaced)
                )
            )
            self.applied.emit(report)

        self.write(lambda: inventory.apply(ctx, progress.session_id), done)

    # --- view ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        ctx = self.ctx

        def resumed(progress: InventoryProgress | None) -> None:
            self.progress = progress
            self._render()
            self.refresh_report()

        self.read(lambda: inventory.current(ctx), resumed)
        self.read(lambda: layout_cells(placement.cell_loads(ctx)), self._show_cells)

    def _show_cells(self, layout: MapLayout) -> None:
        self._loads = [spot.load for spot in layout.spots]
        self.map.set_layout(layout)
        self._colour_map()

    def _show_report(self, report: InventoryReport) -> None:
        self.report = report
        lines = [
            self.tr("Посчитано ячеек {c}, не посчитано {u}; ожидалось {e}, отсканировано {s}, на месте {m}.").format(
                c=report.cells_checked,
                u=len(report.cells_unchecked),
                e=report.expected,
                s=report.scanned,
                m=report.matched,
            )
        ]
        for label, diffs in (
            (self.tr("Недостача"), report.shortage),
            (self.tr("Не в своей ячейке"), report.misplaced),
            (self.tr("Найдено"), report.found),
            (self.tr("Излишки"), report.surplus),
            (self.tr("Проверить"), report.attention),
        ):
            if diffs:
                shown = ", ".join(d.posting_number for d in diffs[:20])
                more = "…" if len(diffs) > 20 else ""
                lines.append(f"{label} ({len(diffs)}): {shown}{more}")
        self.summary.setPlainText("\n".join(lines))
        self._colour_map()
        self.reported.emit(report)

    def _colour_map(self) -> None:
        report = self.report
        if report is None or not self._loads:
            self.map.set_overrides({})
            return
        unchecked = set(report.cells_unchecked)
        zones = set(report.zones)
        colours = {}
        for load in self._loads:
            zone = load.code.split("-")[1] if load.code.count("-") >= 3 else ""
            if zones and zone not in zones:
                colours[load.code] = OUT_OF_SCOPE
            else:
                colours[load.code] = NOT_COUNTED if load.code in unchecked else COUNTED
        self.map.set_overrides(colours)
        self.map.set_highlight(self.progress.current_cell if self.progress else None)
        self.map_label.setText(
            self.tr("Посчитано {c} из {t}").format(c=report.cells_checked, t=report.cells_checked + len(unchecked))
        )

    def _render(self) -> None:
        p = self.progress
        running = p is not None
        self.start_button.setEnabled(not running)
        self.zones.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.report_button.setEnabled(running)
        self.apply_button.setEnabled(running)
        if p is None:
            self.heading.setText(self.tr("Инвентаризация не идёт. Укажите зоны (или оставьте весь пункт) и начните."))
            self.cell.setText("—")
            return
        self.pause_button.setText(self.tr("F6 Продолжить") if p.status is SessionStatus.PAUSED else self.tr("F6 Пауза"))
        scope = ", ".join(p.zones) if p.zones else self.tr("весь пункт")
        self.heading.setText(
            self.tr("Инвентаризация №{n} ({scope}): {status} · ячеек {c} из {t} · отсканировано {s}").format(
                n=p.session_id,
                scope=scope,
                status=render(p.status.label),
                c=p.cells_checked,
                t=p.cells_total,
                s=p.scanned,
            )
        )
        self.cell.setText(p.current_cell or self.tr("сканируйте ячейку"))
        self.map.set_highlight(p.current_cell)
