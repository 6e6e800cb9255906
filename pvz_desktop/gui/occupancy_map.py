"""Cell occupancy map: one square per cell, zones side by side, racks as columns, shelves as
rows, coloured by fill, each labelled with its rack-shelf and its count at a readable size.
Painted directly, so 18,000 cells cost one paint, not 18,000 widgets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from pvz_desktop.gui import palette, style
from pvz_desktop.workflows.placement import CellLoad

CELL_RE = re.compile(r"^C-([A-Z])-(\d{2})-(\d{2})$")
SQUARE_W = 60  # wide enough for «01-03» and «12/20» in LABEL_POINTS, the tooltip is not needed
SQUARE_H = 42
GAP = 4
ZONE_GAP = 24
LABEL_H = 26
LABEL_POINTS = 10


class LabelScope(StrEnum):
    """Which cell labels to print from the map: the chosen cell, its rack or its whole zone."""

    CELL = "cell"
    RACK = "rack"
    ZONE = "zone"


def cells_in_scope(codes: Sequence[str], code: str, scope: LabelScope) -> list[str]:
    """The codes of ``scope`` around ``code``, in code order (C-Z-RR-SS: zone Z, rack RR)."""
    m = CELL_RE.match(code)
    if scope is LabelScope.CELL or m is None:
        return [code]
    prefix = f"C-{m.group(1)}-" + (f"{m.group(2)}-" if scope is LabelScope.RACK else "")
    return sorted(c for c in codes if c.startswith(prefix) and CELL_RE.match(c))


def square_text(load: CellLoad) -> str:
    """What a square says: its rack-shelf (the zone is the block's title) over its count."""
    m = CELL_RE.match(load.code)
    where = f"{m.group(2)}-{m.group(3)}" if m else load.code
    return f"{where}\n{load.used}/{load.capacity}"


@dataclass(frozen=True)
class CellSpot:
    load: CellLoad
    rect: QRect


@dataclass(frozen=True)
class MapLayout:
    """Where every cell goes; built on the worker (QRect is a plain value), drawn by the map."""

    spots: list[CellSpot]
    labels: list[tuple[str, QRect]]
    size: QSize


def layout_cells(loads: Sequence[CellLoad]) -> MapLayout:
    """Place every cell: zone blocks left to right, racks as columns, shelves top to bottom.
    A code that does not follow C-Z-RR-SS lands in an "other" block in code order."""
    zones: dict[str, list[tuple[int, int, CellLoad]]] = {}
    for i, load in enumerate(loads):
        m = CELL_RE.match(load.code)
        if m:
            zones.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3)), load))
        else:
            zones.setdefault("?", []).append((i // 5 + 1, i % 5 + 1, load))
    spots: list[CellSpot] = []
    labels: list[tuple[str, QRect]] = []
    x = 0
    height = 0
    for zone in sorted(zones):
        cells = zones[zone]
        racks = sorted({r for r, _, _ in cells})
        shelves = max(s for _, s, _ in cells)
        col_of = {rack: n for n, rack in enumerate(racks)}
        width = len(racks) * (SQUARE_W + GAP)
        labels.append((zone, QRect(x, 0, max(width, SQUARE_W * 2), LABEL_H)))
        for rack, shelf, load in cells:
            left, top = x + col_of[rack] * (SQUARE_W + GAP), LABEL_H + (shelf - 1) * (SQUARE_H + GAP)
            spots.append(CellSpot(load, QRect(left, top, SQUARE_W, SQUARE_H)))
        height = max(height, LABEL_H + shelves * (SQUARE_H + GAP))
        x += max(width, SQUARE_W * 2) + ZONE_GAP
    return MapLayout(spots, labels, QSize(max(x, 1), max(height, 1)))


class OccupancyMap(QWidget):
    cell_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("occupancy_map")
        self.setMouseTracking(True)
        self._spots: list[CellSpot] = []
        self._index: dict[str, int] = {}
        self._labels: list[tuple[str, QRect]] = []
        self._size = QSize(1, 1)
        self.highlight: str | None = None
        self._overrides: dict[str, QColor] = {}

    def set_loads(self, loads: Sequence[CellLoad]) -> None:
        self.set_layout(layout_cells(loads))

    def set_layout(self, layout: MapLayout) -> None:
        self._spots, self._labels, self._size = layout.spots, layout.labels, layout.size
        self._index = {spot.load.code: i for i, spot in enumerate(self._spots)}
        self.setMinimumSize(self._size)
        self.updateGeometry()
        self.update()

    def update_cell(self, load: CellLoad) -> bool:
        """One cell's new fill after a placement: repaint that square only. False if unknown."""
        i = self._index.get(load.code)
        if i is None:
            return False
        spot = self._spots[i]
        self._spots[i] = CellSpot(load, spot.rect)
        self.update(spot.rect.adjusted(-3, -3, 3, 3))
        return True

    def set_overrides(self, colours: dict[str, QColor]) -> None:
        """Colour some cells by something else than fill (the inventory's counted cells)."""
        self._overrides = colours
        self.update()

    def set_highlight(self, code: str | None) -> None:
        for old in (self.highlight, code):
            i = self._index.get(old) if old else None
            if i is not None:
                self.update(self._spots[i].rect.adjusted(-3, -3, 3, 3))
        self.highlight = code

    def loads(self) -> list[CellLoad]:
        return [s.load for s in self._spots]

    def sizeHint(self) -> QSize:
        return self._size

    def spot_at(self, pos: QPoint) -> CellSpot | None:
        for spot in self._spots:
            if spot.rect.contains(pos):
                return spot
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(style.font(12))
        painter.setPen(QColor(palette.IDLE_TEXT))
        for zone, rect in self._labels:
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("Зона {zone}").format(zone=zone),
            )
        exposed = event.rect()
        painter.setFont(style.font(LABEL_POINTS))
        for spot in self._spots:
            if not exposed.intersects(spot.rect):
                continue
            colour = self._overrides.get(spot.load.code) or style.fill_colour(spot.load.used, spot.load.capacity)
            painter.fillRect(spot.rect, colour)
            # Dark text on light fills, white on the dark red of a full cell.
            painter.setPen(QColor("white") if colour.lightness() < 110 else QColor(palette.INK_DARK))
            painter.drawText(spot.rect, Qt.AlignmentFlag.AlignCenter, square_text(spot.load))
            if spot.load.code == self.highlight:
                painter.setPen(QPen(QColor(palette.CELL_INK), 4))
                painter.drawRect(spot.rect.adjusted(-2, -2, 2, 2))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        spot = self.spot_at(event.position().toPoint())
        if spot is not None:
            load = spot.load
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.tr("{code}: {used} из {capacity}").format(code=load.code, used=load.used, capacity=load.capacity),
                self,
            )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        spot = self.spot_at(event.position().toPoint())
        if spot is not None:
            self.cell_clicked.emit(spot.load.code)
