"""A table given new rows is fitted and painted once, in the same pass (it used to paint twice)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
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


def test_a_row_added_to_fitted_columns_widens_only_a_column_it_does_not_fit(qtbot):
    ensure_app()
    model: RecordTableModel[tuple[str, str, str]] = RecordTableModel(
        [Column("Время", lambda r: r[0]), Column("Штрихкод", lambda r: r[1]), Column("Результат", lambda r: r[2])]
    )
    table = make_table(model, "log", stretch_column=2)
    qtbot.addWidget(table)
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows([("10:00:00", "OB800000000001", "Принято")])
    qtbot.waitUntil(lambda: table.columnWidth(1) > 0)
    for _ in range(SPINS):
        QApplication.processEvents()
    fitted = [table.columnWidth(c) for c in (0, 1)]

    paints = EventCount((QEvent.Type.Paint,), table.viewport())
    model.prepend(("10:00:01", "OB1", "Принято"))  # narrower than what is shown: nothing moves
    qtbot.waitUntil(lambda: paints.total() > 0)
    for _ in range(SPINS):
        QApplication.processEvents()
    assert paints.total() == 1
    assert [table.columnWidth(c) for c in (0, 1)] == fitted

    wide = "OB8000000000000000000000000000000000000002"
    model.prepend(("10:00:02", wide, "Не принято"))
    for _ in range(SPINS):
        QApplication.processEvents()
    assert table.columnWidth(0) == fitted[0]
    assert table.columnWidth(1) > fitted[1]
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance(wide)
    header = table.horizontalHeader()
    assert header.sectionPosition(2) + header.sectionSize(2) == table.viewport().width()


def test_cells_answer_their_roles_and_nothing_else():
    ensure_app()
    model: RecordTableModel[tuple[str, int]] = RecordTableModel(
        [
            Column("Код", lambda r: r[0], background=lambda r: "#ff0000" if r[1] < 0 else None),
            Column("Сумма", lambda r: str(r[1]), align_right=True),
        ]
    )
    model.set_rows([("A", 5), ("B", -1)])
    role = Qt.ItemDataRole
    assert model.data(model.index(1, 1), role.DisplayRole) == "-1"
    assert model.data(model.index(0, 0), role.AccessibleTextRole) == "A"
    assert model.data(model.index(0, 1), role.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(model.index(0, 0), role.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(model.index(1, 0), role.BackgroundRole).color().name() == "#ff0000"
    assert model.data(model.index(0, 0), role.BackgroundRole) is None
    assert model.data(model.index(0, 1), role.BackgroundRole) is None
    assert model.data(model.index(0, 0), role.FontRole) is None
    assert model.data(model.index(2, 0), role.DisplayRole) is None  # past the last row
    assert model.data(model.index(0, 2), role.DisplayRole) is None
