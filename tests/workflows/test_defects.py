"""Defect records from every place the counter meets a damaged parcel: the customer card, a
refusal at issuance, a customer return, a courier's delivery and a parcel handed in to be sent.
Each is one ledger event and one outbox operation naming the place and the photos' hashes; a
place that does not fit the parcel's state is refused and writes nothing."""

from __future__ import annotations

import pytest

from pvz_desktop.core.errors import StateConflict
from pvz_desktop.core.photos import content_hash
from pvz_desktop.workflows.defects import DefectKind, DefectPlace, photo_path, record_defect
from pvz_desktop.workflows.dropoff import supply
from pvz_desktop.workflows.returns import find_return
from tests.central.test_defect_photos import png
from tests.workflows.counter_builders import add_return_request, events, outbox
from tests.workflows.dropoff_builders import announce_supply

ITEMS = [("Куртка зимняя", 1, 799000)]


@pytest.fixture
def shot(tmp_path):
    path = tmp_path / "shot.png"
    path.write_bytes(png(seed=3))
    return path


def _recorded(store, posting: str, place: DefectPlace, shot) -> None:
    [event] = [e for e in events(store, "defect_recorded") if e.posting_number == posting]
    [payload] = [p for k, p in outbox(store) if k == "defect_record"]
    assert event.op_id is not None
    assert payload["posting"] == posting and payload["place"] == place.value
    assert [p["sha256"] for p in payload["photos"]] == [content_hash(shot.read_bytes())]


def test_a_customer_return_being_received_gets_a_defect_record(ctx, store, point, shot):
    point.add_customer("48213377", name="Иванова А.")
    issued = point.add_shipment(customer="48213377", status="issued", items=ITEMS)
    add_return_request(store, "RT-0000007781", issued, ["Куртка зимняя"], "Брак")
    candidate = find_return(ctx, "RT-0000007781")  # the return's check is open at the counter

    record = record_defect(ctx, candidate.posting_number, DefectKind.GOODS, "порван рукав", [shot], DefectPlace.RETURN)

    assert record.place is DefectPlace.RETURN
    assert photo_path(ctx, record.photos[0]).read_bytes() == shot.read_bytes()
    _recorded(store, issued, DefectPlace.RETURN, shot)


def test_a_refusal_at_issuance_records_the_stored_parcels_defect(ctx, store, point, shot):
    point.add_customer("48213377")
    stored = point.add_shipment(customer="48213377", status="stored", items=ITEMS)
    record_defect(ctx, stored, DefectKind.WET, "", [shot], DefectPlace.REFUSAL)
    _recorded(store, stored, DefectPlace.REFUSAL, shot)


def test_a_parcel_damaged_in_a_delivery_is_recorded_at_acceptance(ctx, store, point, shot):
    received = point.add_shipment(customer=None, status="received", items=ITEMS)
    record_defect(ctx, received, DefectKind.PACKAGING, "коробка вскрыта", [shot], DefectPlace.ACCEPTANCE)
    _recorded(store, received, DefectPlace.ACCEPTANCE, shot)


def test_a_parcel_handed_in_damaged_is_recorded_at_drop_off(ctx, store, shot):
    announce_supply(ctx, "SP-0000000101", ["OB000000000301"])
    supply.open_supply(ctx, "SP-0000000101")
    supply.scan(ctx, "SP-0000000101", "OB000000000301")

    record_defect(ctx, "OB000000000301", DefectKind.PACKAGING, "", [shot], DefectPlace.DROPOFF)

    _recorded(store, "OB000000000301", DefectPlace.DROPOFF, shot)


@pytest.mark.parametrize(
    ("status", "place"),
    [
        ("stored", DefectPlace.RETURN),  # not issued: no customer return of it
        ("issued", DefectPlace.ACCEPTANCE),  # long since accepted
        ("stored", DefectPlace.DROPOFF),  # a customer's parcel, not one handed in to be sent
        ("expected", DefectPlace.REFUSAL),  # not here yet: nothing to refuse
    ],
)
def test_a_place_that_does_not_fit_the_parcel_is_refused_and_writes_nothing(
    ctx, store, point, shot, unchanged, status, place
):
    posting = point.add_shipment(customer=None, status=status, items=ITEMS)
    with unchanged(), pytest.raises(StateConflict) as err:
        record_defect(ctx, posting, DefectKind.GOODS, "", [shot], place)
    assert "так не записать" in err.value.message
