"""Non-blocking dialogs: a confirmation and a message that never stall the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget, name: str, title: str, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """Ask yes/no (Enter = yes); ``on_yes`` runs only if confirmed. Returns the open box."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    yes = box.addButton(parent.tr("Да"), QMessageBox.ButtonRole.YesRole)
    box.addButton(parent.tr("Нет"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)

    def finished() -> None:
        if box.clickedButton() is yes:
            on_yes()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box


def inform(parent: QWidget, name: str, title: str, text: str, *, error: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
