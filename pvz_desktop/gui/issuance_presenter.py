"""What the Выдача tab shows, decided without Qt: the page only renders it.

The presenter gets each classified scan once (``take``) and says what to do with it: look the
customer up, confirm a parcel, or nothing. It numbers the lookups, so an answer overtaken by
a later customer's scan is dropped (``card_found``, ``refusal_shown``), and it decides, from
the card alone, which of the card's tabs opens and what the banner says. It also keeps the
session and its on-screen copy (``IssuanceState``, made on the worker thread by ``snapshot``).
No Qt here (an import-linter contract says so): tests/presenters/test_issuance.py drives it
as plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, IntEnum

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.workflows.fitting import Fitting, FittingTimer, clock_text
from pvz_desktop.workflows.issuance import CustomerCard, IssuanceSession
from pvz_desktop.workflows.views import ShipmentView


@dataclass(frozen=True)
class ReadyRow:
    """One parcel of the card as the table shows it."""

    shipment: ShipmentView
    confirmed: bool
    age_ok: bool
    refused_lines: frozenset[int]
    amount: int  # after refused lines


@dataclass(frozen=True)
class IssuanceState:
    """A copy of the session made on the worker thread: the GUI never reads the live session."""

    card: CustomerCard
    rows: tuple[ReadyRow, ...]
    confirmed: tuple[str, ...]
    total_due: int
    missing_age: tuple[str, ...]

    @property
    def confirmed_cells(self) -> tuple[str, ...]:
        return tuple(sorted({r.shipment.cell for r in self.rows if r.confirmed and r.shipment.cell}))


def snapshot(session: IssuanceSession) -> IssuanceState:
    rows = tuple(
        ReadyRow(
            shipment=s,
            confirmed=s.posting_number in session.confirmed,
            age_ok=s.posting_number in session.age_checked,
            refused_lines=frozenset(session.refused_lines.get(s.posting_number, set())),
            amount=session.amount_for(s),
        )
        for s in session.card.ready
    )
    return IssuanceState(
        card=session.card,
        rows=rows,
        confirmed=tuple(session.confirmed),
        total_due=session.total_due,
        missing_age=tuple(session.missing_age_checks()),
    )


class CardTab(IntEnum):
    """The card's tabs, in the order gui/card_tabs.py shows them."""

    READY = 0
    TRANSIT = 1
    DONE = 2


class CardAnswer(Enum):
    """What the banner says of a card just found (the page words it in the window's language)."""

    READY = "ready"  # «name: к выдаче n — ячейки …»
    IN_TRANSIT = "in_transit"  # «name: заказы ещё в пути (n), к выдаче ничего нет»
    NOTHING = "nothing"  # «name: к выдаче ничего нет»


@dataclass(frozen=True)
class Lookup:
    """Look the customer up by this code; ``number`` orders the answers. A shipment's code looks up
    the customer whose fitting holds it (the way back to a customer in the fitting room)."""

    number: int
    code: Barcode

    @property
    def by_parcel(self) -> bool:
        return self.code.kind is BarcodeKind.SHIPMENT


@dataclass(frozen=True)
class FittingShown:
    """The card's fitting line: which parcels, the time left (or over) and how loud it is."""

    postings: tuple[str, ...]
    clock: str  # «14:05» left, «−3:10» over
    timer: FittingTimer


def fitting_shown(fitting: Fitting | None, now: datetime) -> FittingShown | None:
    if fitting is None:
        return None
    return FittingShown(fitting.postings, clock_text(fitting.remaining(now)), fitting.timer(now))


@dataclass(frozen=True)
class Confirm:
    """Confirm this parcel of the customer on screen."""

    code: Barcode


@dataclass(frozen=True)
class CardShown:
    state: IssuanceState
    tab: CardTab
    answer: CardAnswer


def card_tab(card: CustomerCard) -> CardTab:
    """The tab a new card opens on: parcels to issue first, else what is on its way, else the past."""
    if card.ready or not (card.in_transit or card.completed):
        return CardTab.READY
    return CardTab.TRANSIT if card.in_transit else CardTab.DONE


def card_answer(card: CustomerCard) -> CardAnswer:
    if card.ready:
        return CardAnswer.READY
    return CardAnswer.IN_TRANSIT if card.in_transit else CardAnswer.NOTHING


class IssuancePresenter:
    def __init__(self) -> None:
        self.session: IssuanceSession | None = None  # used only inside worker calls
        self.state: IssuanceState | None = None
        # The code the customer on screen presented: kept in memory only, for the one question
        # the server answers with it (their parcels at other points).
        self.presented: str | None = None
        self._sent = 0  # every lookup gets the next number
        self._shown = 0  # the number of the lookup whose answer is on screen
        # The point's customers in the fitting room: while there are any, a parcel scanned with no
        # card on screen may be one of theirs coming back (else it goes to the router as before).
        self.fittings: tuple[Fitting, ...] = ()

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        if self.state is None and not self.fittings:
            return frozenset({BarcodeKind.PICKUP_CODE})
        return frozenset({BarcodeKind.PICKUP_CODE, BarcodeKind.SHIPMENT})

    def take(self, code: Barcode) -> Lookup | Confirm | None:
        """What a scan routed to this tab asks for."""
        if code.kind is BarcodeKind.SHIPMENT and self.session is not None:
            return Confirm(code)
        if code.kind is BarcodeKind.PICKUP_CODE or (code.kind is BarcodeKind.SHIPMENT and self.fittings):
            return self.back_to(code)
        return None

    def back_to(self, code: Barcode) -> Lookup:
        """A lookup numbered after every earlier one (also: a fitting parcel of another customer
        scanned on this card opens that customer's card)."""
        self._sent += 1
        return Lookup(self._sent, code)

    def card_found(self, lookup: Lookup, session: IssuanceSession, state: IssuanceState) -> CardShown | None:
        """The card to show, or None when a later scan's card is already on screen."""
        if lookup.number <= self._shown:
            return None
        self._shown = lookup.number
        # A card opened by a fitting parcel has no code presented: «Другие пункты» asks for it.
        self.session, self.state = session, state
        self.presented = None if lookup.by_parcel else lookup.code.code
        return CardShown(state, card_tab(state.card), card_answer(state.card))

    def refusal_shown(self, lookup: Lookup) -> bool:
        """A lookup's refusal is shown unless a later customer's card overtook it."""
        return lookup.number > self._shown

    def clear(self) -> None:
        """The customer left (issued or cancelled): the tab waits for the next code."""
        self.session, self.state, self.presented = None, None, None
