"""Tables of the central server (same shapes as the counter's store, keyed by business numbers).

Times are naive UTC. Tokens, codes and passwords are stored only as hashes; pickup codes only as
verifiers keyed per point (``pickup_keys``).
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
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pvz_desktop.core.clock import utcnow


class Base(DeclarativeBase):
    pass


class Point(Base):
    """A pickup point. ``change_seq`` numbers its change feed; writes lock this row."""

    __tablename__ = "point"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    change_seq: Mapped[int] = mapped_column(Integer, default=0)
    # A new epoch invalidates every counter's cursor (the feed answers ``reset``).
    feed_epoch: Mapped[str] = mapped_column(String(16))
    storage_days: Mapped[int] = mapped_column(Integer, default=7)
    # IANA zone of the point: report days and the evidence pack's times are in it.
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Moscow")
    # Shown to customers of other points whose parcels wait here («Другие пункты» at the counter).
    address: Mapped[str] = mapped_column(String(256), default="", server_default="")
    # The network's rule for extending storage at the counter: by this many days, this many times.
    extension_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    extensions_per_parcel: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the login
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # owner / employee
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an owner's password reset: the next login must choose a new password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class PointOwner(Base):
    """The points an owner account owns (several); ``User.point_id`` stays the point its counter
    login opens."""

    __tablename__ = "point_owner"

    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), primary_key=True)


class ConsoleSession(Base):
    """A login to the owner console: the cookie's token only as its hash, with its CSRF token."""

    __tablename__ = "console_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Deduction(Base):
    """A fine or deduction the marketplace charged a point, as the owner recorded it."""

    __tablename__ = "deduction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)  # kopecks
    reason: Mapped[str] = mapped_column(String(256))
    posting_number: Mapped[str] = mapped_column(String(32), default="")
    shift: Mapped[str] = mapped_column(String(64), default="")
    employee_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="recorded")  # recorded / disputed / won / lost
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Camera(Base):
    """A CCTV camera of a point: the evidence pack names it for each event at its counter."""

    __tablename__ = "camera"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    # The counter (workstation) it films; empty: the whole point (every counter).
    workstation: Mapped[str] = mapped_column(String(64), default="")
    # Seconds the camera's clock is ahead of the counter's (negative: behind).
    clock_offset_s: Mapped[int] = mapped_column(Integer, default=0)


class AuthCode(Base):
    __tablename__ = "auth_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    redirect_uri: Mapped[str] = mapped_column(String(512))
    scopes: Mapped[str] = mapped_column(String(256), default="")
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    # Kept after its use until it expires: a second use revokes the login of the first (RFC 6749 §4.1.2).
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    family: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Token(Base):
    """One access token and the refresh token issued with it. A family is one login."""

    __tablename__ = "token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    access_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    family: Mapped[str] = mapped_column(String(32), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    scopes: Mapped[str] = mapped_column(String(256), default="")
    access_expires_at: Mapped[datetime] = mapped_column(DateTime)
    refresh_expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The refresh token was exchanged (rotation) or revoked: it must never work again.
    refresh_used: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed logins of one account (kind ``login``) or one client address (kind ``address``).

    In the database so every server process sees the same count and a restart forgets nothing.
    """

    __tablename__ = "login_throttle"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject: Mapped[str] = mapped_column(String(128), primary_key=True)  # the login as typed / the address
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    phone_last4: Mapped[str] = mapped_column(String(4), default="")


class PickupCode(Base):
    """A customer's pickup code at one point, as its verifier (``pvz_desktop.core.pickup_codes``):
    the PIN itself is never stored. One per customer and point: the latest one sent."""

    __tablename__ = "pickup_code"

    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customer.id"), primary_key=True)
    valid_on: Mapped[date] = mapped_column(Date)
    verifier: Mapped[str] = mapped_column(String(64))


class Waybill(Base):
    __tablename__ = "waybill"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    courier: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / receiving / closed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    packages: Mapped[list[TransportPackage]] = relationship(order_by="TransportPackage.barcode")


class TransportPackage(Base):
    __tablename__ = "transport_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    waybill_id: Mapped[int] = mapped_column(ForeignKey("waybill.id"), index=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="expected")


class Shipment(Base):
    __tablename__ = "shipment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    posting_number: Mapped[str] = mapped_column(String(32), unique=True)
    order_number: Mapped[str] = mapped_column(String(32), default="")
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(24))
    cell: Mapped[str | None] = mapped_column(String(32), nullable=True)
    amount_due: Mapped[int] = mapped_column(Integer, default=0)
    adult_only: Mapped[bool] = mapped_column(Boolean, default=False)
    storage_deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    waybill_id: Mapped[int | None] = mapped_column(ForeignKey("waybill.id"), nullable=True)
    package_barcode: Mapped[str | None] = mapped_column(String(32), nullable=True)
    parent_posting: Mapped[str | None] = mapped_column(String(32), nullable=True)
    arrived_unexpected: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    stored_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[ShipmentItem]] = relationship(order_by="ShipmentItem.line_no", cascade="all, delete-orphan")
    customer: Mapped[Customer | None] = relationship()
    waybill: Mapped[Waybill | None] = relationship()
    outbound: Mapped[OutboundParcel | None] = relationship(uselist=False, cascade="all, delete-orphan")
    # The customer's code at this shipment's point (a get by primary key: no query when loaded).
    pickup_code: Mapped[PickupCode | None] = relationship(
        primaryjoin="and_(PickupCode.point_id == foreign(Shipment.point_id), "
        "PickupCode.customer_id == foreign(Shipment.customer_id))",
        viewonly=True,
    )


class ShipmentItem(Base):
    __tablename__ = "shipment_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(256))
    qty: Mapped[int] = mapped_column(Integer, default=1)
    price: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)


class Supply(Base):
    """A seller's supply announced by the marketplace: parcels the seller brings to the point."""

    __tablename__ = "supply"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    seller: Mapped[str] = mapped_column(String(128), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="announced")  # announced / receiving / closed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    unexpected: Mapped[str] = mapped_column(Text, default="[]")  # JSON: codes brought that were not in it
    version: Mapped[int] = mapped_column(Integer, default=1)


class CourierPickup(Base):
    """A courier's pickup of one route's outbound parcels, scheduled by the marketplace."""

    __tablename__ = "courier_pickup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    courier: Mapped[str] = mapped_column(String(128), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # scheduled / closed
    act_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class OutboundParcel(Base):
    """An outbound shipment's own fields: supply or C2C send, route, size, weight, bag, pickup."""

    __tablename__ = "outbound_parcel"

    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # supply / c2c
    supply_id: Mapped[int | None] = mapped_column(ForeignKey("supply.id"), nullable=True, index=True)
    send_code: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    party: Mapped[str] = mapped_column(String(128), default="")
    description: Mapped[str] = mapped_column(String(256), default="")
    route: Mapped[str] = mapped_column(String(32), default="")
    recipient_point: Mapped[str] = mapped_column(String(128), default="")
    size_class: Mapped[str] = mapped_column(String(8), default="")
    declared_value: Mapped[int] = mapped_column(Integer, default=0)
    weight_g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weight_typed: Mapped[bool] = mapped_column(Boolean, default=False)
    refuse_reason: Mapped[str] = mapped_column(String(256), default="")
    bag: Mapped[str | None] = mapped_column(String(32), nullable=True)
    pickup: Mapped[str | None] = mapped_column(String(32), nullable=True)

    supply: Mapped[Supply | None] = relationship(lazy="joined")


class ReturnRequest(Base):
    __tablename__ = "return_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"))
    item_names: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    reason: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / accepted / rejected
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    shipment: Mapped[Shipment] = relationship()


class StorageExtension(Base):
    __tablename__ = "storage_extension"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"))
    days: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    shipment: Mapped[Shipment] = relationship()


class SupportTicket(Base):
    __tablename__ = "support_ticket"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    subject: Mapped[str] = mapped_column(String(256))
    category: Mapped[str] = mapped_column(String(32))
    postings: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / answered / closed
    employee_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    messages: Mapped[list[SupportMessage]] = relationship(order_by="SupportMessage.created_at")


class SupportMessage(Base):
    __tablename__ = "support_message"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    ticket_uuid: Mapped[str] = mapped_column(ForeignKey("support_ticket.uuid"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # employee / support
    author_name: Mapped[str] = mapped_column(String(128), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    ticket: Mapped[SupportTicket] = relationship(back_populates="messages")


class OperationRecord(Base):
    """An Idempotency-Key with the answer it got: a replay returns this answer."""

    __tablename__ = "operation"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(48))
    body_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text)  # JSON body of the answer
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ShipmentEvent(Base):
    """The server's ledger of applied transitions (one row per transition of an operation)."""

    __tablename__ = "shipment_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"))
    posting_number: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str] = mapped_column(String(24))
    op_key: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    user_id: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(64), default="")
    occurred_at: Mapped[datetime] = mapped_column(DateTime)  # at the counter
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Change(Base):
    """The change feed, self-compacting: one row per entity holding its latest snapshot.

    A change bumps the point's ``change_seq`` and writes it here; a counter asks for rows with
    a higher ``seq`` than its cursor. An updated entity moves to the end, so nothing is skipped.
    """

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_point_seq", "point_id", "seq", unique=True),)

    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(24), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # JSON snapshot


class Photo(Base):
    """A defect photo uploaded by a counter, named by its SHA-256 (an upload is idempotent)."""

    __tablename__ = "photo"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Defect(Base):
    """A defect record made at a counter: what is wrong, in words, and the photos' hashes."""

    __tablename__ = "defect"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[str] = mapped_column(ForeignKey("point.id"), index=True)
    posting_number: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(16), default="card", server_default="card")  # core/defect_places
    note: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{sha256, type, size}]
    user_id: Mapped[str] = mapped_column(String(64))
    op_key: Mapped[str] = mapped_column(String(36))
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
