from __future__ import annotations

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.store.models import ReturnBox
from pvz_desktop.workflows.issuance import IssuanceSession
from pvz_desktop.workflows.return_boxes import (
    BoxStatus,
    box,
    boxes,
    handover,
    open_box,
    pack,
    seal,
    unpack,
    waiting_for_box,
)
from tests.workflows.counter_builders import events, outbox, shipment_row, status_of


@pytest.fixture
def shelf(point):
    point.add_cells()
    point.add_customer("48213377")
    return point


def test_a_new_box_gets_the_next_number(ctx, store):
    assert open_box(ctx).barcode == "RB-0000000001"
    assert open_box(ctx).barcode == "RB-0000000002"
    assert open_box(ctx).status is BoxStatus.OPEN
    assert [k for k, _ in outbox(store)] == ["return_box_open"] * 3
    assert [e.kind for e in events(store)] == ["box_opened"] * 3


def test_an_unknown_box_label_is_refused_not_opened(ctx, store, unchanged):
    """Only the explicit «new box» action opens a box (and prints its label): a scanned label
    nobody opened here is refused, so a stray or foreign label never becomes a box."""
    open_box(ctx)
    with unchanged(), pytest.raises(NotFound) as err:
        open_box(ctx, "RB-0000000042")
    assert "RB-0000000042" in err.value.message and "F3" in err.value.message
    assert [b.barcode for b in boxes(ctx, BoxStatus.OPEN)] == ["RB-0000000001"]


def test_opening_an_open_box_again_resumes_it(ctx, shelf, unchanged):
    open_box(ctx)
    pack(ctx, "RB-0000000001", shelf.add_shipment(customer="48213377", status="to_return", cell="C-A-01-01"))
    with unchanged():
        again = open_box(ctx, "КИ-0000000001")  # typed under the Russian layout
    assert again.count == 1


def test_packing_takes_the_parcel_off_its_shelf(ctx, store, shelf):
    posting = shelf.add_shipment(customer="48213377", status="to_return", cell="C-A-01-02")
    open_box(ctx)

    packed = pack(ctx, "RB-0000000001", posting)

    assert packed.from_cell == "C-A-01-02" and packed.shipment.cell is None
    assert packed.box.postings == (posting,)
    row = shipment_row(store, posting)
    assert (row.status, row.cell_id, row.return_box_id is not None) == ("in_return_box", None, True)
    [event] = events(store, "pack")
    assert (event.from_status, event.to_status) == ("to_return", "in_return_box")
    assert '"from_cell":"C-A-01-02"' in event.details
    assert waiting_for_box(ctx) == []


def test_the_label_of_a_partly_refused_parcel_finds_its_split_off(ctx, store, shelf):
    posting = shelf.add_shipment(
        customer="48213377",
        status="stored",
        cell="C-A-01-01",
        items=[("Футболка хлопковая", 1, 79900), ("Кроссовки беговые", 1, 459000)],
    )
    session = IssuanceSession.start(ctx, "48213377*5521")
    session.scan(posting)
    session.refuse_lines(posting, {2}, "defect")
    session.complete()
    assert [v.posting_number for v in waiting_for_box(ctx)] == [f"{posting}/R"]
    open_box(ctx)

    packed = pack(ctx, "RB-0000000001", posting)

    assert packed.shipment.posting_number == f"{posting}/R"
    assert status_of(store, posting) == "issued"
    assert status_of(store, f"{posting}/R") == "in_return_box"
    assert unpack(ctx, "RB-0000000001", posting).shipment.status == "to_return"


def test_a_parcel_not_to_return_is_refused_with_its_status(ctx, shelf, unchanged):
    stored = shelf.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    open_box(ctx)
    with unchanged(), pytest.raises(StateConflict) as err:
        pack(ctx, "RB-0000000001", stored)
    assert stored in err.value.message and "«на хранении»" in err.value.message


def test_a_parcel_packed_twice_is_refused(ctx, shelf, unchanged):
    posting = shelf.add_shipment(customer="48213377", status="to_return")
    open_box(ctx)
    open_box(ctx)
    pack(ctx, "RB-0000000001", posting)
    with unchanged(), pytest.raises(StateConflict) as err:
        pack(ctx, "RB-0000000002", posting)
    assert "уже лежит в таре RB-0000000001" in err.value.message


@pytest.mark.parametrize(
    ("box_code", "raw", "error", "text"),
    [
        ("RB-0000000099", None, NotFound, "не найдена"),
        ("RB-0000000001", "C-A-01-01", BadInput, "Ожидался штрихкод: отправление"),
        ("RB-0000000001", "0999999999-0001-1", NotFound, "не найдено"),
    ],
)
def test_pack_with_unknown_codes_is_refused(ctx, shelf, unchanged, box_code, raw, error, text):
    posting = shelf.add_shipment(customer="48213377", status="to_return")
    open_box(ctx)
    with unchanged(), pytest.raises(error) as err:
        pack(ctx, box_code, raw or posting)
    assert text in err.value.message


def test_unpack_before_sealing_returns_the_parcel_to_the_counter(ctx, store, shelf):
    a = shelf.add_shipment(customer="48213377", status="to_return", cell="C-A-01-01")
    b = shelf.add_shipment(customer="48213377", status="to_return")
    open_box(ctx)
    pack(ctx, "RB-0000000001", a)
    pack(ctx, "RB-0000000001", b)

    result = unpack(ctx, "RB-0000000001", a)

    assert result.box.postings == (b,)
    row = shipment_row(store, a)
    assert (row.status, row.return_box_id, row.cell_id) == ("to_return", None, None)
    [event] = events(store, "unpack")
    assert (event.from_status, event.to_status) == ("in_return_box", "to_return")


def test_unpack_of_a_parcel_from_another_box_is_refused(ctx, shelf, unchanged):
    posting = shelf.add_shipment(customer="48213377", status="to_return")
    open_box(ctx)
    open_box(ctx)
    pack(ctx, "RB-0000000001", posting)
    with unchanged(), pytest.raises(StateConflict) as err:
        unpack(ctx, "RB-0000000002", posting)
    assert "нет в таре RB-0000000002" in err.value.message


def test_a_sealed_box_cannot_be_changed(ctx, shelf, unchanged):
    a = shelf.add_shipment(customer="48213377", status="to_return")
    b = shelf.add_shipment(customer="48213377", status="to_return")
    open_box(ctx)
    pack(ctx, "RB-0000000001", a)
    sealed = seal(ctx, "RB-0000000001")
    assert sealed.status is BoxStatus.SEALED and sealed.postings == (a,)
    for attempt in (
        lambda: pack(ctx, "RB-0000000001", b),
        lambda: unpack(ctx, "RB-0000000001", a),
        lambda: seal(ctx, "RB-0000000001"),
        lambda: open_box(ctx, "RB-0000000001"),
    ):
        with unchanged(), pytest.raises(StateConflict) as err:
            attempt()
        assert "запечатана" in err.value.message


def test_an_empty_box_cannot_be_sealed(ctx, unchanged):
    open_box(ctx)
    with unchanged(), pytest.raises(StateConflict) as err:
        seal(ctx, "RB-0000000001")
    assert "пуста" in err.value.message


def _sealed_box(ctx, shelf, code: str, n: int) -> list[str]:
    postings = [shelf.add_shipment(customer="48213377", status="to_return") for _ in range(n)]
    assert open_box(ctx).barcode == code
    for p in postings:
        pack(ctx, code, p)
    seal(ctx, code)
    return postings


def test_handover_returns_every_parcel_to_the_carrier_and_makes_the_act(ctx, store, shelf):
    first = _sealed_box(ctx, shelf, "RB-0000000001", 2)
    second = _sealed_box(ctx, shelf, "RB-0000000002", 3)
    before = len(outbox(store))

    act = handover(ctx, ["RB-0000000001", "RB-0000000002", "RB-0000000001"], "  Гусев Д. ")

    assert act.courier == "Гусев Д." and act.employee_name == "Смирнова О." and act.point_name == "ПВЗ Тверская 1"
    assert [(b.barcode, b.count) for b in act.boxes] == [("RB-0000000001", 2), ("RB-0000000002", 3)]
    assert act.boxes[1].postings == tuple(sorted(second))
    assert (act.total_boxes, act.total_shipments) == (2, 5)
    assert {status_of(store, p) for p in first + second} == {"returned_to_carrier"}
    assert [b.status for b in boxes(ctx, "handed_over")] == [BoxStatus.HANDED_OVER] * 2
    with store.read() as s:
        assert set(s.scalars(select(ReturnBox.handover_ref))) == {act.act_number}
    assert len(events(store, "handover")) == 5
    assert len(events(store, "box_handed_over")) == 2
    assert [k for k, _ in outbox(store)[before:]] == ["return_box_handover"]
    assert box(ctx, "RB-0000000002").status is BoxStatus.HANDED_OVER


def test_handover_of_an_unsealed_box_refuses_the_whole_act(ctx, shelf, unchanged):
    _sealed_box(ctx, shelf, "RB-0000000001", 1)
    open_box(ctx)
    pack(ctx, "RB-0000000002", shelf.add_shipment(customer="48213377", status="to_return"))
    with unchanged(), pytest.raises(StateConflict) as err:
        handover(ctx, ["RB-0000000001", "RB-0000000002"], "Гусев Д.")
    assert "RB-0000000002 открыта" in err.value.message


def test_a_box_cannot_be_handed_over_twice(ctx, shelf, unchanged):
    _sealed_box(ctx, shelf, "RB-0000000001", 1)
    handover(ctx, ["RB-0000000001"], "Гусев Д.")
    with unchanged(), pytest.raises(StateConflict) as err:
        handover(ctx, ["RB-0000000001"], "Гусев Д.")
    assert "передана перевозчику" in err.value.message


@pytest.mark.parametrize(
    ("codes", "courier", "text"),
    [(["RB-0000000001"], "  ", "Укажите курьера"), ([], "Гусев Д.", "хотя бы одну"), (["GM0000000001"], "Г", "тара")],
)
def test_handover_needs_a_courier_and_boxes(ctx, shelf, unchanged, codes, courier, text):
    _sealed_box(ctx, shelf, "RB-0000000001", 1)
    with unchanged(), pytest.raises(BadInput) as err:
        handover(ctx, codes, courier)
    assert text in err.value.message
