"""The card's tabs in the window: issued parcels move to «Завершено» with when and who, the slip
is printed again from there, and «Другие пункты» without a server says it needs the network."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import select

from pvz_desktop.core.clock import to_local
from pvz_desktop.gui.card_tabs import DONE, ELSEWHERE, READY
from pvz_desktop.store.models import Outbox
from tests.gui.pages.test_issuance import make_customer


def test_issued_parcels_are_in_completed_and_their_slip_prints_again(counter, point, qtbot):
    code, _cash, adult, _transit, _other = make_customer(point)
    page = counter.page("issuance")
    tabs = page.card_tabs
    counter.scan(code)
    assert tabs.currentIndex() == READY and tabs.tabText(DONE).startswith("Завершено (0)")
    counter.scan(adult)
    counter.act(page.age_button.click)
    with qtbot.waitSignal(page.completed) as issued:
        counter.act(page.issue_button.click)
    first = issued.args[0]

    counter.scan(code)  # the customer comes back: the parcel is in «Завершено», not ready
    assert adult not in [r.shipment.posting_number for r in page.state.rows]
    assert tabs.tabText(DONE).startswith("Завершено (1)")
    line = tabs.done_model.row_at(0)
    assert (line.posting_number, line.issue_op) == (adult, first.op_id)
    assert tabs.done_model.data(tabs.done_model.index(0, 3)) == counter.window.services.ctx.actor.employee_name
    tabs.setCurrentIndex(DONE)
    assert not tabs.reprint_button.isEnabled()  # nothing chosen yet
    tabs.done.selectionModel().select(
        tabs.done_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert tabs.reprint_button.isEnabled()
    with qtbot.waitSignal(page.reprinted) as reprinted:
        tone, text = counter.act(tabs.reprint_button.click)
    assert tone == "ok" and "ещё раз" in text
    assert replace(reprinted.args[0], issued_at=first.issued_at) == first
    # A scan of a parcel brings the cashier back to the only tab parcels are issued from.
    counter.scan(_cash)
    assert tabs.currentIndex() == READY


def test_other_points_without_a_server_say_they_need_the_network(counter, point):
    code, *_ = make_customer(point)
    page = counter.page("issuance")
    counter.scan(code)
    page.card_tabs.setCurrentIndex(ELSEWHERE)
    assert "связь с сервером" in page.card_tabs.elsewhere_note.text()
    assert page.card_tabs.elsewhere_model.rowCount() == 0


def test_storage_is_extended_from_the_card_once(counter, point):
    code, cash, *_ = make_customer(point)
    page = counter.page("issuance")
    counter.scan(code)
    tone, text = counter.act(page.extend_button.click)  # two parcels ready, none chosen
    assert tone == "warn" and "Выберите отправление" in text
    row = [r.shipment.posting_number for r in page.state.rows].index(cash)
    page.table.selectRow(row)
    before = page.state.rows[row].shipment.storage_deadline
    tone, text = counter.act(page.extend_button.click)
    assert tone == "ok" and cash in text
    after = page.state.rows[row].shipment.storage_deadline
    assert after is not None and (before is None or after > before)
    assert page.model.data(page.model.index(row, 5)) == to_local(after).strftime("%d.%m.%Y")
    with point.store.read() as s:
        kinds = [k for (k,) in s.execute(select(Outbox.kind))]
    assert "storage_extension" in kinds
    tone, text = counter.act(page.extend_button.click)  # a second time: the rule says once
    assert tone == "error" and "уже продлевали" in text
