"""Issuance (выдача), only by the customer's pickup code.

The lookup shows the customer card at once. Each parcel taken from its cell is scanned to
confirm it; a parcel of another customer is refused loudly. 18+ parcels need an ID check.
Refused lines split off to return. Completing writes everything in one transaction.
Five wrong pickup codes in a row from one counter lock the lookup for a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.clock import to_local
from pvz_desktop.core.errors import BadInput, LookupLocked, NotFound, StateConflict, WrongCustomer
from pvz_desktop.core.money import format_rub
from pvz_desktop.core.pickup_codes import matches
from pvz_desktop.core.statuses import Action, Creation, ShipmentStatus
from pvz_desktop.core.text import Text, listing, msg, word
from pvz_desktop.store.models import Cell, Customer, PickupLockout, Shipment, ShipmentItem
from pvz_desktop.workflows import card_history, fitting
from pvz_desktop.workflows.card_history import CardLine
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import expect_kind
from pvz_desktop.workflows.fitting import Fitting, HandOut
from pvz_desktop.workflows.operation import Operation, operation
from pvz_desktop.workflows.shift import ensure_shift_open
from pvz_desktop.workflows.views import ItemView, ShipmentView, item_view, shipment_view

WORKFLOW = "issuance"
S = ShipmentStatus


class PaymentMethod(StrEnum):
    CARD = "card"
    CASH = "cash"
    PREPAID = "prepaid"

    @property
    def label(self) -> str:
        return {"card": word("картой"), "cash": word("наличными"), "prepaid": word("предоплачено")}[self.value]


def checked_payment(due: int, method: PaymentMethod | str | None, tendered: int | None) -> tuple[PaymentMethod, int]:
    """The method and the money tendered for ``due`` kopecks, or a message saying what is wrong."""
    if due == 0:
        return PaymentMethod.PREPAID, 0
    if method is None or PaymentMethod(method) is PaymentMethod.PREPAID:
        raise BadInput(msg("К оплате {due}: выберите способ оплаты — картой или наличными.", due=format_rub(due)))
    method = PaymentMethod(method)
    tendered = due if tendered is None else tendered
    if tendered < due:
        raise BadInput(
            msg("Получено {tendered}, а к оплате {due}.", tendered=format_rub(tendered), due=format_rub(due))
        )
    if method is PaymentMethod.CARD and tendered != due:
        raise BadInput(msg("По карте списывается ровно сумма к оплате."))
    return method, tendered


@dataclass(frozen=True)
class CustomerCard:
    customer_id: str
    customer_name: str
    phone_last4: str
    ready: tuple[ShipmentView, ...]  # on the shelf: the only parcels that can be issued
    in_transit: tuple[CardLine, ...]
    completed: tuple[CardLine, ...]  # the latest first
    on_fitting: tuple[ShipmentView, ...] = ()  # in the fitting room: scanned back, they are ready again
    fitting: Fitting | None = None  # the customer's fitting timer while any parcel is on fitting

    @property
    def cells(self) -> tuple[str, ...]:
        """Distinct cells to walk to, in order."""
        return tuple(sorted({s.cell for s in self.ready if s.cell}))

    @property
    def amount_due(self) -> int:
        return sum(s.amount_due for s in self.ready)


class FittingElsewhere(StateConflict):
    """A parcel on another customer's fitting scanned at this card: the cashier goes back to that
    customer (``customer_id``) rather than being stopped."""

    def __init__(self, message: Text, customer_id: str) -> None:
        super().__init__(message)
        self.customer_id = customer_id


class RefusalReason(StrEnum):
    """Why the customer refuses goods at the counter (F7): one of a short list, or «другое» with text."""

    SIZE = "size"
    DEFECT = "defect"
    NOT_AS_DESCRIBED = "not_as_described"
    CHANGED_MIND = "changed_mind"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "size": word("не подошёл размер"),
            "defect": word("брак"),
            "not_as_described": word("не соответствует описанию"),
            "changed_mind": word("передумал"),
            "other": word("другое"),
        }[self.value]


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    note: str = ""  # the cashier's words; required for «другое»

    @property
    def text(self) -> str:
        """As printed and shown: «брак», «другое: …», «не подошёл размер (мал на размер)»."""
        if self.reason is RefusalReason.OTHER:
            return self.note
        return f"{self.reason.label} ({self.note})" if self.note else self.reason.label

    def as_details(self) -> dict[str, str]:
        return {"reason": self.reason.value, "note": self.note}


@dataclass(frozen=True)
class SlipLine:
    posting_number: str
    items: tuple[ItemView, ...]
    amount: int
    refusal: str = ""  # for refused lines: why, as printed


def slip_lines(
    posting: str, items: Sequence[ShipmentItem], refused_lines: Collection[int], amount: int, why: str
) -> tuple[SlipLine | None, SlipLine | None]:
    """One parcel on the slip: its issued line and its refused one (None where there is none).

    Built here alone, for the issuance and for its reprint from the ledger: every line refused
    means the whole parcel was refused (nothing issued, nothing paid)."""
    kept = tuple(item_view(i) for i in items if i.line_no not in refused_lines)
    gone = tuple(item_view(i) for i in items if i.line_no in refused_lines)
    issued = SlipLine(posting, kept, amount) if kept or not gone else None
    return issued, (SlipLine(posting, gone, 0, why) if gone else None)


def add_slip_lines(
    issued: list[SlipLine], refused: list[SlipLine], lines: tuple[SlipLine | None, SlipLine | None]
) -> None:
    """Add ``slip_lines``' answer to the slip's two lists."""
    if lines[0] is not None:
        issued.append(lines[0])
    if lines[1] is not None:
        refused.append(lines[1])


@dataclass(frozen=True)
class IssuanceSlip:
    """Everything the printed issuance slip needs."""

    op_id: str
    point_name: str
    employee_name: str
    issued_at: datetime  # UTC
    customer_name: str
    issued: tuple[SlipLine, ...]
    refused: tuple[SlipLine, ...]
    total: int
    payment_method: PaymentMethod
    tendered: int
    change: int

    @property
    def issued_at_local(self) -> datetime:
        return to_local(self.issued_at)


def _lockout(session: Session, workstation: str) -> PickupLockout:
    row = session.get(PickupLockout, workstation)
    if row is None:
        row = PickupLockout(workstation=workstation, failures=0)
        session.add(row)
    return row


def _card_rows(*where: ColumnElement[bool]) -> Select[Any]:
    columns = (Shipment.id, Shipment.posting_number, Shipment.order_number, Shipment.status, Cell.code)
    more = (Shipment.amount_due, Shipment.adult_only, Shipment.storage_deadline)
    return select(*columns, *more).outerjoin(Cell, Cell.id == Shipment.cell_id).where(*where)


# The card is read on every pickup-code scan: statements built once, plain rows instead of ORM
# objects (together half of the lookup's time).
_MINE = Shipment.customer_id == bindparam("customer")
# Ready and on fitting in one read: a card without a fitting costs no extra query.
_READY_ROWS = _card_rows(_MINE, Shipment.status.in_((S.STORED.value, S.ON_FITTING.value))).order_by(
    Shipment.posting_number
)
_ITEMS = (
    select(ShipmentItem.shipment_id, ShipmentItem.line_no, ShipmentItem.name)
    .add_columns(ShipmentItem.qty, ShipmentItem.price, ShipmentItem.refused)
    .where(ShipmentItem.shipment_id.in_(bindparam("ids", expanding=True)))
    .order_by(ShipmentItem.line_no)
)


# The read half of a lookup runs on every pickup-code scan: two plain-row reads instead of two
# ORM objects built through the identity map (together a third of the card's read).
_LOCKOUT_ROW = select(PickupLockout.failures, PickupLockout.locked_until).where(
    PickupLockout.workstation == bindparam("workstation")
)
_CUSTOMER_ROW = select(
    Customer.id, Customer.display_name, Customer.phone_last4, Customer.pickup_verifier, Customer.pickup_pin_date
).where(Customer.id == bindparam("customer"))

# A customer or a lockout as an ORM object (the write half) or as a plain row (the read half).
CustomerRow = Customer | Row[Any]
LockoutRow = PickupLockout | Row[Any]


def _card(session: Session, customer: CustomerRow, ctx: WorkflowContext) -> CustomerCard:
    shipments = session.execute(_READY_ROWS, {"customer": customer.id}).all()
    stored = [r.id for r in shipments]
    items: dict[int, list[ItemView]] = {}
    if stored:
        for sid, *line in session.execute(_ITEMS, {"ids": stored}):
            items.setdefault(sid, []).append(ItemView(*line))

    def view(r: Row[Any]) -> ShipmentView:
        return ShipmentView(
            posting_number=r.posting_number,
            order_number=r.order_number,
            status=S(r.status),
            cell=r.code,
            customer_id=customer.id,
            customer_name=customer.display_name,
            amount_due=r.amount_due,
            adult_only=r.adult_only,
            storage_deadline=r.storage_deadline,
            items=tuple(items.get(r.id, ())),
        )

    ready = tuple(view(r) for r in shipments if r.status == S.STORED)
    on_fitting = tuple(view(r) for r in shipments if r.status == S.ON_FITTING)
    fitting_now = fitting.open_fittings(session, ctx, customer.id) if on_fitting else ()
    return CustomerCard(
        customer_id=customer.id,
        customer_name=customer.display_name,
        phone_last4=customer.phone_last4,
        ready=ready,
        in_transit=card_history.in_transit(session, customer.id),
        completed=card_history.completed(session, customer.id, {ctx.actor.employee_id: ctx.actor.employee_name}),
        on_fitting=on_fitting,
        fitting=fitting_now[0] if fitting_now else None,
    )


def card_of(ctx: WorkflowContext, customer_id: str) -> CustomerCard:
    """A customer's card by their id, without a code: only for the way back to a customer whose
    parcels are on fitting (``IssuanceSession.for_fitting``), who showed their code to get them."""
    with ctx.store.read() as session:
        customer = session.execute(_CUSTOMER_ROW, {"customer": customer_id}).first()
        if customer is None:
            raise NotFound(msg("Покупатель {customer} не найден.", customer=customer_id))
        return _card(session, customer, ctx)


def _refuse_if_locked(row: LockoutRow | None, now: datetime, ctx: WorkflowContext) -> None:
    if row is not None and row.locked_until is not None and row.locked_until > now:
        seconds = int((row.locked_until - now).total_seconds()) + 1
        raise LookupLocked(
            msg(
                "Поиск по коду заблокирован на {seconds} с: введено {failures} неверных кодов подряд. "
                "Попросите покупателя открыть код в приложении.",
                seconds=seconds,
                failures=ctx.rules.pickup_failures_to_lock,
            )
        )


def _valid(ctx: WorkflowContext, customer: CustomerRow | None, pin: str, now: datetime) -> bool:
    """The code is the customer's for today: its verifier recomputed under the point's key (one
    HMAC, a constant-time compare). A code of another day, or of none, is wrong like any other."""
    key = ctx.pickup_key()
    if customer is None or key is None:
        return False
    today = to_local(now).date()
    return matches(key, customer.id, pin, today, customer.pickup_verifier, customer.pickup_pin_date)


OnMiss = Callable[[Callable[[], CustomerCard]], CustomerCard]


def here(write: Callable[[], CustomerCard]) -> CustomerCard:
    """Run the writing half of a lookup on the calling thread (the default ``on_miss``)."""
    return write()


def lookup(ctx: WorkflowContext, code: str | Barcode, on_miss: OnMiss = here) -> CustomerCard:
    """The one way to answer a pickup code: the customer's card, or a refusal to show.

    It reads first. Only when the answer must write (a wrong code is counted and locks the
    counter after too many; a right one after wrong ones resets the count) does the writing
    half run, handed to ``on_miss``: the window runs it on its writer thread, so it knows the
    lookup wrote. A code already classified by the scan router is not classified again.
    """
    pickup = code if isinstance(code, Barcode) else ctx.profile.classify(code)
    if pickup.kind is not BarcodeKind.PICKUP_CODE:
        pickup = expect_kind(ctx.profile, pickup.code, BarcodeKind.PICKUP_CODE)  # raises its message
    customer_id, pin = pickup.code.split("*")
    card = _read_card(ctx, customer_id, pin)
    if card is not None:
        return card
    return on_miss(lambda: _count_lookup(ctx, customer_id, pin))


def _read_card(ctx: WorkflowContext, customer_id: str, pin: str) -> CustomerCard | None:
    """The card by a right code, reading only; None when the answer must write."""
    now = ctx.now()
    with ctx.store.read() as session:
        row = session.execute(_LOCKOUT_ROW, {"workstation": ctx.actor.workstation}).first()
        _refuse_if_locked(row, now, ctx)
        customer = session.execute(_CUSTOMER_ROW, {"customer": customer_id}).first()
        if _valid(ctx, customer, pin, now) and (row is None or row.failures == 0):
            assert customer is not None  # _valid said so
            return _card(session, customer, ctx)
    return None


def _count_lookup(ctx: WorkflowContext, customer_id: str, pin: str) -> CustomerCard:
    """The writing half of ``lookup``: count a wrong code (locking after too many), reset on a right one."""
    now = ctx.now()
    with operation(ctx, WORKFLOW, "pickup_lookup") as op:
        op.push = False  # counter-local security state, nothing for the server
        lock = _lockout(op.session, ctx.actor.workstation)
        # Checked again inside the write: a read that ran beside other writes may be stale.
        _refuse_if_locked(lock, now, ctx)
        customer = op.session.get(Customer, customer_id)
        if _valid(ctx, customer, pin, now):
            lock.failures, lock.locked_until = 0, None
            return _card(op.session, customer, ctx)
        lock.failures += 1
        if lock.failures >= ctx.rules.pickup_failures_to_lock:
            lock.failures, lock.locked_until = 0, now + timedelta(seconds=ctx.rules.pickup_lock_seconds)
            op.record("pickup_lookup_locked", customer=customer_id)  # never the code itself
    # The message names the customer, not the code: it is shown, and may reach a log or a report.
    raise NotFound(
        msg(
            "Код получения покупателя {customer} не подходит или устарел: попросите показать сегодняшний код.",
            customer=customer_id,
        )
    )


def checked_refusal(reason: RefusalReason | str | None, note: str = "") -> Refusal:
    """The refusal's reason from the short list; «другое» needs the cashier's words."""
    note = " ".join(note.split())[:200]
    try:
        why = RefusalReason(reason) if reason is not None else None
    except ValueError:
        why = None
    if why is None:
        labels = listing([r.label for r in RefusalReason])  # each reason in the window's language
        raise BadInput(msg("Укажите причину отказа: {labels}.", labels=labels))
    if why is RefusalReason.OTHER and not note:
        raise BadInput(msg("Причина отказа «другое»: напишите, почему покупатель отказывается."))
    return Refusal(why, note)


@dataclass
class IssuanceSession:
    """One customer at the counter: confirmations, ID checks and refusals, then completion."""

    ctx: WorkflowContext
    card: CustomerCard
    confirmed: list[str] = field(default_factory=list)
    age_checked: set[str] = field(default_factory=set)
    refused_lines: dict[str, set[int]] = field(default_factory=dict)
    refusals: dict[str, Refusal] = field(default_factory=dict)  # posting -> why its lines are refused

    @classmethod
    def start(cls, ctx: WorkflowContext, code: str | Barcode, on_miss: OnMiss = here) -> IssuanceSession:
        """A customer's session from their pickup code (``lookup``: it writes only on a miss)."""
        return cls(ctx, lookup(ctx, code, on_miss))

    @classmethod
    def for_fitting(cls, ctx: WorkflowContext, raw: str) -> IssuanceSession:
        """Back to the customer whose fitting holds the scanned parcel (no code: see ``card_of``);
        the parcel is taken back from fitting at once, as a scan on their card would."""
        session = cls(ctx, card_of(ctx, fitting.customer_on_fitting(ctx, raw)))
        session.scan(raw)
        return session

    def to_fitting(self, postings: Collection[str] | None = None) -> HandOut:
        """Hand parcels to the customer for fitting: those scanned (``confirmed``) unless named."""
        chosen = list(self.confirmed if postings is None else postings)
        views = [self._ready(p) for p in chosen]
        unchecked = [v.posting_number for v in views if v.adult_only and v.posting_number not in self.age_checked]
        if unchecked:
            raise BadInput(
                msg(
                    "Проверьте паспорт: отправление {posting} 18+. Подтвердите проверку возраста.", posting=unchecked[0]
                )
            )
        out = fitting.hand_out(self.ctx, self.card.customer_id, chosen)
        gone = set(chosen)
        self.confirmed = [p for p in self.confirmed if p not in gone]
        for p in gone:
            self.refused_lines.pop(p, None)
            self.refusals.pop(p, None)
        self.card = replace(
            self.card,
            ready=tuple(s for s in self.card.ready if s.posting_number not in gone),
            on_fitting=tuple(
                sorted(
                    (*self.card.on_fitting, *(replace(v, status=S.ON_FITTING) for v in views)),
                    key=lambda v: v.posting_number,
                )
            ),
            fitting=out.fitting,
        )
        return out

    def _back_from_fitting(self, posting: str) -> ShipmentView:
        """Scanned back from the fitting room: ready again and confirmed for this issuance."""
        fitting.take_back(self.ctx, self.card.customer_id, posting)
        [view] = [replace(v, status=S.STORED) for v in self.card.on_fitting if v.posting_number == posting]
        left = tuple(v for v in self.card.on_fitting if v.posting_number != posting)
        timer = None
        if left:
            with self.ctx.store.read() as session:
                found = fitting.open_fittings(session, self.ctx, self.card.customer_id)
            timer = found[0] if found else None
        ready = tuple(sorted((*self.card.ready, view), key=lambda v: v.posting_number))
        self.card = replace(self.card, ready=ready, on_fitting=left, fitting=timer)
        self.confirmed.append(posting)
        return view

    def shows_any(self, postings: Collection[str]) -> bool:
        """Whether the card lists any of ``postings`` (ready, on fitting, in transit or completed)."""
        c = self.card
        return any(v.posting_number in postings for v in (*c.ready, *c.on_fitting, *c.in_transit, *c.completed))

    def reread(self) -> None:
        """The card read again after another counter changed its parcels (a pulled change): a parcel
        no longer ready leaves the session with its confirmation, ID check and refusal."""
        self.card = card_of(self.ctx, self.card.customer_id)
        ready = {v.posting_number for v in self.card.ready}
        self.confirmed = [p for p in self.confirmed if p in ready]
        self.age_checked &= ready
        self.refused_lines = {p: lines for p, lines in self.refused_lines.items() if p in ready}
        self.refusals = {p: why for p, why in self.refusals.items() if p in ready}

    def extended(self, posting: str, deadline: datetime) -> None:
        """The parcel's storage was extended while its card is open: the card shows the new deadline."""
        ready = tuple(
            replace(s, storage_deadline=deadline) if s.posting_number == posting else s for s in self.card.ready
        )
        self.card = replace(self.card, ready=ready)

    def _ready(self, posting: str) -> ShipmentView:
        for s in self.card.ready:
            if s.posting_number == posting:
                return s
        raise NotFound(msg("Отправление {posting} не в списке к выдаче.", posting=posting))

    def scan(self, raw: str) -> ShipmentView:
        """Confirm a parcel taken from its cell. Another customer's parcel is refused loudly."""
        posting = expect_kind(self.ctx.profile, raw, BarcodeKind.SHIPMENT).code
        if posting in self.confirmed:
            return self._ready(posting)
        if any(v.posting_number == posting for v in self.card.on_fitting):
            return self._back_from_fitting(posting)
        for s in self.card.ready:
            if s.posting_number == posting:
                self.confirmed.append(posting)
                return s
        with self.ctx.store.read() as session:
            other = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
            view = shipment_view(other) if other is not None else None
        if view is None:
            raise NotFound(msg("Отправление {posting} не найдено. Не выдавайте его.", posting=posting))
        if view.customer_id != self.card.customer_id and view.status is S.ON_FITTING and view.customer_id:
            raise FittingElsewhere(
                msg(
                    "{posting} — с примерки другого покупателя ({name}): открыта его карточка.",
                    posting=posting,
                    name=view.customer_name,
                ),
                view.customer_id,
            )
        if view.customer_id != self.card.customer_id:
            where = msg(" Верните его в ячейку {cell}.", cell=view.cell) if view.cell else ""
            raise WrongCustomer(
                msg(
                    "СТОП! {posting} — отправление ДРУГОГО покупателя. Не выдавайте его.{where}",
                    posting=posting,
                    where=where,
                )
            )
        raise StateConflict(msg("{shipment}. Выдать его нельзя.", shipment=view.describe()))

    def unconfirm(self, posting: str) -> None:
        if posting in self.confirmed:
            self.confirmed.remove(posting)

    def confirm_age(self, posting: str) -> None:
        """The cashier checked the customer's ID for an 18+ parcel."""
        if not self._ready(posting).adult_only:
            raise BadInput(msg("Отправление {posting} не требует проверки возраста.", posting=posting))
        self.age_checked.add(posting)

    def refuse_lines(
        self, posting: str, line_nos: set[int], reason: RefusalReason | str | None = None, note: str = ""
    ) -> None:
        """The customer refuses these lines of a parcel at the counter, for ``reason``
        (``note`` is required for «другое»). An empty set takes the refusal back."""
        shipment = self._ready(posting)
        known = {i.line_no for i in shipment.items}
        if not line_nos <= known:
            raise BadInput(
                msg("В отправлении {posting} нет строк {lines}.", posting=posting, lines=sorted(line_nos - known))
            )
        if not line_nos:
            self.refused_lines.pop(posting, None)
            self.refusals.pop(posting, None)
            return
        refusal = checked_refusal(reason, note)
        self.refused_lines[posting] = set(line_nos)
        self.refusals[posting] = refusal

    def amount_for(self, shipment: ShipmentView) -> int:
        """What the customer pays for a parcel after refused lines (prepaid stays 0)."""
        if shipment.amount_due == 0:
            return 0
        refused = self.refused_lines.get(shipment.posting_number, set())
        refused_total = sum(i.total for i in shipment.items if i.line_no in refused)
        return max(0, shipment.amount_due - refused_total)

    @property
    def total_due(self) -> int:
        return sum(self.amount_for(self._ready(p)) for p in self.confirmed)

    def missing_age_checks(self) -> list[str]:
        return [p for p in self.confirmed if self._ready(p).adult_only and p not in self.age_checked]

    def complete(self, method: PaymentMethod | str | None = None, tendered: int | None = None) -> IssuanceSlip:
        if not self.confirmed:
            raise BadInput(msg("Отсканируйте отправления, которые выдаёте покупателю."))
        missing_age = self.missing_age_checks()
        if missing_age:
            raise BadInput(
                msg(
                    "Проверьте паспорт: отправление {posting} 18+. Подтвердите проверку возраста.",
                    posting=missing_age[0],
                )
            )
        total = self.total_due
        method, tendered = checked_payment(total, method, tendered)
        with operation(self.ctx, WORKFLOW, "issue") as op:
            ensure_shift_open(op.session, self.ctx)
            issued, refused = self._apply(op)
            op.record("payment", method=method.value, amount=total, tendered=tendered, customer=self.card.customer_id)
            op.payload.update(
                customer=self.card.customer_id,
                postings=list(self.confirmed),
                refused_lines={p: sorted(n) for p, n in self.refused_lines.items()},
                refusal_reasons={p: r.as_details() for p, r in self.refusals.items()},
                method=method.value,
                amount=total,
            )
            return IssuanceSlip(
                op_id=op.op_id,
                point_name=self.ctx.actor.point_name,
                employee_name=self.ctx.actor.employee_name or self.ctx.actor.employee_id,
                issued_at=op.now,
                customer_name=self.card.customer_name,
                issued=tuple(issued),
                refused=tuple(refused),
                total=total,
                payment_method=method,
                tendered=tendered,
                change=tendered - total,
            )

    def _apply(self, op: Operation) -> tuple[list[SlipLine], list[SlipLine]]:
        issued: list[SlipLine] = []
        refused: list[SlipLine] = []
        for posting in self.confirmed:
            view = self._ready(posting)
            shipment = op.session.scalar(
                select(Shipment).where(Shipment.posting_number == posting).options(selectinload(Shipment.items))
            )
            if shipment is None or shipment.customer_id != self.card.customer_id:
                raise WrongCustomer(msg("Отправление {posting} не принадлежит этому покупателю.", posting=posting))
            if shipment.status != S.STORED:
                raise StateConflict(
                    msg(
                        "Отправление {posting} уже не на хранении (статус «{status}»). Обновите карточку покупателя.",
                        posting=posting,
                        status=Text.of(S(shipment.status).label),
                    )
                )
            lines = self.refused_lines.get(posting, set())
            cell = shipment.cell.code if shipment.cell else None
            why = self.refusals.get(posting)
            reason = why.as_details() if why else {}
            if lines and lines >= {i.line_no for i in shipment.items}:
                op.transition(shipment, Action.REFUSE, cell=cell, lines=sorted(lines), **reason)
                op.transition(shipment, Action.SEND_TO_RETURN, reason="refused_at_counter")
                shipment.cell_id, shipment.cell = None, None
                add_slip_lines(issued, refused, slip_lines(posting, shipment.items, lines, 0, why.text if why else ""))
                continue
            if lines:
                self._split_refusal(op, shipment, lines, reason)
            op.transition(
                shipment,
                Action.ISSUE,
                cell=cell,
                amount=self.amount_for(view),
                refused_lines=sorted(lines),
                **({"refusal": reason} if reason else {}),
            )
            for item in shipment.items:
                item.refused = item.line_no in lines
            shipment.issued_at = op.now
            shipment.cell_id, shipment.cell = None, None
            why_text = why.text if why else ""
            add_slip_lines(issued, refused, slip_lines(posting, shipment.items, lines, self.amount_for(view), why_text))
        return issued, refused

    def _split_refusal(self, op: Operation, shipment: Shipment, lines: set[int], reason: dict[str, str]) -> None:
        """Refused lines of a partly issued parcel become their own shipment, to return."""
        child = Shipment(
            posting_number=f"{shipment.posting_number}/R",
            order_number=shipment.order_number,
            customer_id=shipment.customer_id,
            status=S.TO_RETURN.value,
            amount_due=0,
            waybill_id=shipment.waybill_id,
            parent_id=shipment.id,
            received_at=op.now,
            created_at=op.now,
            items=[
                ShipmentItem(line_no=i.line_no, name=i.name, qty=i.qty, price=i.price, refused=True)
                for i in shipment.items
                if i.line_no in lines
            ],
        )
        op.create(child, Creation.SPLIT_REFUSAL, parent=shipment.posting_number, lines=sorted(lines), **reason)
