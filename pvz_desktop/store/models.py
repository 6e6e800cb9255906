"""SQLAlchemy 2 models of the local store (DESIGN §2).

Money is integer kopecks; times are naive UTC. Statuses are stored as their string values
(``core.statuses.ShipmentStatus``) so the ledger and the server speak the same words.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pvz_desktop.core.clock import utcnow


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16), default="employee")  # owner / employee
    point_id: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A standalone point's own login (PBKDF2, ``core.passwords``); None for the server's employees,
    # whose passwords only the server checks.
    password_hash: Mapped[str | None] = mapped_column(String(128), nullable=True)


class Customer(Base):
    """Data minimisation: a masked name and the last four phone digits, nothing more."""

    __tablename__ = "customer"

    # The first part of the pickup code (``48213377`` in ``48213377*5521``).
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    phone_last4: Mapped[str] = mapped_column(String(4), default="")
    # The rotating part of the pickup code (the PIN) is never stored: only its verifier under the
    # point's key (``core.pickup_codes``), valid on ``pickup_pin_date`` and on no other day.
    pickup_verifier: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pickup_pin_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class Cell(Base):
    __tablename__ = "cell"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    zone: Mapped[str] = mapped_column(String(8))
    rack: Mapped[int] = mapped_column(Integer)
    shelf: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=10)


class Waybill(Base):
    __tablename__ = "waybill"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    courier: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / receiving / closed
    expected_packages: Mapped[int] = mapped_column(Integer, default=0)
    expected_shipments: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_scans: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class DiscrepancyAct(Base):
    """Акт расхождений, written when a waybill closes with differences."""

    __tablename__ = "discrepancy_act"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    waybill_id: Mapped[int] = mapped_column(ForeignKey("waybill.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    employee_id: Mapped[str] = mapped_column(String(64))
    missing_shipments: Mapped[int] = mapped_column(Integer, default=0)
    unexpected_shipments: Mapped[int] = mapped_column(Integer, default=0)
    missing_packages: Mapped[int] = mapped_column(Integer, default=0)
    unexpected_packages: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: barcodes per category


class TransportPackage(Base):
    __tablename__ = "transport_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    waybill_id: Mapped[int | None] = mapped_column(ForeignKey("waybill.id"), nullable=True, index=True)
    # expected / received / missing / unexpected
    state: Mapped[str] = mapped_column(String(16), default="expected")
    received_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ReturnBox(Base):
    __tablename__ = "return_box"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / sealed / handed_over
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sealed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    handover_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Supply(Base):
    """A seller's supply (поставка) announced by the marketplace and received at the counter."""

    __tablename__ = "supply"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    seller: Mapped[str] = mapped_column(String(128), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="announced")  # announced / receiving / closed
    duplicate_scans: Mapped[int] = mapped_column(Integer, default=0)
    unexpected: Mapped[str] = mapped_column(Text, default="[]")  # JSON: codes scanned that are not in it
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class CourierPickup(Base):
    """A courier's pickup of outbound parcels, scheduled by the marketplace for one route."""

    __tablename__ = "courier_pickup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    courier: Mapped[str] = mapped_column(String(128), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # scheduled / closed
    act_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class HandoverScan(Base):
    """A bag or loose parcel scanned for an open courier pickup: kept from the scan until the act
    is closed (F10), so a restart mid-handover loses nothing scanned."""

    __tablename__ = "courier_handover_scan"
    __table_args__ = (UniqueConstraint("pickup_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pickup_id: Mapped[int] = mapped_column(ForeignKey("courier_pickup.id"))
    code: Mapped[str] = mapped_column(String(32))  # BG-… or the parcel's tracking number
    is_bag: Mapped[bool] = mapped_column(Boolean, default=False)
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboundBag(Base):
    """A bag (or cage) of outbound parcels for one route; it leaves whole with the courier."""

    __tablename__ = "outbound_bag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    route: Mapped[str] = mapped_column(String(32), default="")  # the route of its first parcel
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / handed_over
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Shipment(Base):
    __tablename__ = "shipment"
    __table_args__ = (
        Index("ix_shipment_customer_status", "customer_id", "status"),
        Index("ix_shipment_status_deadline", "status", "storage_deadline"),
        # Covers reconciliation: counts per status of one waybill without touching the rows.
        Index("ix_shipment_waybill_status", "waybill_id", "arrived_unexpected", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_number: Mapped[str] = mapped_column(String(32), unique=True)
    order_number: Mapped[str] = mapped_column(String(32), default="", index=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(24))
    cell_id: Mapped[int | None] = mapped_column(ForeignKey("cell.id"), nullable=True, index=True)
    amount_due: Mapped[int] = mapped_column(Integer, default=0)  # kopecks; 0 = prepaid
    adult_only: Mapped[bool] = mapped_column(Boolean, default=False)
    storage_deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    waybill_id: Mapped[int | None] = mapped_column(ForeignKey("waybill.id"), nullable=True)
    transport_package_id: Mapped[int | None] = mapped_column(ForeignKey("transport_package.id"), nullable=True)
    return_box_id: Mapped[int | None] = mapped_column(ForeignKey("return_box.id"), nullable=True, index=True)
    # Scanned at acceptance without being on the waybill (stays true after it is resolved).
    arrived_unexpected: Mapped[bool] = mapped_column(Boolean, default=False)
    # A refusal split off at the counter points at the shipment it came from.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    stored_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=0)

    items: Mapped[list[ShipmentItem]] = relationship(
        back_populates="shipment", order_by="ShipmentItem.line_no", cascade="all, delete-orphan"
    )
    cell: Mapped[Cell | None] = relationship(lazy="joined")
    customer: Mapped[Customer | None] = relationship(lazy="joined")


class OutboundParcel(Base):
    """What a parcel handed in for sending has beyond a shipment: where from, where to, its weight."""

    __tablename__ = "outbound_parcel"

    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # supply / c2c
    supply_id: Mapped[int | None] = mapped_column(ForeignKey("supply.id"), nullable=True, index=True)
    send_code: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    party: Mapped[str] = mapped_column(String(128), default="")  # the seller, or the sender's masked name
    description: Mapped[str] = mapped_column(String(256), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    recipient_point: Mapped[str] = mapped_column(String(128), default="")
    size_class: Mapped[str] = mapped_column(String(8), default="")
    declared_value: Mapped[int] = mapped_column(Integer, default=0)  # kopecks
    weight_g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weight_typed: Mapped[bool] = mapped_column(Boolean, default=False)  # typed by hand, not read from scales
    refuse_reason: Mapped[str] = mapped_column(String(256), default="")
    bag_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_bag.id"), nullable=True, index=True)
    pickup_id: Mapped[int | None] = mapped_column(ForeignKey("courier_pickup.id"), nullable=True)


class ShipmentItem(Base):
    __tablename__ = "shipment_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(256))
    qty: Mapped[int] = mapped_column(Integer, default=1)
    price: Mapped[int] = mapped_column(Integer, default=0)  # kopecks per unit
    refused: Mapped[bool] = mapped_column(Boolean, default=False)

    shipment: Mapped[Shipment] = relationship(back_populates="items")


class ReturnRequest(Base):
    """Заявка на возврат, created by the customer and delivered by the server."""

    __tablename__ = "return_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    item_names: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of line names
    reason: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / accepted / rejected
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReturnCase(Base):
    """The check at the counter of a customer return."""

    __tablename__ = "return_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_request_id: Mapped[int | None] = mapped_column(ForeignKey("return_request.id"), nullable=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    condition_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    complete: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    matches_request: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)  # approved / rejected
    reason: Mapped[str] = mapped_column(String(512), default="")
    photo_path: Mapped[str | None] = mapped_column(String(512), nullable=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class InventorySession(Base):
    __tablename__ = "inventory_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zones: Mapped[str] = mapped_column(String(64), default="")  # comma list; empty = whole point
    status: Mapped[str] = mapped_column(String(16), default="active")  # active / paused / applied
    employee_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    current_cell_id: Mapped[int | None] = mapped_column(ForeignKey("cell.id"), nullable=True)


class InventoryCell(Base):
    """A cell counted in an inventory session: shortage is judged only in visited cells."""

    __tablename__ = "inventory_cell"

    session_id: Mapped[int] = mapped_column(ForeignKey("inventory_session.id"), primary_key=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("cell.id"), primary_key=True)
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InventoryScan(Base):
    __tablename__ = "inventory_scan"
    __table_args__ = (UniqueConstraint("session_id", "posting_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("inventory_session.id"), index=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("cell.id"))
    posting_number: Mapped[str] = mapped_column(String(32))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), nullable=True)
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Event(Base):
    """The append-only, hash-chained ledger: evidence for fine disputes."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), nullable=True, index=True)
    posting_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(64))
    workflow: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    op_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# Outbox row states: the pusher moves a row on; the status bar counts them.
OUTBOX_PENDING = "pending"  # waiting for the server
OUTBOX_REFUSED = "refused"  # refused by the server, not yet acknowledged by the cashier
OUTBOX_REFUSAL_SEEN = "refused_seen"  # refused, and the cashier has read it in «Отклонённые операции»


class Outbox(Base):
    """Operations waiting for the server, written in the same transaction as the change."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)  # the Idempotency-Key
    kind: Mapped[str] = mapped_column(String(48))
    payload: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending / sent / refused


class SyncState(Base):
    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class PrintJob(Base):
    """The persistent print queue: a job is stored before it is sent."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # issuance_slip / return_receipt / ...
    title: Mapped[str] = mapped_column(String(256), default="")
    printer_url: Mapped[str] = mapped_column(String(256), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)  # encoded ESC/POS bytes
    state: Mapped[str] = mapped_column(String(16), default="queued")  # queued / done / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    printed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class UnknownScan(Base):
    """«Зависшие ШК»: barcodes that matched nothing, kept to be resolved later."""

    __tablename__ = "unknown_scan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(128))
    workflow: Mapped[str] = mapped_column(String(32))
    context: Mapped[str] = mapped_column(String(64), default="")  # e.g. the waybill number
    employee_id: Mapped[str] = mapped_column(String(64))
    scanned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / resolved / dismissed
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipment.id"), nullable=True)
    resolution: Mapped[str] = mapped_column(String(256), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SupportTicket(Base):
    __tablename__ = "support_ticket"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    subject: Mapped[str] = mapped_column(String(256))
    category: Mapped[str] = mapped_column(String(32))
    postings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of related shipments
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / answered / closed
    employee_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    messages: Mapped[list[SupportMessage]] = relationship(
        back_populates="ticket", order_by="SupportMessage.id", cascade="all, delete-orphan"
    )


class SupportMessage(Base):
    __tablename__ = "support_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("support_ticket.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # employee / support
    author_name: Mapped[str] = mapped_column(String(128), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    ticket: Mapped[SupportTicket] = relationship(back_populates="messages")


class Shift(Base):
    __tablename__ = "shift"
    # One open shift per employee and workstation, held by the database as well as the workflow.
    __table_args__ = (
        Index("ux_shift_open", "employee_id", "workstation", unique=True, sqlite_where=text("closed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employee.id"))
    workstation: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class PickupLockout(Base):
    """Wrong pickup codes in a row, per counter: five lock the lookup for a minute."""

    __tablename__ = "pickup_lockout"

    workstation: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
