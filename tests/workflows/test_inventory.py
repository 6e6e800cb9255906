from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from pvz_desktop.core.errors import BadInput, NotFound, StateConflict
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import UnknownScan
from pvz_desktop.workflows import inventory
from pvz_desktop.workflows.inventory import SessionStatus, Verdict
from tests.workflows.counter_builders import events, outbox, shipment_row, status_of

UNKNOWN = "0999999999-0001-1"


@pytest.fixture
def shelves(point):
    point.add_cells("A")
    point.add_cells("B", shelves=1)
    point.add_customer("48213377")
    c = "48213377"
    return {
        "matched": point.add_shipment(customer=c, status="stored", cell="C-A-01-01"),
        "shortage": point.add_shipment(customer=c, status="stored", cell="C-A-01-01"),
        "misplaced": point.add_shipment(customer=c, status="stored", cell="C-A-01-02"),
        "lost": point.add_shipment(customer=c, status="lost"),
        "issued": point.add_shipment(customer=c, status="issued"),
        "received": point.add_shipment(customer=c, status="received"),
        "expired_on_shelf": point.add_shipment(customer=c, status="to_return", cell="C-A-01-01"),
        "unchecked": point.add_shipment(customer=c, status="stored", cell="C-A-01-03"),
        "zone_b": point.add_shipment(customer=c, status="stored", cell="C-B-01-01"),
    }


def _count_zone_a(ctx, p) -> int:
    sid = inventory.start(ctx, ["a"]).session_id
    steps = [
        inventory.scan(ctx, sid, raw)
        for raw in (
            "C-A-01-01",
            p["matched"],
            p["misplaced"],
            p["expired_on_shelf"],
            "C-A-01-02",
            p["lost"],
            UNKNOWN,
            p["issued"],
            p["received"],
        )
    ]
    assert [s.verdict for s in steps] == [
        Verdict.CELL,
        Verdict.MATCHED,
        Verdict.MISPLACED,
        Verdict.MATCHED,
        Verdict.CELL,
        Verdict.FOUND,
        Verdict.SURPLUS,
        Verdict.SURPLUS,
        Verdict.ATTENTION,
    ]
    assert "числится в C-A-01-02" in steps[2].message
    assert "«выдано»" in steps[7].message
    return sid


def test_results_show_every_kind_of_difference(ctx, shelves):
    sid = _count_zone_a(ctx, shelves)

    report = inventory.results(ctx, sid)

    assert report.zones == ("A",) and report.status is SessionStatus.ACTIVE
    assert report.cells_checked == 2 and report.cells_unchecked == ("C-A-01-03",)
    assert report.expected == 3  # stored in the two counted cells
    assert report.scanned == 7 and report.matched == 2
    assert [(d.posting_number, d.cell) for d in report.shortage] == [(shelves["shortage"], "C-A-01-01")]
    assert [(d.posting_number, d.cell, d.booked_cell) for d in report.misplaced] == [
        (shelves["misplaced"], "C-A-01-01", "C-A-01-02")
    ]
    assert [(d.posting_number, d.cell) for d in report.found] == [(shelves["lost"], "C-A-01-02")]
    assert {(d.posting_number, d.status) for d in report.surplus} == {(UNKNOWN, None), (shelves["issued"], "issued")}
    assert [(d.posting_number, d.status) for d in report.attention] == [(shelves["received"], "received")]
    # C-A-01-01 holds two stored parcels by the books and one was scanned there: maybe half-counted.
    assert [(c.cell, c.scanned, c.expected) for c in report.shortfalls] == [("C-A-01-01", 1, 2)]
    assert not report.clean


def test_applying_books_the_differences_in_one_transaction(ctx, store, shelves):
    sid = _count_zone_a(ctx, shelves)
    before = len(events(store))

    report = inventory.apply(ctx, sid)

    assert report.status is SessionStatus.APPLIED and report.op_id is not None
    assert (len(report.shortage), len(report.misplaced), len(report.found), len(report.surplus)) == (1, 1, 1, 2)
    lost = shipment_row(store, shelves["shortage"])
    assert (lost.status, lost.cell_id) == ("lost", None)
    assert (status_of(store, shelves["misplaced"]), shipment_row(store, shelves["misplaced"]).cell.code) == (
        "stored",
        "C-A-01-01",
    )
    assert (status_of(store, shelves["lost"]), shipment_row(store, shelves["lost"]).cell.code) == (
        "stored",
        "C-A-01-02",
    )
    # Nothing else moved: matched, unchecked, other zone, surplus and attention stay as they were.
    assert [status_of(store, shelves[k]) for k in ("matched", "unchecked", "zone_b", "issued", "received")] == [
        "stored",
        "stored",
        "stored",
        "issued",
        "received",
    ]
    new = events(store)[before:]
    assert {e.op_id for e in new} == {report.op_id}
    assert sorted((e.kind, e.from_status, e.to_status) for e in new if e.shipment_id) == [
        ("find", "lost", "stored"),
        ("lose", "stored", "lost"),
        ("move", "stored", "stored"),
    ]
    with store.read() as s:
        [unknown] = s.scalars(select(UnknownScan)).all()
        assert (unknown.code, unknown.workflow, unknown.status) == (UNKNOWN, "inventory", "open")
        assert "C-A-01-02" in unknown.context
    kinds = [k for k, _ in outbox(store)]
    assert kinds == ["inventory_start", "inventory_apply"]
    assert outbox(store)[-1][1]["lost"] == [shelves["shortage"]]
    assert inventory.current(ctx) is None


def test_a_session_pauses_resumes_and_survives_a_restart(ctx, store, shelves, unchanged):
    sid = inventory.start(ctx).session_id
    inventory.scan(ctx, sid, "C-A-01-01")
    inventory.scan(ctx, sid, shelves["matched"])
    paused = inventory.pause(ctx, sid)
    assert paused.status is SessionStatus.PAUSED
    with unchanged(), pytest.raises(StateConflict) as err:
        inventory.scan(ctx, sid, shelves["shortage"])
    assert "приостановлена" in err.value.message
    store.close()

    reopened = Store(store.path)
    try:
        later = dataclasses.replace(ctx, store=reopened)
        progress = inventory.current(later)
        assert progress is not None
        assert (progress.session_id, progress.status, progress.current_cell) == (sid, SessionStatus.PAUSED, "C-A-01-01")
        assert (progress.cells_checked, progress.scanned, progress.cells_total, progress.zones) == (1, 1, 4, ())
        inventory.resume(later, sid)
        assert inventory.scan(later, sid, shelves["shortage"]).verdict is Verdict.MATCHED  # still in C-A-01-01
        report = inventory.apply(later, sid)
        assert report.shortage == () and report.matched == 2
        # Waiting on the counted shelf for a return box, not found: shown, not booked lost.
        assert [(d.posting_number, d.status) for d in report.attention] == [(shelves["expired_on_shelf"], "to_return")]
        assert status_of(later.store, shelves["expired_on_shelf"]) == "to_return"
        assert len(report.cells_unchecked) == 3
    finally:
        reopened.close()


def test_a_repeated_scan_changes_nothing_and_a_scan_elsewhere_wins(ctx, shelves, unchanged):
    sid = inventory.start(ctx).session_id
    inventory.scan(ctx, sid, "C-A-01-01")
    inventory.scan(ctx, sid, shelves["matched"])
    with unchanged():
        assert inventory.scan(ctx, sid, shelves["matched"]).verdict is Verdict.DUPLICATE
    inventory.scan(ctx, sid, "C-A-01-02")
    assert inventory.scan(ctx, sid, shelves["matched"]).verdict is Verdict.MISPLACED
    report = inventory.results(ctx, sid)
    assert [(d.posting_number, d.cell) for d in report.misplaced] == [(shelves["matched"], "C-A-01-02")]
    assert report.scanned == 1


def test_a_cell_outside_the_chosen_zones_is_refused(ctx, shelves, unchanged):
    sid = inventory.start(ctx, ["A"]).session_id
    with unchanged(), pytest.raises(BadInput) as err:
        inventory.scan(ctx, sid, "C-B-01-01")
    assert "не входит в инвентаризацию (зоны A)" in err.value.message


@pytest.mark.parametrize(
    ("raw", "error", "text"),
    [
        ("0123604587-1235-1", BadInput, "Сначала отсканируйте ячейку"),
        ("GM0000000001", BadInput, "Ожидался штрихкод: ячейка или отправление"),
        ("C-Z-09-09", NotFound, "не заведена"),
    ],
)
def test_bad_scans_are_refused(ctx, shelves, unchanged, raw, error, text):
    sid = inventory.start(ctx).session_id
    with unchanged(), pytest.raises(error) as err:
        inventory.scan(ctx, sid, raw)
    assert text in err.value.message


def test_only_one_unfinished_session_at_a_time(ctx, shelves, unchanged):
    first = inventory.start(ctx, ["B"]).session_id
    inventory.pause(ctx, first)
    with unchanged(), pytest.raises(StateConflict) as err:
        inventory.start(ctx)
    assert f"№{first} ещё не завершена (приостановлена)" in err.value.message


def test_unknown_zone_and_a_point_without_cells_are_refused(ctx, point, unchanged):
    with unchanged(), pytest.raises(BadInput) as err:
        inventory.start(ctx)
    assert "ни одной ячейки" in err.value.message
    point.add_cells("A")
    with unchanged(), pytest.raises(BadInput) as err:
        inventory.start(ctx, ["A", "Q"])
    assert "Зоны Q нет на пункте" in err.value.message


def test_applying_needs_a_counted_cell_and_happens_once(ctx, shelves, unchanged):
    sid = inventory.start(ctx).session_id
    with unchanged(), pytest.raises(StateConflict) as err:
        inventory.apply(ctx, sid)
    assert "ни одной ячейки" in err.value.message
    inventory.scan(ctx, sid, "C-A-01-03")
    inventory.scan(ctx, sid, shelves["unchecked"])
    assert inventory.apply(ctx, sid).clean
    for again in (inventory.apply, inventory.results, inventory.pause, inventory.scan):
        with unchanged(), pytest.raises(StateConflict) as err:
            again(ctx, sid, "C-A-01-01") if again is inventory.scan else again(ctx, sid)
        assert "уже применена" in err.value.message
    with unchanged(), pytest.raises(NotFound):
        inventory.resume(ctx, 999)


def test_resume_of_an_active_session_is_refused(ctx, shelves, unchanged):
    sid = inventory.start(ctx).session_id
    with unchanged(), pytest.raises(StateConflict) as err:
        inventory.resume(ctx, sid)
    assert "идёт" in err.value.message


def test_the_shift_report_counts_the_stocktaking_results(ctx, shelves):
    from pvz_desktop.workflows.shift import open_shift, shift_report

    open_shift(ctx)
    report = inventory.apply(ctx, _count_zone_a(ctx, shelves))
    counts = shift_report(ctx).counts
    assert (counts.inventory_lost, counts.inventory_found) == (len(report.shortage), len(report.found)) == (1, 1)
