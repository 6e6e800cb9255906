"""Demo mode: the virtual scanner lists codes that make sense now; a click is a scan."""

from __future__ import annotations

import pytest

from pvz_desktop.demo.generator import generate
from tests.gui.conftest import make_counter


@pytest.fixture
def demo(qtbot, store, ctx, settings):
    generate(store, shipments=300, seed=3)
    yield from make_counter(qtbot, ctx, settings, demo=True)


def group(dock, prefix: str) -> list[str]:
    return next(codes for title, codes in dock.codes().items() if title.startswith(prefix))


def test_panel_offers_codes_for_every_task_and_clicks_scan(demo, qtbot):
    dock = demo.window.demo_dock
    qtbot.waitUntil(lambda: bool(dock.codes()))
    titles = list(dock.codes())
    for prefix in ("Накладная", "Приёмка по", "Размещение", "Коды получения", "Заявки на возврат", "Прочее"):
        assert any(t.startswith(prefix) for t in titles), titles
    pickup = group(dock, "Коды получения")[0]
    item = dock.tree.findItems(pickup, __import__("PySide6.QtCore").QtCore.Qt.MatchFlag.MatchRecursive)[0]
    tone, _ = demo.act(lambda: dock._scan_item(item))
    assert tone == "ok" and demo.window.current_page().key == "issuance"
    # The customer at the counter: their parcels are offered first, with another's to test the alarm.
    qtbot.waitUntil(lambda: any(t.startswith("Посылки покупателя") for t in dock.codes()), timeout=3000)
    parcels = group(dock, "Посылки покупателя")
    tone, _ = demo.scan(parcels[0])
    assert tone == "ok"
    tone, _ = demo.scan(parcels[-1])
    assert tone == "alert"


def test_a_double_click_is_one_scan(demo, qtbot):
    dock = demo.window.demo_dock
    qtbot.waitUntil(lambda: bool(dock.codes()))
    scans = []
    demo.window.router.scan_received.connect(scans.append)
    top = dock.tree.topLevelItem(0).child(0)
    dock._scan_item(top)
    dock._scan_item(top)
    demo.idle()
    assert len(scans) == 1
