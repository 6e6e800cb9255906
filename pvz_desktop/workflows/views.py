"""Plain values handed out of workflows: never live ORM objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import Cell, Customer, Shipment, ShipmentItem


@dataclass(frozen=True)
class ItemView:
    line_no: int
    name: str
    qty: int
    price: int  # kopecks per unit
    refused: bool

    @property
    def total(self) -> int:
        return self.qty * self.price


@dataclass(frozen=True)
class ShipmentView:
    posting_number: str
    order_number: str
    status: ShipmentStatus
    cell: str | None
    customer_id: str | None
    customer_name: str
    amount_due: int
    adult_only: bool
    storage_deadline: datetime | None
    items: tuple[ItemView, ...] = ()

    @property
    def status_label(self) -> str:
        return self.status.label

    def describe(self) -> Text:
        """One line for the cashier: where it is and what state it is in."""
        status = Text.of(self.status.label)
        if self.cell:
            return msg(
                "Отправление {posting}: {status}, ячейка {cell}",
                posting=self.posting_number,
                status=status,
                cell=self.cell,
            )
        return msg("Отправление {posting}: {status}", posting=self.posting_number, status=status)


def item_view(item: ShipmentItem) -> ItemView:
    return ItemView(item.line_no, item.name, item.qty, item.price, item.refused)


def shipment_view(s: Shipment, *, with_items: bool = False) -> ShipmentView:
    return ShipmentView(
        posting_number=s.posting_number,
        order_number=s.order_number,
        status=ShipmentStatus(s.status),
        cell=s.cell.code if s.cell is not None else None,
        customer_id=s.customer_id,
        customer_name=s.customer.display_name if s.customer is not None else "",
        amount_due=s.amount_due,
        adult_only=s.adult_only,
        storage_deadline=s.storage_deadline,
        items=tuple(item_view(i) for i in s.items) if with_items else (),
    )


_VIEW_COLUMNS = (
    select(Shipment.posting_number, Shipment.order_number, Shipment.status, Cell.code, Shipment.customer_id)
    .add_columns(Customer.display_name, Shipment.amount_due, Shipment.adult_only, Shipment.storage_deadline)
    .outerjoin(Cell, Cell.id == Shipment.cell_id)
    .outerjoin(Customer, Customer.id == Shipment.customer_id)
)


def shipment_views(session: Session, *where: ColumnElement[bool], order_by: Sequence[Any] = ()) -> list[ShipmentView]:
    """Views of many shipments (lists of thousands) from plain rows: no ORM object per shipment,
    which cost several times the memory and time of the view itself."""
    q = _VIEW_COLUMNS.where(*where).order_by(*order_by)
    return [
        ShipmentView(posting, order, ShipmentStatus(status), cell, customer, name or "", due, adult, deadline)
        for posting, order, status, cell, customer, name, due, adult, deadline in session.execute(q)
    ]
