"""Отправления: search, timeline of a scanned shipment, deadline alerts and sweep, chain check."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from pvz_desktop.core.clock import utcnow
from pvz_desktop.store.models import Event, Shipment


def test_search_by_status_and_cell_fills_the_table(counter, point, qtmodeltester):
    point.add_cells()
    a = point.add_shipment(customer=None, status="stored", cell="C-A-01-01")
    point.add_shipment(customer=None, status="stored", cell="C-A-01-02")
    point.add_shipment(customer=None, status="issued")
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    page.status.setCurrentIndex(page.status.findData("stored"))
    with counter.qtbot.waitSignal(page.searched) as found:
        page.search()
    assert found.args[0] == 2
    qtmodeltester.check(page.results_model)
    page.clear()
    counter.scan("C-A-01-01")  # a cell scanned here searches by cell
    assert [v.posting_number for v in page.results_model.rows()] == [a]


def test_scanned_shipment_shows_its_timeline_newest_first(counter, point, qtmodeltester):
    point.add_cells()
    posting = point.add_shipment(customer=None, status="received")
    counter.place(posting, "C-A-01-03")
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    tone, text = counter.scan(posting)
    assert tone == "info" and "C-A-01-03" in text
    assert posting in page.history_title.text()
    assert page.timeline_model.rowCount() == 1
    assert page.timeline_model.data(page.timeline_model.index(0, 1)) == "размещено"
    assert "принято → на хранении" in page.timeline_model.data(page.timeline_model.index(0, 2))
    qtmodeltester.check(page.timeline_model)


def test_deadline_alerts_and_sweep_to_return(counter, point, qtbot):
    point.add_cells()
    late = point.add_shipment(customer=None, status="stored", cell="C-A-01-01", deadline=utcnow() - timedelta(hours=3))
    point.add_shipment(customer=None, status="stored", cell="C-A-01-02", deadline=utcnow() + timedelta(days=5))
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    counter.idle()
    assert page.overdue_button.text() == "Просрочено: 1"
    page.overdue_button.click()
    counter.idle()
    assert [v.posting_number for v in page.results_model.rows()] == [late]
    page.sweep_button.click()
    box = page.findChild(QMessageBox, "confirm_sweep")
    tone, text = counter.act(box.defaultButton().click)
    assert tone == "ok" and text.endswith("1")
    with point.store.read() as s:
        assert s.scalar(select(Shipment.status).where(Shipment.posting_number == late)) == "to_return"
    qtbot.waitUntil(lambda: page.overdue_button.text() == "Просрочено: 0")


def test_chain_check_reports_a_tampered_record(counter, point, qtbot):
    point.add_cells()
    posting = point.add_shipment(customer=None, status="received")
    counter.place(posting, "C-A-01-01")
    page = counter.page("ledger")
    with qtbot.waitSignal(page.chain_checked) as ok:
        page.chain_button.click()
    assert ok.args[0].ok and "цел" in page.chain_label.text()
    with point.store.write() as s:
        s.execute(update(Event).values(employee_id="someone-else"))
    with qtbot.waitSignal(page.chain_checked) as bad:
        page.chain_button.click()
    assert not bad.args[0].ok and "нарушен" in page.chain_label.text()


def test_a_defect_act_in_the_history_reads_as_words_not_as_its_record(counter, point, ctx, tmp_path):
    from pvz_desktop.workflows.defects import record_defect
    from tests.central.test_defect_photos import png

    point.add_cells()
    posting = point.add_shipment(customer=None, status="stored", cell="C-A-01-01")
    photos = []
    for n in (1, 2):
        photo = tmp_path / f"photo-{n}.png"
        photo.write_bytes(png(seed=n))
        photos.append(photo)
    record_defect(ctx, posting, "goods", "  вмятина   на углу ", photos)
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    counter.scan(posting)
    model = page.timeline_model
    [row] = [r for r in range(model.rowCount()) if model.data(model.index(r, 1)) != "размещено"]
    details = model.data(model.index(row, model.columnCount() - 1))
    assert details == "повреждён товар; в карточке покупателя; «вмятина на углу»; фото: 2"
