"""A table given new rows is fitted and painted once, in the same pass (it used to paint twice)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from pvz_desktop.gui.application import ensure_app
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.widgets import make_table
from tests.gui.event_count import EventCount

SPINS = 20  # event-loop passes after the paint: every zero timer Qt started has run by then


def test_new_rows_are_fitted_and_painted_once(qtbot):
    ensure_app()
    model: RecordTableModel[tuple[str, str, str]] = RecordTableModel(
        [Column("Отправление", lambda r: r[0]), Column("Ячейка", lambda r: r[1]), Column("Товары", lambda r: r[2])]
    )
    table = make_table(model, "rows", stretch_column=2)
    qtbot.addWidget(table)
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows([("P1", "A-1", "Книга")])
    qtbot.waitUntil(lambda: table.columnWidth(0) > 0)
    for _ in range(SPINS):
        QApplication.processEvents()

    for rows in (
        [("PX-0000000000000000000001", "C-A-01-02", "Кроссовки"), ("P2", "B", "Носки")],
        [("P3", "C-B-02-03-ОЧЕНЬ-ДЛИННАЯ-ЯЧЕЙКА", "Вейп")],
    ):
        paints = EventCount((QEvent.Type.Paint,), table.viewport())
        model.set_rows(rows)
        qtbot.waitUntil(lambda paints=paints: paints.total() > 0)
        for _ in range(SPINS):
            QApplication.processEvents()
        assert paints.total() == 1
        metrics = table.fontMetrics()
        for column in (0, 1):
            widest = max(metrics.horizontalAdvance(r[column]) for r in rows)
            assert table.columnWidth(column) >= widest
        # The stretched column takes what is left of the row's width.
        header = table.horizontalHeader()
        assert header.sectionPosition(2) + header.sectionSize(2) == table.viewport().width()
