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
    assert [tabs.widget(i).key for i in range(tabs.count())] == [spec.key for spec in PAGES]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [page_title(spec.key) for spec in PAGES]
    for kind, key in HOME_PAGE.items():
        # The router hands a kind to its home tab only if that page takes it there and then.
        assert kind in counter.page(key).scan_kinds(), (kind, key)
