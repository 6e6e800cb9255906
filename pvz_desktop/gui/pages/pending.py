"""A tab whose workflow is not in this build yet: says so instead of pretending."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services


class PendingPage(Page):
    def __init__(self, services: Services, key: str, title: str, parent: QWidget | None = None) -> None:
        self.key = key
        super().__init__(services, parent)
        self._title = title
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Раздел «{title}» ещё не подключён в этой версии.").format(title=title))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)

    def title(self) -> str:
        return self._title
