"""Qt-free: workflow results mapped onto the printer's document values (devices never import
workflows, so this translation lives on the gui side)."""

from __future__ import annotations

from pvz_desktop.core.clock import to_local
from pvz_desktop.devices.printer.documents import (
    DiscrepancyActData,
    HandoverActData,
    HandoverBox,
    ReturnBoxLabelData,
    ReturnReceiptData,
    ShiftReportData,
    SlipData,
    SlipItem,
    SlipShipment,
)
from pvz_desktop.workflows.acceptance import DiscrepancyActView
from pvz_desktop.workflows.issuance import IssuanceSlip, SlipLine
from pvz_desktop.workflows.return_boxes import BoxView, HandoverAct
from pvz_desktop.workflows.returns import ReturnReceipt
from pvz_desktop.workflows.shift import ShiftReport
from pvz_desktop.workflows.views import ItemView


def _items(items: tuple[ItemView, ...]) -> tuple[SlipItem, ...]:
    return tuple(SlipItem(i.name, i.qty, i.price) for i in items)


def _shipment(line: SlipLine) -> SlipShipment:
    return SlipShipment(line.posting_number, _items(line.items), line.amount, line.refusal)


def slip_data(slip: IssuanceSlip) -> SlipData:
    return SlipData(
        op_id=slip.op_id,
        point_name=slip.point_name,
        employee_name=slip.employee_name,
        issued_at=slip.issued_at_local.replace(tzinfo=None),
        customer_name=slip.customer_name,
        issued=tuple(_shipment(line) for line in slip.issued),
        refused=tuple(_shipment(line) for line in slip.refused),
        total=slip.total,
        payment=slip.payment_method.label,
        tendered=slip.tendered if slip.payment_method.value == "cash" else 0,
        change=slip.change,
    )


def return_receipt_data(receipt: ReturnReceipt) -> ReturnReceiptData:
    """An approved return's receipt of goods taken back, or a refused one's with the reason."""
    return ReturnReceiptData(
        op_id=receipt.op_id,
        point_name=receipt.point_name,
        employee_name=receipt.employee_name,
        accepted_at=receipt.decided_at_local.replace(tzinfo=None),
        customer_name=receipt.customer_name,
        posting_number=receipt.posting_number,
        request_number=receipt.request_number,
        items=_items(receipt.items),
        reason=receipt.reason,
        refund=0 if receipt.rejection_reason else sum(i.total for i in receipt.items),
        rejection_reason=receipt.rejection_reason,
    )


def box_label_data(box: BoxView, point_name: str) -> ReturnBoxLabelData:
    sealed = to_local(box.sealed_at).replace(tzinfo=None) if box.sealed_at else None
    return ReturnBoxLabelData(barcode=box.barcode, shipment_count=box.count, point_name=point_name, sealed_at=sealed)


def discrepancy_act_data(act: DiscrepancyActView, point_name: str) -> DiscrepancyActData:
    rec, created = act.reconciliation, act.created_at_local
    assert rec is not None and created is not None, "an act read from the store has its counts and time"
    return DiscrepancyActData(
        waybill=act.waybill,
        point_name=act.point_name or point_name,
        employee_name=act.employee_name,
        created_at=created.replace(tzinfo=None),
        expected_shipments=rec.expected_shipments,
        received_shipments=rec.received_shipments,
        expected_packages=rec.expected_packages,
        received_packages=rec.received_packages,
        missing_shipments=act.missing_shipments,
        unexpected_shipments=act.unexpected_shipments,
        missing_packages=act.missing_packages,
        unexpected_packages=act.unexpected_packages,
    )


def handover_act_data(act: HandoverAct) -> HandoverActData:
    return HandoverActData(
        act_number=act.act_number,
        point_name=act.point_name,
        employee_name=act.employee_name,
        carrier_name=act.courier,
        handed_at=act.handed_over_at_local.replace(tzinfo=None),
        boxes=tuple(HandoverBox(b.barcode, b.count) for b in act.boxes),
    )


def shift_report_data(report: ShiftReport, point_name: str) -> ShiftReportData:
    c = report.counts
    closed = to_local(report.shift.closed_at).replace(tzinfo=None) if report.shift.closed_at else None
    return ShiftReportData(
        point_name=point_name,
        employee_name=report.shift.employee_name,
        opened_at=report.shift.opened_at_local.replace(tzinfo=None),
        closed_at=closed,
        accepted=c.accepted,
        placed=c.placed,
        issued=c.issued,
        refused=c.refused,
        returns_accepted=c.returns_accepted,
        boxes_handed_over=c.boxes_handed_over,
        cash_total=c.cash_total,
        card_total=c.card_total,
        extra=(
            ("Без накладной", str(c.unexpected)),
            ("Срок хранения истёк", str(c.expired)),
            ("Отказано строк товара", str(c.refused_lines)),
            ("Инвентаризация: утеряно", str(c.inventory_lost)),
            ("Инвентаризация: найдено", str(c.inventory_found)),
            ("Денежный ящик открывался", str(c.drawer_openings)),
            ("из них без оплаты", str(c.drawer_opened_by_owner)),
            ("Принято к отправке", str(c.dropped_off)),
            ("Не принято к отправке", str(c.dropoff_refused)),
            ("Передано курьерам отправлений", str(c.handed_to_courier)),
            ("Передач курьерам", str(c.courier_handovers)),
            ("Отдано на примерку", str(c.fitting_handed)),
            ("На примерке сейчас", str(c.on_fitting_now)),
        ),
    )
