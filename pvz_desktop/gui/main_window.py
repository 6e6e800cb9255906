"""The counter window: the scan banner on top, one tab per job, devices in the status bar.

The window comes in two steps so the cashier sees it at once on a cold start: the frame (title,
banner, manual entry, the tab bar, the menu, a status bar saying «Открываю базу…») needs only Qt;
``attach`` then puts in the pages, the status bar, the printer and the devices, once the store
(SQLAlchemy, the workflows) has been loaded behind the shown frame. ``MainWindow(services)`` does
both at once (tests, a language change); ``MainWindow(frame=...)`` is the frame alone.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.gui.feedback import Feedback
from pvz_desktop.gui.pages.registry import DEFAULT_PAGE, PAGE_KEYS, PAGE_MODULES, PAGES, page_title
from pvz_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from pvz_desktop.config import Settings
    from pvz_desktop.gui.devices import CounterDevices
    from pvz_desktop.gui.early_scanners import EarlyScanners
    from pvz_desktop.gui.login import LoginDialog
    from pvz_desktop.gui.pages.base import Page
    from pvz_desktop.gui.printing import PrinterService
    from pvz_desktop.gui.receipt_preview import ReceiptPreviewDock
    from pvz_desktop.gui.scan_router import ScanRouter
    from pvz_desktop.gui.services import Services
    from pvz_desktop.gui.settings_dialog import SettingsDialog
    from pvz_desktop.gui.status_bar import CounterStatusBar
    from pvz_desktop.workflows.changes import OpChanges
    from pvz_desktop.workflows.employees import EmployeeChoice

# Modules the pages, the status bar, the printer and the devices bring in: imported behind the
# shown frame (application.open_counter_window does it off the GUI thread), used by ``attach``.
ATTACH_MODULES = (
    *PAGE_MODULES,
    "pvz_desktop.gui.status_bar",
    "pvz_desktop.gui.printing",
    "pvz_desktop.gui.receipt_preview",
    "pvz_desktop.gui.devices",
    "pvz_desktop.gui.settings_dialog",
    "pvz_desktop.gui.about",
    "pvz_desktop.workflows.employees",
    "pvz_desktop.gui.login",
)


# A screen this wide or narrower (counter PCs: 1366×768) starts with the receipt dock collapsed.
NARROW_SCREEN_PX = 1366
# How long a thread may keep the GIL while the GUI thread waits for it (CPython's default: 5 ms).
GUI_SWITCH_INTERVAL_S = 0.001


def narrow_screen(widget: QWidget) -> bool:
    screen = widget.screen()
    return screen is None or screen.availableGeometry().width() <= NARROW_SCREEN_PX


@dataclass(frozen=True)
class WindowFrame:
    """What the frame needs before the store exists: no workflow context yet."""

    settings: Settings
    runner: TaskRunner
    feedback: Feedback
    point_name: str

    @classmethod
    def of(cls, services: Services) -> WindowFrame:
        point = services.ctx.actor.point_name or services.settings.point_name
        return cls(services.settings, services.runner, services.feedback, point)


class MainWindow(QMainWindow):
    page_changed = Signal(str)
    settings_saved = Signal(object)  # Settings
    language_changed = Signal(str)  # the window must be rebuilt in the new language
    actor_changed = Signal(object)  # Actor
    closed = Signal()  # the cashier closed the counter window

    # Set by ``attach``: the pages' world, once the store is open.
    services: Services
    router: ScanRouter
    status: CounterStatusBar
    printer: PrinterService
    preview: ReceiptPreviewDock
    devices: CounterDevices

    def __init__(self, services: Services | None = None, *, frame: WindowFrame | None = None) -> None:
        super().__init__()
        if frame is None:
            assert services is not None, "a window needs its services or at least its frame"
            frame = WindowFrame.of(services)
        self.setObjectName("main_window")
        self.frame = frame
        self.ready = False  # attach() has run: pages, status bar, printer and devices are in
        self._held: list[str] = []  # codes typed by hand before the pages existed, in order
        self.show_point(frame.point_name)

        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        self.banner = frame.feedback.banner
        top.addWidget(self.banner, 1)
        self.manual = QLineEdit()
        self.manual.setObjectName("manual_code")
        self.manual.setPlaceholderText(self.tr("Штрихкод вручную, Enter"))
        self.manual.setAccessibleName(self.tr("Ввод штрихкода вручную"))
        self.manual.setMinimumWidth(220)
        self.manual.setMaximumWidth(320)
        self._manual_ok = ""  # the field's last text within the longest code
        self.manual.textEdited.connect(self._manual_edited)
        top.addWidget(self.manual)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, Page] = {}
        opening = self.tr("Открываю базу…")
        for key in PAGE_KEYS:
            waiting = QLabel(opening)
            waiting.setObjectName(f"page_{key}_opening")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(waiting, page_title(key))
        self.tabs.setCurrentIndex(PAGE_KEYS.index(DEFAULT_PAGE))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.manual.returnPressed.connect(self._manual_entered)
        opening_bar = QStatusBar()
        opening_bar.setObjectName("status_bar_opening")
        opening_bar.showMessage(opening)
        self.setStatusBar(opening_bar)
        self.demo_dock: QDockWidget | None = None
        self._build_menu()
        self.resize(1366, 768)
        if services is not None:
            self.attach(services)

    def show_progress(self, text: str) -> None:
        """What the start is doing, in the frame's status bar (until the real one replaces it)."""
        if not self.ready:
            self.statusBar().showMessage(text)

    def show_point(self, point: str) -> None:
        """The point's name in the title; none yet (a server's point before the login): the program's."""
        self.setWindowTitle(self.tr("PVZ Desktop — {point}").format(point=point) if point else "PVZ Desktop")

    def attach(self, services: Services) -> None:
        """The rest of the window, on the GUI thread, once the store is open."""
        from pvz_desktop.gui.devices import CounterDevices
        from pvz_desktop.gui.printing import PrinterService
        from pvz_desktop.gui.receipt_preview import ReceiptPreviewDock
        from pvz_desktop.gui.scan_router import ScanRouter
        from pvz_desktop.gui.status_bar import CounterStatusBar

        assert not self.ready, "attach() runs once"
        self.services = services
        # Pages are built on first use (their tab opened, a scan routed there): here only the tab
        # on screen (the cashier may have picked another one meanwhile: kept) and Выдача, which
        # answers a pickup code from any tab. Building all nine froze the window 70–160 ms.
        self._build_page(DEFAULT_PAGE)
        self._build_page(PAGE_KEYS[self.tabs.currentIndex()])

        self.router = ScanRouter(services, self, self)
        self.status = CounterStatusBar(services, self)
        self.setStatusBar(self.status)
        self.printer = PrinterService(services, self)
        services.printer = self.printer
        self.preview = ReceiptPreviewDock(self.printer, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview)
        self.addAction(self.preview.reprint_action)
        self.cash_menu.insertAction(self.cash_menu.actions()[0], self.preview.reprint_action)
        self.go_menu.addAction(self.preview.toggleViewAction())
        self.status.add_toggle(self.preview.toggleViewAction())
        if narrow_screen(self):
            self.preview.hide()  # the page needs the width; the status bar's «Чек» opens it
        self.devices = CounterDevices(services, self.router, self.status, self.printer, self)
        for page in list(self._pages.values()):
            self._wire_page(page)
        for action in self._needs_store:
            action.setEnabled(True)
        self.ready = True
        self.tabs.currentChanged.connect(self._tab_changed)
        services.runner.write_finished.connect(self._changed)
        self._tab_changed(self.tabs.currentIndex())
        self.owner_menu.refresh()
        self.actor_changed.connect(lambda _actor: self.owner_menu.refresh())
        self.settings_saved.connect(lambda _settings: self.owner_menu.refresh())
        held, self._held = self._held, []
        for text in held:
            self.router.inject(text, source="manual")

    def open_shift(self) -> None:
        if self.ready:
            self.page("shift").open_shift()  # type: ignore[attr-defined]

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Касса"))
        self.cash_menu = menu
        settings = QAction(self.tr("Настройки…"), self)
        settings.setObjectName("action_settings")
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        menu.addAction(settings)
        switch = QAction(self.tr("Сменить сотрудника…"), self)
        switch.setObjectName("action_switch_user")
        switch.triggered.connect(self.switch_user)
        menu.addAction(switch)
        # From any tab, one key: work that belongs to a shift asks for it with «Откройте смену (F2)».
        open_shift = QAction(self.tr("Открыть смену"), self)
        open_shift.setObjectName("action_open_shift")
        open_shift.setShortcut(QKeySequence("F2"))
        open_shift.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        open_shift.triggered.connect(self.open_shift)
        menu.addAction(open_shift)
        self.addAction(open_shift)  # its key works while the menu bar is hidden too
        # They need the store (the scanner test, the employee list, the shift): enabled by attach().
        self._needs_store = (settings, switch, open_shift)
        for action in self._needs_store:
            action.setEnabled(False)
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
        for n, key in enumerate(PAGE_KEYS, start=1):
            action = QAction(page_title(key), self)
            action.setObjectName(f"action_go_{key}")
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, k=key: self._go(k))
            go.addAction(action)
        manual = QAction(self.tr("Ввести штрихкод вручную"), self)
        manual.setShortcut(QKeySequence("Ctrl+L"))
        manual.triggered.connect(lambda: self.manual.setFocus(Qt.FocusReason.ShortcutFocusReason))
        go.addAction(manual)
        self.go_menu = go
        from pvz_desktop.gui.owner_menu import OwnerMenu

        self.owner_menu = OwnerMenu(self)

    def _build_page(self, key: str) -> Page:
        """The page of ``key`` in its tab, in place of the tab's placeholder (built once)."""
        page = self._pages.get(key)
        if page is not None:
            return page
        spec = PAGES[PAGE_KEYS.index(key)]
        page = spec.build(self.services)
        index = PAGE_KEYS.index(key)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # the swap is no change of tab
        waiting = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, page.title())
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        waiting.deleteLater()
        self._pages[key] = page
        if self.ready:
            self._wire_page(page)
        return page

    def _wire_page(self, page: Page) -> None:
        """What connects a page to the window's devices and printer, made when the page is built."""
        from pvz_desktop.gui.pages.issuance import IssuancePage

        if isinstance(page, IssuancePage):
            page.completed.connect(self.printer.issuance_slip)
            page.reprinted.connect(self.printer.issuance_slip)
        if hasattr(page, "set_reading"):
            self.devices.weighed.connect(page.set_reading)
        if self.demo_dock is not None:
            self._wire_demo(page, self.demo_dock)

    @staticmethod
    def _wire_demo(page: Page, dock: QDockWidget) -> None:
        """The demo panel's scale feeds the drop-off page; it follows the customer on Выдача."""
        from pvz_desktop.gui.pages.issuance import IssuancePage

        if hasattr(page, "set_reading") and hasattr(dock, "weighed"):
            dock.weighed.connect(page.set_reading)
        if isinstance(page, IssuancePage) and hasattr(dock, "set_customer"):
            page.state_changed.connect(lambda: dock.set_customer(page.state.card.customer_id if page.state else None))

    def _go(self, key: str) -> None:
        if self.ready:
            self.show_page(key)
        else:
            self.tabs.setCurrentIndex(PAGE_KEYS.index(key))

    def start_devices(self, early: EarlyScanners | None = None) -> CounterDevices:
        """Open scanners and the printer (run_window does it; tests inject scans instead).

        ``early``: scanners opened while the store was loading, and what they read meanwhile."""
        # What exists now (modules, mappers, the window's widgets) lives as long as the counter:
        # out of the collector's sight, a full collection in a burst of scans no longer walks it
        # (50–70 ms stalls of the window in bench P2 were such collections).
        gc.freeze()
        # Qt calls back into Python for every table cell it measures or paints (~1,600 calls for
        # a customer's card); each call waits for the GIL while a sync thread applies a page in
        # Python, and CPython hands the GIL over only after the switch interval. 1 ms instead of
        # 5 cut a card table's refresh beside a busy Python thread from ~100 to ~70 ms median
        # and its worst from ~400 to ~270 ms (same loaded machine, alternating runs).
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self.devices.start(early)
        return self.devices

    def add_demo_dock(self, dock: QDockWidget) -> None:
        self.demo_dock = dock
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [300], Qt.Orientation.Horizontal)
        # Pages built so far; one built later is wired to the dock when it is built (_wire_page).
        for page in self._pages.values():
            self._wire_demo(page, dock)

    # --- settings and login ---------------------------------------------------------------

    def open_about(self) -> QDialog:
        from pvz_desktop.gui.about import about_dialog

        dialog = about_dialog(self.services.settings, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        from pvz_desktop.gui.settings_dialog import SettingsDialog
        from pvz_desktop.workflows.employees import owners, role_of

        dialog = SettingsDialog(self.services.settings, self.services.runner, self.router.capture_next, self)
        dialog.saved.connect(self.apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        ctx = self.services.ctx
        employee = ctx.actor.employee_id

        def restrict(found: tuple[str | None, list[str]]) -> None:
            role, names = found
            if role == "employee" and dialog.isVisible():
                dialog.read_only_for_employee(names)

        # The role as the point's records have it (the server's login or the standalone setup).
        self.services.runner.read(lambda: (role_of(ctx, employee), owners(ctx)), restrict, self.services.feedback.fail)
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """New settings take effect now: rules on the worker (after queued writes), devices reopened."""
        old = self.services.settings
        self.services.settings = settings
        ctx = self.services.ctx
        rules = replace(ctx.rules, storage_days=settings.storage_days, fitting_minutes=settings.fitting_minutes)
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
        from pvz_desktop.gui.login import LoginDialog
        from pvz_desktop.workflows.employees import active_employees

        ctx = self.services.ctx

        def show(employees: list[EmployeeChoice]) -> None:
            dialog = LoginDialog(employees, self.services.ctx.actor.employee_id, self)
            dialog.accepted.connect(lambda: self._login(dialog))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

        self.services.runner.read(lambda: active_employees(ctx), show, self.services.feedback.fail)

    def _login(self, dialog: LoginDialog) -> None:
        from pvz_desktop.gui.login import actor_for

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
        from pvz_desktop.gui.pages.base import Page

        page = self.tabs.currentWidget()
        assert isinstance(page, Page)
        return page

    def page(self, key: str) -> Page | None:
        """The page of ``key``, built now if it was not yet (None before ``attach``)."""
        if not self.ready:
            return self._pages.get(key)
        return self._build_page(key)

    def show_page(self, key: str) -> Page:
        page = self._build_page(key)
        if self.tabs.currentWidget() is not page:
            self.tabs.setCurrentWidget(page)
        return page

    def pages(self) -> list[Page]:
        """Every page, in tab order (each built if it was not yet)."""
        return [self._build_page(key) for key in PAGE_KEYS]

    def built_pages(self) -> list[str]:
        """The keys of the pages built so far."""
        return [key for key in PAGE_KEYS if key in self._pages]

    def pulled(self, changes: OpChanges) -> None:
        """A page from the server was applied (``SyncLink``): told to the tab on screen like a write."""
        self._changed(changes)

    def _changed(self, changes: OpChanges) -> None:
        """A write finished: the tab on screen re-reads what it concerns (others do on_shown)."""
        from pvz_desktop.gui.pages.base import Page

        page = self.tabs.currentWidget()
        if isinstance(page, Page):
            page.on_changes(changes)

    def _tab_changed(self, index: int) -> None:
        page = self._build_page(PAGE_KEYS[index])  # a tab opened for the first time gets its page now
        # The new tab's prompt, not the last tab's answer (a scan's answer replaces it).
        self.services.feedback.prompt(page.prompt())
        page.on_shown()
        self.page_changed.emit(page.key)

    def _manual_edited(self, text: str) -> None:
        """Refuse typing or pasting past the longest code the counter knows, and say so."""
        from pvz_desktop.core.barcodes import MAX_CODE_LENGTH

        if len(text) <= MAX_CODE_LENGTH:
            self._manual_ok = text
            return
        self.manual.setText(self._manual_ok)
        self.frame.feedback.error(
            self.tr("Штрихкод не длиннее {limit} знаков, а введено {n}: ввод не принят.").format(
                limit=MAX_CODE_LENGTH, n=len(text)
            )
        )

    def _manual_entered(self) -> None:
        text = self.manual.text().strip()
        self.manual.clear()
        self._manual_ok = ""
        if not text:
            return
        if self.ready:
            self.router.inject(text, source="manual")
        else:
            self._held.append(text)  # answered once the pages exist, in the order typed

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ready:
            self.devices.stop()
        self.frame.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()
