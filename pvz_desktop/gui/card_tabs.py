"""The customer card's tabs on Выдача: «Готово к выдаче» (the only tab parcels are issued from),
«В пути», «Завершено» (with a slip printed again) and «Другие пункты» (read from the server)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.statuses import Action, ShipmentStatus
from pvz_desktop.gui.labels import event_label
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import ElidedLabel, action_button, make_table
from pvz_desktop.workflows.card_history import CardLine

if TYPE_CHECKING:  # the HTTP client is loaded by the sync thread, not with the page
    from pvz_desktop.sync.client import OtherPointParcel

READY, TRANSIT, DONE, ELSEWHERE = range(4)


def _when(at: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    return to_local(at).strftime(fmt) if at is not None else "—"


def _status(value: str) -> str:
    try:
        return render(ShipmentStatus(value).label)
    except ValueError:  # a status a newer server knows and this counter does not
        return value


def _outcome(line: CardLine) -> str:
    """An annulled parcel says so (its status is «к возврату» like any other going back)."""
    return event_label(line.last_kind) if line.last_kind == Action.ANNUL.value else render(line.status_label)


class CardTabs(QTabWidget):
    """The four tabs; the page fills them and answers the two requests."""

    reprint_requested = Signal(str)  # the op id of the issuance whose slip is printed again
    other_points_requested = Signal()

    def __init__(self, ready: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card_tabs")
        self.setDocumentMode(True)
        self.addTab(ready, "")

        self.transit_model: RecordTableModel[CardLine] = RecordTableModel(
            [
                Column(self.tr("Отправление"), lambda r: r.posting_number),
                Column(self.tr("Где сейчас"), lambda r: render(r.status_label)),
                Column(self.tr("Накладная"), lambda r: r.waybill or "—"),
                Column(self.tr("В накладной от"), lambda r: _when(r.at, "%d.%m.%Y")),
            ],
            self,
        )
        self.transit = make_table(self.transit_model, "issuance_in_transit", stretch_column=1)
        self.addTab(self.transit, "")

        self.done_model: RecordTableModel[CardLine] = RecordTableModel(
            [
                Column(self.tr("Отправление"), lambda r: r.posting_number),
                Column(self.tr("Итог"), _outcome),
                Column(self.tr("Когда"), lambda r: _when(r.at)),
                Column(self.tr("Сотрудник"), lambda r: r.employee_name or "—"),
            ],
            self,
        )
        done = QWidget()
        layout = QVBoxLayout(done)
        layout.setContentsMargins(0, 0, 0, 0)
        self.done = make_table(self.done_model, "issuance_completed", stretch_column=1)
        layout.addWidget(self.done, 1)
        self.reprint_button = action_button(self.tr("F8 Чек выдачи ещё раз"), "F8", "reprint_issuance_slip")
        layout.addWidget(self.reprint_button)
        self.addTab(done, "")

        self.elsewhere_model: RecordTableModel[OtherPointParcel] = RecordTableModel(
            [
                Column(self.tr("Пункт"), lambda r: r.point_name),
                Column(self.tr("Адрес"), lambda r: r.address or "—"),
                Column(self.tr("Отправление"), lambda r: r.posting),
                Column(self.tr("Статус"), lambda r: _status(r.status)),
                Column(self.tr("Хранится до"), lambda r: _when(r.storage_deadline, "%d.%m.%Y")),
            ],
            self,
        )
        elsewhere = QWidget()
        layout = QVBoxLayout(elsewhere)
        layout.setContentsMargins(0, 0, 0, 0)
        self.elsewhere_note = ElidedLabel()
        self.elsewhere_note.setObjectName("other_points_note")
        layout.addWidget(self.elsewhere_note)
        self.elsewhere = make_table(self.elsewhere_model, "other_points", stretch_column=1)
        layout.addWidget(self.elsewhere, 1)
        self.addTab(elsewhere, "")

        self.done.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reprint_button.clicked.connect(self._reprint)
        self.currentChanged.connect(self._tab_changed)
        self._elsewhere_asked = False
        self.set_lines(0, (), ())

    def set_lines(self, ready: int, transit: tuple[CardLine, ...], done: tuple[CardLine, ...]) -> None:
        """A new card (or the same one re-read): the counts in the titles, the two local tabs."""
        for index, title in (
            (READY, self.tr("Готово к выдаче ({n})").format(n=ready)),
            (TRANSIT, self.tr("В пути ({n})").format(n=len(transit))),
            (DONE, self.tr("Завершено ({n})").format(n=len(done))),
            (ELSEWHERE, self.tr("Другие пункты")),
        ):
            # Only a title that changed: each setTabText lays the tab bar out again (0.2 ms, on
            # every scan's card).
            if self.tabText(index) != title:
                self.setTabText(index, title)
        self.transit_model.set_rows(transit)
        self.done_model.set_rows(done)
        self._selection_changed()

    def reset_other_points(self) -> None:
        """A new customer: the other points are asked again when the tab is opened."""
        self._elsewhere_asked = False
        self.elsewhere_model.set_rows([])
        self.elsewhere_note.setText(self.tr("Откройте вкладку: заказы покупателя на других пунктах спросим у сервера"))
        if self.currentIndex() == ELSEWHERE:
            self._tab_changed(ELSEWHERE)

    def show_other_points(self, parcels: tuple[OtherPointParcel, ...]) -> None:
        self.elsewhere_model.set_rows(parcels)
        if parcels:
            self.elsewhere_note.setText(self.tr("Ждут покупателя на других пунктах: {n}").format(n=len(parcels)))
        else:
            self.elsewhere_note.setText(self.tr("На других пунктах заказов покупателя нет"))

    def other_points_failed(self, text: str) -> None:
        """Offline, or refused by the server: the tab says why and may be asked again."""
        self._elsewhere_asked = False
        self.elsewhere_model.set_rows([])
        self.elsewhere_note.setText(text)

    def selected_issue(self) -> str | None:
        rows = self.done.selectionModel().selectedRows()
        if not rows:
            return None
        return self.done_model.row_at(rows[0].row()).issue_op

    def _selection_changed(self) -> None:
        self.reprint_button.setEnabled(self.selected_issue() is not None)

    def _reprint(self) -> None:
        op = self.selected_issue()
        if op is not None:
            self.reprint_requested.emit(op)

    def _tab_changed(self, index: int) -> None:
        if index == ELSEWHERE and not self._elsewhere_asked:
            self._elsewhere_asked = True
            self.elsewhere_note.setText(self.tr("Спрашиваем сервер…"))
            self.other_points_requested.emit()
