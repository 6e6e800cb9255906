"""The log of a page's scans: newest first, time, code and what came of it (red when refused)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QAbstractItemView

from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.gui import palette
from pvz_desktop.gui.table_model import Column, RecordTableModel

LOG_LIMIT = 200


@dataclass(frozen=True)
class LogRow:
    at: datetime  # UTC
    code: str
    message: str
    ok: bool
    shown_at: str  # local HH:MM:SS, formatted once (the view asks for it at every paint)


class ScanLog(RecordTableModel[LogRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(QCoreApplication.translate("ScanLog", "Время"), lambda r: r.shown_at),
                Column(QCoreApplication.translate("ScanLog", "Штрихкод"), lambda r: r.code),
                Column(
                    QCoreApplication.translate("ScanLog", "Результат"),
                    lambda r: r.message,
                    background=lambda r: None if r.ok else palette.ROW_WRONG,
                ),
            ],
            parent,
        )

    def add(self, code: str, message: str, ok: bool) -> None:
        at = utcnow()
        self.prepend(LogRow(at, code, message, ok, to_local(at).strftime("%H:%M:%S")), LOG_LIMIT)

    def chosen_code(self, view: QAbstractItemView) -> str | None:
        """The code of the row chosen in ``view``, else of the newest scan (what «Брак» is about)."""
        rows = view.selectionModel().selectedRows() if view.selectionModel() is not None else []
        if rows:
            return self.row_at(rows[0].row()).code
        return self.row_at(0).code if self.rowCount() else None
