"""Apply counter operations exactly once: re-check every transition with the counter's own core rules.

The counter sends its outbox row: ``kind`` and a payload whose ``transitions`` list each
status change ({posting, action, from, to, details}). The server is the authority: a
transition whose ``from`` is not the shipment's status here (another counter got there
first), or that the core table does not allow, refuses the whole operation with a reason
the cashier can read. Nothing of a refused operation is applied.

``apply_in_order`` is the one path of both routes (one operation, a batch): each operation is
looked up by its Idempotency-Key first (a replay answers the stored result), then applied as if
it came alone after the ones before it, so a refusal undoes that operation only; its answer is
stored with the key. The whole batch is one transaction of the caller's (see ``_InOrder``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload

from pvz_central import feed, snapshots
from pvz_central.models import (
    CourierPickup,
    Defect,
    OperationRecord,
    Photo,
    Point,
    ReturnRequest,
    Shipment,
    ShipmentEvent,
    ShipmentItem,
    StorageExtension,
    Supply,
    SupportMessage,
    SupportTicket,
    TransportPackage,
    User,
    Waybill,
)
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.defect_places import DefectPlace, fits_kind
from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.parcel_sizes import overweight_reason
from pvz_desktop.core.statuses import Action, Creation, ShipmentStatus, next_status

S = ShipmentStatus
PREFETCH_CHUNK = 500  # postings per IN query (SQLite takes at most 32,766 parameters)
KEY_REUSED = "Ключ идемпотентности уже использован для другой операции."
OUTBOUND_ACTIONS = frozenset({Action.DROP_OFF, Action.REFUSE_DROPOFF, Action.BAG, Action.UNBAG, Action.HAND_TO_COURIER})


class Refused(DomainError):
    """The operation does not fit the server's state; nothing of it is applied."""

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None, posting: str | None = None) -> None:
        super().__init__(message, code=code)
        self.posting = posting


def parse_time(value: Any, default: datetime) -> datetime:
    if not isinstance(value, str):
        return default
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return default
    return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone().replace(tzinfo=None)


def wire_action(action: str, posting: str, *, creating: bool) -> Action | Creation:
    """The core action a transition names: a ``Creation`` for a shipment new here (``from`` None),
    else an ``Action``; any other word is refused."""
    try:
        return Creation(action) if creating else Action(action)
    except ValueError:
        if creating:
            raise Refused(f"Отправление {posting} нельзя завести действием «{action}».", code="bad_action") from None
        raise Refused(f"Неизвестное действие «{action}» с отправлением {posting}.", code="bad_action") from None


def shipment_in_point(
    session: Session, point: Point, posting: str, found: Mapping[str, Shipment] | None = None
) -> Shipment:
    """The shipment of this point (``found``: already loaded by posting, a shortcut of the query)."""
    shipment = found.get(posting) if found else None
    if shipment is None:
        shipment = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None or shipment.point_id != point.id:
        raise Refused(
            f"Отправление {posting} не числится за этим пунктом на сервере.", code="not_found", posting=posting
        )
    return shipment


def waybill_in_point(session: Session, point: Point, number: str) -> Waybill:
    waybill = session.scalar(select(Waybill).where(Waybill.number == number))
    if waybill is None or waybill.point_id != point.id:
        raise Refused(f"Накладная {number} не числится за этим пунктом на сервере.", code="not_found")
    return waybill


@dataclass(frozen=True)
class Sender:
    """Who sent the operations (the access token's user, checked active by the token check): what
    the checks and the ledger need of them, without reading their row again."""

    id: str
    display_name: str
    role: str  # owner / employee


class Applier:
    """One operation: checks and changes the shipments in the session (the caller holds the point's
    lock, undoes a refused operation with a savepoint, inserts ``events`` and writes the feed)."""

    def __init__(
        self,
        session: Session,
        point: Point,
        user: Sender,
        key: str,
        payload: Mapping[str, Any],
        found: Mapping[str, Shipment] | None = None,
    ) -> None:
        self.session = session
        self.found = found  # shipments loaded for the whole batch, by posting
        self.point = point
        self.user = user
        self.key = key
        self.payload = payload
        self.at = parse_time(payload.get("at"), utcnow())
        self.workstation = str(payload.get("workstation") or "")[:64]
        self.shipments: dict[str, Shipment] = {}
        self.waybills: dict[str, Waybill] = {}
        self.pickups: dict[str, CourierPickup] = {}
        self.events: list[dict[str, Any]] = []  # ledger rows of the applied transitions: the caller inserts them

    def apply(self, kind: str) -> dict[str, Any]:
        for t in self.payload.get("transitions") or []:
            self._transition(t)
        extra = EXTRAS.get(kind)
        if extra is not None:
            extra(self)
        # The feed snapshots of ``shipments`` and ``waybills`` are written by the caller, once per
        # entity after the batch (``apply_in_order``): a reader sees only the committed state anyway.
        return {
            "result": "applied",
            "op_id": self.key,
            "shipments": [
                {"posting": s.posting_number, "status": s.status, "version": s.version} for s in self.shipments.values()
            ],
        }

    def _shipment(self, posting: str) -> Shipment:
        if posting not in self.shipments:
            self.shipments[posting] = shipment_in_point(self.session, self.point, posting, self.found)
        return self.shipments[posting]

    def _transition(self, t: Mapping[str, Any]) -> None:
        posting, action, frm, to = str(t["posting"]), str(t["action"]), t.get("from"), str(t["to"])
        details = t.get("details") or {}
        if frm is None:
            shipment = self._create(posting, Creation(wire_action(action, posting, creating=True)), to, details)
        else:
            act = Action(wire_action(action, posting, creating=False))
            shipment = self._shipment(posting)
            if shipment.status != frm:
                raise Refused(
                    f"Отправление {posting} уже в статусе «{S(shipment.status).label}» "
                    f"(на этой стойке было «{S(frm).label}»): его изменили на другой стойке. Данные обновлены.",
                    code="stale",
                    posting=posting,
                )
            after = next_status(frm, act, posting=posting)  # IllegalTransition is a DomainError
            if after.value != to:
                raise Refused(
                    f"Нельзя {action}: отправление {posting} из «{S(frm).label}» переходит в «{after.label}».",
                    code="illegal_transition",
                    posting=posting,
                )
            self._fields(shipment, act, details)
            shipment.status = after.value
        shipment.version += 1
        shipment.updated_at = utcnow()
        self.events.append(
            {
                "point_id": self.point.id,
                "posting_number": posting,
                "action": action,
                "from_status": frm,
                "to_status": to,
                "op_key": self.key,
                "user_id": self.user.id,
                "workstation": self.workstation,
                "occurred_at": self.at,
            }
        )

    def _fields(self, s: Shipment, act: Action, details: Mapping[str, Any]) -> None:
        if act is Action.ACCEPT or act is Action.RESOLVE:
            s.received_at = self.at
        elif act is Action.PLACE:
            s.cell = str(details.get("cell") or "")[:32] or None
            s.stored_at = self.at
            s.storage_deadline = self.at + timedelta(days=self.point.storage_days)
        elif act is Action.MOVE:
            s.cell = str(details.get("cell") or "")[:32] or s.cell
        elif act is Action.ISSUE:
            s.issued_at, s.cell = self.at, None
            refused = {int(n) for n in details.get("refused_lines") or []}
            for item in s.items:
                item.refused = item.line_no in refused
        elif act in (Action.REFUSE, Action.PACK, Action.CUSTOMER_RETURN):
            s.cell = None
        elif act is Action.EXTEND:
            self._extension(s, details)
        elif act in OUTBOUND_ACTIONS:
            self._outbound(s, act, details)

    def _extension(self, s: Shipment, details: Mapping[str, Any]) -> None:
        """The network's rule, checked here whatever the counter believed: by the point's
        ``extension_days``, at most ``extensions_per_parcel`` times; the deadline is the server's."""
        days = details.get("days")
        if days != self.point.extension_days:
            raise Refused(
                f"Хранение продлевается на {self.point.extension_days} дн., а не на {days}: "
                f"продление {s.posting_number} не принято.",
                code="extension_days",
                posting=s.posting_number,
            )
        used = self.session.scalar(
            select(func.count()).select_from(StorageExtension).where(StorageExtension.shipment_id == s.id)
        )
        if used >= self.point.extensions_per_parcel:
            raise Refused(
                f"Хранение {s.posting_number} уже продлевали ({used} раз): больше продлить нельзя.",
                code="extension_used",
                posting=s.posting_number,
            )
        s.storage_deadline = (s.storage_deadline or self.at) + timedelta(days=days)
        self.session.add(StorageExtension(point_id=self.point.id, shipment=s, days=days, deadline=s.storage_deadline))

    def _outbound(self, s: Shipment, act: Action, details: Mapping[str, Any]) -> None:
        """The drop-off rules checked again here: the supply still open, the weight within the
        size class, the courier due for the parcel's route."""
        o = s.outbound
        if o is None:
            raise Refused(
                f"Отправление {s.posting_number} не заявлено к отправке на сервере.",
                code="not_outbound",
                posting=s.posting_number,
            )
        if act is Action.DROP_OFF:
            if o.kind == "supply":
                if o.supply is None or o.supply.number != details.get("supply"):
                    raise Refused(f"Отправление {s.posting_number} не из этой поставки.", code="other_supply")
                if o.supply.status == "closed":
                    raise Refused(f"Поставка {o.supply.number} уже закрыта на другой стойке.", code="stale")
            else:
                weight = int(details["weight_g"])
                reason = overweight_reason(o.size_class, weight)
                if reason is not None:
                    raise Refused(reason, code="overweight", posting=s.posting_number)
                o.weight_g, o.weight_typed = weight, bool(details.get("weight_typed"))
            o.refuse_reason = ""
            s.received_at = self.at
        elif act is Action.REFUSE_DROPOFF:
            o.refuse_reason = str(details.get("reason") or "")[:256]
        elif act is Action.BAG:
            o.bag = str(details["bag"])[:32]
        elif act is Action.UNBAG:
            o.bag = None
        else:
            pickup = self._pickup(str(details.get("pickup") or ""))
            if o.route != pickup.route:
                raise Refused(
                    f"Отправление {s.posting_number} идёт по маршруту {o.route}, а курьер {pickup.courier} "
                    f"забирает маршрут {pickup.route}.",
                    code="not_due",
                    posting=s.posting_number,
                )
            o.pickup = pickup.code

    def _pickup(self, code: str) -> CourierPickup:
        if code not in self.pickups:
            pickup = self.session.scalar(select(CourierPickup).where(CourierPickup.code == code))
            if pickup is None or pickup.point_id != self.point.id:
                raise Refused(f"Передача курьеру {code} не назначена этому пункту.", code="not_found")
            if pickup.status == "closed":
                raise Refused(f"Передача курьеру {code} уже закрыта на другой стойке.", code="stale")
            self.pickups[code] = pickup
        return self.pickups[code]

    def _supply(self) -> Supply:
        number = str(self.payload.get("supply") or "")
        supply = self.session.scalar(select(Supply).where(Supply.number == number))
        if supply is None or supply.point_id != self.point.id:
            raise Refused(f"Поставка {number} не заявлена для этого пункта.", code="not_found")
        if supply.status == "closed":
            raise Refused(f"Поставка {number} уже закрыта на другой стойке.", code="stale")
        return supply

    def supply_open(self) -> None:
        supply = self._supply()
        if supply.status == "announced":
            supply.status, supply.version = "receiving", supply.version + 1
            feed.record_supply(self.session, self.point, supply)

    def supply_close(self) -> None:
        supply = self._supply()
        unexpected = sorted(
            {str(c)[:32] for c in self.payload.get("unexpected") or []} | set(json.loads(supply.unexpected))
        )
        supply.status, supply.closed_at, supply.version = "closed", self.at, supply.version + 1
        supply.unexpected = json.dumps(unexpected)
        feed.record_supply(self.session, self.point, supply)

    def supply_unexpected(self) -> None:
        """A code brought with the supply that is not in it: noted on the supply for its act."""
        supply = self._supply()
        codes = set(json.loads(supply.unexpected)) | {str(self.payload.get("code") or "")[:32]}
        supply.unexpected, supply.version = json.dumps(sorted(codes - {""})), supply.version + 1
        feed.record_supply(self.session, self.point, supply)

    def c2c_intake(self) -> None:
        """A C2C parcel taken in: what was paid must be what the sender owed."""
        posting = str(self.payload.get("posting") or "")
        shipment = self._shipment(posting)
        paid = int(self.payload.get("paid") or 0)
        if paid != shipment.amount_due:
            raise Refused(
                f"За посылку {posting} к оплате {shipment.amount_due / 100:.2f} ₽, а принято {paid / 100:.2f} ₽.",
                code="payment_mismatch",
                posting=posting,
            )
        shipment.amount_due = 0

    def courier_handover(self) -> None:
        pickup = self._pickup(str(self.payload.get("pickup") or ""))
        pickup.status, pickup.closed_at = "closed", self.at
        pickup.act_number = str(self.payload.get("act") or "")[:16]
        pickup.version += 1
        feed.record_pickup(self.session, self.point, pickup)

    def _create(self, posting: str, creation: Creation, to: str, details: Mapping[str, Any]) -> Shipment:
        if self.session.scalar(select(Shipment.id).where(Shipment.posting_number == posting)) is not None:
            raise Refused(f"Отправление {posting} уже есть на сервере: повторно его не завести.", code="exists")
        if creation is Creation.ARRIVED_UNEXPECTED:
            waybill_no = details.get("waybill")
            waybill = waybill_in_point(self.session, self.point, str(waybill_no)) if waybill_no else None
            shipment = Shipment(
                point_id=self.point.id,
                posting_number=posting,
                status=S(to).value,
                waybill=waybill,
                arrived_unexpected=True,
                received_at=self.at,
                version=0,
            )
        else:
            parent = self._shipment(str(details.get("parent") or ""))
            lines = {int(n) for n in details.get("lines") or []}
            shipment = Shipment(
                point_id=self.point.id,
                posting_number=posting,
                order_number=parent.order_number,
                customer_id=parent.customer_id,
                status=S(to).value,
                waybill_id=parent.waybill_id,
                parent_posting=parent.posting_number,
                received_at=self.at,
                version=0,
                items=[
                    ShipmentItem(line_no=i.line_no, name=i.name, qty=i.qty, price=i.price, refused=True)
                    for i in parent.items
                    if i.line_no in lines
                ],
            )
        self.session.add(shipment)
        self.shipments[posting] = shipment
        return shipment

    # Workflow-specific parts that are not shipment transitions.

    def _waybill(self) -> Waybill:
        number = str(self.payload.get("waybill") or "")
        if number not in self.waybills:
            self.waybills[number] = waybill_in_point(self.session, self.point, number)
        return self.waybills[number]

    def waybill_open(self) -> None:
        w = self._waybill()
        if w.status == "closed":
            raise Refused(f"Накладная {w.number} уже закрыта на другой стойке.", code="stale")
        if w.status == "open":
            w.status = "receiving"
            w.version += 1

    def waybill_close(self) -> None:
        w = self._waybill()
        if w.status == "closed":
            raise Refused(f"Накладная {w.number} уже закрыта на другой стойке.", code="stale")
        w.status, w.closed_at = "closed", self.at
        for p in w.packages:
            if p.state == "expected":
                p.state = "missing"
        w.version += 1

    def acceptance_scan(self) -> None:
        outcome, code = self.payload.get("outcome"), str(self.payload.get("code") or "")
        if outcome not in ("package_received", "unexpected_package"):
            return
        w = self._waybill()
        package = self.session.scalar(select(TransportPackage).where(TransportPackage.barcode == code))
        if outcome == "package_received" and package is not None and package.waybill_id == w.id:
            package.state = "received"
        elif package is None:
            self.session.add(TransportPackage(waybill_id=w.id, barcode=code[:32], state="unexpected"))
        elif package.state in ("expected", "missing"):
            package.state, package.waybill_id = "unexpected", w.id
        self.session.flush()
        self.session.expire(w, ["packages"])
        w.version += 1

    def customer_return(self) -> None:
        number = str(self.payload.get("request") or "")
        request = self.session.scalar(select(ReturnRequest).where(ReturnRequest.number == number))
        if request is None or request.point_id != self.point.id:
            raise Refused(f"Заявка {number} не найдена на сервере.", code="not_found")
        if request.status != "open":
            raise Refused(f"Заявка {number} уже рассмотрена на другой стойке.", code="stale")
        request.status = "accepted" if self.payload.get("decision") == "approved" else "rejected"
        self.session.flush()
        feed.record_return_request(self.session, self.point, request)

    def support_ticket_open(self) -> None:
        t = self.payload.get("ticket") or {}
        uuid = str(t.get("uuid") or "")
        if not uuid or self.session.get(SupportTicket, uuid) is not None:
            raise Refused("Обращение уже создано или без номера.", code="exists")
        ticket = SupportTicket(
            uuid=uuid[:36],
            point_id=self.point.id,
            subject=str(t.get("subject") or "Без темы")[:256],
            category=str(t.get("category") or "other")[:32],
            postings=json.dumps([str(p) for p in t.get("postings") or []]),
            employee_id=self.user.id,
            created_at=self.at,
            updated_at=self.at,
        )
        self.session.add(ticket)
        self._support_message(ticket)

    def support_message(self) -> None:
        uuid = str(self.payload.get("ticket_uuid") or "")
        ticket = self.session.get(SupportTicket, uuid)
        if ticket is None or ticket.point_id != self.point.id:
            raise Refused(f"Обращение {uuid} не найдено.", code="not_found")
        ticket.status, ticket.updated_at = "open", self.at
        self._support_message(ticket)

    def support_close(self) -> None:
        uuid = str(self.payload.get("ticket_uuid") or "")
        ticket = self.session.get(SupportTicket, uuid)
        if ticket is None or ticket.point_id != self.point.id:
            raise Refused(f"Обращение {uuid} не найдено.", code="not_found")
        ticket.status, ticket.updated_at = "closed", self.at

    def defect_record(self) -> None:
        """A defect record of one of this point's parcels; each photo it names must be here already
        (the counter uploads them before the operation)."""
        posting = str(self.payload.get("posting") or "")
        shipment = self._shipment(posting)
        try:  # a counter from before places sends none: its records were all from the card
            place = DefectPlace(str(self.payload.get("place") or DefectPlace.CARD.value))
        except ValueError:
            raise Refused(f"Неизвестное место записи о браке {posting}.", code="bad_place", posting=posting) from None
        if not fits_kind(place, ShipmentStatus(shipment.status)):
            raise Refused(
                f"Брак «{place.label}» не записать по отправлению {posting} в статусе «{shipment.status}».",
                code="wrong_place",
                posting=posting,
            )
        photos = [p for p in self.payload.get("photos") or [] if isinstance(p, dict)]
        hashes = [str(p.get("sha256") or "") for p in photos]
        have = set(self.session.scalars(select(Photo.sha256).where(Photo.sha256.in_(hashes)))) if hashes else set()
        missing = [h for h in hashes if h not in have]
        if missing:
            raise Refused(
                f"Фото записи о браке {posting} не дошло до сервера ({missing[0][:12]}…).",
                code="photo_missing",
                posting=posting,
            )
        defect = Defect(
            point_id=self.point.id,
            posting_number=posting,
            kind=str(self.payload.get("defect") or "")[:16],
            place=place.value,
            note=str(self.payload.get("note") or "")[:500],
            photos=json.dumps(photos, ensure_ascii=False),
            user_id=self.user.id,
            op_key=self.key,
            occurred_at=self.at,
        )
        self.session.add(defect)
        self.session.flush()
        feed.record(self.session, self.point, "defect", str(defect.id), snapshots.defect_data(defect))

    def annul(self) -> None:
        """An annulment is the owner's: the login that sent it is an owner of the point, or the
        counter says its owner was logged in there (``employee_id``, an owner of this point)."""
        at_counter = self.session.get(User, str(self.payload.get("employee_id") or ""))
        owner_at_counter = (
            at_counter is not None and at_counter.point_id == self.point.id and at_counter.role == "owner"
        )
        if self.user.role != "owner" and not owner_at_counter:
            postings = [str(t.get("posting")) for t in self.payload.get("transitions") or []]
            raise Refused(
                "Аннулировать отправление может только владелец пункта, а операцию прислал сотрудник.",
                code="owner_only",
                posting=postings[0] if postings else None,
            )

    def fitting(self) -> None:
        """A hand-out for fitting and a scan back name their customer: every parcel must be that
        customer's (the transitions already checked that each is at this point and in the status
        the counter saw)."""
        customer = str(self.payload.get("customer") or "")
        for t in self.payload.get("transitions") or []:
            shipment = self._shipment(str(t["posting"]))
            if not customer or shipment.customer_id != customer:
                raise Refused(
                    f"Отправление {shipment.posting_number} не принадлежит покупателю {customer or '—'}: "
                    "на примерку отдаются только его отправления.",
                    code="wrong_customer",
                    posting=shipment.posting_number,
                )

    def drawer_open(self) -> None:
        """The cash drawer opened without a sale: the owner's right, with a reason (checked here too)."""
        if self.user.role != "owner":
            raise Refused("Открыть ящик без оплаты может только владелец пункта.", code="owner_only")
        if not str(self.payload.get("reason") or "").strip():
            raise Refused("Не указана причина, по которой открыт ящик.", code="bad_input")

    def _support_message(self, ticket: SupportTicket) -> None:
        m = self.payload.get("message") or {}
        body = str(m.get("body") or "").strip()
        if not body:
            raise Refused("Пустое сообщение в поддержку не отправлено.", code="bad_input")
        message = SupportMessage(
            uuid=str(m.get("uuid") or self.key)[:36],
            ticket=ticket,
            author="employee",
            author_name=self.user.display_name,
            body=body,
            created_at=self.at,
        )
        self.session.add(message)
        self.session.flush()
        feed.record_support_message(self.session, self.point, message)


EXTRAS = {
    "waybill_open": Applier.waybill_open,
    "waybill_close": Applier.waybill_close,
    "acceptance_scan": Applier.acceptance_scan,
    "customer_return": Applier.customer_return,
    "support_ticket_open": Applier.support_ticket_open,
    "support_message": Applier.support_message,
    "support_close": Applier.support_close,
    "supply_open": Applier.supply_open,
    "supply_close": Applier.supply_close,
    "supply_unexpected": Applier.supply_unexpected,
    "c2c_intake": Applier.c2c_intake,
    "courier_handover": Applier.courier_handover,
    "drawer_open": Applier.drawer_open,
    "annul": Applier.annul,
    "fitting_out": Applier.fitting,
    "fitting_back": Applier.fitting,
    "defect_record": Applier.defect_record,
}


@dataclass(frozen=True)
class Submitted:
    """One operation as the counter sent it: its key, kind, payload and the hash of its body."""

    key: str
    kind: str
    payload: Mapping[str, Any]
    body_hash: str


@dataclass(frozen=True)
class Outcome:
    """The answer to one operation: 200 applied, 409 refused, 422 the key was used for another body."""

    status: int
    body: dict[str, Any]
    replayed: bool = False  # the answer stored with the key the first time

    @property
    def applied_now(self) -> bool:
        return self.status == 200 and not self.replayed


def refusal(key: str, reason: str, code: str, posting: str | None) -> dict[str, Any]:
    return {"result": "refused", "op_id": key, "reason": reason, "code": code, "posting": posting}


class Retry(Exception):
    """The first pass (``careful=False``) met what only the careful one handles: a refusal, or a key
    already stored. The caller rolls its transaction back and applies the operations again carefully."""


def apply_in_order(
    session: Session, point: Point, user: Sender, ops: Sequence[Submitted], *, careful: bool = True
) -> list[Outcome]:
    """Apply ``ops`` in order in the caller's transaction (which holds the point's lock).

    Every operation is applied, refused or replayed exactly as if it came alone after the ones
    before it: a refusal rolls back that operation only. A key already stored (earlier, or
    earlier in ``ops``) is a replay.

    ``careful=False`` is the first pass of the usual case, every operation new and applicable: no
    lookup of the keys first and no savepoint. It raises ``Retry`` at the first refusal, or when
    storing the answers finds a key already there (a replay, or the same key committed meanwhile
    by another request); the caller then rolls back and calls again with ``careful=True``.
    """
    return _InOrder(session, point, user, ops, careful).run()


@dataclass(frozen=True)
class _Answer:
    """An answer stored with its key (``OperationRecord``), as a replay needs it."""

    point_id: str
    body_hash: str
    status: int
    result: str  # JSON


class _InOrder:
    """Careful: operations are applied together in one savepoint; when one is refused, that
    savepoint is rolled back and the operations up to it are applied again one savepoint each (the
    refused one is refused again in its own, and its refusal stored), then the rest together
    again. Not careful: all together in the caller's transaction, without looking the keys up
    (``Retry`` if that was wrong). Either way the ledger rows and stored answers go in as one
    multi-row insert each, the feed rows as one upsert per entity kind."""

    def __init__(self, session: Session, point: Point, user: Sender, ops: Sequence[Submitted], careful: bool) -> None:
        self.session, self.point, self.user, self.ops, self.careful = session, point, user, ops, careful
        self.known: dict[str, _Answer] = {}
        if careful:
            r = OperationRecord
            rows = session.execute(
                select(r.key, r.point_id, r.body_hash, r.status_code, r.result).where(
                    r.key.in_(sorted({op.key for op in ops}))
                )
            )
            self.known = {key: _Answer(*answer) for key, *answer in rows}
        self.found = _prefetch(session, [op for op in ops if op.key not in self.known])
        self.outcomes: list[Outcome] = []
        self.shipments: dict[str, Shipment] = {}  # touched by applied operations: their feed snapshots
        self.waybills: dict[str, Waybill] = {}

    def run(self) -> list[Outcome]:
        start = 0
        while start < len(self.ops):
            refused_at = self._together(start)
            if refused_at is None:
                break
            if not self.careful:
                raise Retry
            for op in self.ops[start : refused_at + 1]:
                self._alone(op)
            start = refused_at + 1
        self.session.flush()  # a shipment made here is persistent: its snapshot reads its customer and waybill
        waybills = [(number, snapshots.waybill_data(w)) for number, w in self.waybills.items()]
        feed.record_many(self.session, self.point, "waybill", waybills)
        shipments = [(posting, snapshots.shipment_data(s)) for posting, s in self.shipments.items()]
        feed.record_many(self.session, self.point, "shipment", shipments)
        return self.outcomes

    def _together(self, start: int) -> int | None:
        """``ops[start:]`` together (careful: in one savepoint): None when none was refused, else the
        index of the first refusal (careful: the savepoint rolled back, nothing of ``ops[start:]``
        stays; not careful: the caller's transaction must be rolled back)."""
        outcomes: list[Outcome] = []
        events: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        appliers: list[Applier] = []
        savepoint = self.session.begin_nested() if self.careful else None
        for i in range(start, len(self.ops)):
            op = self.ops[i]
            replay = self._replay(op)
            if replay is not None:
                outcomes.append(replay)
                continue
            applier = Applier(self.session, self.point, self.user, op.key, op.payload, self.found)
            try:
                body = applier.apply(op.kind)
            except (DomainError, ValueError, TypeError, KeyError):
                if savepoint is not None:
                    savepoint.rollback()
                for record in records:
                    del self.known[record["key"]]
                return i
            outcomes.append(Outcome(200, body))
            records.append(self._store(op, outcomes[-1]))
            events += applier.events
            appliers.append(applier)
        self._insert(ShipmentEvent, events)
        self._insert_answers(records)
        if savepoint is not None:
            savepoint.commit()
        self.outcomes += outcomes
        for applier in appliers:
            self._touched(applier)
        return None

    def _alone(self, op: Submitted) -> None:
        replay = self._replay(op)
        if replay is not None:
            self.outcomes.append(replay)
            return
        applier = Applier(self.session, self.point, self.user, op.key, op.payload, self.found)
        try:
            with self.session.begin_nested():
                outcome = Outcome(200, applier.apply(op.kind))
                self._insert(ShipmentEvent, applier.events)
            self._touched(applier)
        except DomainError as exc:
            outcome = Outcome(409, refusal(op.key, exc.message, exc.code, getattr(exc, "posting", None)))
        except (ValueError, TypeError, KeyError) as exc:
            reason = f"Операция с неверными данными не принята ({type(exc).__name__})."
            outcome = Outcome(409, refusal(op.key, reason, "bad_input", None))
        self._insert(OperationRecord, [self._store(op, outcome)])
        self.outcomes.append(outcome)

    def _replay(self, op: Submitted) -> Outcome | None:
        done = self.known.get(op.key)
        if done is None:
            return None
        if done.point_id != self.point.id or done.body_hash != op.body_hash:
            return Outcome(422, refusal(op.key, KEY_REUSED, "key_reused", None))
        return Outcome(done.status, json.loads(done.result), replayed=True)

    def _store(self, op: Submitted, outcome: Outcome) -> dict[str, Any]:
        """Keep the answer with the key (a replay gets it again); returns its row to insert."""
        result = json.dumps(outcome.body, ensure_ascii=False)
        self.known[op.key] = _Answer(self.point.id, op.body_hash, outcome.status, result)
        return {
            "key": op.key,
            "point_id": self.point.id,
            "user_id": self.user.id,
            "kind": op.kind,
            "body_hash": op.body_hash,
            "status_code": outcome.status,
            "result": result,
        }

    def _insert_answers(self, records: list[dict[str, Any]]) -> None:
        """The answers with their keys. Careful: the keys were looked up under the point's lock, so
        a plain insert. Not careful: a key already stored is skipped by the insert and means ``Retry``."""
        if not records:
            return
        if self.careful:
            self._insert(OperationRecord, records)
            return
        stored = self.session.execute(_claim_keys(self.session.get_bind().dialect.name), records).all()
        if len(stored) != len(records):
            raise Retry

    def _insert(self, entity: type[ShipmentEvent] | type[OperationRecord], rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(entity.__table__), rows)

    def _touched(self, applier: Applier) -> None:
        self.shipments.update(applier.shipments)
        self.waybills.update(applier.waybills)


@functools.cache
def _claim_keys(dialect: str) -> Insert:
    """``INSERT … ON CONFLICT (key) DO NOTHING RETURNING key`` of stored answers, in the dialect's form:
    the keys it returns are the ones stored now."""
    table = OperationRecord.__table__
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_nothing(index_elements=[table.c.key]).returning(table.c.key)


def _postings(payload: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for t in payload.get("transitions") or []:
        if isinstance(t, Mapping):
            details = t.get("details")
            names.add(str(t.get("posting")))
            if isinstance(details, Mapping) and details.get("parent"):
                names.add(str(details["parent"]))
    return names


def _prefetch(session: Session, ops: Sequence[Submitted]) -> dict[str, Shipment]:
    """Load the shipments the operations name with what their feed snapshots read (lines, customer
    and their code here, waybill, outbound record): one query per chunk of postings, instead of
    several queries per operation."""
    postings = sorted(set().union(*(_postings(op.payload) for op in ops)))
    found: dict[str, Shipment] = {}
    for i in range(0, len(postings), PREFETCH_CHUNK):
        shipments = session.scalars(
            select(Shipment)
            .where(Shipment.posting_number.in_(postings[i : i + PREFETCH_CHUNK]))
            .options(
                joinedload(Shipment.items),
                joinedload(Shipment.customer),
                joinedload(Shipment.pickup_code),
                joinedload(Shipment.waybill),
                joinedload(Shipment.outbound),
            )
        ).unique()
        found.update((s.posting_number, s) for s in shipments)
    return found
