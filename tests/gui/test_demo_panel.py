"""Demo mode: the virtual scanner lists codes that make sense now; a click is a scan."""

from __future__ import annotations

import dataclasses

import pytest

from pvz_desktop.demo.generator import DEMO_PICKUP_KEY, generate
from pvz_desktop.demo.pickup_pins import save_pins
from tests.gui.conftest import make_counter


@pytest.fixture
def demo(qtbot, store, ctx, settings):
    summary = generate(store, shipments=300, seed=3)
    save_pins(settings.data_dir, summary.pins)  # the demo's own file, as the demo server writes it
    yield from make_counter(qtbot, dataclasses.replace(ctx, pickup_key=lambda: DEMO_PICKUP_KEY), settings, demo=True)


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


def test_the_demo_drop_off_codes_and_its_virtual_scale(qtbot, store, ctx, settings):
    from PySide6.QtCore import Qt

    from tests.workflows.counter_builders import status_of
    from tests.workflows.dropoff_builders import announce_supply, create_send, schedule_pickup

    generate(store, shipments=50, seed=3)
    announce_supply(ctx, "SP-0000000101", ["OB000000000301", "OB000000000302", "OB000000000303"])
    create_send(ctx, "SN-0000000201", "OB000000000501")
    schedule_pickup(ctx, "CP-0000000501")
    gen = make_counter(qtbot, ctx, settings, demo=True)
    counter = next(gen)
    try:
        dock = counter.window.demo_dock
        qtbot.waitUntil(lambda: any(t == "Отправка" for t in dock.codes()))
        codes = group(dock, "Отправка")
        # The last parcel of the supply is the one the seller forgot: it is not offered.
        assert codes[:4] == ["SP-0000000101", "OB000000000301", "OB000000000302", "OB000000000399"]
        assert "SN-0000000201" in codes and "CP-0000000501" in codes
        counter.scan("SN-0000000201")
        page = counter.page("dropoff")
        weight = dock.tree.findItems("1,450 кг", Qt.MatchFlag.MatchRecursive)[0]
        dock._scan_item(weight)
        qtbot.waitUntil(lambda: page.weight_label.text() == "1,450 кг")
        assert counter.act(page.card_button.click)[0] == "ok"
        assert status_of(store, "OB000000000501") == "dropped_off"
    finally:
        next(gen, None)


def test_codes_are_read_again_after_a_write_that_moved_a_listed_thing_only(demo, qtbot):
    from pvz_desktop.workflows import shift

    dock = demo.window.demo_dock
    qtbot.waitUntil(lambda: bool(dock.codes()) and not dock.refresh_pending())
    runner, ctx = demo.runner, demo.window.services.ctx
    with qtbot.waitSignal(runner.write_finished):
        runner.write(lambda: shift.open_shift(ctx))  # no shipment, box, bag or waybill: codes stay
    assert not dock.refresh_pending()
    demo.idle()
    with qtbot.waitSignal(runner.write_finished):
        demo.window.router.inject(group(dock, "Накладная")[0], source="test")  # a waybill opened
    assert dock.refresh_pending()
    demo.idle()
