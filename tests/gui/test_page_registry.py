"""The page registry is the window's one list of tabs: what it declares is what the window does."""

from __future__ import annotations

import importlib

from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.pages.registry import HOME_PAGE, PAGES, page_title


def test_each_entry_names_its_page_class_and_key():
    for spec in PAGES:
        page_class = getattr(importlib.import_module(spec.module), spec.class_name)
        assert issubclass(page_class, Page) and page_class.key == spec.key, spec
    assert len({spec.key for spec in PAGES}) == len(PAGES)


def test_the_window_has_the_registered_tabs_in_order_and_home_kinds_open_theirs(counter):
    tabs = counter.window.tabs
    assert [page.key for page in counter.window.pages()] == [spec.key for spec in PAGES]
    assert [tabs.widget(i).key for i in range(tabs.count())] == [spec.key for spec in PAGES]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [page_title(spec.key) for spec in PAGES]
    for kind, key in HOME_PAGE.items():
        # The router hands a kind to its home tab only if that page takes it there and then.
        assert kind in counter.page(key).scan_kinds(), (kind, key)


def test_pages_are_built_on_first_use(counter, point):
    """attach() builds the tab on screen only; a tab opened, or a scan routed to its home, builds its page."""
    window = counter.window
    assert window.built_pages() == ["issuance"]
    assert window.tabs.currentWidget() is window.page("issuance")
    window.tabs.setCurrentIndex([spec.key for spec in PAGES].index("support"))
    assert window.built_pages() == ["issuance", "support"]
    assert window.current_page().key == "support" and window.tabs.currentWidget().key == "support"
    point.add_waybill("TN-0000031337")
    tone, _ = counter.scan("TN-0000031337")  # a waybill, scanned on Поддержка: Приёмка opens on it
    assert tone in ("ok", "info")
    assert window.current_page().key == "acceptance"
    assert window.built_pages() == ["acceptance", "issuance", "support"]
