"""Qt-free: the barcodes that make sense to scan right now at the demo point.

The virtual scanner panel lists them by task (the next delivery, parcels to place, customers
who can collect, return requests...) so a visitor can try every flow without a real scanner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.pickup_codes import matches
from pvz_desktop.core.statuses import ShipmentStatus as S
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import (
    Cell,
    CourierPickup,
    Customer,
    OutboundBag,
    OutboundParcel,
    ReturnBox,
    ReturnRequest,
    Shipment,
    Supply,
    TransportPackage,
    Waybill,
)
from pvz_desktop.workflows import placement
from pvz_desktop.workflows.context import WorkflowContext

# A barcode no profile pattern matches: shows how junk is answered.
JUNK_CODE = "4600000000017"


@dataclass(frozen=True)
class DemoCode:
    code: str
    hint: Text


@dataclass(frozen=True)
class DemoGroup:
    title: Text
    codes: tuple[DemoCode, ...]


def demo_groups(
    ctx: WorkflowContext, *, pins: Mapping[str, str], customer_id: str | None = None, per_group: int = 6
) -> list[DemoGroup]:
    """``pins``: the demo customers' PINs (the demo's own file: the database has only verifiers);
    ``customer_id``: the customer at the counter now; their parcels come first."""
    groups: list[DemoGroup] = []
    today = to_local(ctx.now()).date()
    with ctx.store.read() as s:
        if customer_id is not None:
            rows = s.execute(
                select(Shipment.posting_number, Cell.code, Shipment.adult_only)
                .join(Cell, Shipment.cell_id == Cell.id)
                .where(Shipment.customer_id == customer_id, Shipment.status == S.STORED)
                .order_by(Shipment.posting_number)
            ).all()
            codes = [
                DemoCode(p, (msg("ячейка {cell}, 18+", cell=c) if adult else msg("ячейка {cell}", cell=c)))
                for p, c, adult in rows
            ]
            other = s.execute(
                select(Shipment.posting_number, Cell.code)
                .join(Cell, Shipment.cell_id == Cell.id)
                .where(Shipment.customer_id != customer_id, Shipment.status == S.STORED)
                .limit(1)
            ).first()
            if other is not None:
                codes.append(DemoCode(other[0], msg("чужая посылка (ячейка {cell}): проверка", cell=other[1])))
            groups.append(DemoGroup(msg("Посылки покупателя у кассы"), tuple(codes)))

        waybill = s.scalar(
            select(Waybill).where(Waybill.status != "closed").order_by(Waybill.status.desc(), Waybill.number).limit(1)
        )
        if waybill is not None:
            expected = s.scalar(
                select(func.count())
                .select_from(Shipment)
                .where(Shipment.waybill_id == waybill.id, Shipment.status == S.EXPECTED)
            )
            groups.append(
                DemoGroup(
                    msg("Накладная"),
                    (
                        DemoCode(
                            waybill.number,
                            msg("{courier}, ожидается отправлений: {n}", courier=waybill.courier, n=expected),
                        ),
                    ),
                )
            )
            packages = s.scalars(
                select(TransportPackage.barcode)
                .where(TransportPackage.waybill_id == waybill.id, TransportPackage.state == "expected")
                .order_by(TransportPackage.barcode)
                .limit(per_group)
            ).all()
            postings = s.scalars(
                select(Shipment.posting_number)
                .where(Shipment.waybill_id == waybill.id, Shipment.status == S.EXPECTED)
                .order_by(Shipment.posting_number)
                .limit(per_group)
            ).all()
            codes = [DemoCode(p, msg("грузоместо")) for p in packages] + [
                DemoCode(p, msg("отправление")) for p in postings
            ]
            groups.append(DemoGroup(msg("Приёмка по {waybill}", waybill=waybill.number), tuple(codes)))

        received = s.scalars(
            select(Shipment.posting_number)
            .where(Shipment.status == S.RECEIVED)
            .order_by(Shipment.posting_number)
            .limit(per_group)
        ).all()
        cells = sorted((c for c in placement.cell_loads(ctx) if c.free), key=lambda c: (c.used, c.code))[:3]
        groups.append(
            DemoGroup(
                msg("Размещение"),
                tuple(DemoCode(p, msg("принято, ждёт ячейку")) for p in received)
                + tuple(
                    DemoCode(c.code, msg("ячейка, занято {used} из {capacity}", used=c.used, capacity=c.capacity))
                    for c in cells
                ),
            )
        )

        customers = s.execute(
            select(Customer.id, Customer.display_name, Customer.pickup_verifier, Customer.pickup_pin_date)
            .add_columns(func.count(Shipment.id))
            .join(Shipment, Shipment.customer_id == Customer.id)
            .where(Shipment.status == S.STORED, Customer.pickup_pin_date == today)
            .group_by(Customer.id)
            .order_by(func.max(Shipment.adult_only).desc(), func.max(Shipment.amount_due).desc(), Customer.id)
        ).all()
        key = ctx.pickup_key()
        # Only codes that open a card today (the PIN known to the demo and matching the verifier).
        working = [
            DemoCode(f"{cid}*{pins[cid]}", msg("{name}: к выдаче {n}", name=name, n=k))
            for cid, name, stored, valid_on, k in customers
            if key is not None and cid in pins and matches(key, cid, pins[cid], today, stored, valid_on)
        ]
        groups.append(DemoGroup(msg("Коды получения"), tuple(working[:per_group])))

        requests = s.execute(
            select(ReturnRequest.number, Shipment.posting_number)
            .join(Shipment, ReturnRequest.shipment_id == Shipment.id)
            .where(ReturnRequest.status == "open", Shipment.status == S.ISSUED)
            .order_by(ReturnRequest.number)
            .limit(per_group)
        ).all()
        groups.append(
            DemoGroup(
                msg("Заявки на возврат"),
                tuple(DemoCode(n_, msg("по отправлению {posting}", posting=p)) for n_, p in requests),
            )
        )

        to_return = s.execute(
            select(Shipment.posting_number, Cell.code)
            .outerjoin(Cell, Shipment.cell_id == Cell.id)
            .where(Shipment.status == S.TO_RETURN, Shipment.return_box_id.is_(None))
            .order_by(Shipment.posting_number)
            .limit(per_group)
        ).all()
        boxes = s.scalars(select(ReturnBox.barcode).where(ReturnBox.status == "open").limit(2)).all()
        groups.append(
            DemoGroup(
                msg("Возвратная тара"),
                tuple(DemoCode(b, msg("открытая тара")) for b in boxes)
                + tuple(
                    DemoCode(p, (msg("к возврату, ячейка {cell}", cell=c) if c else msg("к возврату")))
                    for p, c in to_return
                ),
            )
        )
        groups.append(_dropoff(s, per_group))
    groups.append(DemoGroup(msg("Прочее"), (DemoCode(JUNK_CODE, msg("неизвестный штрихкод")),)))
    return [g for g in groups if g.codes]


# The demo's drop-off codes that are not in the database: an extra parcel brought with the supply.
DEMO_EXTRA_PARCEL = "OB000000000399"
# Weights the demo's virtual scale puts on the platform (grams): within S, over S, a big one.
DEMO_WEIGHTS = (850, 1_450, 2_600, 7_300)


def _dropoff(s: Session, per_group: int) -> DemoGroup:
    """Отправка: the supply being brought (all but its last parcel, which the seller forgot, and an
    extra one), the C2C send codes, open bags and the courier due."""
    codes: list[DemoCode] = []
    supply = s.scalar(select(Supply).where(Supply.status != "closed").order_by(Supply.number).limit(1))
    if supply is not None:
        codes.append(DemoCode(supply.number, msg("поставка продавца {seller}", seller=supply.seller)))
        parcels = s.scalars(
            select(Shipment.posting_number)
            .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
            .where(OutboundParcel.supply_id == supply.id, Shipment.status == S.ANNOUNCED)
            .order_by(Shipment.posting_number)
        ).all()
        codes += [DemoCode(p, msg("отправление поставки")) for p in parcels[:-1][:per_group]]
        codes.append(DemoCode(DEMO_EXTRA_PARCEL, msg("лишнее: нет в поставке")))
    sends = s.execute(
        select(OutboundParcel.send_code, OutboundParcel.size_class, Shipment.amount_due)
        .join(Shipment, OutboundParcel.shipment_id == Shipment.id)
        .where(OutboundParcel.kind == "c2c", Shipment.status.in_([S.ANNOUNCED, S.REFUSED_AT_DROPOFF]))
        .order_by(OutboundParcel.send_code)
        .limit(per_group)
    ).all()
    codes += [
        DemoCode(
            c,
            (msg("посылка C2C, размер {size}, к оплате", size=z) if due else msg("посылка C2C, размер {size}", size=z)),
        )
        for c, z, due in sends
        if c
    ]
    taken = s.scalars(
        select(Shipment.posting_number)
        .join(OutboundParcel, OutboundParcel.shipment_id == Shipment.id)
        .where(Shipment.status == S.DROPPED_OFF)
        .order_by(Shipment.posting_number)
        .limit(per_group)
    ).all()
    codes += [DemoCode(p, msg("принято, в мешок или курьеру")) for p in taken]
    bags = s.scalars(select(OutboundBag.barcode).where(OutboundBag.status == "open").limit(3)).all()
    codes += [DemoCode(b, msg("открытый мешок")) for b in bags]
    pickup = s.scalar(select(CourierPickup).where(CourierPickup.status == "scheduled").limit(1))
    if pickup is not None:
        codes.append(
            DemoCode(pickup.code, msg("{courier}, маршрут {route}", courier=pickup.courier, route=pickup.route))
        )
    return DemoGroup(msg("Отправка"), tuple(codes))
