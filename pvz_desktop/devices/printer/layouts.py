"""Receipt and label layouts for 58 mm (32 characters) and 80 mm (48 characters) paper.

Each function takes a frozen value from ``documents.py`` and a PageSetup and returns the
ESC/POS bytes of one print job, ready for the print queue or for the preview decoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.codepage import rub_number, rub_text
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.documents import (
    DiscrepancyActData,
    HandoverActData,
    ReturnBoxLabelData,
    ReturnReceiptData,
    ShiftReportData,
    SlipData,
    SlipItem,
    SlipShipment,
)
from pvz_desktop.devices.printer.escpos_builder import Align, EscPosBuilder

SIGNATURE = "________________"


def when(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M")


def _header(b: EscPosBuilder, point_name: str, title: str) -> None:
    b.align(Align.CENTER).bold().wrapped(point_name).bold(False)
    b.double().wrapped(title).double(False).align(Align.LEFT).line()


def _items(b: EscPosBuilder, items: Sequence[SlipItem], with_prices: bool = True) -> None:
    for item in items:
        b.wrapped(item.name, indent=2)
        if with_prices:
            b.pair(f"    {item.qty} x {rub_number(item.price)}", rub_text(item.total))
        else:
            b.line(f"    {item.qty} шт.")


def _shipments(b: EscPosBuilder, shipments: Sequence[SlipShipment], with_prices: bool) -> None:
    for s in shipments:
        b.bold().line(s.posting_number).bold(False)
        _items(b, s.items, with_prices)
        if s.refusal:
            b.wrapped(f"Причина отказа: {s.refusal}", indent=2)
        if with_prices and s.amount:
            b.pair("  К оплате", rub_text(s.amount))


def _operation_qr(b: EscPosBuilder, op_id: str) -> None:
    b.align(Align.CENTER).qr(op_id).line("Операция:").wrapped(op_id).align(Align.LEFT)


def _finish(b: EscPosBuilder) -> bytes:
    return b.feed(3).cut().build()


def issuance_slip(data: SlipData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    _header(b, data.point_name, "ВЫДАЧА")
    b.pair("Дата", when(data.issued_at)).pair("Сотрудник", data.employee_name)
    b.pair("Получатель", data.customer_name).rule()
    b.bold().line(f"Выдано отправлений: {len(data.issued)}").bold(False)
    _shipments(b, data.issued, with_prices=True)
    b.rule()
    if data.refused:
        b.bold().line(f"Отказ, вернётся продавцу: {len(data.refused)}").bold(False)
        _shipments(b, data.refused, with_prices=False)
        b.rule()
    b.bold().pair("ИТОГО", rub_text(data.total)).bold(False)
    b.pair("Оплата", data.payment)
    if data.tendered:
        b.pair("Получено", rub_text(data.tendered)).pair("Сдача", rub_text(data.change))
    b.rule()
    _operation_qr(b, data.op_id)
    b.align(Align.CENTER).line("Спасибо, что выбрали нас!").align(Align.LEFT)
    return _finish(b)


def return_receipt(data: ReturnReceiptData, setup: PageSetup) -> bytes:
    """The customer's receipt: goods taken back and the refund, or, for a refused return, the
    reason of the refusal (the goods stay with the customer, nothing is refunded)."""
    refused = bool(data.rejection_reason)
    b = EscPosBuilder(setup)
    _header(b, data.point_name, "ОТКАЗ В ВОЗВРАТЕ" if refused else "ВОЗВРАТ")
    b.wrapped("Товар на возврат не принят" if refused else "Квитанция о приёме товара на возврат")
    b.pair("Дата", when(data.accepted_at)).pair("Сотрудник", data.employee_name)
    b.pair("Покупатель", data.customer_name).pair("Отправление", data.posting_number)
    if data.request_number:
        b.pair("Заявка", data.request_number)
    b.rule().bold().line("Предъявлено:" if refused else "Принято:").bold(False)
    _items(b, data.items, with_prices=not refused)
    b.rule().wrapped(f"Причина возврата: {data.reason}" if data.reason else "Причина возврата: не указана")
    if refused:
        b.bold().line("Причина отказа:").bold(False).wrapped(data.rejection_reason, indent=2).rule()
    else:
        b.bold().pair("Сумма к возврату", rub_text(data.refund)).bold(False).rule()
    b.line().line(f"Сотрудник  {SIGNATURE}").line().line(f"Покупатель {SIGNATURE}").line()
    _operation_qr(b, data.op_id)
    return _finish(b)


def return_box_label(data: ReturnBoxLabelData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    b.align(Align.CENTER).double().line("ВОЗВРАТ").double(False).line()
    b.barcode128(data.barcode).line()
    b.double().line(data.barcode)
    if data.sealed_at is not None:  # a label printed when the box is opened has no count yet
        b.line(f"Отправлений: {data.shipment_count}")
    b.double(False).wrapped(data.point_name)
    if data.sealed_at is not None:
        b.line(f"Опечатана {when(data.sealed_at)}")
    b.align(Align.LEFT)
    return _finish(b)


def handover_act(data: HandoverActData, setup: PageSetup, copies: int = 2) -> bytes:
    """Two copies by default: one stays at the point, one goes with the courier."""
    if not data.boxes:
        raise BadInput("В акте нет ни одной возвратной тары: отсканируйте тару, которую забирает курьер")
    b = EscPosBuilder(setup)
    shipments = sum(box.shipment_count for box in data.boxes)
    for copy in range(1, copies + 1):
        b.align(Align.CENTER).bold().line("АКТ ПРИЁМА-ПЕРЕДАЧИ").bold(False)
        b.wrapped(f"возвратной тары № {data.act_number}").align(Align.LEFT).line()
        b.pair("Дата", when(data.handed_at)).pair("ПВЗ", data.point_name)
        b.pair("Перевозчик", data.carrier_name or SIGNATURE).rule()
        b.pair("№  Тара", "Отправлений")
        for n, box in enumerate(data.boxes, 1):
            b.pair(f"{n:<2} {box.barcode}", str(box.shipment_count))
        b.rule().bold().pair("Всего мест", str(len(data.boxes))).pair("Всего отправлений", str(shipments)).bold(False)
        b.line().line(f"Сдал   {SIGNATURE}").line(f"       {data.employee_name}").line()
        b.line(f"Принял {SIGNATURE}").line()
        b.align(Align.CENTER).line(f"Экземпляр {copy} из {copies}").align(Align.LEFT)
        b.feed(3).cut()
    return b.build()


def cell_labels(codes: Sequence[str], setup: PageSetup) -> bytes:
    """One label per cell code (C-…): the code in large letters over its Code128 barcode."""
    if not codes:
        raise BadInput("Не выбрано ни одной ячейки для печати этикеток")
    b = EscPosBuilder(setup)
    for code in codes:
        b.align(Align.CENTER).double().line(code).double(False).barcode128(code).line().align(Align.LEFT)
        b.feed(2).cut()
    return b.build()


def shift_report(data: ShiftReportData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    _header(b, data.point_name, "ОТЧЁТ ЗА СМЕНУ")
    b.pair("Сотрудник", data.employee_name).pair("Начало", when(data.opened_at))
    b.pair("Окончание", when(data.closed_at) if data.closed_at else "смена открыта").rule()
    for label, value in (
        ("Принято отправлений", data.accepted),
        ("Размещено в ячейки", data.placed),
        ("Выдано отправлений", data.issued),
        ("Отказов при выдаче", data.refused),
        ("Принято возвратов", data.returns_accepted),
        ("Передано возвратной тары", data.boxes_handed_over),
    ):
        b.pair(label, str(value))
    b.rule().pair("Наличными", rub_text(data.cash_total)).pair("Картой", rub_text(data.card_total))
    b.bold().pair("Всего получено", rub_text(data.cash_total + data.card_total)).bold(False)
    if data.extra:
        b.rule()
        for label, value in data.extra:
            b.pair(label, value)
    return _finish(b)


def discrepancy_act(data: DiscrepancyActData, setup: PageSetup, copies: int = 2) -> bytes:
    """Two copies by default: one stays at the point, one goes back with the courier."""
    b = EscPosBuilder(setup)
    for copy in range(1, copies + 1):
        b.align(Align.CENTER).bold().wrapped("АКТ О РАСХОЖДЕНИИ").bold(False)
        b.wrapped(f"при приёмке по накладной № {data.waybill}").align(Align.LEFT).line()
        b.pair("Дата", when(data.created_at)).pair("ПВЗ", data.point_name).rule()
        b.pair("", "ожид./принято")
        b.pair("Отправлений", f"{data.expected_shipments}/{data.received_shipments}")
        b.pair("Грузомест", f"{data.expected_packages}/{data.received_packages}").rule()
        for title, codes in (
            ("Не поступили отправления", data.missing_shipments),
            ("Лишние отправления (нет в накладной)", data.unexpected_shipments),
            ("Не поступили грузоместа", data.missing_packages),
            ("Лишние грузоместа", data.unexpected_packages),
        ):
            if codes:
                b.bold().wrapped(f"{title}: {len(codes)}").bold(False)
                for n, code in enumerate(codes, 1):
                    b.wrapped(f"{n:>3}. {code}", indent=0)
                b.rule()
        b.line().line(f"Курьер    {SIGNATURE}").line(f"ФИО       {SIGNATURE}").line()
        b.line(f"Сотрудник {SIGNATURE}").wrapped(f"          {data.employee_name}").line()
        b.align(Align.CENTER).line(f"Экземпляр {copy} из {copies}").align(Align.LEFT)
        b.feed(3).cut()
    return b.build()
