"""Drop-off results printed: the workflows' values mapped onto the documents and sent to the printer."""

from __future__ import annotations

from typing import Any

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
from pvz_desktop.workflows.dropoff.bags import BagView
from pvz_desktop.workflows.dropoff.c2c import C2CReceipt
from pvz_desktop.workflows.dropoff.courier import CourierAct
from pvz_desktop.workflows.dropoff.supply import SupplyAct


def supply_act_data(act: SupplyAct) -> SupplyActData:
    return SupplyActData(
        act_number=act.act_number,
        point_name=act.point_name,
        employee_name=act.employee_name,
        seller=act.seller,
        supply=act.supply,
        closed_at=act.closed_at_local,
        lines=tuple(ActLineData(line.posting, line.description, line.result) for line in act.lines),
        unexpected=act.unexpected,
        received=act.counts.received,
        missing=act.counts.missing,
        refused=act.counts.refused,
    )


def label_data(r: C2CReceipt) -> ParcelLabelData:
    return ParcelLabelData(r.posting_number, r.recipient_point, r.route, r.weight.grams, r.weight.typed, r.size_class)


def receipt_data(r: C2CReceipt) -> SenderReceiptData:
    return SenderReceiptData(
        op_id=r.op_id,
        point_name=r.point_name,
        employee_name=r.employee_name,
        taken_at=r.taken_at_local,
        sender=r.sender,
        posting_number=r.posting_number,
        recipient_point=r.recipient_point,
        weight_g=r.weight.grams,
        weight_typed=r.weight.typed,
        declared_value=r.declared_value,
        paid=r.paid,
        payment=r.payment_method.label,
        tendered=r.tendered if r.payment_method.value == "cash" else 0,
        change=r.change,
    )


def courier_act_data(act: CourierAct) -> CourierActData:
    return CourierActData(
        act_number=act.act_number,
        point_name=act.point_name,
        employee_name=act.employee_name,
        courier=act.courier,
        pickup=act.pickup,
        route=act.route,
        handed_at=act.handed_over_at_local,
        items=tuple(CourierActItem(i.code, len(i.postings)) for i in act.items),
    )


class DropoffPrinting:
    """Prints through the window's printer service (its queue, or the on-screen preview)."""

    def __init__(self, printer: Any, point_name: str) -> None:
        self.printer = printer
        self.point_name = point_name

    def _send(self, kind: str, title: str, build: Any, data: Any) -> None:
        if self.printer is not None:
            self.printer.print_bytes(kind, title, build(data, self.printer.setup))

    def supply_act(self, act: SupplyAct) -> None:
        self._send("supply_act", f"Акт приёма поставки {act.supply}", supply_act, supply_act_data(act))

    def c2c(self, receipt: C2CReceipt) -> None:
        self._send("parcel_label", f"Этикетка {receipt.posting_number}", parcel_label, label_data(receipt))
        self._send("sender_receipt", f"Приём посылки {receipt.posting_number}", sender_receipt, receipt_data(receipt))

    def courier_act(self, act: CourierAct) -> None:
        self._send("courier_act", f"Акт передачи курьеру {act.act_number}", courier_act, courier_act_data(act))

    def bag_label(self, bag: BagView) -> None:
        self._send(
            "bag_label",
            f"Этикетка мешка {bag.barcode}",
            bag_label,
            BagLabelData(bag.barcode, bag.route, self.point_name),
        )
