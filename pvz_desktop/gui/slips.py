"""Qt-free: workflow results mapped onto the printer's document values (devices never import
workflows, so this translation lives on the gui side)."""

from __future__ import annotations

from pvz_desktop.devices.printer.documents import ReturnReceiptData, SlipData, SlipItem, SlipShipment
from pvz_desktop.workflows.issuance import IssuanceSlip, SlipLine
from pvz_desktop.workflows.returns import ReturnReceipt
from pvz_desktop.workflows.views import ItemView


def _items(items: tuple[ItemView, ...]) -> tuple[SlipItem, ...]:
    return tuple(SlipItem(i.name, i.qty, i.price) for i in items)


def _shipment(line: SlipLine) -> SlipShipment:
    return SlipShipment(line.posting_number, _items(line.items), line.amount)


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
    """Only an approved return has a receipt of goods taken back (see the report on rejections)."""
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
        refund=sum(i.total for i in receipt.items),
    )
