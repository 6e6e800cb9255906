"""The card's tabs in the window: issued parcels move to «Завершено» with when and who, the slip
is printed again from there, and «Другие пункты» without a server says it needs the network."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from pvz_desktop.core.clock import to_local
from pvz_desktop.gui.annul_dialog import AnnulDialog
from pvz_desktop.gui.card_tabs import DONE, ELSEWHERE, READY
from pvz_desktop.gui.defect_dialog import DefectDialog
from pvz_desktop.store.models import Employee, Outbox
from pvz_desktop.workflows.annulment import AnnulReason
from pvz_desktop.workflows.defects import DefectKind
from tests.gui.pages.test_issuance import make_customer
from tests.workflows.counter_builders import status_of


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


def test_annulment_needs_the_owner_at_the_counter_and_shows_in_completed(counter, point):
    code, cash, *_ = make_customer(point)
    page = counter.page("issuance")
    employee_id = counter.window.services.ctx.actor.employee_id
    with point.store.write() as s:
        s.add(Employee(id=employee_id, display_name="Смирнова О.", role="employee"))
    counter.scan(code)
    row = [r.shipment.posting_number for r in page.state.rows].index(cash)
    page.table.selectRow(row)
    page.open_annulment()
    dialog = page.findChild(AnnulDialog, "annul_dialog")
    assert dialog is not None and dialog.isVisible() and cash in dialog.findChild(QLabel).text()
    dialog.set_reason(AnnulReason.DAMAGED, "мокрая коробка")
    tone, text = counter.act(dialog.accept)
    assert tone == "error" and "только владелец" in text
    assert status_of(point.store, cash) == "stored"

    with point.store.write() as s:  # the owner logged in at this counter
        s.get(Employee, employee_id).role = "owner"
    page.table.selectRow(row)
    page.open_annulment()
    dialog = page.findChild(AnnulDialog, "annul_dialog")
    dialog.set_reason(AnnulReason.DAMAGED, "мокрая коробка")
    tone, text = counter.act(dialog.accept)
    assert tone == "ok" and cash in text
    assert status_of(point.store, cash) == "to_return"
    assert cash not in [r.shipment.posting_number for r in page.state.rows]
    done = {line.posting_number: line for line in page.card_tabs.done_model.rows()}
    assert done[cash].last_kind == "annul"
    index = page.card_tabs.done_model.rows().index(done[cash])
    assert page.card_tabs.done_model.data(page.card_tabs.done_model.index(index, 1)) == "аннулировано"


def test_a_defect_with_a_photo_from_a_file_is_recorded_from_the_card(counter, point, tmp_path):
    from tests.central.test_defect_photos import png

    code, cash, *_ = make_customer(point)
    page = counter.page("issuance")
    counter.scan(code)
    page.table.selectRow([r.shipment.posting_number for r in page.state.rows].index(cash))
    page.open_defect()
    dialog = page.findChild(DefectDialog, "defect_dialog")
    assert dialog is not None and dialog.isVisible()
    assert "Камера не найдена" in dialog.camera_note.text()  # no Qt Multimedia camera here: files it is
    shot = tmp_path / "box.png"
    shot.write_bytes(png())
    dialog.add_photos([shot])
    dialog.set_kind(DefectKind.PACKAGING, "угол смят")
    tone, text = counter.act(dialog.accept)
    assert tone == "ok" and cash in text and "фото: 1" in text
    with point.store.read() as s:
        kinds = [k for (k,) in s.execute(select(Outbox.kind))]
    assert "defect_record" in kinds
    assert list((point.store.path.parent / "photos").glob("*.png"))
