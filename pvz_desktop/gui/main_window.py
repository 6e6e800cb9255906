"""The counter window: the scan banner on top, one tab per job, devices in the status bar."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.config import Settings
from pvz_desktop.gui.about import about_dialog
from pvz_desktop.gui.devices import CounterDevices
from pvz_desktop.gui.employees import EmployeeChoice, active_employees
from pvz_desktop.gui.login import LoginDialog, actor_for
from pvz_desktop.gui.pages.acceptance import AcceptancePage
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.pages.inventory import InventoryPage
from pvz_desktop.gui.pages.issuance import IssuancePage
from pvz_desktop.gui.pages.ledger import LedgerPage
from pvz_desktop.gui.pages.placement import PlacementPage
from pvz_desktop.gui.pages.returns import ReturnsPage
from pvz_desktop.gui.pages.shift import ShiftPage
from pvz_desktop.gui.pages.support import SupportPage
from pvz_desktop.gui.printing import PrinterService
from pvz_desktop.gui.receipt_preview import ReceiptPreviewDock
from pvz_desktop.gui.scan_router import ScanRouter
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.settings_dialog import SettingsDialog
from pvz_desktop.gui.status_bar import CounterStatusBar

# Tab order: the cashier's day from the courier's delivery to the end of the shift.
PAGE_ORDER = ("acceptance", "placement", "issuance", "returns", "ledger", "inventory", "support", "shift")
DEFAULT_PAGE = "issuance"


def build_pages(services: Services) -> list[Page]:
    built: dict[str, Page] = {
        "acceptance": AcceptancePage(services),
        "placement": PlacementPage(services),
        "issuance": IssuancePage(services),
        "ledger": LedgerPage(services),
        "returns": ReturnsPage(services),
        "inventory": InventoryPage(services),
        "support": SupportPage(services),
        "shift": ShiftPage(services),
    }
    return [built[key] for key in PAGE_ORDER]


class MainWindow(QMainWindow):
    page_changed = Signal(str)
    settings_saved = Signal(object)  # Settings
    language_changed = Signal(str)  # the window must be rebuilt in the new language
    actor_changed = Signal(object)  # Actor
    closed = Signal()  # the cashier closed the counter window

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.services = services
        actor = services.ctx.actor
        self.setWindowTitle(
            self.tr("PVZ Desktop — {point}").format(point=actor.point_name or services.settings.point_name)
        )

        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        self.banner = services.feedback.banner
        top.addWidget(self.banner, 1)
        self.manual = QLineEdit()
        self.manual.setObjectName("manual_code")
        self.manual.setPlaceholderText(self.tr("Штрихкод вручную, Enter"))
        self.manual.setAccessibleName(self.tr("Ввод штрихкода вручную"))
        self.manual.setMinimumWidth(260)
        self.manual.setMaximumWidth(320)
        top.addWidget(self.manual)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, Page] = {}
        for page in build_pages(services):
            self._add_page(page)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        services.navigate = self.show_page
        self.router = ScanRouter(services, self, self)
        self.manual.returnPressed.connect(self._manual_entered)
        self.status = CounterStatusBar(services, self)
        self.setStatusBar(self.status)
        self.printer = PrinterService(services, self)
        services.printer = self.printer
        self.preview = ReceiptPreviewDock(self.printer, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview)
        self.devices = CounterDevices(services, self.router, self.status, self.printer, self)
        self.demo_dock: QDockWidget | None = None
        self._build_menu()
        self._wire_pages()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.show_page(DEFAULT_PAGE)
        self.resize(1366, 860)

    def _add_page(self, page: Page) -> None:
        self._pages[page.key] = page
        self.tabs.addTab(page, page.title())

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Касса"))
        settings = QAction(self.tr("Настройки…"), self)
        settings.setObjectName("action_settings")
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        menu.addAction(settings)
        switch = QAction(self.tr("Сменить сотрудника…"), self)
        switch.setObjectName("action_switch_user")
        switch.triggered.connect(self.switch_user)
        menu.addAction(switch)
        about = QAction(self.tr("О программе…"), self)
        about.setObjectName("action_about")
        about.triggered.connect(self.open_about)
        menu.addAction(about)
        menu.addSeparator()
        quit_action = QAction(self.tr("Выход"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        go = self.menuBar().addMenu(self.tr("&Разделы"))
        for n, key in enumerate(PAGE_ORDER, start=1):
            page = self._pages[key]
            action = QAction(page.title(), self)
            action.setObjectName(f"action_go_{key}")
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            go.addAction(action)
        manual = QAction(self.tr("Ввести штрихкод вручную"), self)
        manual.setShortcut(QKeySequence("Ctrl+L"))
        manual.triggered.connect(lambda: self.manual.setFocus(Qt.FocusReason.ShortcutFocusReason))
        go.addAction(manual)
        self.go_menu = go

    def _wire_pages(self) -> None:
        issuance = self._pages["issuance"]
        if isinstance(issuance, IssuancePage):
            issuance.completed.connect(self.printer.issuance_slip)

    def start_devices(self) -> CounterDevices:
        """Open scanners and the printer (run_window does it; tests inject scans instead)."""
        self.devices.start()
        return self.devices

    def add_demo_dock(self, dock: QDockWidget) -> None:
        self.demo_dock = dock
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [360], Qt.Orientation.Horizontal)
        issuance = self._pages["issuance"]
        if isinstance(issuance, IssuancePage) and hasattr(dock, "set_customer"):
            issuance.state_changed.connect(
                lambda: dock.set_customer(issuance.state.card.customer_id if issuance.state else None)
            )

    # --- settings and login ---------------------------------------------------------------

    def open_about(self) -> QDialog:
        dialog = about_dialog(self.services.settings, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.services.settings, self.services.runner, self.router.capture_next, self)
        dialog.saved.connect(self.apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """New settings take effect now: rules on the worker (after queued writes), devices reopened."""
        old = self.services.settings
        self.services.settings = settings
        ctx = self.services.ctx
        rules = replace(ctx.rules, storage_days=settings.storage_days)
        self.services.runner.write(lambda: setattr(ctx, "rules", rules))
        if (
            settings.scanner_urls != old.scanner_urls
            or settings.printer != old.printer
            or (
                (settings.printer_profile, settings.printer_codepage, settings.paper_width)
                != (old.printer_profile, old.printer_codepage, old.paper_width)
            )
        ):
            started = self.devices.hub is not None or self.printer.queue is not None
            self.devices.stop()
            if started:
                self.devices.start()
        self.status.refresh()
        self.settings_saved.emit(settings)
        if settings.language != old.language:
            self.language_changed.emit(settings.language)

    def switch_user(self) -> None:
        store = self.services.ctx.store

        def show(employees: list[EmployeeChoice]) -> None:
            dialog = LoginDialog(employees, self.services.ctx.actor.employee_id, self)
            dialog.accepted.connect(lambda: self._login(dialog))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

        self.services.runner.read(lambda: active_employees(store), show, self.services.feedback.fail)

    def _login(self, dialog: LoginDialog) -> None:
        choice = dialog.chosen()
        if choice is None:
            return
        ctx = self.services.ctx
        actor = actor_for(ctx, choice)

        def done(_: object) -> None:
            self.status.show_actor()
            self.status.refresh()
            self.services.feedback.info(self.tr("За кассой: {name}").format(name=actor.employee_name))
            self.actor_changed.emit(actor)

        # On the worker, so a write queued before the switch is still signed by who made it.
        self.services.runner.write(lambda: setattr(ctx, "actor", actor), done)

    # --- PageHost for the router ---------------------------------------------------------

    def current_page(self) -> Page:
        page = self.tabs.currentWidget()
        assert isinstance(page, Page)
        return page

    def page(self, key: str) -> Page | None:
        return self._pages.get(key)

    def show_page(self, key: str) -> Page:
        page = self._pages[key]
        if self.tabs.currentWidget() is not page:
            self.tabs.setCurrentWidget(page)
        return page

    def pages(self) -> list[Page]:
        return list(self._pages.values())

    def _tab_changed(self, _index: int) -> None:
        page = self.current_page()
        page.on_shown()
        self.page_changed.emit(page.key)

    def _manual_entered(self) -> None:
        text = self.manual.text().strip()
        self.manual.clear()
        if text:
            self.router.inject(text, source="manual")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.devices.stop()
        self.services.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()
