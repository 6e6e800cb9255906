"""Settings: scanners (discover, add, test scan), printer (URL, profile, code page, paper,
test print), server, storage days, language. Checked before saving; a mistake is explained
in Russian and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.config import Settings
from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.server_url import BadServerUrl, InsecureServerUrl, check_server_url
from pvz_desktop.devices.discovery import DiscoveredDevices, discover
from pvz_desktop.devices.printer.codepage import VENDOR_CP866
from pvz_desktop.devices.printer.testpage import print_test_page
from pvz_desktop.devices.scale.reader import read_once
from pvz_desktop.devices.scale.readings import ScaleReading
from pvz_desktop.devices.scale.urls import parse_scale_url
from pvz_desktop.devices.scanner.events import ScanEvent
from pvz_desktop.devices.scanner.sources import sources_from_urls
from pvz_desktop.gui import palette
from pvz_desktop.gui.i18n import LANGUAGES
from pvz_desktop.gui.printing import printer_config
from pvz_desktop.gui.scanner_setup_dialog import ScannerSetupDialog
from pvz_desktop.gui.tasks import TaskRunner
from pvz_desktop.gui.texts import reason

PROFILES = ("default", *sorted({v for v in VENDOR_CP866 if " " not in v}))


class SettingsDialog(QDialog):
    saved = Signal(object)  # the new Settings, already written to config.json

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        capture_scan: Callable[[Callable[[ScanEvent], None] | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Настройки"))
        self.settings = settings
        self.runner = runner
        self.capture_scan = capture_scan
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)

        scanners = QGroupBox(self.tr("Сканеры"))
        sl = QVBoxLayout(scanners)
        self.scanner_list = QListWidget()
        self.scanner_list.setObjectName("scanner_list")
        self.scanner_list.setMaximumHeight(110)
        for url in settings.scanner_urls:
            self.scanner_list.addItem(url)
        sl.addWidget(self.scanner_list)
        row = QHBoxLayout()
        self.scanner_url = QLineEdit()
        self.scanner_url.setObjectName("scanner_url")
        self.scanner_url.setPlaceholderText("serial:///dev/ttyACM0?baud=9600, hid://0c2e:0b8f, wedge")
        self.add_button = QPushButton(self.tr("Добавить"))
        self.add_button.setObjectName("scanner_add")
        self.remove_button = QPushButton(self.tr("Удалить"))
        self.remove_button.setObjectName("scanner_remove")
        row.addWidget(self.scanner_url, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        sl.addLayout(row)
        row = QHBoxLayout()
        self.discover_button = QPushButton(self.tr("Найти подключённые"))
        self.discover_button.setObjectName("scanner_discover")
        self.test_scan_button = QPushButton(self.tr("Проверить скан"))
        self.test_scan_button.setObjectName("scanner_test")
        self.setup_codes_button = QPushButton(self.tr("Коды настройки сканера…"))
        self.setup_codes_button.setObjectName("scanner_setup_codes")
        self.setup_codes_button.clicked.connect(self.show_setup_codes)
        row.addWidget(self.discover_button)
        row.addWidget(self.test_scan_button)
        row.addWidget(self.setup_codes_button)
        row.addStretch(1)
        sl.addLayout(row)
        self.found = QListWidget()
        self.found.setObjectName("scanner_found")
        self.found.setMaximumHeight(90)
        self.found.setVisible(False)
        sl.addWidget(self.found)
        self.scanner_note = QLabel()
        self.scanner_note.setObjectName("scanner_note")
        self.scanner_note.setWordWrap(True)
        sl.addWidget(self.scanner_note)
        layout.addWidget(scanners)

        printer = QGroupBox(self.tr("Принтер"))
        pf = QFormLayout(printer)
        self.printer_url = QLineEdit(settings.printer)
        self.printer_url.setObjectName("printer_url")
        self.printer_url.setPlaceholderText(self.tr("tcp://192.168.1.50:9100 — пусто: чеки только на экране"))
        self.profile = QComboBox()
        self.profile.setObjectName("printer_profile")
        self.profile.addItems(PROFILES)
        if settings.printer_profile not in PROFILES:
            self.profile.addItem(settings.printer_profile)
        self.profile.setCurrentText(settings.printer_profile)
        self.codepage = QSpinBox()
        self.codepage.setObjectName("printer_codepage")
        self.codepage.setRange(0, 255)
        self.codepage.setValue(settings.printer_codepage)
        self.width = QComboBox()
        self.width.setObjectName("paper_width")
        self.width.addItem(self.tr("80 мм"), 80)
        self.width.addItem(self.tr("58 мм"), 58)
        self.width.setCurrentIndex(self.width.findData(settings.paper_width))
        self.test_print_button = QPushButton(self.tr("Пробная печать"))
        self.test_print_button.setObjectName("printer_test")
        self.printer_note = QLabel()
        self.printer_note.setObjectName("printer_note")
        self.printer_note.setWordWrap(True)
        pf.addRow(self.tr("Адрес"), self.printer_url)
        pf.addRow(self.tr("Производитель"), self.profile)
        pf.addRow(self.tr("Кодовая страница (CP866)"), self.codepage)
        pf.addRow(self.tr("Ширина бумаги"), self.width)
        pf.addRow(self.test_print_button, self.printer_note)
        layout.addWidget(printer)
        self.profile.currentTextChanged.connect(self._profile_changed)

        scale = QGroupBox(self.tr("Весы"))
        wf = QFormLayout(scale)
        self.scale_url = QLineEdit(settings.scale)
        self.scale_url.setObjectName("scale_url")
        self.scale_url.setPlaceholderText(
            self.tr("serial://COM5?protocol=massak или cas — пусто: вес вводится вручную")
        )
        self.test_scale_button = QPushButton(self.tr("Проверить весы"))
        self.test_scale_button.setObjectName("scale_test")
        self.scale_note = QLabel()
        self.scale_note.setObjectName("scale_note")
        self.scale_note.setWordWrap(True)
        wf.addRow(self.tr("Адрес"), self.scale_url)
        wf.addRow(self.test_scale_button, self.scale_note)
        layout.addWidget(scale)

        general = QGroupBox(self.tr("Пункт"))
        gf = QFormLayout(general)
        self.api_url = QLineEdit(settings.api_url)
        self.api_url.setObjectName("api_url")
        self.api_url.setPlaceholderText("https://pvz.example.ru")
        self.ca_bundle = QLineEdit(settings.ca_bundle)
        self.ca_bundle.setObjectName("ca_bundle")
        self.ca_bundle.setPlaceholderText(self.tr("системное хранилище сертификатов"))
        self.ca_bundle.setToolTip(
            self.tr("Файл PEM с сертификатом центра сертификации пункта, если у сервера свой, а не публичный")
        )
        ca_browse = QPushButton(self.tr("Выбрать…"))
        ca_browse.setObjectName("ca_bundle_browse")
        ca_browse.clicked.connect(self._choose_ca_bundle)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(ca_browse)
        self.storage_days = QSpinBox()
        self.storage_days.setObjectName("storage_days")
        self.storage_days.setRange(1, 60)
        self.storage_days.setValue(settings.storage_days)
        self.fitting_minutes = QSpinBox()
        self.fitting_minutes.setObjectName("fitting_minutes")
        self.fitting_minutes.setRange(5, 120)
        self.fitting_minutes.setValue(settings.fitting_minutes)
        self.point_name = QLineEdit(settings.point_name)
        self.point_name.setObjectName("point_name")
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.ca_browse = ca_browse
        gf.addRow(self.tr("Сервер"), self.api_url)
        gf.addRow(self.tr("Сертификаты сервера"), ca_row)
        gf.addRow(self.tr("Срок хранения, дней"), self.storage_days)
        gf.addRow(self.tr("Время примерки, минут"), self.fitting_minutes)
        gf.addRow(self.tr("Название пункта"), self.point_name)
        gf.addRow(self.tr("Язык"), self.language)
        layout.addWidget(general)

        self.owner_note = QLabel()
        self.owner_note.setObjectName("settings_owner_note")
        self.owner_note.setWordWrap(True)
        self.owner_note.hide()
        layout.insertWidget(0, self.owner_note)
        self.point_groups = (scanners, printer, scale)  # the point's devices: the owner's to change

        # On a 768-pixel screen the groups scroll; the error and Save/Cancel stay in sight below them.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setMinimumWidth(body.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        outer.addWidget(scroll, 1)

        self.error = QLabel()
        self.error.setObjectName("settings_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {palette.ERROR}; font-weight: bold;")
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        self.add_button.clicked.connect(self.add_scanner)
        self.scanner_url.returnPressed.connect(self.add_scanner)
        self.remove_button.clicked.connect(self._remove_scanner)
        self.discover_button.clicked.connect(self.discover)
        self.found.itemActivated.connect(self._add_found)
        self.test_scan_button.clicked.connect(self.test_scan)
        self.test_print_button.clicked.connect(self.test_print)
        self.test_scale_button.clicked.connect(self.test_scale)
        self.finished.connect(lambda _code: self.capture_scan(None))
        screen = self.screen().availableGeometry()
        self.resize(self.sizeHint().width(), min(body.sizeHint().height() + 120, screen.height() - 60))

    # --- scanners ------------------------------------------------------------------------

    def read_only_for_employee(self, owners: list[str]) -> None:
        """An employee sees the point's settings but cannot change them: the devices, the server,
        the storage days and the point's name are the owner's; the language stays theirs."""
        for group in self.point_groups:
            group.setEnabled(False)
        for widget in (
            self.api_url,
            self.ca_bundle,
            self.ca_browse,
            self.storage_days,
            self.fitting_minutes,
            self.point_name,
        ):
            widget.setEnabled(False)
        names = ", ".join(owners) if owners else self.tr("владелец пункта")
        self.owner_note.setText(
            self.tr("Устройства, сервер, срок хранения и название пункта меняет владелец пункта: {names}.").format(
                names=names
            )
        )
        self.owner_note.show()

    def scanner_urls(self) -> list[str]:
        return [self.scanner_list.item(i).text() for i in range(self.scanner_list.count())]

    def add_scanner(self) -> None:
        url = self.scanner_url.text().strip()
        if not url:
            return
        try:
            sources_from_urls([*self.scanner_urls(), url])
        except DomainError as exc:
            self.scanner_note.setText(reason(exc))
            return
        self.scanner_list.addItem(url)
        self.scanner_url.clear()
        self.scanner_note.setText(self.tr("Добавлен {url}; сохраните настройки, чтобы он заработал.").format(url=url))

    def _remove_scanner(self) -> None:
        row = self.scanner_list.currentRow()
        if row >= 0:
            self.scanner_list.takeItem(row)

    def discover(self) -> None:
        self.discover_button.setEnabled(False)
        self.scanner_note.setText(self.tr("Ищу устройства…"))

        def done(found: DiscoveredDevices) -> None:
            self.discover_button.setEnabled(True)
            self.found.clear()
            for port in found.serial_ports:
                item = QListWidgetItem(f"{port.url} — {port.description or port.manufacturer}")
                item.setData(Qt.ItemDataRole.UserRole, port.url)
                self.found.addItem(item)
            for hid in found.hid_devices:
                if hid.is_scanner:
                    item = QListWidgetItem(f"{hid.url} — {hid.manufacturer} {hid.product}".strip())
                    item.setData(Qt.ItemDataRole.UserRole, hid.url)
                    self.found.addItem(item)
            self.found.setVisible(self.found.count() > 0)
            notes = list(found.notes)
            if not self.found.count():
                notes.insert(
                    0, self.tr("Сканеры на COM-портах и HID-POS не найдены. Сканер в режиме клавиатуры: wedge.")
                )
            else:
                notes.insert(0, self.tr("Двойной щелчок — добавить."))
            self.scanner_note.setText(" ".join(notes))

        def failed(exc: BaseException) -> None:
            self.discover_button.setEnabled(True)
            self.scanner_note.setText(str(exc))

        self.runner.read(discover, done, failed)

    def _add_found(self, item: QListWidgetItem) -> None:
        self.scanner_url.setText(item.data(Qt.ItemDataRole.UserRole))
        self.add_scanner()

    def show_setup_codes(self) -> ScannerSetupDialog:
        dialog = ScannerSetupDialog(self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def test_scan(self) -> None:
        self.scanner_note.setText(self.tr("Отсканируйте любой штрихкод…"))

        def got(event: ScanEvent) -> None:
            self.scanner_note.setText(
                self.tr("Прочитано «{code}» со сканера {source}").format(code=event.code, source=event.source)
            )

        self.capture_scan(got)

    # --- printer -------------------------------------------------------------------------

    def _profile_changed(self, name: str) -> None:
        if name in VENDOR_CP866:
            self.codepage.setValue(VENDOR_CP866[name])

    def test_print(self) -> None:
        try:
            config = printer_config(self._candidate())
        except DomainError as exc:
            self.printer_note.setText(reason(exc))
            return
        if config is None:
            self.printer_note.setText(self.tr("Укажите адрес принтера."))
            return
        self.test_print_button.setEnabled(False)
        self.printer_note.setText(self.tr("Печатаю…"))

        def done(_: object) -> None:
            self.test_print_button.setEnabled(True)
            self.printer_note.setText(
                self.tr("Напечатано. Русские буквы читаются? Если нет — смените кодовую страницу.")
            )

        def failed(exc: BaseException) -> None:
            self.test_print_button.setEnabled(True)
            self.printer_note.setText(reason(exc))

        self.runner.read(lambda: print_test_page(config.url, config.codepage), done, failed)

    def test_scale(self) -> None:
        """Read the scale once and show what it says (a port the window holds answers as busy)."""
        try:
            config = parse_scale_url(self.scale_url.text())
        except DomainError as exc:
            self.scale_note.setText(exc.message)
            return
        self.test_scale_button.setEnabled(False)
        self.scale_note.setText(self.tr("Читаю весы…"))

        def done(reading: ScaleReading) -> None:
            self.test_scale_button.setEnabled(True)
            self.scale_note.setText(reading.describe())

        def failed(exc: BaseException) -> None:
            self.test_scale_button.setEnabled(True)
            self.scale_note.setText(str(exc))

        self.runner.read(lambda: read_once(config), done, failed)

    # --- server --------------------------------------------------------------------------

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Сертификаты сервера"), self.ca_bundle.text(), self.tr("Сертификаты (*.pem *.crt *.cer)")
        )
        if path:
            self.ca_bundle.setText(path)

    def _server_problem(self, candidate: Settings) -> str | None:
        """Why the server address or the CA file cannot be used, or None."""
        if candidate.api_url:
            try:
                check_server_url(candidate.api_url)
            except InsecureServerUrl:
                return self.tr(
                    "Адрес сервера должен начинаться с https://: по http:// пароли, вход и данные покупателей "
                    "шли бы по сети открытым текстом. http:// допустим только для этого компьютера "
                    "(127.0.0.1, [::1], localhost)."
                )
            except BadServerUrl:
                return self.tr("Адрес сервера не подходит: нужен адрес вида https://сервер:порт.")
        if candidate.ca_bundle:
            from pvz_desktop.auth.tls import UntrustedServer, trust_context  # requests: not at start-up

            try:
                trust_context(candidate.ca_bundle)
            except UntrustedServer:
                return self.tr(
                    "Файл сертификатов «{path}» не читается: нужен файл PEM с сертификатом центра сертификации."
                ).format(path=candidate.ca_bundle)
        return None

    # --- save ----------------------------------------------------------------------------

    def _candidate(self) -> Settings:
        return self.settings.model_copy(
            update={
                "scanners": ",".join(self.scanner_urls()),
                "printer": self.printer_url.text().strip(),
                "scale": self.scale_url.text().strip(),
                "printer_profile": self.profile.currentText(),
                "printer_codepage": self.codepage.value(),
                "paper_width": self.width.currentData(),
                "api_url": self.api_url.text().strip().rstrip("/"),
                "ca_bundle": self.ca_bundle.text().strip(),
                "storage_days": self.storage_days.value(),
                "fitting_minutes": self.fitting_minutes.value(),
                "point_name": self.point_name.text().strip() or self.settings.point_name,
                "language": self.language.currentData(),
            }
        )

    def save(self) -> None:
        candidate = self._candidate()
        try:
            sources_from_urls(candidate.scanner_urls)
            printer_config(candidate)
            if candidate.scale:
                parse_scale_url(candidate.scale)
        except DomainError as exc:
            self.error.setText(reason(exc))
            return
        problem = self._server_problem(candidate)
        if problem is not None:
            self.error.setText(problem)
            return
        try:
            candidate.save()
        except OSError as exc:
            self.error.setText(self.tr("Не удалось сохранить настройки: {error}").format(error=exc))
            return
        self.settings = candidate
        self.saved.emit(candidate)
        self.accept()
