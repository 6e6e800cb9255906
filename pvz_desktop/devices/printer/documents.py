"""What each printed document needs, as plain frozen values.

The gui maps the workflows' results (e.g. ``IssuanceSlip``) onto these; devices never import
workflows. Money is integer kopecks; times are local, exactly as they should be printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SlipItem:
    name: str
    qty: int
    price: int  # kopecks per unit

    @property
    def total(self) -> int:
        return self.qty * self.price


@dataclass(frozen=True, slots=True)
class SlipShipment:
    posting_number: str
    items: tuple[SlipItem, ...]
    amount: int = 0  # kopecks paid for this shipment at the counter (0 = prepaid or refused)
    refusal: str = ""  # refused lines: the customer's reason, as printed


@dataclass(frozen=True)
class SlipData:
    """Issuance slip (акт выдачи) handed to the customer."""

    op_id: str
    point_name: str
    employee_name: str
    issued_at: datetime  # local
    customer_name: str
    issued: tuple[SlipShipment, ...]
    refused: tuple[SlipShipment, ...]
    total: int
    payment: str  # Russian label: «картой», «наличными», «предоплачено»
    tendered: int = 0  # cash given, for «наличными»
    change: int = 0


@dataclass(frozen=True)
class ReturnReceiptData:
    """Receipt for a customer return accepted, or refused, at the counter."""

    op_id: str
    point_name: str
    employee_name: str
    accepted_at: datetime  # local
    customer_name: str
    posting_number: str
    request_number: str  # RT-…, or "" when there was no request
    items: tuple[SlipItem, ...]
    reason: str
    refund: int  # kopecks
    rejection_reason: str = ""  # set when the return was refused: the receipt says why, with no refund


@dataclass(frozen=True)
class ReturnBoxLabelData:
    barcode: str  # RB-…
    shipment_count: int
    point_name: str
    sealed_at: datetime | None = None  # local


@dataclass(frozen=True, slots=True)
class HandoverBox:
    barcode: str
    shipment_count: int


@dataclass(frozen=True)
class HandoverActData:
    """Act of handing return boxes over to the carrier's courier."""

    act_number: str
    point_name: str
    employee_name: str
    carrier_name: str  # the courier or the carrier; "" leaves a line to write it in
    handed_at: datetime  # local
    boxes: tuple[HandoverBox, ...]


@dataclass(frozen=True)
class ShiftReportData:
    point_name: str
    employee_name: str
    opened_at: datetime  # local
    closed_at: datetime | None  # local; None while the shift is open
    accepted: int
    placed: int
    issued: int
    refused: int
    returns_accepted: int
    boxes_handed_over: int
    cash_total: int  # kopecks
    card_total: int  # kopecks
    extra: tuple[tuple[str, str], ...] = ()  # further label/value rows


@dataclass(frozen=True)
class DiscrepancyActData:
    """Акт о расхождении при приёмке: signed by the courier and the point's employee."""

    waybill: str
    point_name: str
    employee_name: str
    created_at: datetime  # local
    expected_shipments: int
    received_shipments: int
    expected_packages: int
    received_packages: int
    missing_shipments: tuple[str, ...]
    unexpected_shipments: tuple[str, ...]
    missing_packages: tuple[str, ...]
    unexpected_packages: tuple[str, ...]
