"""Drop-off documents on 58/80 mm paper: the supply act, a C2C parcel's label and the sender's
receipt, the courier handover act, an outbound bag's label. Built with the same builder and
wrapping as the other layouts, so nothing runs off the paper."""

from __future__ import annotations

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.codepage import rub_text
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.dropoff_documents import (
    BagLabelData,
    CourierActData,
    ParcelLabelData,
    SenderReceiptData,
    SupplyActData,
)
from pvz_desktop.devices.printer.escpos_builder import Align, EscPosBuilder
from pvz_desktop.devices.printer.layouts import SIGNATURE, _finish, _header, _operation_qr, when


def _kg(grams: int, typed: bool) -> str:
    text = f"{grams / 1000:.3f} кг".replace(".", ",")
    return f"{text} (введён вручную)" if typed else text


def supply_act(data: SupplyActData, setup: PageSetup, copies: int = 2) -> bytes:
    """Two copies: one for the seller, one stays at the point."""
    b = EscPosBuilder(setup)
    for copy in range(1, copies + 1):
        b.align(Align.CENTER).bold().line("АКТ ПРИЁМА ПОСТАВКИ").bold(False)
        b.wrapped(f"№ {data.act_number}").align(Align.LEFT).line()
        b.pair("Дата", when(data.closed_at)).pair("ПВЗ", data.point_name)
        b.pair("Продавец", data.seller).pair("Поставка", data.supply).rule()
        for n, line in enumerate(data.lines, 1):
            b.line(f"{n:<3}{line.posting_number}")
            if line.description:
                b.wrapped(line.description, indent=3)
            b.wrapped(line.result, indent=3)
        if data.unexpected:
            b.rule().bold().line("Нет в поставке, возвращено:").bold(False)
            for code in data.unexpected:
                b.line(f"   {code}")
        b.rule().bold().pair("Принято", str(data.received)).bold(False)
        b.pair("Не привезено", str(data.missing)).pair("Не принято", str(data.refused))
        b.pair("Нет в поставке", str(len(data.unexpected)))
        b.line().line(f"Сдал (продавец)  {SIGNATURE}").line()
        b.line(f"Принял {SIGNATURE}").line(f"       {data.employee_name}").line()
        b.align(Align.CENTER).line(f"Экземпляр {copy} из {copies}").align(Align.LEFT)
        b.feed(3).cut()
    return b.build()


def parcel_label(data: ParcelLabelData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    b.align(Align.CENTER).bold().line("ОТПРАВЛЕНИЕ").bold(False)
    b.barcode128(data.posting_number).line()
    b.double().line(data.posting_number).double(False)
    b.bold().wrapped(data.recipient_point).bold(False)
    b.wrapped(f"Маршрут: {data.route}")
    b.line(f"Вес: {_kg(data.weight_g, data.weight_typed)} · размер {data.size_class}")
    b.align(Align.LEFT)
    return _finish(b)


def sender_receipt(data: SenderReceiptData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    _header(b, data.point_name, "ПРИЁМ ПОСЫЛКИ")
    b.pair("Дата", when(data.taken_at)).pair("Сотрудник", data.employee_name)
    b.pair("Отправитель", data.sender).pair("Трек-номер", data.posting_number)
    b.wrapped(f"Куда: {data.recipient_point}")
    b.pair("Вес", _kg(data.weight_g, data.weight_typed))
    b.pair("Объявленная ценность", rub_text(data.declared_value)).rule()
    b.bold().pair("Оплачено", rub_text(data.paid)).bold(False).pair("Оплата", data.payment)
    if data.tendered:
        b.pair("Получено", rub_text(data.tendered)).pair("Сдача", rub_text(data.change))
    b.rule()
    _operation_qr(b, data.op_id)
    return _finish(b)


def courier_act(data: CourierActData, setup: PageSetup, copies: int = 2) -> bytes:
    """Two copies: one goes with the courier, one stays at the point."""
    if not data.items:
        raise BadInput("В акте нет ни одного мешка или посылки: отсканируйте то, что забирает курьер")
    b = EscPosBuilder(setup)
    parcels = sum(i.parcels for i in data.items)
    for copy in range(1, copies + 1):
        b.align(Align.CENTER).bold().line("АКТ ПЕРЕДАЧИ КУРЬЕРУ").bold(False)
        b.wrapped(f"№ {data.act_number}").align(Align.LEFT).line()
        b.pair("Дата", when(data.handed_at)).pair("ПВЗ", data.point_name)
        b.pair("Курьер", data.courier).pair("Забор", data.pickup).pair("Маршрут", data.route).rule()
        b.pair("№  Место", "Отправлений")
        for n, item in enumerate(data.items, 1):
            b.pair(f"{n:<2} {item.code}", str(item.parcels))
        b.rule().bold().pair("Всего мест", str(len(data.items))).pair("Всего отправлений", str(parcels)).bold(False)
        b.line().line(f"Сдал   {SIGNATURE}").line(f"       {data.employee_name}").line()
        b.line(f"Принял {SIGNATURE}").line(f"       {data.courier}").line()
        b.align(Align.CENTER).line(f"Экземпляр {copy} из {copies}").align(Align.LEFT)
        b.feed(3).cut()
    return b.build()


def bag_label(data: BagLabelData, setup: PageSetup) -> bytes:
    b = EscPosBuilder(setup)
    b.align(Align.CENTER).double().line("МЕШОК").double(False).line()
    b.barcode128(data.barcode).line()
    b.double().line(data.barcode).double(False)
    if data.route:
        b.wrapped(f"Маршрут: {data.route}")
    b.wrapped(data.point_name).align(Align.LEFT)
    return _finish(b)
