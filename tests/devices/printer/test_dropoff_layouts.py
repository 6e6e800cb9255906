"""Drop-off documents decoded back: the right words, two copies of each act, the codes as Code128."""

from __future__ import annotations

from datetime import datetime

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.decoder import Barcode, decode_escpos
from pvz_desktop.devices.printer.dropoff_documents import (
    ActLineData,
    BagLabelData,
    CourierActData,
    CourierActItem,
    ParcelLabelData,
    SenderReceiptData,
    SupplyActData,
)
from pvz_desktop.devices.printer.dropoff_layouts import bag_label, courier_act, parcel_label, sender_receipt, supply_act
from tests.devices.printer.test_layouts import WIDTHS, assert_fits, flat

AT = datetime(2026, 12, 3, 14, 5)


@pytest.mark.parametrize("setup", WIDTHS)
def test_supply_act_in_two_copies(setup: PageSetup) -> None:
    lines = (
        ActLineData("OB000000000301", "Коробка 1, очень длинное описание товара продавца в поставке", "принято"),
        ActLineData("OB000000000302", "", "не принято: Коробка вскрыта, содержимое видно"),
        ActLineData("OB000000000303", "Коробка 3", "не привезено"),
    )
    data = SupplyActData(
        "A1B2C3D4",
        "ПВЗ Тверская 1",
        "Смирнова О.",
        "ООО «Ромашка»",
        "SP-0000000101",
        AT,
        lines,
        ("OB000000000777",),
        received=1,
        missing=1,
        refused=1,
    )
    decoded = decode_escpos(supply_act(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    assert decoded.cuts == 2 and text.count("АКТ ПРИЁМА ПОСТАВКИ") == 2
    assert "Экземпляр 2 из 2" in text and "SP-0000000101" in text
    assert "не привезено" in text and "Коробка вскрыта" in text
    assert "Нет в поставке, возвращено: OB000000000777" in text
    assert "Принято 1" in text and "Не привезено 1" in text and "Не принято 1" in text


@pytest.mark.parametrize("setup", WIDTHS)
def test_parcel_label_carries_the_tracking_number_as_code128(setup: PageSetup) -> None:
    data = ParcelLabelData("OB000000000501", "ПВЗ Казань, Баумана 5", "СЦ Хоругвино", 1_250, True, "S")
    decoded = decode_escpos(parcel_label(data, setup))
    assert_fits(decoded, setup)
    assert Barcode("CODE128", "OB000000000501") in decoded.elements
    text = flat(decoded)
    assert "ПВЗ Казань, Баумана 5" in text and "1,250 кг (введён вручную)" in text


@pytest.mark.parametrize("setup", WIDTHS)
def test_sender_receipt(setup: PageSetup) -> None:
    data = SenderReceiptData(
        "op-1",
        "ПВЗ Тверская 1",
        "Смирнова О.",
        AT,
        "Петров И.",
        "OB000000000501",
        "ПВЗ Казань, Баумана 5",
        1_250,
        False,
        150_000,
        29_900,
        "наличными",
        tendered=50_000,
        change=20_100,
    )
    decoded = decode_escpos(sender_receipt(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    assert "ПРИЁМ ПОСЫЛКИ" in text and "1,250 кг" in text and "вручную" not in text
    assert "299,00" in text and "201,00" in text


@pytest.mark.parametrize("setup", WIDTHS)
def test_courier_act_in_two_copies(setup: PageSetup) -> None:
    items = (CourierActItem("BG-0000000401", 2), CourierActItem("OB000000000302", 1))
    data = CourierActData(
        "E5F6", "ПВЗ Тверская 1", "Смирнова О.", "Курьер Сидоров", "CP-0000000501", "СЦ Хоругвино", AT, items
    )
    decoded = decode_escpos(courier_act(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    assert decoded.cuts == 2 and text.count("АКТ ПЕРЕДАЧИ КУРЬЕРУ") == 2
    assert "1 BG-0000000401 2" in text and "Всего отправлений 3" in text and "Курьер Сидоров" in text
    with pytest.raises(BadInput, match="нет ни одного мешка"):
        courier_act(CourierActData("X", "П", "С", "К", "CP-1", "R", AT, ()), setup)


@pytest.mark.parametrize("setup", WIDTHS)
def test_bag_label(setup: PageSetup) -> None:
    decoded = decode_escpos(bag_label(BagLabelData("BG-0000000401", "СЦ Хоругвино", "ПВЗ Тверская 1"), setup))
    assert_fits(decoded, setup)
    assert Barcode("CODE128", "BG-0000000401") in decoded.elements
