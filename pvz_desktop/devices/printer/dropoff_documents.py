"""What the drop-off documents need, as plain frozen values (the gui maps the workflows' results).

Money is integer kopecks; times are local, as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ActLineData:
    posting_number: str
    description: str
    result: str  # «принято», «не привезено», «не принято: …»


@dataclass(frozen=True)
class SupplyActData:
    """Акт приёма поставки: two copies, for the seller and for the point."""

    act_number: str
    point_name: str
    employee_name: str
    seller: str
    supply: str
    closed_at: datetime  # local
    lines: tuple[ActLineData, ...]
    unexpected: tuple[str, ...]
    received: int
    missing: int
    refused: int


@dataclass(frozen=True)
class ParcelLabelData:
    """The label stuck on a C2C parcel: its tracking number as Code128, where it goes, its weight."""

    posting_number: str
    recipient_point: str
    route: str
    weight_g: int
    weight_typed: bool
    size_class: str


@dataclass(frozen=True)
class SenderReceiptData:
    op_id: str
    point_name: str
    employee_name: str
    taken_at: datetime  # local
    sender: str
    posting_number: str
    recipient_point: str
    weight_g: int
    weight_typed: bool
    declared_value: int
    paid: int
    payment: str  # «картой», «наличными», «предоплачено»
    tendered: int = 0
    change: int = 0


@dataclass(frozen=True, slots=True)
class CourierActItem:
    code: str  # BG-… or a loose parcel's tracking number
    parcels: int


@dataclass(frozen=True)
class CourierActData:
    act_number: str
    point_name: str
    employee_name: str
    courier: str
    pickup: str
    route: str
    handed_at: datetime  # local
    items: tuple[CourierActItem, ...]


@dataclass(frozen=True)
class BagLabelData:
    barcode: str
    route: str
    point_name: str
