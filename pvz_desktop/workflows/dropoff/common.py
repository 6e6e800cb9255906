"""What the drop-off modules share: the outbound parcel as a plain view, and finding one by its code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import BarcodeKind, BarcodeProfile
from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.core.statuses import OUTBOUND, ShipmentStatus
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import CourierPickup, OutboundBag, OutboundParcel, Shipment, Supply
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind, one_by


@dataclass(frozen=True)
class ParcelView:
    posting_number: str
    status: ShipmentStatus
    kind: str  # supply / c2c
    party: str  # the seller, or the sender's masked name
    description: str
    route: str
    supply: str | None
    send_code: str | None
    recipient_point: str
    size_class: str
    declared_value: int  # kopecks
    amount_due: int  # kopecks still to pay at the counter
    weight_g: int | None
    weight_typed: bool
    refuse_reason: str
    bag: str | None

    def describe(self) -> Text:
        status = Text.of(self.status.label)
        if self.bag:
            return msg(
                "Отправление {posting}: {status}, мешок {bag}", posting=self.posting_number, status=status, bag=self.bag
            )
        return msg("Отправление {posting}: {status}", posting=self.posting_number, status=status)


@dataclass
class Parcel:
    """A shipment and its outbound fields, loaded together."""

    shipment: Shipment
    outbound: OutboundParcel


# An outbound parcel as it is shown, in one plain query (no ORM objects): a supply scan reads its
# parcel this way, and every other drop-off answer through ``parcel_view``.
_VIEW = (
    select(
        Shipment.id,
        Shipment.posting_number,
        Shipment.status,
        Shipment.amount_due,
        OutboundParcel.kind,
        OutboundParcel.supply_id,
        OutboundParcel.party,
        OutboundParcel.description,
        OutboundParcel.route,
        OutboundParcel.send_code,
        OutboundParcel.recipient_point,
        OutboundParcel.size_class,
        OutboundParcel.declared_value,
        OutboundParcel.weight_g,
        OutboundParcel.weight_typed,
        OutboundParcel.refuse_reason,
        Supply.number.label("supply"),
        OutboundBag.barcode.label("bag"),
    )
    .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
    .outerjoin(Supply, Supply.id == OutboundParcel.supply_id)
    .outerjoin(OutboundBag, OutboundBag.id == OutboundParcel.bag_id)
)
# Built once: building a statement costs more than running it (SQLAlchemy caches the compiled form).
_VIEW_BY_POSTING = _VIEW.where(Shipment.posting_number == bindparam("posting"))
_VIEW_BY_ID = _VIEW.where(Shipment.id == bindparam("id"))


def view_of(row: Row[Any]) -> ParcelView:
    """The view of a row of ``parcel_row``."""
    return ParcelView(
        posting_number=row.posting_number,
        status=ShipmentStatus(row.status),
        kind=row.kind,
        party=row.party,
        description=row.description,
        route=row.route,
        supply=row.supply,
        send_code=row.send_code,
        recipient_point=row.recipient_point,
        size_class=row.size_class,
        declared_value=row.declared_value,
        amount_due=row.amount_due,
        weight_g=row.weight_g,
        weight_typed=bool(row.weight_typed),
        refuse_reason=row.refuse_reason,
        bag=row.bag,
    )


def parcel_row(session: Session, posting: str) -> Row[Any] | None:
    """The outbound parcel of a tracking number as one plain row (id, status, supply_id and what
    ``view_of`` shows), or None. Read through the session's connection: flush ORM changes first."""
    return session.connection().execute(_VIEW_BY_POSTING, {"posting": posting}).first()


def parcel_view(session: Session, p: Parcel) -> ParcelView:
    session.flush()  # what the workflow changed on the objects, then read back as shown
    return view_of(session.connection().execute(_VIEW_BY_ID, {"id": p.shipment.id}).one())


def parcel_by_posting(session: Session, posting: str) -> Parcel | None:
    row = session.execute(
        select(Shipment, OutboundParcel)
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(Shipment.posting_number == posting)
    ).first()
    return Parcel(*row) if row is not None else None


def scanned_parcel(session: Session, profile: BarcodeProfile, raw: str) -> Parcel:
    """The outbound parcel of a scanned tracking number, or a message saying what is wrong."""
    posting = expect_kind(profile, raw, BarcodeKind.OUTBOUND).code
    parcel = parcel_by_posting(session, posting)
    if parcel is None:
        raise NotFound(msg("Отправление {posting} не заявлено к отправке через этот пункт.", posting=posting))
    if parcel.shipment.status not in OUTBOUND:
        raise BadInput(
            msg(
                "Отправление {posting} не из отправки: {status}.",
                posting=posting,
                status=Text.of(ShipmentStatus(parcel.shipment.status).label),
            )
        )
    return parcel


def find_parcel(ctx: WorkflowContext, raw: str) -> ParcelView:
    """An outbound parcel by its tracking number: where it is and in what state."""
    with ctx.store.read() as session:
        return parcel_view(session, scanned_parcel(session, ctx.profile, raw))


def supply_by_number(session: Session, number: str) -> Supply:
    missing = msg(
        "Поставка {number} не заявлена продавцом для этого пункта: принять её нельзя. Попросите "
        "продавца оформить поставку в личном кабинете.",
        number=number,
    )
    return one_by(Supply.number, session, number, missing)


def bag_by_barcode(session: Session, barcode: str) -> OutboundBag:
    return one_by(
        OutboundBag.barcode,
        session,
        barcode,
        msg("Мешок {barcode} не открыт на этом пункте: сначала откройте его.", barcode=barcode),
    )


def pickup_by_code(session: Session, code: str) -> CourierPickup:
    missing = msg("Передача курьеру {code} не назначена этому пункту: проверьте код у курьера.", code=code)
    return one_by(CourierPickup.code, session, code, missing)
