"""«Отклонённые операции»: every operation the server refused and the cashier has not yet
acknowledged, with its reason and its parcels. Opened from the status bar; «Прочитано» takes
the listed refusals off the list and off the status bar's count."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from pvz_desktop.core.clock import to_local
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.table_model import Column, RecordTableModel
from pvz_desktop.gui.widgets import make_table
from pvz_desktop.sync.pusher import RefusedOperation, acknowledge_refusals, refused_operations


class RefusedOperationsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refused_operations_dialog")
        self.setWindowTitle(self.tr("Отклонённые операции"))
        self.resize(900, 420)
        self.services = services
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Сервер не принял эти операции: на другой стойке или на сервере отправление уже изменили. "
                "Отправления перечитаны с сервера; проверьте их и нажмите «Прочитано»."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model: RecordTableModel[RefusedOperation] = RecordTableModel(
            [
                Column(self.tr("Когда"), lambda r: to_local(r.created_at).strftime("%d.%m %H:%M")),
                Column(self.tr("Операция"), lambda r: self.operation_title(r.kind)),
                Column(self.tr("Отправления"), lambda r: ", ".join(r.postings) or "—"),
                Column(self.tr("Причина"), lambda r: r.reason),
            ],
            self,
        )
        self.table = make_table(self.model, "refused_operations", stretch_column=3)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.ack_button = QPushButton(self.tr("Прочитано"))
        self.ack_button.setObjectName("refusals_acknowledge")
        buttons.addButton(self.ack_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.ack_button.clicked.connect(self.acknowledge)
        layout.addWidget(buttons)
        self.reload()

    def operation_title(self, kind: str) -> str:
        """The tab the operation was done on: its kind starts with its workflow."""
        titles = {
            "acceptance": self.tr("Приёмка"),
            "waybill": self.tr("Приёмка"),
            "unexpected": self.tr("Приёмка"),
            "place": self.tr("Размещение"),
            "pickup": self.tr("Выдача"),
            "issuance": self.tr("Выдача"),
            "customer": self.tr("Возвраты"),
            "return": self.tr("Возвраты"),
            "inventory": self.tr("Инвентаризация"),
            "shift": self.tr("Смена"),
            "support": self.tr("Поддержка"),
            "storage": self.tr("Отправления"),
        }
        return titles.get(kind.split("_", 1)[0], kind)

    def reload(self) -> None:
        store = self.services.ctx.store
        self.services.runner.read(lambda: refused_operations(store), self._show)

    def _show(self, rows: list[RefusedOperation]) -> None:
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.ack_button.setEnabled(bool(rows))

    def acknowledge(self) -> None:
        """Only what is on screen is acknowledged: a refusal that arrived meanwhile stays."""
        store, op_ids = self.services.ctx.store, [r.op_id for r in self.model.rows()]
        self.services.runner.write(lambda: acknowledge_refusals(store, op_ids), lambda _n: self.accept())
