"""What the cashier reads when the start's check found the database damaged, and the offer to
rebuild it from the server keeping the operations not yet sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from pvz_desktop.workflows.database_recovery import Salvage

SHOWN_IDS = 20  # unreadable outbox rows named at most; the log has them all


class DamagedDatabaseDialog(QMessageBox):
    """Plain words: what happened, where the file is, what is kept and what is not."""

    rebuild = Signal()

    def __init__(
        self, problems: tuple[str, ...], aside: Path, salvage: Salvage, *, server: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_database")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("База данных повреждена"))
        self.setText(
            self.tr(
                "Проверка при запуске нашла повреждение файла базы данных кассы. Файл не открыт для записи "
                "и сохранён без изменений как {name}."
            ).format(name=aside.name)
        )
        lines = [self.kept_text(salvage)]
        if server:
            lines.append(
                self.tr(
                    "Можно восстановить базу с сервера: данные пункта загрузятся заново, неотправленные "
                    "операции будут отправлены."
                )
            )
        else:
            lines.append(
                self.tr(
                    "Сервер не настроен, восстановить базу с него нельзя. Обратитесь к администратору: "
                    "сохранённый файл нужен для восстановления."
                )
            )
        self.setInformativeText("\n\n".join(lines))
        self.setDetailedText("\n".join(problems))
        self.rebuild_button = None
        if server:
            self.rebuild_button = self.addButton(self.tr("Восстановить с сервера"), QMessageBox.ButtonRole.AcceptRole)
            self.rebuild_button.setObjectName("rebuild")
            self.rebuild_button.clicked.connect(self.rebuild)
        close = self.addButton(self.tr("Закрыть программу"), QMessageBox.ButtonRole.RejectRole)
        close.setObjectName("close")
        self.setEscapeButton(close)
        self.setDefaultButton(close if self.rebuild_button is None else self.rebuild_button)

    def kept_text(self, salvage: Salvage) -> str:
        if salvage.outbox_lost:
            return self.tr(
                "Очередь операций для сервера прочитать не удалось: операции, сделанные после последней "
                "синхронизации, придётся повторить."
            )
        kept = self.tr("Операций, ещё не отправленных на сервер, прочитано и будет сохранено: {n}.").format(
            n=len(salvage.ops)
        )
        if not salvage.unreadable:
            return kept + " " + self.tr("Все записи очереди прочитаны.")
        ids = ", ".join(str(i) for i in salvage.unreadable[:SHOWN_IDS])
        if len(salvage.unreadable) > SHOWN_IDS:
            ids += ", …"
        return (
            kept
            + " "
            + self.tr(
                "Не удалось прочитать записей очереди: {n} (№ {ids}); если среди них были неотправленные "
                "операции, их придётся повторить."
            ).format(n=len(salvage.unreadable), ids=ids)
        )
