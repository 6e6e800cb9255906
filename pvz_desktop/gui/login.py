"""Login screen: the cashier picks their name from the local ``employee`` table."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pvz_desktop.gui import style
from pvz_desktop.gui.employees import EmployeeChoice, active_employees
from pvz_desktop.workflows.context import Actor, WorkflowContext

ROLE_LABELS = {"owner": "владелец", "employee": "сотрудник"}


class LoginDialog(QDialog):
    def __init__(self, employees: list[EmployeeChoice], preselect: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("Вход"))
        self.resize(420, 360)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Кто работает за кассой?"))
        title.setFont(style.font(16))
        layout.addWidget(title)
        self.list = QListWidget()
        self.list.setObjectName("employee_list")
        self.list.setFont(style.font(16, bold=False))
        for e in employees:
            item = QListWidgetItem(f"{e.name} — {ROLE_LABELS.get(e.role, e.role)}")
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.list.addItem(item)
            if e.id == preselect:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Войти"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> EmployeeChoice | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def actor_for(ctx: WorkflowContext, choice: EmployeeChoice) -> Actor:
    return replace(ctx.actor, employee_id=choice.id, employee_name=choice.name)


def choose_employee(ctx: WorkflowContext, preselect: str = "") -> Actor | None:
    """At start-up (before the loop runs): the chosen employee, or None if the dialog was closed.
    An empty employee table (first start before the first sync) keeps the actor app.py made."""
    employees = active_employees(ctx.store)
    if not employees:
        return ctx.actor
    dialog = LoginDialog(employees, preselect)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    choice = dialog.chosen()
    return actor_for(ctx, choice) if choice is not None else None
