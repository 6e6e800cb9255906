"""A card lookup answers on its own thread: never behind a long write, yet wrong codes still count in order."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from pvz_desktop.store.models import PickupLockout
from tests.gui import test_tasks
from tests.gui.event_count import EventCount
from tests.gui.pages.test_issuance import make_customer

WAIT_S = 5
runner = test_tasks.runner  # the same TaskRunner fixture


def test_a_lookup_that_only_reads_answers_while_a_write_is_blocked(runner, qtbot):
    gate = threading.Event()
    answers: list[str] = []
    runner.write(lambda: gate.wait(WAIT_S))
    runner.scan(lambda on_writer: "card", answers.append)
    try:
        qtbot.waitUntil(lambda: answers == ["card"], timeout=WAIT_S * 1000)
        assert not runner.idle  # the write is still held
    finally:
        gate.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_S * 1000)


def test_a_lookup_that_must_write_goes_behind_the_writes_and_the_next_read_sees_it(runner, qtbot):
    """A wrong code queued behind a long write is counted before the next scan's read."""
    gate = threading.Event()
    failures: list[int] = [0]
    answers: list[object] = []
    finished: list[bool] = []
    runner.write_finished.connect(lambda _changes: finished.append(True))
    runner.write(lambda: gate.wait(WAIT_S))

    def count() -> str:
        failures[0] += 1
        return "counted"

    runner.scan(lambda on_writer: on_writer(count), answers.append)
    # The second read must wait for the first lookup's write, though it writes nothing itself.
    runner.scan(lambda on_writer: f"read after {failures[0]}", answers.append)
    gate.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_S * 1000)
    assert answers == ["counted", "read after 1"]
    assert len(finished) == 2  # the blocked write and the counting lookup; the pure read is no write


def test_a_lookup_refused_after_its_write_still_reports_a_write(runner, qtbot, worker_bugs):
    errors: list[BaseException] = []
    finished: list[bool] = []
    runner.write_finished.connect(lambda _changes: finished.append(True))

    def refuse() -> str:
        raise LookupError("wrong code")

    runner.scan(lambda on_writer: on_writer(refuse), None, errors.append)
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_S * 1000)
    assert [type(e) for e in errors] == [LookupError] and finished == [True]
    worker_bugs.clear()  # the failing write is this test's own


def test_the_card_shows_while_another_page_write_is_held(counter, point, qtbot):
    code, *_ = make_customer(point)
    gate = threading.Event()
    counter.runner.write(lambda: gate.wait(WAIT_S))
    try:
        with qtbot.waitSignal(counter.feedback.shown, timeout=WAIT_S * 1000) as blocker:
            counter.window.router.inject(code, source="test")
        assert blocker.args[0] == "ok" and "Иванова А." in blocker.args[1]
        assert counter.page("issuance").state is not None
        assert not counter.runner.idle
    finally:
        gate.set()
    counter.idle()


def test_wrong_codes_are_counted_and_a_right_code_resets_the_count(counter, point):
    code, *_ = make_customer(point)
    customer, pin = code.split("*")
    wrong = f"{customer}*{'1' if pin[0] != '1' else '2'}{pin[1:]}"
    for _ in range(2):
        tone, text = counter.scan(wrong)
        assert tone == "error" and "не подходит" in text and pin not in text  # the code is never echoed
    with point.store.read() as s:
        assert s.scalar(select(PickupLockout.failures)) == 2
    tone, _ = counter.scan(code)
    assert tone == "ok" and counter.page("issuance").state.card.customer_id == customer
    with point.store.read() as s:
        assert s.scalar(select(PickupLockout.failures)) == 0


def test_the_same_customer_scanned_right_after_issuing_sees_what_was_issued(counter, point, qtbot):
    """The lookup waits for the page's own completion: issued parcels do not reappear on the card."""
    code, *_ = make_customer(point)
    page = counter.page("issuance")
    counter.scan(code)
    ready = [r.shipment.posting_number for r in page.state.rows if not r.shipment.adult_only]
    counter.scan(ready[0])
    page.card_radio.setChecked(True)
    slips: list[object] = []
    page.completed.connect(slips.append)
    gate = threading.Event()
    counter.runner.write(lambda: gate.wait(WAIT_S))  # hold the writer: the completion queues behind it
    page.issue()
    page.handle_scan(counter.window.services.ctx.profile.classify(code))
    gate.set()
    counter.idle()
    assert [[line.posting_number for line in slip.issued] for slip in slips] == [[ready[0]]]
    assert page.state is not None
    assert ready[0] not in [r.shipment.posting_number for r in page.state.rows]


def test_a_new_card_lays_out_the_page_only_and_keeps_its_tabs_shown(counter, point, qtbot):
    """A card re-lays out the page's body, never the tab widget or the window (all pages' sizes)."""
    point.add_cells(shelves=4)
    codes = []
    for n, cid in enumerate(("48213377", "11112222", "55556666")):
        codes.append(point.add_customer(cid, pin=f"000{n}", name=f"Покупатель {n}"))
        point.add_shipment(customer=cid, status="stored", cell=f"C-A-01-0{n + 2}", items=[("Книга", 1, 0)])
        if n != 1:
            point.add_shipment(customer=cid, status="expected")  # the middle one has nothing in transit
    page = counter.page("issuance")
    counter.scan(codes[0])
    qtbot.waitUntil(page.table.isVisible)
    shown = EventCount((QEvent.Type.Show, QEvent.Type.Hide), page.transit)
    layout = EventCount((QEvent.Type.LayoutRequest, QEvent.Type.Resize), counter.window.tabs, page, page.table)
    body = EventCount((QEvent.Type.LayoutRequest,), page.findChild(QWidget, "issuance_body"))
    for code, in_transit in ((codes[1], False), (codes[2], True)):
        counter.scan(code)
        assert page.card_tabs.tabText(1).startswith(f"В пути ({int(in_transit)})")
        QApplication.processEvents()
    assert shown.counts == {}  # the tabs stay on screen from one customer to the next
    assert layout.counts[("tabs", QEvent.Type.LayoutRequest)] == 0
    assert body.counts[("issuance_body", QEvent.Type.LayoutRequest)] >= 2  # the card itself still lays out
    assert page.findChild(QWidget, "issuance_body").geometry() == page.rect()


def test_a_new_card_clears_the_payment_chosen_for_the_last_one(counter, point):
    code, *_ = make_customer(point)
    other = point.add_customer("77778888", pin="0042", name="Сидоров С.")
    point.add_shipment(customer="77778888", status="stored", cell="C-A-01-05", amount_due=5000)
    page = counter.page("issuance")
    counter.scan(code)
    page.cash_radio.setChecked(True)
    page.tendered.setText("2000")
    counter.scan(other)
    assert page.state.card.customer_name == "Сидоров С."
    assert not page.cash_radio.isChecked() and not page.card_radio.isChecked()
    assert page.tendered.text() == "" and not page.tendered.isEnabled()
