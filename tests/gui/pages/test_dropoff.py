"""Отправка through the real window: scan-first supply, C2C parcel weighed (typed, or on a pty scale),
bagged and handed to the courier, each printed document decoded in the preview."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pvz_desktop.devices.scale import massak
from pvz_desktop.workflows.dropoff import bags
from tests.devices.scale.test_reader import MassaKScale
from tests.devices.scanner.ports import PtyPort
from tests.gui.conftest import make_counter
from tests.workflows.counter_builders import status_of
from tests.workflows.dropoff_builders import announce_supply, create_send, schedule_pickup

SP, P1, P2, P3, STRAY = "SP-0000000101", "OB000000000301", "OB000000000302", "OB000000000303", "OB000000000777"
SN, C1 = "SN-0000000201", "OB000000000501"


def preview(counter) -> str:
    return " ".join(counter.window.preview.text.toPlainText().split())


def tiles(page) -> dict[str, str]:
    return {name: tile.value for name, tile in page.tiles.items()}


def test_a_supply_by_scans_alone_with_an_act(counter, ctx):
    announce_supply(ctx, SP, [P1, P2, P3])
    page = counter.page("dropoff")
    tone, text = counter.scan(SP)  # from any tab: the supply opens Отправка
    assert tone == "ok" and "ООО «Ромашка»" in text
    assert counter.window.current_page() is page
    assert counter.scan(P1) == ("ok", f"Принято {P1}")
    assert counter.scan(P1)[0] == "info"  # a repeat
    assert counter.scan(STRAY)[0] == "warn"
    page.reason_edit.setText("Коробка вскрыта")
    assert counter.act(page.refuse_button.click)[0] == "warn"
    assert counter.scan(P2)[0] == "warn"
    assert tiles(page) == {
        "expected": "3",
        "received": "1",
        "refused": "1",
        "missing": "1",
        "unexpected": "1",
        "duplicates": "1",
    }
    tone, text = counter.act(page.close_button.click)
    assert tone == "ok" and "не хватает 1" in text
    act = preview(counter)
    assert act.count("АКТ ПРИЁМА ПОСТАВКИ") == 2 and "Коробка вскрыта" in act and STRAY in act
    assert status_of(ctx.store, P1) == "dropped_off" and status_of(ctx.store, P2) == "refused_at_dropoff"


def test_a_supply_scan_paints_the_changed_counters_before_the_log_and_the_banner(counter, ctx):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    announce_supply(ctx, SP, [P1, P2, P3])
    page = counter.page("dropoff")
    counter.scan(SP)
    counter.scan(P1)
    painted: list[str] = []

    class Order(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(watched.objectName())
            return False

    order = Order()
    for widget in [*page.tiles.values(), page.log.viewport(), counter.window.banner]:
        widget.installEventFilter(order)
    answer = page._supply_scanned
    page._supply_scanned = lambda result: (painted.append("answer"), answer(result))
    # What P1 left to paint is painted now: a repaint() paints every dirty part of the window, so a
    # log row still waiting from the scan before would otherwise be drawn with the first tile.
    QApplication.processEvents()
    counter.window.repaint()
    painted.clear()
    assert counter.scan(P2) == ("ok", f"Принято {P2}")

    def after() -> list[str]:
        return painted[painted.index("answer") + 1 :] if "answer" in painted else []

    counter.qtbot.waitUntil(lambda: {"qt_scrollarea_viewport", "banner"} <= set(after()), timeout=5000)
    # «принято» and «не хватает» changed and are painted at once; the log row and the banner after.
    assert after()[:2] == ["dropoff_received", "dropoff_missing"], painted
    assert "dropoff_expected" not in after()


def test_a_c2c_parcel_with_a_typed_weight_paid_in_cash(counter, ctx):
    create_send(ctx, SN, C1, amount_due=29_900)
    page = counter.page("dropoff")
    assert counter.scan(SN)[0] == "ok"
    assert "к оплате 299,00" in page.parcel_label.text()
    # No scale: nothing to take yet.
    tone, text = counter.act(page.cash_button.click)
    assert tone == "error" and "Взвесьте" in text
    page.weight_edit.setText("1,2")
    assert counter.act(page.typed_button.click)[0] == "info"
    assert page.weight_label.text() == "1,200 кг (вручную)"
    page.tendered_edit.setText("500")
    tone, text = counter.act(page.cash_button.click)
    assert tone == "ok" and "сдача 201,00" in text
    printed = preview(counter)
    assert "ПРИЁМ ПОСЫЛКИ" in printed and "введён вручную" in printed
    assert status_of(ctx.store, C1) == "dropped_off"


def test_bagged_and_handed_to_the_courier(counter, ctx):
    announce_supply(ctx, SP, [P1, P2])
    schedule_pickup(ctx, "CP-0000000501")
    page = counter.page("dropoff")
    counter.scan(SP)
    counter.scan(P1)
    counter.scan(P2)
    tone, text = counter.act(page.bag_button.click)  # a new bag, its label printed
    assert tone == "ok" and "BG-0000000001" in text and "МЕШОК" in preview(counter)
    assert counter.scan(P1)[0] == "ok"
    assert counter.scan("CP-0000000501")[0] == "ok"
    assert counter.scan("BG-0000000001")[0] == "ok"
    assert counter.scan(P2)[0] == "ok"
    assert counter.scan(P1)[0] == "error"  # in the bag: scan the bag
    tone, text = counter.act(page.close_button.click)
    assert tone == "ok" and "2 отправлений" in text
    act = preview(counter)
    assert act.count("АКТ ПЕРЕДАЧИ КУРЬЕРУ") == 2 and "BG-0000000001" in act
    assert status_of(ctx.store, P1) == status_of(ctx.store, P2) == "handed_to_courier"
    assert bags.open_bags(ctx) == []


def test_a_courier_handover_left_open_comes_back_after_a_restart(qtbot, ctx, settings, tmp_path):
    from pvz_desktop.store.migrate import open_store
    from pvz_desktop.workflows.context import WorkflowContext

    announce_supply(ctx, SP, [P1, P2, P3])
    schedule_pickup(ctx, "CP-0000000501")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    counter.scan(SP)
    for p in (P1, P2, P3):
        counter.scan(p)
    counter.act(counter.page("dropoff").bag_button.click)
    counter.scan(P1)
    assert counter.scan("CP-0000000501")[0] == "ok"
    assert counter.scan("BG-0000000001")[0] == "ok"
    assert counter.scan(P2)[0] == "ok"
    next(gen, None)  # the program is closed mid-handover: F10 was never pressed
    ctx.store.close()

    store = open_store(tmp_path / "pvz.db")
    try:
        again = WorkflowContext(store=store, actor=ctx.actor, pickup_key=ctx.pickup_key)
        gen = make_counter(qtbot, again, settings)
        counter = next(gen)
        page = counter.window.show_page("dropoff")
        qtbot.waitUntil(lambda: page.mode == "courier", timeout=5000)
        counter.idle()
        assert "отсканировано мест: 2" in page.heading.text()
        assert {page.log_model.row_at(i).code for i in range(page.log_model.rowCount())} == {"BG-0000000001", P2}
        page.refuse_button.click()  # F7: the courier does not take P2 after all
        assert counter.scan(P2)[0] == "ok" and "мест: 1" in page.heading.text()
        tone, text = counter.act(page.close_button.click)
        assert tone == "ok" and "1 отправлений" in text
        assert "BG-0000000001" in preview(counter)
        assert status_of(store, P1) == "handed_to_courier" and status_of(store, P2) == "dropped_off"
        next(gen, None)
    finally:
        store.close()


@pytest.fixture
def scale_port() -> Iterator[PtyPort]:
    with PtyPort() as pty:
        yield pty


def test_the_weight_comes_live_from_a_pty_scale_and_only_a_stable_one_is_taken(qtbot, ctx, settings, scale_port):
    create_send(ctx, SN, C1, size_class="M")
    settings.scale = f"serial://{scale_port.path}?protocol=massak"
    scale = MassaKScale(scale_port)
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        counter.window.devices.start()
        page = counter.page("dropoff")
        counter.scan(SN)
        scale.divisions, scale.stable = 3_480, False
        qtbot.waitUntil(lambda: page.weight_label.text() == "3,480 кг · вес меняется", timeout=5000)
        tone, text = counter.act(page.card_button.click)
        assert tone == "error" and "успокоятся" in text
        assert status_of(ctx.store, C1) == "announced"
        scale.stable = True
        qtbot.waitUntil(lambda: page.weight_label.text() == "3,480 кг", timeout=5000)
        assert counter.act(page.card_button.click)[0] == "ok"
        assert "3,480 кг" in preview(counter) and massak.POLL
        assert status_of(ctx.store, C1) == "dropped_off"
    finally:
        scale.stop()
        next(gen, None)


def test_the_printed_shift_report_counts_the_drop_off(counter, ctx):
    from PySide6.QtWidgets import QMessageBox

    create_send(ctx, SN, C1, amount_due=10_000)
    shift = counter.page("shift")
    counter.window.show_page("shift")
    assert counter.act(shift.open_button.click)[0] == "ok"
    page = counter.page("dropoff")
    counter.scan(SN)
    page.weight_edit.setText("0,9")
    counter.act(page.typed_button.click)
    assert counter.act(page.cash_button.click)[0] == "ok"
    counter.window.show_page("shift")
    counter.idle()
    assert shift.values["dropped_off"].text() == "1" and shift.values["cash_total"].text() == "100,00 ₽"
    shift.close_button.click()
    box = shift.findChild(QMessageBox, "confirm_shift_close")
    assert counter.act(box.defaultButton().click)[0] == "ok"
    report = preview(counter)
    assert "ОТЧЁТ ЗА СМЕНУ" in report and "Принято к отправке 1" in report and "Наличными 100,00" in report


def test_a_scale_unplugged_mid_weighing_gives_no_weight_to_take(qtbot, ctx, settings, tmp_path):
    from tests.devices.scanner.ports import PluggablePort

    create_send(ctx, SN, C1, size_class="M")
    port = PluggablePort(tmp_path / "ttyScale")
    scale = MassaKScale(port.plug())
    settings.scale = f"serial://{port.link}?protocol=massak"
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        counter.window.devices.start()
        page = counter.page("dropoff")
        counter.scan(SN)
        scale.divisions = 2_000
        qtbot.waitUntil(lambda: page.weight_label.text() == "2,000 кг", timeout=5000)
        port.unplug()  # the cable is pulled before F4
        qtbot.waitUntil(lambda: "отключены" in page.weight_label.text(), timeout=5000)
        tone, text = counter.act(page.card_button.click)
        assert tone == "error" and "Взвесьте" in text
        assert status_of(ctx.store, C1) == "announced"
    finally:
        scale.stop()
        port.unplug()
        next(gen, None)
