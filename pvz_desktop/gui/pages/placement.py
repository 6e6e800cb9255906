"""Размещение: the scanner flows of ``PlacementSession`` (shipment → cell, cell → many),
the suggested cell shown huge, and the occupancy map of every zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.gui import style
from pvz_desktop.gui.occupancy_map import LabelScope, MapLayout, OccupancyMap, cells_in_scope, layout_cells
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import action_button, caption, huge_label, make_table
from pvz_desktop.workflows import placement
from pvz_desktop.workflows.placement import CellLoad, PlacementSession, PlacementStep

LOG_LIMIT = 100


@dataclass(frozen=True)
class PlacedRow:
    at: datetime
    posting: str
    cell: str
    moved_from: str | None


class PlacementPage(Page):
    key = "placement"
    stepped = Signal(object)  # PlacementStep

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session = PlacementSession(services.ctx)  # touched only inside worker calls
        self.pending_shipment: str | None = None
        self.current_cell: str | None = None
        self.target_cell: str | None = None
        self._build()
        self._render()

    def title(self) -> str:
        return self.tr("Размещение")

    def prompt(self) -> str:
        return self.tr("Отсканируйте отправление, затем ячейку — или ячейку, затем отправления")

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.mode = caption("", "placement_mode", 18)
        left.addWidget(self.mode)
        self.target = huge_label("placement_target", 48)
        self.target.setStyleSheet(style.cell_code_sheet(8))
        left.addWidget(self.target)
        self.reason = QLabel()
        self.reason.setObjectName("placement_reason")
        self.reason.setWordWrap(True)
        left.addWidget(self.reason)

        self.log_model: RecordTableModel[PlacedRow] = RecordTableModel(
            [
                Column(self.tr("Время"), lambda r: to_local(r.at).strftime("%H:%M:%S")),
                Column(self.tr("Отправление"), lambda r: r.posting),
                Column(self.tr("Ячейка"), lambda r: r.cell),
                Column(self.tr("Откуда"), lambda r: r.moved_from or ""),
            ],
            self,
        )
        box = QGroupBox(self.tr("Размещено за сеанс"))
        QVBoxLayout(box).addWidget(make_table(self.log_model, "placement_log"))
        left.addWidget(box, 1)
        buttons = QHBoxLayout()
        self.reset_button = action_button(self.tr("F8 Сбросить"), "F8", "placement_reset")
        self.refresh_button = action_button(self.tr("F5 Обновить карту"), "F5", "placement_refresh")
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.refresh_button)
        left.addLayout(buttons)
        self.reset_button.clicked.connect(self.reset)
        self.refresh_button.clicked.connect(self.refresh_map)
        layout.addLayout(left, 3)

        right = QVBoxLayout()
        self.map_summary = caption("", "occupancy_summary", 13)
        right.addWidget(self.map_summary)
        self.map = OccupancyMap()
        self.map.cell_clicked.connect(self._cell_clicked)
        scroll = QScrollArea()
        scroll.setObjectName("occupancy_scroll")
        scroll.setWidget(self.map)
        scroll.setWidgetResizable(False)
        right.addWidget(scroll, 1)
        legend = QLabel(self.tr("■ серый — пусто · зелёный — есть место · жёлтый — почти полна · красный — полна"))
        legend.setWordWrap(True)
        right.addWidget(legend)
        # Cell labels (Code128 of each cell) for the cell chosen on the map, its rack or its zone.
        labels = QHBoxLayout()
        labels.addWidget(QLabel(self.tr("Этикетки:")))
        self.label_buttons = {
            LabelScope.CELL: QPushButton(self.tr("F3 ячейки")),
            LabelScope.RACK: QPushButton(self.tr("F4 стеллажа")),
            LabelScope.ZONE: QPushButton(self.tr("F6 зоны")),
        }
        for (scope, button), key in zip(self.label_buttons.items(), ("F3", "F4", "F6"), strict=True):
            button.setShortcut(key)
            button.setObjectName(f"print_labels_{scope.value}")
            button.clicked.connect(lambda _checked=False, s=scope: self.print_labels(s))
            labels.addWidget(button)
        labels.addStretch(1)
        right.addLayout(labels)
        layout.addLayout(right, 4)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return frozenset({BarcodeKind.SHIPMENT, BarcodeKind.CELL})

    def handle_scan(self, code: Barcode) -> None:
        session = self.session

        def done(step: PlacementStep) -> None:
            self.pending_shipment = step.pending_shipment
            self.current_cell = step.current_cell
            self.target_cell = step.suggestion.cell.code if step.suggestion and step.suggestion.cell else None
            if step.placed is not None:
                placed = step.placed
                self.log_model.prepend(
                    PlacedRow(utcnow(), placed.shipment.posting_number, placed.cell.code, placed.moved_from), LOG_LIMIT
                )
                self.target_cell = placed.cell.code
                self.services.feedback.ok(step.message)
                if placed.moved_from or not self.map.update_cell(placed.cell):
                    self.refresh_map()  # a move empties another cell too: draw it all again
                else:
                    self._show_summary(self.map.loads())
            elif step.suggestion is not None and step.suggestion.cell is None:
                self.services.feedback.error(step.message)
            else:
                self.services.feedback.info(step.message)
            self._render(step)
            self.stepped.emit(step)

        def failed(exc: BaseException) -> None:
            # The session forgot the pending shipment if the placement failed midway.
            self.pending_shipment = session.pending_shipment
            self.services.feedback.fail(exc)
            self._render()

        self.services.runner.write(lambda: session.scan(code.raw), done, failed)

    def _cell_clicked(self, code: str) -> None:
        """Mouse third: a click on the map acts like scanning the cell's label."""
        self.handle_scan(self.ctx.profile.classify(code))

    def print_labels(self, scope: LabelScope) -> None:
        """Labels of the cell chosen on the map (or by scan), of its rack or of its zone."""
        code = self.map.highlight
        if code is None:
            self.services.feedback.info(self.tr("Выберите ячейку на карте или отсканируйте её"))
            return
        codes = cells_in_scope([load.code for load in self.map.loads()], code, scope)
        if self.services.printer is not None:
            self.services.printer.cell_labels(codes)
        self.services.feedback.ok(
            self.tr("Этикетки на печать: {n} ({first}…{last})").format(n=len(codes), first=codes[0], last=codes[-1])
        )

    def reset(self) -> None:
        session = self.session

        def done(_: object) -> None:
            self.pending_shipment = self.current_cell = self.target_cell = None
            self._render()
            self.services.feedback.info(self.tr("Размещение сброшено: сканируйте отправление или ячейку"))

        self.services.runner.write(session.reset, done)

    # --- view ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_map()

    def refresh_map(self) -> None:
        ctx = self.ctx
        # The layout of thousands of cells is worked out on the worker, not in the GUI thread.
        self.read(lambda: layout_cells(placement.cell_loads(ctx)), self._show_layout)

    def _show_layout(self, layout: MapLayout) -> None:
        self.map.set_layout(layout)
        self._show_summary([spot.load for spot in layout.spots])

    def _show_summary(self, loads: list[CellLoad]) -> None:
        used = sum(c.used for c in loads)
        capacity = sum(c.capacity for c in loads)
        full = sum(1 for c in loads if c.free == 0)
        self.map_summary.setText(
            self.tr("Ячеек {n}, занято мест {used} из {capacity}, полных ячеек {full}").format(
                n=len(loads), used=used, capacity=capacity, full=full
            )
        )

    def _render(self, step: PlacementStep | None = None) -> None:
        if self.current_cell:
            self.mode.setText(self.tr("Ячейка {cell}: сканируйте отправления для неё").format(cell=self.current_cell))
            self.target.setText(self.current_cell)
        elif self.pending_shipment:
            self.mode.setText(
                self.tr("Отправление {posting}: положите и отсканируйте ячейку").format(posting=self.pending_shipment)
            )
            self.target.setText(f"→ {self.target_cell}" if self.target_cell else "?")
        else:
            self.mode.setText(self.tr("Сканируйте отправление (или сначала ячейку, чтобы класть в неё много)"))
            self.target.setText(self.target_cell or "—")
        reason = ""
        if step is not None and step.suggestion is not None:
            reason = render(step.suggestion.message)
        self.reason.setText(reason)
        self.map.set_highlight(self.current_cell or self.target_cell)
