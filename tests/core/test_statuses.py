from __future__ import annotations

import pytest

from pvz_desktop.core.errors import IllegalTransition
from pvz_desktop.core.statuses import (
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    ShipmentStatus,
    allowed_actions,
    next_status,
)

S = ShipmentStatus

# DESIGN §3, written out independently of the table under test.
DESIGN_PATHS = [
    (S.EXPECTED, Action.ACCEPT, S.RECEIVED),
    (S.RECEIVED, Action.PLACE, S.STORED),
    (S.STORED, Action.ISSUE, S.ISSUED),
    (S.EXPECTED, Action.MARK_MISSING, S.MISSING),
    (S.UNEXPECTED, Action.RESOLVE, S.RECEIVED),
    (S.STORED, Action.MOVE, S.STORED),
    (S.STORED, Action.REFUSE, S.REFUSED),
    (S.REFUSED, Action.SEND_TO_RETURN, S.TO_RETURN),
    (S.STORED, Action.EXPIRE, S.EXPIRED),
    (S.EXPIRED, Action.SEND_TO_RETURN, S.TO_RETURN),
    (S.ISSUED, Action.CUSTOMER_RETURN, S.TO_RETURN),
    (S.TO_RETURN, Action.PACK, S.IN_RETURN_BOX),
    (S.IN_RETURN_BOX, Action.HANDOVER, S.RETURNED_TO_CARRIER),
    (S.STORED, Action.LOSE, S.LOST),
    (S.LOST, Action.FIND, S.STORED),
]


@pytest.mark.parametrize(("frm", "action", "to"), DESIGN_PATHS)
def test_design_transitions_are_allowed(frm: S, action: Action, to: S) -> None:
    assert next_status(frm, action) is to


def test_every_status_has_a_russian_label() -> None:
    assert set(STATUS_LABELS) == set(ShipmentStatus)
    assert all(label and label.isascii() is False for label in STATUS_LABELS.values())


@pytest.mark.parametrize("status", list(ShipmentStatus))
@pytest.mark.parametrize("action", list(Action))
def test_anything_not_in_the_table_is_refused_with_a_readable_reason(status: S, action: Action) -> None:
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) is TRANSITIONS[(status, action)]
        return
    with pytest.raises(IllegalTransition) as err:
        next_status(status, action, posting="0123604587-1235-1")
    assert "0123604587-1235-1" in err.value.message
    assert status.label in err.value.message


def test_terminal_statuses_allow_nothing() -> None:
    assert allowed_actions(S.RETURNED_TO_CARRIER) == []
    assert S.ISSUED not in {to for (frm, _), to in TRANSITIONS.items() if frm is S.EXPECTED}


def test_issue_only_from_stored() -> None:
    sources = {frm for (frm, action) in TRANSITIONS if action is Action.ISSUE}
    assert sources == {S.STORED}


# The outbound path of the issue (drop-off), written out independently of the table.
OUTBOUND_PATHS = [
    (S.ANNOUNCED, Action.DROP_OFF, S.DROPPED_OFF),
    (S.ANNOUNCED, Action.REFUSE_DROPOFF, S.REFUSED_AT_DROPOFF),
    (S.REFUSED_AT_DROPOFF, Action.DROP_OFF, S.DROPPED_OFF),
    (S.DROPPED_OFF, Action.BAG, S.IN_BAG),
    (S.IN_BAG, Action.UNBAG, S.DROPPED_OFF),
    (S.IN_BAG, Action.HAND_TO_COURIER, S.HANDED_TO_COURIER),
    (S.DROPPED_OFF, Action.HAND_TO_COURIER, S.HANDED_TO_COURIER),
]


@pytest.mark.parametrize(("frm", "action", "to"), OUTBOUND_PATHS)
def test_outbound_transitions_are_allowed(frm: S, action: Action, to: S) -> None:
    assert next_status(frm, action) is to


def test_outbound_and_inbound_never_meet() -> None:
    """An outbound parcel never becomes one to issue, and no inbound parcel goes into a bag."""
    from pvz_desktop.core.statuses import OUTBOUND

    for (frm, _), to in TRANSITIONS.items():
        assert (frm in OUTBOUND) == (to in OUTBOUND), (frm, to)


def test_a_parcel_goes_into_a_bag_only_once() -> None:
    """The server re-checks ``from``: a second bagging of the same parcel starts from in_bag and fails."""
    with pytest.raises(IllegalTransition):
        next_status(S.IN_BAG, Action.BAG, posting="OB000000000301")
    assert allowed_actions(S.HANDED_TO_COURIER) == []
    assert {frm for (frm, action) in TRANSITIONS if action is Action.BAG} == {S.DROPPED_OFF}


@pytest.mark.parametrize(
    ("size", "grams", "ok"), [("S", 2000, True), ("S", 2001, False), ("L", 25000, True), ("M", 0, False)]
)
def test_weight_limit_of_a_size_class(size: str, grams: int, ok: bool) -> None:
    from pvz_desktop.core.parcel_sizes import overweight_reason

    reason = overweight_reason(size, grams)
    assert (reason is None) is ok
    if not ok:
        assert "кг" in reason or "нул" in reason


def test_unknown_size_class_is_a_readable_error() -> None:
    from pvz_desktop.core.parcel_sizes import size_class

    with pytest.raises(ValueError, match="XL"):
        size_class("XL")
