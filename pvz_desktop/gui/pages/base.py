"""What a tab page is to the window: a title, the scans it takes now, and how it takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.gui.services import Services

if TYPE_CHECKING:
    from pvz_desktop.workflows.changes import OpChanges
    from pvz_desktop.workflows.context import WorkflowContext


class Page(QWidget):
    key = ""  # stable id for navigation and objectName ("page_<key>")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName(f"page_{self.key}")

    @property
    def ctx(self) -> WorkflowContext:
        return self.services.ctx

    def title(self) -> str:
        raise NotImplementedError

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        """Barcode kinds this page takes in its current state; others go to the router."""
        return frozenset()

    def handle_scan(self, code: Barcode) -> None:
        raise NotImplementedError

    def prompt(self) -> str:
        """What the cashier does here next: the banner shows it when the tab is opened."""
        return ""

    def on_shown(self) -> None:
        """The tab became visible: refresh what may have changed elsewhere."""

    def on_changes(self, changes: OpChanges) -> None:
        """A write finished while this tab is on screen: re-read only what ``changes`` concerns.

        The page's own writes answer in their callbacks first; this is for what they do not
        show (a scan routed elsewhere, a dialog's write) and must cost nothing when unrelated."""

    # --- helpers -------------------------------------------------------------------------

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None) -> None:
        """A workflow call on the writer thread; a refusal shows its reason on the banner."""
        self.services.runner.write(fn, on_done, self.services.feedback.fail)

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None) -> None:
        self.services.runner.read(fn, on_done, self.services.feedback.fail)
