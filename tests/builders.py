"""Build a small pickup point straight into a store, as the server's data would arrive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.pickup_codes import verifier
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import Cell, Customer, Shipment, ShipmentItem, TransportPackage, Waybill

# The point's pickup-code key of the test points (the ``ctx`` fixture checks codes with it).
TEST_PICKUP_KEY = bytes(range(32))


def the_test_pickup_key() -> bytes:
    return TEST_PICKUP_KEY


def local_today() -> date:
    return to_local(utcnow()).date()


@dataclass
class PointBuilder:
    store: Store
    _seq: int = 0
    cells: list[str] = field(default_factory=list)

    def next_posting(self) -> str:
        self._seq += 1
        return f"{10000000 + self._seq:08d}-{self._seq % 10000:04d}-1"

    def add_cells(self, zone: str = "A", racks: int = 1, shelves: int = 3, capacity: int = 10) -> list[str]:
        codes = []
        with self.store.write() as s:
            for rack in range(1, racks + 1):
                for shelf in range(1, shelves + 1):
                    code = f"C-{zone}-{rack:02d}-{shelf:02d}"
                    s.add(Cell(code=code, zone=zone, rack=rack, shelf=shelf, capacity=capacity))
                    codes.append(code)
        self.cells.extend(codes)
        return codes

    def add_customer(
        self, cid: str, pin: str = "5521", name: str = "Иванова А.", last4: str = "1234", valid_on: date | None = None
    ) -> str:
        """A customer whose code ``cid*pin`` is valid on ``valid_on`` (today): stored as its verifier."""
        day = valid_on or local_today()
        with self.store.write() as s:
            code = verifier(TEST_PICKUP_KEY, cid, pin, day)
            s.add(Customer(id=cid, display_name=name, phone_last4=last4, pickup_verifier=code, pickup_pin_date=day))
        return f"{cid}*{pin}"

    def add_waybill(self, number: str, packages: dict[str, int] | None = None) -> str:
        with self.store.write() as s:
            wb = Waybill(number=number, courier="Курьер Петров", status="open")
            s.add(wb)
            s.flush()
            for barcode in packages or {}:
                s.add(TransportPackage(barcode=barcode, waybill_id=wb.id, state="expected"))
        return number

    def add_shipment(
        self,
        *,
        customer: str | None,
        status: str = "expected",
        waybill: str | None = None,
        cell: str | None = None,
        amount_due: int = 0,
        adult_only: bool = False,
        items: list[tuple[str, int, int]] | None = None,
        posting: str | None = None,
        deadline: datetime | None = None,
    ) -> str:
        posting = posting or self.next_posting()
        items = items if items is not None else [("Футболка хлопковая", 1, amount_due or 50000)]
        with self.store.write() as s:
            wb_id = s.query(Waybill.id).filter_by(number=waybill).scalar() if waybill else None
            cell_id = s.query(Cell.id).filter_by(code=cell).scalar() if cell else None
            shipment = Shipment(
                posting_number=posting,
                order_number=posting.split("-")[0],
                customer_id=customer,
                status=status,
                waybill_id=wb_id,
                cell_id=cell_id,
                amount_due=amount_due,
                adult_only=adult_only,
                storage_deadline=deadline or (utcnow() + timedelta(days=7) if status == "stored" else None),
                items=[
                    ShipmentItem(line_no=n, name=name, qty=qty, price=price)
                    for n, (name, qty, price) in enumerate(items, start=1)
                ],
            )
            s.add(shipment)
            if wb_id is not None:
                s.query(Waybill).filter_by(id=wb_id).update(
                    {Waybill.expected_shipments: Waybill.expected_shipments + 1}
                )
        return posting
