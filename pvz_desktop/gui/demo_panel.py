"""Demo mode's virtual scanner: a dock listing barcodes that make sense now; a click scans one."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from pvz_desktop.demo.pickup_pins import load_pins
from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState
from pvz_desktop.gui.scan_router import ScanRouter
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.texts import render
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.demo_barcodes import DEMO_WEIGHTS, DemoGroup, demo_groups

REFRESH_DELAY_MS = 250
# Operations that change nothing the panel lists (no shipment, waybill, box, bag or supply):
# after them the codes are not read again.
UNLISTED_KINDS = frozenset(
    {
        "pickup_lookup",
        "shift_open",
        "shift_close",
        "drawer_open",
        "support_ticket_open",
        "support_message",
        "support_close",
        "support_reply",
        "unknown_scan",
        "unknown_scan_dismiss",
    }
)
DOUBLE_CLICK_S = 0.6


WEIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class DemoScannerDock(QDockWidget):
    weighed = Signal(object)  # ScaleReading: the virtual scale, as the real one reports

    def __init__(self, services: Services, router: ScanRouter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo_scanner")
        self.setWindowTitle(self.tr("Виртуальный сканер (демо)"))
        self.services = services
        self.router = router
        self.customer_id: str | None = None
        # The demo customers' PINs from the demo's own file: its databases hold only verifiers.
        self.pins = load_pins(services.settings.data_dir)
        self._last: tuple[str, float] | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        hint = QLabel(self.tr("Щелчок — как скан этого штрихкода"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.tree = QTreeWidget()
        self.tree.setObjectName("demo_codes")
        self.tree.setHeaderLabels([self.tr("Штрихкод"), self.tr("Что это")])
        self.tree.itemActivated.connect(self._scan_item)
        self.tree.itemClicked.connect(self._scan_item)
        layout.addWidget(self.tree)
        body.setMinimumWidth(260)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        services.runner.write_finished.connect(self._changed)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        if changes.shipments or not changes.kinds <= UNLISTED_KINDS:
            self._timer.start()

    def refresh_pending(self) -> bool:
        return self._timer.isActive()

    def set_customer(self, customer_id: str | None) -> None:
        if customer_id != self.customer_id:
            self.customer_id = customer_id
            self._timer.start()

    def refresh(self) -> None:
        ctx, customer, pins = self.services.ctx, self.customer_id, self.pins
        self.services.runner.read(lambda: demo_groups(ctx, pins=pins, customer_id=customer), self._show)

    def _show(self, groups: list[DemoGroup]) -> None:
        self.tree.clear()
        for group in groups:
            top = QTreeWidgetItem([render(group.title)])
            top.setData(0, KEY_ROLE, str(group.title))  # the Russian title: a key in any language
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for code in group.codes:
                item = QTreeWidgetItem([code.code, render(code.hint)])
                item.setData(0, Qt.ItemDataRole.UserRole, code.code)
                top.addChild(item)
            top.setExpanded(True)
        scale = QTreeWidgetItem([self.tr("Весы (демо)")])
        scale.setData(0, KEY_ROLE, "Весы (демо)")
        scale.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(scale)
        for grams in DEMO_WEIGHTS:
            item = QTreeWidgetItem(
                [self.tr("{kg} кг").format(kg=f"{grams / 1000:.3f}".replace(".", ",")), self.tr("положить на весы")]
            )
            item.setData(0, WEIGHT_ROLE, grams)
            scale.addChild(item)
        scale.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def codes(self) -> dict[str, list[str]]:
        """Group's Russian title (whatever the window's language) -> codes, as listed (for tests and
        the screenshot script)."""
        result: dict[str, list[str]] = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            result[top.data(0, KEY_ROLE) or top.text(0)] = [top.child(j).text(0) for j in range(top.childCount())]
        return result

    def _scan_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        grams = item.data(0, WEIGHT_ROLE)
        if grams:
            self.weighed.emit(ScaleReading(ScaleState.WEIGHING, grams=int(grams), stable=True))
            return
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if not code:
            return
        # A double click is a click plus an activation: one scan, not two (Enter alone still scans).
        now = time.monotonic()
        if self._last is not None and self._last[0] == code and now - self._last[1] < DOUBLE_CLICK_S:
            return
        self._last = (code, now)
        self.router.inject(code, source="demo")
