"""Every tab of the counter window, in one place: key, title, module and the barcodes it is home to.

The window builds its tab bar, its «Разделы» menu (Ctrl+1…) and its pages from ``PAGES``; the scan
router opens a kind's home tab from it. Adding a tab is a new page module and one entry here.
Nothing here imports a page: the frame shows the titles before the pages' modules are loaded
(behind the shown frame, see ``application``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pvz_desktop.core.barcodes import BarcodeKind

if TYPE_CHECKING:
    from pvz_desktop.gui.pages.base import Page
    from pvz_desktop.gui.services import Services


@dataclass(frozen=True)
class PageSpec:
    key: str  # the page's ``key``: navigation, objectName ``page_<key>``
    module: str  # where the page class lives
    class_name: str  # the page class; also the translation context of its title
    title: str  # the tab's title, as the page's own ``title()`` says it (Russian source text)
    home_to: frozenset[BarcodeKind] = frozenset()  # scanned on another tab, these open this one

    def build(self, services: Services) -> Page:
        page_class = getattr(importlib.import_module(self.module), self.class_name)
        return page_class(services)


def _spec(key: str, class_name: str, title: str, *home_to: BarcodeKind) -> PageSpec:
    return PageSpec(key, f"pvz_desktop.gui.pages.{key}", class_name, title, frozenset(home_to))


K = BarcodeKind
# Tab order: the cashier's day from the courier's delivery to the end of the shift. Drop-off came
# later: it is last, so Ctrl+1…8 still open the tabs they always did.
PAGES: tuple[PageSpec, ...] = (
    _spec("acceptance", "AcceptancePage", "Приёмка", K.WAYBILL),
    _spec("placement", "PlacementPage", "Размещение"),
    _spec("issuance", "IssuancePage", "Выдача", K.PICKUP_CODE),
    _spec("returns", "ReturnsPage", "Возвраты", K.RETURN_REQUEST),
    _spec("ledger", "LedgerPage", "Отправления"),
    _spec("inventory", "InventoryPage", "Инвентаризация"),
    _spec("support", "SupportPage", "Поддержка"),
    _spec("shift", "ShiftPage", "Смена"),
    _spec("dropoff", "DropoffPage", "Отправка", K.SUPPLY, K.SEND_CODE, K.OUTBOUND, K.BAG, K.COURIER_PICKUP),
)
DEFAULT_PAGE = "issuance"
PAGE_KEYS: tuple[str, ...] = tuple(spec.key for spec in PAGES)
PAGE_MODULES: tuple[str, ...] = tuple(spec.module for spec in PAGES)
# Kinds that have a home tab: scanned anywhere else, they open it.
HOME_PAGE: dict[BarcodeKind, str] = {kind: spec.key for spec in PAGES for kind in spec.home_to}
_BY_KEY: dict[str, PageSpec] = {spec.key: spec for spec in PAGES}


def page_title(key: str) -> str:
    """The tab's title in the window's language, before its page exists."""
    spec = _BY_KEY[key]
    return QCoreApplication.translate(spec.class_name, spec.title)
