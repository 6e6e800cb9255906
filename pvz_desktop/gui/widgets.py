"""Small widget builders shared by the pages, so every page looks and reads the same."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.gui import palette, style


def action_button(
    text: str, key: QKeySequence.StandardKey | Qt.Key | str | None, name: str, *, primary: bool = False
) -> QPushButton:
    """A button with its shortcut written on it («F9 Выдать»), active while it is visible."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text)
    if key is not None:
        button.setShortcut(QKeySequence(key))
    if primary:
        button.setProperty("primary", True)
    button.setMinimumHeight(44)
    return button


def huge_label(name: str, point_size: int = style.HUGE_POINT_SIZE) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setFont(style.font(point_size, mono=True))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def caption(text: str, name: str = "", point_size: int = 14, *, bold: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setFont(style.font(point_size, bold=bold))
    label.setWordWrap(True)
    return label


def compact_combo(combo: QComboBox, chars: int = 12) -> QComboBox:
    """A drop-down as wide as ``chars`` letters, not as its longest item (the list opens wider)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    return combo


class ElidedLabel(QLabel):
    """One line that never widens its window: a text longer than the room it gets ends in «…»
    and the whole of it is in the tooltip (status bar, card headers, anything fed by data)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 6) -> None:
        super().__init__(parent)
        self._min_chars = min_chars  # kept whole up to this many characters when space is short
        self.setText(text)

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._line_height())

    def minimumSizeHint(self) -> QSize:
        whole = self.fontMetrics().horizontalAdvance(self.text()) + 1
        least = min(whole, self.fontMetrics().averageCharWidth() * self._min_chars)
        # Margins, frame and a style sheet's padding: all that is outside the contents rect.
        return QSize(least + self.width() - self.contentsRect().width(), self._line_height())

    def _line_height(self) -> int:
        return self.fontMetrics().height() + self.height() - self.contentsRect().height()

    def elided(self) -> str:
        """What fits in one line of the label as it is now (the full text when it all fits)."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(" ".join(self.text().split()), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.elided())


class RecordTable(QTableView):
    """A read-only table whose columns fit their contents whenever the rows change or it is
    shown (a model filled while its tab was hidden would otherwise keep squeezed columns)."""

    # A queued call, not a zero timer: it runs before the repaint Qt posts at low priority, so a
    # new set of rows is painted once, already fitted (a timer came after it: painted twice).
    _fit_requested = Signal()

    # More rows inserted at once than this are fitted like a new set of rows.
    _FEW_ROWS = 20

    def __init__(self, stretch_column: int | None) -> None:
        super().__init__()
        self._stretch = stretch_column
        self._pending = False
        self._fitted = False  # the columns were fitted to the rows shown since the last new set
        self._fit_requested.connect(self.fit_columns, Qt.ConnectionType.QueuedConnection)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._fitted = False
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged):
                signal.connect(self.fit_columns_later)
            model.rowsInserted.connect(self._rows_inserted)

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        """A row added to fitted columns widens a column only if it needs more room: only the new
        rows are measured (a scan log gets one a scan; measuring every visible row again, and
        re-fitting columns that then shrank or grew, was most of a scan's repaint)."""
        if not self._fitted or self._pending or last - first >= self._FEW_ROWS or not self.isVisible():
            self.fit_columns_later()
            return
        model, grid = self.model(), 1 if self.showGrid() else 0
        for column in range(model.columnCount()):
            if column == self._stretch:
                continue
            width = max(self.sizeHintForIndex(model.index(row, column)).width() for row in range(first, last + 1))
            if width + grid > self.columnWidth(column):
                self.setColumnWidth(column, width + grid)

    def fit_columns_later(self) -> None:
        if not self._pending:
            self._pending = True
            self._fit_requested.emit()

    def fit_columns(self) -> None:
        self._pending = False
        if not self.isVisible() or self.model() is None:
            self._fitted = False  # fitted when shown (showEvent)
            return
        self._fitted = True
        # Qt finishes a fit on zero timers (the view's row layout, the header's stretched column,
        # the view's repaint of resized columns) that run after the paint: the table was painted
        # twice per new set of rows. Done here, all of it lands in the one pending paint.
        self.executeDelayedItemsLayout()
        header = self.horizontalHeader()
        was_blocked = header.blockSignals(True)  # no per-column repaint timer in the view
        try:
            for column in range(self.model().columnCount()):
                if column != self._stretch:
                    self.resizeColumnToContents(column)
            header.length()  # runs the header's delayed resize of the stretched column now
        finally:
            header.blockSignals(was_blocked)
        self.updateGeometries()
        self.viewport().update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns_later()


def make_table(model: QAbstractItemModel, name: str, *, stretch_column: int | None = None) -> QTableView:
    view = RecordTable(stretch_column)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fitting a column measures the visible rows only: measuring all of a 200-row scan log after
    # every scan stalled the window for 100-200 ms during a burst of scans.
    header.setResizeContentsPrecision(0)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


class CounterTile(QFrame):
    """A big number with a caption under it: readable from a step away."""

    def __init__(self, caption_text: str, name: str, colour: str = palette.INK, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        self.number = QLabel("0")
        self.number.setObjectName(f"{name}_value")
        self.number.setFont(style.font(style.COUNTER_POINT_SIZE))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setStyleSheet(f"color: {colour};")
        self.caption = QLabel(caption_text)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, value: int | str) -> bool:
        """Show ``value``; False when it was already shown (nothing to repaint)."""
        text = str(value)
        if text == self.number.text():
            return False
        self.number.setText(text)
        self.setAccessibleName(f"{self.caption.text()}: {text}")
        return True

    @property
    def value(self) -> str:
        return self.number.text()
