"""Every layout, decoded back: the right words, within the paper width, codes where they belong."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.decoder import Barcode, DecodedPrint, TextLine, decode_escpos
from pvz_desktop.devices.printer.documents import (
    DiscrepancyActData,
    HandoverActData,
    HandoverBox,
    ReturnBoxLabelData,
    ReturnReceiptData,
    ShiftReportData,
    SlipItem,
)
from pvz_desktop.devices.printer.layouts import (
    cell_labels,
    discrepancy_act,
    handover_act,
    issuance_slip,
    return_box_label,
    return_receipt,
    shift_report,
)
from tests.devices.printer import samples

WIDTHS = [PageSetup(17, 58), PageSetup(59, 80)]
AT = datetime(2026, 11, 27, 18, 30)


def flat(decoded: DecodedPrint) -> str:
    return " ".join(decoded.text.split())


def assert_fits(decoded: DecodedPrint, setup: PageSetup) -> None:
    for line in decoded.elements:
        if isinstance(line, TextLine):
            width = sum(len(s.text) * s.width for s in line.spans)
            assert width <= setup.columns, f"{line.text!r} is wider than {setup.columns} columns"


@pytest.mark.parametrize("setup", WIDTHS)
def test_issuance_slip(setup: PageSetup) -> None:
    decoded = decode_escpos(issuance_slip(samples.slip(), setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    for words in (
        "ПВЗ Тверская 1",
        "ВЫДАЧА",
        "27.11.2026 14:05",
        "Сотрудник Смирнова О.",
        "Получатель Иванова А.",
        "Выдано отправлений: 2",
        "0123604587-1235-1",
        "0123604588-1235-1",
        "2 x 1 299,50 2 599,00 руб.",
        "Носки шерстяные",
        "К оплате 2 798,00 руб.",
        "Отказ, вернётся продавцу: 1",
        "Куртка зимняя, размер XL",
        "ИТОГО 2 798,00 руб.",
        "Оплата наличными",
        "Получено 3 000,00 руб.",
        "Сдача 202,00 руб.",
    ):
        assert words in text
    assert "5 000,00" not in text  # refused lines carry no money
    assert decoded.qr_codes == (samples.OP_ID,)
    assert decoded.cuts == 1 and decoded.codepages == (setup.codepage,)
    total = next(e for e in decoded.elements if isinstance(e, TextLine) and e.text.startswith("ИТОГО"))
    assert total.bold


def test_prepaid_slip_has_no_change_lines_or_refusals() -> None:
    data = samples.slip(refused=(), payment="предоплачено", tendered=0, change=0)
    text = flat(decode_escpos(issuance_slip(data, PageSetup())))
    assert "Оплата предоплачено" in text and "Сдача" not in text and "Отказ" not in text


def test_issuance_slip_builds_within_two_milliseconds() -> None:
    data, setup = samples.slip(), PageSetup(17, 80)
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        issuance_slip(data, setup)
        timings.append(time.perf_counter() - started)
    assert sorted(timings)[len(timings) // 2] < 0.002


@pytest.mark.parametrize("setup", WIDTHS)
def test_return_receipt(setup: PageSetup) -> None:
    data = ReturnReceiptData(
        op_id="0b7d",
        point_name="ПВЗ Тверская 1",
        employee_name="Смирнова О.",
        accepted_at=AT,
        customer_name="Иванова А.",
        posting_number="0123604587-1235-1",
        request_number="RT-0000007781",
        items=(SlipItem("Платье вечернее, 44", 1, 459900),),
        reason="Не подошёл размер",
        refund=459900,
    )
    decoded = decode_escpos(return_receipt(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    for words in ("ВОЗВРАТ", "Квитанция о приёме", "Заявка RT-0000007781", "Платье вечернее, 44",
                  "Причина возврата: Не подошёл размер", "Сумма к возврату 4 599,00 руб.",
                  "Покупатель ____"):  # fmt: skip
        assert words in text
    assert decoded.qr_codes == ("0b7d",)


@pytest.mark.parametrize("setup", WIDTHS)
def test_a_refused_return_prints_the_reason_and_no_refund(setup: PageSetup) -> None:
    data = ReturnReceiptData(
        op_id="0b7e",
        point_name="ПВЗ Тверская 1",
        employee_name="Смирнова О.",
        accepted_at=AT,
        customer_name="Иванова А.",
        posting_number="0123604587-1235-1",
        request_number="RT-0000007781",
        items=(SlipItem("Платье вечернее, 44", 1, 459900),),
        reason="Не подошёл размер",
        refund=0,
        rejection_reason="Следы носки, нет бирки",
    )
    decoded = decode_escpos(return_receipt(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    for words in ("ОТКАЗ В ВОЗВРАТЕ", "Товар на возврат не принят", "Заявка RT-0000007781", "Платье вечернее, 44",
                  "Причина возврата: Не подошёл размер", "Причина отказа: Следы носки, нет бирки",
                  "Покупатель ____"):  # fmt: skip
        assert words in text
    assert "Сумма к возврату" not in text and "4 599,00" not in text
    assert decoded.qr_codes == ("0b7e",)


@pytest.mark.parametrize("setup", WIDTHS)
def test_return_box_label(setup: PageSetup) -> None:
    data = ReturnBoxLabelData("RB-0000000042", 17, "ПВЗ Тверская 1", sealed_at=AT)
    decoded = decode_escpos(return_box_label(data, setup))
    assert_fits(decoded, setup)
    assert decoded.barcodes == (Barcode("CODE128", "RB-0000000042"),)
    text = flat(decoded)
    assert "Отправлений: 17" in text and "Опечатана 27.11.2026 18:30" in text and "RB-0000000042" in text


@pytest.mark.parametrize("setup", WIDTHS)
def test_handover_act_in_two_copies(setup: PageSetup) -> None:
    boxes = (HandoverBox("RB-0000000042", 17), HandoverBox("RB-0000000043", 5))
    data = HandoverActData("HA-17", "ПВЗ Тверская 1", "Смирнова О.", "ООО «Курьер-Сервис»", AT, boxes)
    decoded = decode_escpos(handover_act(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    assert decoded.cuts == 2
    assert text.count("АКТ ПРИЁМА-ПЕРЕДАЧИ") == 2
    assert "Экземпляр 1 из 2" in text and "Экземпляр 2 из 2" in text
    assert "1 RB-0000000042 17" in text and "2 RB-0000000043 5" in text
    assert "Всего мест 2" in text and "Всего отправлений 22" in text
    assert 'Перевозчик ООО "Курьер-Сервис"' in text


def test_handover_act_without_boxes_is_refused() -> None:
    data = HandoverActData("HA-1", "ПВЗ", "Смирнова О.", "", AT, ())
    with pytest.raises(BadInput, match="нет ни одной возвратной тары"):
        handover_act(data, PageSetup())


@pytest.mark.parametrize("setup", WIDTHS)
def test_cell_labels(setup: PageSetup) -> None:
    codes = ["C-A-01-01", "C-A-01-02", "C-B-12-03"]
    decoded = decode_escpos(cell_labels(codes, setup))
    assert_fits(decoded, setup)
    assert [b.data for b in decoded.barcodes] == codes
    assert decoded.cuts == 3
    big = [e.text for e in decoded.elements if isinstance(e, TextLine) and e.double]
    assert big == codes
    with pytest.raises(BadInput, match="ни одной ячейки"):
        cell_labels([], setup)


@pytest.mark.parametrize("setup", WIDTHS)
def test_shift_report(setup: PageSetup) -> None:
    data = ShiftReportData(
        point_name="ПВЗ Тверская 1",
        employee_name="Смирнова О.",
        opened_at=datetime(2026, 11, 27, 9, 0),
        closed_at=None,
        accepted=120,
        placed=118,
        issued=95,
        refused=4,
        returns_accepted=3,
        boxes_handed_over=1,
        cash_total=1234550,
        card_total=8765450,
        extra=(("Зависшие ШК", "2"),),
    )
    decoded = decode_escpos(shift_report(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    for words in ("ОТЧЁТ ЗА СМЕНУ", "Окончание смена открыта", "Принято отправлений 120", "Выдано отправлений 95",
                  "Наличными 12 345,50 руб.", "Картой 87 654,50 руб.", "Всего получено 100 000,00 руб.",
                  "Зависшие ШК 2"):  # fmt: skip
        assert words in text


@pytest.mark.parametrize("setup", WIDTHS)
def test_discrepancy_act_in_two_copies_with_signature_lines(setup: PageSetup) -> None:
    data = DiscrepancyActData(
        waybill="TN-0000031337",
        point_name="ПВЗ Тверская 1",
        employee_name="Смирнова О.",
        created_at=AT,
        expected_shipments=3,
        received_shipments=1,
        expected_packages=2,
        received_packages=1,
        missing_shipments=("0123604587-1235-1", "0123604588-1235-1"),
        unexpected_shipments=("0999999999-0001-1",),
        missing_packages=("GM0000412346",),
        unexpected_packages=(),
    )
    decoded = decode_escpos(discrepancy_act(data, setup))
    assert_fits(decoded, setup)
    text = flat(decoded)
    assert decoded.cuts == 2 and text.count("АКТ О РАСХОЖДЕНИИ") == 2
    assert "Экземпляр 1 из 2" in text and "Экземпляр 2 из 2" in text
    for words in ("накладной № TN-0000031337", "Дата 27.11.2026 18:30", "Отправлений 3/1", "Грузомест 2/1",
                  "Не поступили отправления: 2", "1. 0123604587-1235-1", "2. 0123604588-1235-1",
                  "Лишние отправления (нет в накладной): 1", "Не поступили грузоместа: 1", "GM0000412346",
                  "Курьер ____", "Сотрудник ____", "Смирнова О."):  # fmt: skip
        assert words in text
    assert "Лишние грузоместа" not in text  # an empty list is left out
