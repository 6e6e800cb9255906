"""Where a defect can be recorded, and which parcels each place fits.

The counter checks the exact moment (a return's parcel is an issued one, a drop-off's is one
handed in to be sent); the server checks again that the place fits the parcel's kind — inbound
or outbound — and not its exact status, which another counter may have moved on since.
"""

from __future__ import annotations

from enum import StrEnum

from pvz_desktop.core.statuses import OUTBOUND, ShipmentStatus
from pvz_desktop.core.text import word

S = ShipmentStatus


class DefectPlace(StrEnum):
    CARD = "card"  # the customer card's ready tab
    REFUSAL = "refusal"  # the customer refused it at issuance
    RETURN = "return"  # a customer return being received
    ACCEPTANCE = "acceptance"  # damaged in a courier's delivery
    DROPOFF = "dropoff"  # a parcel handed in to be sent

    @property
    def label(self) -> str:
        return {
            "card": word("в карточке покупателя"),
            "refusal": word("отказ при выдаче"),
            "return": word("возврат от покупателя"),
            "acceptance": word("приёмка"),
            "dropoff": word("приём к отправке"),
        }[self.value]


# The parcel's status at the counter when the defect is found there.
PLACE_STATUSES: dict[DefectPlace, frozenset[ShipmentStatus]] = {
    DefectPlace.CARD: frozenset({S.STORED}),
    DefectPlace.REFUSAL: frozenset({S.STORED}),
    DefectPlace.RETURN: frozenset({S.ISSUED, S.TO_RETURN}),
    DefectPlace.ACCEPTANCE: frozenset({S.RECEIVED, S.UNEXPECTED, S.STORED}),
    DefectPlace.DROPOFF: frozenset({S.ANNOUNCED, S.DROPPED_OFF, S.IN_BAG, S.REFUSED_AT_DROPOFF}),
}


def fits_kind(place: DefectPlace, status: ShipmentStatus) -> bool:
    """The server's check: a drop-off record names an outbound parcel, every other one an inbound one."""
    return (status in OUTBOUND) == (place is DefectPlace.DROPOFF)
