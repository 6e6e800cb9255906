"""In English, nothing the program composes is Russian: after a day on the demo point (every tab,
scans refused and accepted, another customer's parcel, the lookup lockout, the refusal dialog)
no visible text has Cyrillic in it, except the data itself — names, goods, couriers, sellers,
addresses as the database holds them, which the check takes out first."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from sqlalchemy import String, Text, inspect, select

from pvz_desktop.demo.generator import DEMO_PICKUP_KEY, generate
from pvz_desktop.demo.pickup_pins import save_pins
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.pages.issuance import RefusalDialog
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Base
from tests.gui.conftest import Counter, make_counter

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def english_demo(qapp, qtbot, store, ctx, settings) -> Iterator[Counter]:
    assert install_language(qapp, "en") == "en"
    summary = generate(store, shipments=300, seed=5)
    save_pins(settings.data_dir, summary.pins)  # the demo's own file: the database has only verifiers
    gen = make_counter(qtbot, dataclasses.replace(ctx, pickup_key=lambda: DEMO_PICKUP_KEY), settings, demo=True)
    try:
        yield next(gen)
    finally:
        gen.close()
        install_language(qapp, "ru")


def data_strings(store: Store, extra: tuple[str, ...]) -> list[str]:
    """Every Cyrillic value the point's database holds (and the settings'), longest first."""
    found: set[str] = set(extra)
    with store.read() as s:
        for mapper in Base.registry.mappers:
            table = mapper.local_table
            for column in inspect(mapper).columns:
                if column.table is table and isinstance(column.type, (String, Text)):
                    for value in s.scalars(select(column).distinct()):
                        if isinstance(value, str) and CYRILLIC.search(value):
                            found.add(value)
    # A name is also shown in parts (the card's «Иванова И. · тел. …»): its words count too.
    found |= {w.strip(".,()«»") for v in list(found) for w in v.split() if CYRILLIC.search(w)}
    return sorted(found, key=len, reverse=True)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person can see in ``root`` and its visible children."""
    texts: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            texts.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            texts.append((name, w.placeholderText()))
        elif isinstance(w, QComboBox):
            texts += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            texts += [(name, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            for i in range(w.topLevelItemCount()):
                top = w.topLevelItem(i)
                texts.append((name, top.text(0)))
                texts += [(name, top.child(j).text(c)) for j in range(top.childCount()) for c in range(2)]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            header = w.horizontalHeader() if hasattr(w, "horizontalHeader") else None
            columns = header.count() if header is not None else 1
            for c in range(columns):
                texts.append((name, str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
            for r in range(min(model.rowCount(QModelIndex()), 30)):
                for c in range(columns):
                    texts.append((name, str(model.data(model.index(r, c, QModelIndex())) or "")))
        if w.isWindow():
            texts.append((name, w.windowTitle()))
    return texts


def russian_left(texts: list[tuple[str, str]], data: list[str]) -> list[str]:
    left = []
    for where, text in texts:
        rest = text
        for value in data:
            if value in rest:
                rest = rest.replace(value, "")
        if CYRILLIC.search(rest):
            left.append(f"{where}: {text!r}")
    return sorted(set(left))


def codes(counter: Counter, prefix: str) -> list[str]:
    dock = counter.window.demo_dock
    return next((c for title, c in dock.codes().items() if title.startswith(prefix) and c), [])  # type: ignore[union-attr]


def test_an_english_day_shows_no_russian_but_the_data(english_demo: Counter, qtbot, store, settings) -> None:
    counter = english_demo
    window = counter.window
    seen: list[tuple[str, str]] = []

    def look(step: str) -> None:
        counter.idle()
        QApplication.processEvents()
        seen.extend((f"{step} · {where}", text) for where, text in visible_texts(window))
        seen.append((f"{step} · banner", counter.feedback.banner.message))

    qtbot.waitUntil(lambda: bool(window.demo_dock.codes()), timeout=5000)  # type: ignore[union-attr]
    for key in [p.key for p in window.pages()]:
        window.show_page(key)
        look(f"tab {key}")

    window.page("shift").open_shift()  # type: ignore[union-attr]
    counter.idle()
    counter.scan(codes(counter, "Накладная")[0])
    for code in codes(counter, "Приёмка")[:4]:
        counter.scan(code)
    counter.scan("GARBAGE-CODE")  # unknown during acceptance
    look("acceptance")

    window.show_page("placement")
    parcel = codes(counter, "Размещение")[0]
    counter.scan(parcel)
    look("placement")
    counter.scan("C-Z-99-99")  # a cell the point does not have: refused
    look("placement refused")

    pickup = codes(counter, "Коды получения")[0]
    counter.scan(pickup)
    qtbot.waitUntil(lambda: bool(codes(counter, "Посылки покупателя")), timeout=5000)
    parcels = codes(counter, "Посылки покупателя")
    counter.scan(parcels[0])
    look("card")
    counter.scan(parcels[-1])  # another customer's parcel: the loud refusal
    look("alert")
    issuance = window.page("issuance")
    issuance.open_refusal()  # type: ignore[union-attr]
    dialog = window.findChild(RefusalDialog, "refusal_dialog")
    assert dialog is not None
    seen.extend(("refusal dialog", text) for _, text in visible_texts(dialog))
    dialog.reject()
    issuance.cancel()  # type: ignore[union-attr]
    counter.idle()

    for n in range(6):  # wrong codes until the lookup locks
        counter.scan(f"9900000{n}*0000")
    look("lockout")

    window.show_page("ledger")
    window.page("ledger").show_history(parcels[0])  # type: ignore[union-attr]
    look("ledger")
    window.show_page("returns")
    look("returns")
    window.show_page("inventory")
    look("inventory")

    data = data_strings(store, (settings.point_name, window.services.ctx.actor.employee_name))
    left = russian_left(seen, data)
    assert left == [], "\n".join(left)
