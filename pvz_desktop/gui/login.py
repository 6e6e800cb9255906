"""Login screens: with a server, «Войти через Ozon ID» (browser, PKCE); without one, the
cashier picks their name from the local ``employee`` table."""

from __future__ import annotations

import logging
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.auth.errors import AuthError, LoginRequired
from pvz_desktop.auth.session import AuthSession, UserInfo
from pvz_desktop.core.errors import DomainError
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.texts import reason
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.employees import EmployeeChoice, active_employees
from pvz_desktop.workflows.point_setup import password_matches

log = logging.getLogger(__name__)
PasswordCheck = Callable[[str, str], bool]  # (employee id, password) -> right


class LoginDialog(QDialog):
    """Pick a name; at a standalone point (an employee with a local password) type the password too."""

    def __init__(
        self,
        employees: list[EmployeeChoice],
        preselect: str = "",
        parent: QWidget | None = None,
        *,
        check: PasswordCheck | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self._checking = False
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
            item = QListWidgetItem(f"{e.name} — {self.role_label(e.role)}")
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.list.addItem(item)
            if e.id == preselect:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Пароль"))
        self.password.setAccessibleName(self.tr("Пароль"))
        self.password.returnPressed.connect(self.accept)
        layout.addWidget(self.password)
        self.message = QLabel()
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {palette.ERROR};")
        layout.addWidget(self.message)
        self.list.currentItemChanged.connect(lambda *_: self._chosen_changed())
        self._chosen_changed()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Войти"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def role_label(self, role: str) -> str:
        return {"owner": self.tr("владелец"), "employee": self.tr("сотрудник")}.get(role, role)

    def chosen(self) -> EmployeeChoice | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _chosen_changed(self) -> None:
        choice = self.chosen()
        self.password.setVisible(choice is not None and choice.has_password)
        self.password.clear()
        self.message.clear()

    def accept(self) -> None:
        choice = self.chosen()
        if choice is None or not choice.has_password:
            super().accept()
            return
        if self._checking:
            return  # Enter pressed again while the password is being checked
        if self.check is None:
            self._wrong()
            return
        # A slow hash on purpose (core.passwords): checked on its own thread, the dialog stays alive.
        check, password = self.check, self.password.text()
        self._busy(True)

        def work() -> None:
            try:
                right = bool(check(choice.id, password))
            except Exception:
                log.exception("the local password check failed")
                right = False
            run_on_main(lambda: self._checked(right), owner=self)

        threading.Thread(target=work, name="password-check", daemon=True).start()

    def _busy(self, busy: bool) -> None:
        self._checking = busy
        for w in (self.list, self.password, self.ok_button):
            w.setEnabled(not busy)
        self.message.setStyleSheet(f"color: {palette.INFO if busy else palette.ERROR};")
        self.message.setText(self.tr("Проверка пароля…") if busy else "")

    def _checked(self, right: bool) -> None:
        self._busy(False)
        if not self.isVisible():
            return  # closed while the password was being checked
        if right:
            super().accept()
        else:
            self._wrong()

    def _wrong(self) -> None:
        self.password.clear()
        self.message.setText(self.tr("Неверный пароль. Попробуйте ещё раз."))
        self.password.setFocus()


def actor_for(ctx: WorkflowContext, choice: EmployeeChoice) -> Actor:
    return replace(ctx.actor, employee_id=choice.id, employee_name=choice.name)


def choose_employee(ctx: WorkflowContext, preselect: str = "", *, nobody_if_empty: bool = False) -> Actor | None:
    """At start-up (before the loop runs): the chosen employee, or None if the dialog was closed.
    An empty employee table (first start before the first sync) keeps the actor app.py made,
    unless ``nobody_if_empty``: then there is no one to work as."""
    employees = active_employees(ctx)
    if not employees:
        return None if nobody_if_empty else ctx.actor
    dialog = LoginDialog(employees, preselect, check=partial(password_matches, ctx))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    choice = dialog.chosen()
    return actor_for(ctx, choice) if choice is not None else None


# --- login at the server ----------------------------------------------------------------------


def actor_for_user(actor: Actor, user: UserInfo) -> Actor:
    """The employee and point of the login sign every operation from now on."""
    return replace(
        actor, employee_id=user.user_id, employee_name=user.name, point_id=user.point_id, point_name=user.point_name
    )


def _open_browser(url: str) -> bool:
    return webbrowser.open(url)  # looked up at call time: ``BROWSER`` and tests choose the browser


class ServerLoginDialog(QDialog):
    """«Войти через Ozon ID»: the browser opens, the cashier logs in there, the dialog shows who."""

    def __init__(
        self,
        auth: AuthSession,
        *,
        restore: bool = False,
        browser: Callable[[str], Any] = _open_browser,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("server_login_dialog")
        self.setWindowTitle(self.tr("Вход"))
        self.resize(460, 260)
        self.auth = auth
        self.browser = browser
        self.user: UserInfo | None = None
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Вход сотрудника ПВЗ"))
        title.setFont(style.font(16))
        layout.addWidget(title)
        self.message = QLabel()
        self.message.setObjectName("login_message")
        self.message.setWordWrap(True)
        self.message.setFont(style.font(13, bold=False))
        layout.addWidget(self.message, 1)
        self.login_button = QPushButton(self.tr("Войти через Ozon ID"))
        self.login_button.setObjectName("ozon_login_button")
        self.login_button.setAccessibleName(self.tr("Войти через Ozon ID"))
        self.login_button.setFont(style.font(15))
        self.login_button.clicked.connect(self.login)
        layout.addWidget(self.login_button)
        # Shown only when the server cannot be reached and this counter has logged in before:
        # the counter must keep working through a network outage.
        self.offline = False
        self.offline_button = QPushButton(self.tr("Работать без связи"))
        self.offline_button.setObjectName("offline_button")
        self.offline_button.setAccessibleName(self.tr("Работать без связи"))
        self.offline_button.setFont(style.font(13))
        self.offline_button.clicked.connect(self._work_offline)
        self.offline_button.hide()
        layout.addWidget(self.offline_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if restore:
            self._start(auth.restore, self.tr("Проверяем сохранённый вход…"))
        else:
            self._say(self.tr("Нажмите «Войти через Ozon ID»: вход выполняется в браузере."))

    def login(self) -> None:
        self._start(
            lambda: self.auth.login(open_browser=self.browser),
            self.tr("Откроется браузер: войдите там под своей учётной записью и вернитесь сюда."),
        )

    def _start(self, fn: Callable[[], Any], text: str) -> None:
        self.login_button.setEnabled(False)
        self._say(text)
        # Its own thread, not the TaskRunner: a login waits up to five minutes for the browser and
        # must not hold up the status polls. If the dialog is closed first, the answer is dropped.

        def job() -> None:
            try:
                result: Any = fn()
            except BaseException as exc:  # every failure must reach the dialog as words
                run_on_main(partial(self._finished, None, exc), self)
            else:
                run_on_main(partial(self._finished, result, None), self)

        threading.Thread(target=job, name="pvz-login", daemon=True).start()

    def _finished(self, user: UserInfo | None, error: BaseException | None) -> None:
        self.login_button.setEnabled(True)
        if error is not None:
            text = reason(error) if isinstance(error, DomainError) else self.tr("Вход не выполнен: {e}").format(e=error)
            unreachable = isinstance(error, AuthError) and not isinstance(error, LoginRequired)
            if unreachable and self.auth.vault.load() is not None:
                text += " " + self.tr("Можно работать без связи: операции сохранятся и уйдут на сервер позже.")
                self.offline_button.show()
            self._say(text, bad=True)
            return
        if user is None:  # nothing stored, or the stored login has ended
            self._say(self.tr("Войдите через Ozon ID: сохранённого входа нет или он завершён."))
            return
        self.user = user
        self._say(self.tr("Вход выполнен: {name}, {point}").format(name=user.name, point=user.point_name))
        self.accept()

    def _work_offline(self) -> None:
        self.offline = True
        self.accept()

    def _say(self, text: str, *, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setStyleSheet(f"color: {palette.ERROR};" if bad else "")


def login_at_server(ctx: WorkflowContext, auth: AuthSession) -> Actor | None:
    """At start-up (before the loop runs): silent login from the keyring, else the Ozon ID button.
    None if the dialog was closed."""
    dialog = ServerLoginDialog(auth, restore=True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.offline:
        # Without the server: one of the employees who have worked at this counter (their shifts
        # are in the local store); the sync worker sends the operations once the server answers.
        return choose_employee(ctx, ctx.actor.employee_id, nobody_if_empty=True)
    if dialog.user is None:
        return None
    return actor_for_user(ctx.actor, dialog.user)
