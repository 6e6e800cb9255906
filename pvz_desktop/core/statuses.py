"""Shipment statuses and every allowed transition (DESIGN §3).

This module is the single owner of the transition table: workflows ask it, the central
server asks it too, so the two sides can never disagree on what is allowed.
"""

from __future__ import annotations

from enum import StrEnum

from pvz_desktop.core.errors import IllegalTransition
from pvz_desktop.core.text import Text, msg, word


class ShipmentStatus(StrEnum):
    EXPECTED = "expected"
    RECEIVED = "received"
    STORED = "stored"
    ISSUED = "issued"
    MISSING = "missing"
    UNEXPECTED = "unexpected"
    REFUSED = "refused"
    EXPIRED = "expired"
    TO_RETURN = "to_return"
    IN_RETURN_BOX = "in_return_box"
    RETURNED_TO_CARRIER = "returned_to_carrier"
    LOST = "lost"
    # Handed to the customer for the fitting room: at the point, in the customer's hands.
    ON_FITTING = "on_fitting"
    # Outbound: parcels handed in at the point for sending (seller supplies, C2C parcels).
    ANNOUNCED = "announced"
    DROPPED_OFF = "dropped_off"
    IN_BAG = "in_bag"
    HANDED_TO_COURIER = "handed_to_courier"
    REFUSED_AT_DROPOFF = "refused_at_dropoff"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[ShipmentStatus, str] = {
    ShipmentStatus.EXPECTED: word("ожидается"),
    ShipmentStatus.RECEIVED: word("принято"),
    ShipmentStatus.STORED: word("на хранении"),
    ShipmentStatus.ISSUED: word("выдано"),
    ShipmentStatus.MISSING: word("не пришло"),
    ShipmentStatus.UNEXPECTED: word("пришло без накладной"),
    ShipmentStatus.REFUSED: word("отказ"),
    ShipmentStatus.EXPIRED: word("срок хранения истёк"),
    ShipmentStatus.TO_RETURN: word("к возврату"),
    ShipmentStatus.IN_RETURN_BOX: word("в возвратной таре"),
    ShipmentStatus.RETURNED_TO_CARRIER: word("передано перевозчику"),
    ShipmentStatus.LOST: word("утеряно"),
    ShipmentStatus.ON_FITTING: word("на примерке"),
    ShipmentStatus.ANNOUNCED: word("заявлено к отправке"),
    ShipmentStatus.DROPPED_OFF: word("принято к отправке"),
    ShipmentStatus.IN_BAG: word("в мешке на отправку"),
    ShipmentStatus.HANDED_TO_COURIER: word("передано курьеру"),
    ShipmentStatus.REFUSED_AT_DROPOFF: word("не принято к отправке"),
}


class Action(StrEnum):
    ACCEPT = "accept"
    MARK_MISSING = "mark_missing"
    RESOLVE = "resolve"
    PLACE = "place"
    MOVE = "move"
    ISSUE = "issue"
    REFUSE = "refuse"
    EXPIRE = "expire"
    EXTEND = "extend"
    SEND_TO_RETURN = "send_to_return"
    CUSTOMER_RETURN = "customer_return"
    PACK = "pack"
    UNPACK = "unpack"
    HANDOVER = "handover"
    LOSE = "lose"
    FIND = "find"
    DROP_OFF = "drop_off"
    REFUSE_DROPOFF = "refuse_dropoff"
    BAG = "bag"
    UNBAG = "unbag"
    HAND_TO_COURIER = "hand_to_courier"
    ANNUL = "annul"
    FIT = "fit"
    FITTING_BACK = "fitting_back"


class Creation(StrEnum):
    """How a shipment enters the point without a status before (a transition ``from`` None): the
    wire action of such a transition, which the server accepts instead of an ``Action``."""

    ARRIVED_UNEXPECTED = "arrived_unexpected"  # scanned at acceptance, in no waybill
    SPLIT_REFUSAL = "split_refusal"  # the refused lines of a partly issued parcel, as their own parcel


ACTION_LABELS: dict[Action, str] = {
    Action.ACCEPT: word("принять"),
    Action.MARK_MISSING: word("отметить как не пришедшее"),
    Action.RESOLVE: word("оприходовать"),
    Action.PLACE: word("разместить"),
    Action.MOVE: word("переместить"),
    Action.ISSUE: word("выдать"),
    Action.REFUSE: word("оформить отказ"),
    Action.EXPIRE: word("отметить истёкшим"),
    Action.EXTEND: word("продлить хранение"),
    Action.SEND_TO_RETURN: word("отправить в возврат"),
    Action.CUSTOMER_RETURN: word("принять возврат"),
    Action.PACK: word("упаковать в возвратную тару"),
    Action.UNPACK: word("вынуть из возвратной тары"),
    Action.HANDOVER: word("передать перевозчику"),
    Action.LOSE: word("отметить утерянным"),
    Action.FIND: word("отметить найденным"),
    Action.DROP_OFF: word("принять к отправке"),
    Action.REFUSE_DROPOFF: word("отказать в приёме к отправке"),
    Action.BAG: word("положить в мешок на отправку"),
    Action.UNBAG: word("вынуть из мешка на отправку"),
    Action.HAND_TO_COURIER: word("передать курьеру"),
    Action.ANNUL: word("аннулировать"),
    Action.FIT: word("отдать на примерку"),
    Action.FITTING_BACK: word("принять с примерки"),
}

S = ShipmentStatus
# (from, action) -> to. Anything not listed is refused.
TRANSITIONS: dict[tuple[ShipmentStatus, Action], ShipmentStatus] = {
    (S.EXPECTED, Action.ACCEPT): S.RECEIVED,
    (S.EXPECTED, Action.MARK_MISSING): S.MISSING,
    # A parcel marked missing that turns up in a later delivery is accepted then.
    (S.MISSING, Action.ACCEPT): S.RECEIVED,
    (S.UNEXPECTED, Action.RESOLVE): S.RECEIVED,
    (S.RECEIVED, Action.PLACE): S.STORED,
    (S.STORED, Action.MOVE): S.STORED,
    (S.STORED, Action.ISSUE): S.ISSUED,
    (S.STORED, Action.REFUSE): S.REFUSED,
    (S.REFUSED, Action.SEND_TO_RETURN): S.TO_RETURN,
    (S.STORED, Action.EXPIRE): S.EXPIRED,
    (S.EXPIRED, Action.SEND_TO_RETURN): S.TO_RETURN,
    # A storage extension that arrives after the sweep puts the parcel back on the shelf.
    (S.EXPIRED, Action.EXTEND): S.STORED,
    (S.STORED, Action.EXTEND): S.STORED,
    # The sweep sends an expired parcel on to return at once, but it stays on its shelf until it
    # is packed; an extension arriving in that window puts it back (workflows.expiry checks the shelf).
    (S.TO_RETURN, Action.EXTEND): S.STORED,
    (S.ISSUED, Action.CUSTOMER_RETURN): S.TO_RETURN,
    (S.TO_RETURN, Action.PACK): S.IN_RETURN_BOX,
    (S.IN_RETURN_BOX, Action.UNPACK): S.TO_RETURN,
    (S.IN_RETURN_BOX, Action.HANDOVER): S.RETURNED_TO_CARRIER,
    (S.STORED, Action.LOSE): S.LOST,
    # Annulled at the counter with the owner's confirmation: to return like an unclaimed parcel,
    # still on its shelf until it is packed.
    (S.STORED, Action.ANNUL): S.TO_RETURN,
    (S.LOST, Action.FIND): S.STORED,
    # The fitting room (workflows/fitting.py): handed to its customer, scanned back at the counter,
    # then issued, refused or left on the shelf like any stored parcel.
    (S.STORED, Action.FIT): S.ON_FITTING,
    (S.ON_FITTING, Action.FITTING_BACK): S.STORED,
    # Outbound. A parcel refused at drop-off (overweight, bad packaging) may be brought again.
    (S.ANNOUNCED, Action.DROP_OFF): S.DROPPED_OFF,
    (S.ANNOUNCED, Action.REFUSE_DROPOFF): S.REFUSED_AT_DROPOFF,
    (S.REFUSED_AT_DROPOFF, Action.DROP_OFF): S.DROPPED_OFF,
    (S.DROPPED_OFF, Action.BAG): S.IN_BAG,
    (S.IN_BAG, Action.UNBAG): S.DROPPED_OFF,
    # Loose parcels and whole bags alike leave with the courier.
    (S.DROPPED_OFF, Action.HAND_TO_COURIER): S.HANDED_TO_COURIER,
    (S.IN_BAG, Action.HAND_TO_COURIER): S.HANDED_TO_COURIER,
}

# Statuses in which a parcel is physically at the point.
ON_PREMISES: frozenset[ShipmentStatus] = frozenset(
    {
        S.RECEIVED,
        S.UNEXPECTED,
        S.STORED,
        S.ON_FITTING,
        S.REFUSED,
        S.EXPIRED,
        S.TO_RETURN,
        S.IN_RETURN_BOX,
        S.DROPPED_OFF,
        S.IN_BAG,
    }
)
# Statuses of parcels going out of the point (handed in for sending), not to a customer.
OUTBOUND: frozenset[ShipmentStatus] = frozenset(
    {S.ANNOUNCED, S.DROPPED_OFF, S.IN_BAG, S.HANDED_TO_COURIER, S.REFUSED_AT_DROPOFF}
)
# Statuses a customer sees as "on the way" on the issuance card.
IN_TRANSIT: frozenset[ShipmentStatus] = frozenset({S.EXPECTED, S.RECEIVED, S.UNEXPECTED})


def allowed_actions(status: ShipmentStatus) -> list[Action]:
    return [action for (frm, action) in TRANSITIONS if frm == status]


def next_status(current: ShipmentStatus | str, action: Action, *, posting: str = "") -> ShipmentStatus:
    """Return the status after ``action`` or raise IllegalTransition with a readable reason."""
    current = ShipmentStatus(current)
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        what = f"отправление {posting}" if posting else "отправление"
        raise IllegalTransition(
            msg(
                "Нельзя {action}: {what} в статусе «{current}».",
                action=Text.of(ACTION_LABELS[action]),
                what=what,
                current=Text.of(current.label),
            )
        ) from None
