"""The first start of a fresh install: connect to the network's central server, or set up a
standalone point. Nothing about the point or its people is assumed before this screen.

- «Центральный сервер»: the address is checked by calling it (``auth.server_probe``: reachable,
  its certificate trusted, answering as a PVZ central server); only then is it saved, and the
  normal server login follows.
- «Отдельный пункт»: the point's name and address and its first owner, with a password, are
  kept (the name and address in the settings, the owner in the store); the normal login from the
  local list follows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.auth.server_probe import identify_server
from pvz_desktop.config import Settings
from pvz_desktop.core.errors import DomainError
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.i18n import LANGUAGES, install_language
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.texts import reason
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.point_setup import NAME_LIMIT, PointSetup, check_setup, set_up_point

Probe = Callable[..., str]  # identify_server's shape: (url, *, ca_bundle) -> the normalised url
SERVER, STANDALONE = 0, 1


class FirstRunDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        open_context: Callable[[], WorkflowContext],
        *,
        probe: Probe = identify_server,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_dialog")
        self.settings = settings
        self.open_context = open_context
        self.probe = probe
        self.checking = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setFont(style.font(16))
        top.addWidget(self.title, 1)
        # The language first: whoever sets the counter up reads the rest in it (saved with the setup).
        self.language = QComboBox()
        self.language.setObjectName("first_run_language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language.currentIndexChanged.connect(self._language_chosen)
        top.addWidget(self.language)
        layout.addLayout(top)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.server_choice = QRadioButton()
        self.server_choice.setObjectName("first_run_server")
        self.standalone_choice = QRadioButton()
        self.standalone_choice.setObjectName("first_run_standalone")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.server_choice, SERVER)
        self.choice.addButton(self.standalone_choice, STANDALONE)
        layout.addWidget(self.server_choice)
        layout.addWidget(self.standalone_choice)

        self.row_labels: dict[QLineEdit, QLabel] = {}
        self.pages = QStackedWidget()
        self.pages.addWidget(self._server_page())
        self.pages.addWidget(self._standalone_page())
        layout.addWidget(self.pages)
        self.choice.idToggled.connect(self._chosen)

        self.message = QLabel()
        self.message.setObjectName("first_run_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.go = QPushButton()
        self.go.setObjectName("first_run_go")
        self.go.setDefault(True)
        self.go.clicked.connect(self.submit)
        layout.addWidget(self.go)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.server_choice.setChecked(True)  # and with it every text (``_chosen``)
        self.setMinimumWidth(560)

    def _retranslate(self) -> None:
        """Every text of the screen in the current language (at start and after a language change)."""
        self.setWindowTitle(self.tr("Первый запуск PVZ Desktop"))
        self.title.setText(self.tr("Настройка кассы"))
        self.intro.setText(
            self.tr("Подключите кассу к центральному серверу сети пунктов или настройте отдельный пункт без сервера.")
        )
        self.server_choice.setText(self.tr("Центральный сервер"))
        self.standalone_choice.setText(self.tr("Отдельный пункт без сервера"))
        labels = {
            self.api_url: self.tr("Адрес сервера"),
            self.ca_bundle: self.tr("Сертификаты сервера"),
            self.point_name: self.tr("Название пункта"),
            self.point_address: self.tr("Адрес пункта"),
            self.owner_name: self.tr("Владелец (фамилия и инициал)"),
            self.password: self.tr("Пароль владельца"),
            self.repeated: self.tr("Пароль ещё раз"),
        }
        for field, label in labels.items():
            self.row_labels[field].setText(label)
            field.setAccessibleName(label)
        self.ca_bundle.setPlaceholderText(self.tr("системное хранилище"))
        self.browse.setText(self.tr("Выбрать…"))
        server = self.choice.checkedId() == SERVER
        self.go.setText(self.tr("Проверить и подключить") if server else self.tr("Создать пункт"))

    def _language_chosen(self) -> None:
        lang = self.language.currentData()
        self.settings.language = install_language(QCoreApplication.instance(), lang)
        self._say("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _server_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.api_url = QLineEdit()
        self.api_url.setObjectName("first_run_api_url")
        self.api_url.setPlaceholderText("https://pvz.example.ru:8765")
        self.api_url.returnPressed.connect(self.submit)
        self._row(form, self.api_url, self.api_url)
        # A point with its own certificate authority names its PEM file here, before the first call.
        self.ca_bundle = QLineEdit(self.settings.ca_bundle)
        self.ca_bundle.setObjectName("first_run_ca_bundle")
        self.browse = QPushButton()
        self.browse.setObjectName("first_run_ca_browse")
        self.browse.clicked.connect(self._choose_ca_bundle)
        row = QHBoxLayout()
        row.addWidget(self.ca_bundle, 1)
        row.addWidget(self.browse)
        self._row(form, self.ca_bundle, row)
        return page

    def _row(self, form: QFormLayout, field: QLineEdit, shown: QWidget | QHBoxLayout) -> None:
        label = QLabel()
        label.setBuddy(field)
        self.row_labels[field] = label
        form.addRow(label, shown)

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Сертификаты сервера"), self.ca_bundle.text(), self.tr("Сертификаты (*.pem *.crt *.cer)")
        )
        if path:
            self.ca_bundle.setText(path)

    def _standalone_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)

        def field(name: str, *, secret: bool = False) -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(NAME_LIMIT)
            if secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self._row(form, edit, edit)
            return edit

        self.point_name = field("first_run_point_name")
        self.point_address = field("first_run_point_address")
        self.owner_name = field("first_run_owner_name")
        self.password = field("first_run_password", secret=True)
        self.repeated = field("first_run_repeated", secret=True)
        return page

    def _chosen(self, which: int, checked: bool) -> None:
        if not checked:
            return
        self.pages.setCurrentIndex(which)
        self._retranslate()  # the button's words follow the choice
        self._say("")

    def _say(self, text: str, *, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setStyleSheet(f"color: {palette.ERROR};" if bad else "")

    def submit(self) -> None:
        if self.checking:
            return
        if self.choice.checkedId() == SERVER:
            self._check_server()
        else:
            self._set_up_standalone()

    # --- a central server --------------------------------------------------------------

    def _check_server(self) -> None:
        url = self.api_url.text().strip()
        if not url:
            self._say(self.tr("Укажите адрес сервера, например https://pvz.example.ru:8765."), bad=True)
            return
        self.checking = True
        self.go.setEnabled(False)
        self._say(self.tr("Проверяю сервер {url}…").format(url=url))
        probe, ca_bundle = self.probe, self.ca_bundle.text().strip() or None

        # Its own thread: an unreachable address takes the whole timeout, and the event loop
        # has to keep the dialog alive meanwhile. A dialog closed first drops the answer.
        def job() -> None:
            try:
                found: str | None = probe(url, ca_bundle=ca_bundle)
            except BaseException as exc:  # every failure reaches the dialog as words
                run_on_main(partial(self._checked, None, exc), self)
            else:
                run_on_main(partial(self._checked, found, None, ca_bundle or ""), self)

        threading.Thread(target=job, name="pvz-server-check", daemon=True).start()

    def _checked(self, url: str | None, error: BaseException | None, ca_bundle: str = "") -> None:
        self.checking = False
        self.go.setEnabled(True)
        if error is not None or url is None:
            text = (
                reason(error) if isinstance(error, DomainError) else self.tr("Проверка не удалась: {e}").format(e=error)
            )
            self._say(text, bad=True)
            return
        self.settings.api_url = url
        self.settings.ca_bundle = ca_bundle
        self.settings.save()
        self.accept()

    # --- a standalone point ----------------------------------------------------------

    def _set_up_standalone(self) -> None:
        setup = PointSetup(
            point_name=self.point_name.text(),
            point_address=self.point_address.text(),
            owner_name=self.owner_name.text(),
            password=self.password.text(),
            repeated=self.repeated.text(),
        )
        try:
            check_setup(setup)
            ctx = self.open_context()
            try:
                set_up_point(ctx, setup)
            finally:
                ctx.store.close()
        except DomainError as exc:
            self._say(reason(exc), bad=True)
            return
        self.settings.point_name = setup.point_name.strip()
        self.settings.point_address = setup.point_address.strip()
        self.settings.save()
        self.accept()


def run_first_run(settings: Settings, open_context: Callable[[], WorkflowContext]) -> bool:
    """Before the counter's window (the loop not yet running): True once the counter is set up."""
    return FirstRunDialog(settings, open_context).exec() == QDialog.DialogCode.Accepted
