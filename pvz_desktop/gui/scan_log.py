"""The log of a page's scans: newest first, time, code and what came of it (red when refused)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject

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
