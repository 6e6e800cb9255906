"""Выдача driven by scans: card, confirmation, wrong customer, 18+, refusal, cash, slip."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from pvz_desktop.gui.pages.issuance import RefusalDialog
from pvz_desktop.store.models import Event, Outbox
from pvz_desktop.workflows.issuance import RefusalReason
from tests.workflows.counter_builders import status_of


def make_customer(point):
    point.add_cells(shelves=4)
    code = point.add_customer("48213377")
    cash = point.add_shipment(
        customer="48213377",
        status="stored",
        cell="C-A-01-02",
        amount_due=150000,
        items=[("Кроссовки", 1, 100000), ("Носки", 2, 25000)],
    )
    adult = point.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-03", adult_only=True, items=[("Вейп", 1, 0)]
    )
    transit = point.add_shipment(customer="48213377", status="expected")
    point.add_customer("11112222", pin="0001", name="Петров П.")
    other = point.add_shipment(customer="11112222", status="stored", cell="C-A-01-04")
    return code, cash, adult, transit, other


def test_pickup_code_on_any_page_opens_the_card_with_cells(counter, point, qtmodeltester):
    code, _cash, _adult, transit, _ = make_customer(point)
    counter.window.show_page("placement")
    tone, text = counter.scan(code)
    page = counter.page("issuance")
    assert counter.window.current_page() is page
    assert tone == "ok" and "Иванова А." in text
    assert "C-A-01-02" in page.cells.text().replace("\u2011", "-") and "C-A-01-03" in page.cells.text().replace(
        "\u2011", "-"
    )
    assert page.model.rowCount() == 2
    tabs = page.card_tabs
    assert tabs.transit_model.rowCount() == 1 and tabs.transit_model.row_at(0).posting_number == transit
    assert tabs.tabText(1).startswith("В пути (1)")
    assert not page.issue_button.isEnabled()  # nothing confirmed yet
    qtmodeltester.check(page.model)


def test_wrong_customer_parcel_is_refused_loudly_and_not_confirmed(counter, point):
    code, _cash, _adult, _transit, other = make_customer(point)
    counter.scan(code)
    tone, text = counter.scan(other)
    assert tone == "alert"
    assert "ДРУГОГО" in text and "C-A-01-04" in text
    assert counter.page("issuance").state.confirmed == ()


def test_full_issuance_with_age_check_refused_line_and_cash(counter, point, qtbot):
    code, cash, adult, _transit, _other = make_customer(point)
    page = counter.page("issuance")
    counter.scan(code)
    tone, text = counter.scan(adult)
    assert tone == "warn" and "18+" in text and "F6" in text  # amber: check the passport first
    tone, _ = counter.scan(cash)
    assert page.state.confirmed == (adult, cash)

    # Cash chosen, but the 18+ check is missing: the workflow refuses with its reason.
    qtbot.keyClick(page.cash_radio, Qt.Key.Key_Space)
    assert page.cash_radio.isChecked()
    tone, text = counter.act(page.issue_button.click)
    assert tone == "error" and "паспорт" in text.lower()
    assert status_of(point.store, cash) == "stored"

    counter.act(page.age_button.click)
    assert page.state.missing_age == ()

    # The customer refuses the socks (line 2): 1 500 ₽ becomes 1 000 ₽.
    page.open_refusal()
    dialog = page.findChild(RefusalDialog, "refusal_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.set_checked(cash, 2, True)
    # A refusal needs its reason: without one the workflow asks for it and nothing changes.
    tone, text = counter.act(dialog.accept)
    assert tone == "error" and "Укажите причину отказа" in text and "брак" in text
    assert page.state.total_due == 150000
    page.open_refusal()
    dialog = page.findChild(RefusalDialog, "refusal_dialog")
    dialog.set_checked(cash, 2, True)
    dialog.set_reason(RefusalReason.DEFECT, "дырка на пятке")
    counter.act(dialog.accept)
    assert page.state.total_due == 100000
    assert "1\u202f000,00" in page.total.text()

    page.tendered.setText("1200")
    assert "200,00" in page.change.text()
    with qtbot.waitSignal(page.completed) as done:
        tone, text = counter.act(page.issue_button.click)
    assert tone == "ok" and "Сдача 200,00" in text
    slip = done.args[0]
    assert slip.total == 100000 and slip.change == 20000
    assert status_of(point.store, cash) == "issued"
    assert status_of(point.store, adult) == "issued"
    assert status_of(point.store, f"{cash}/R") == "to_return"
    assert page.state is None and not page.table.isVisible()
    # No printer configured: the slip goes to the on-screen preview, decoded from its ESC/POS bytes.
    preview = counter.window.preview.text.toPlainText()
    assert "Причина отказа: брак (дырка на пятке)" in " ".join(preview.split())
    with point.store.read() as s:
        split = s.scalar(select(Event.details).where(Event.kind == "split_refusal"))
        pushed = s.scalar(select(Outbox.payload).where(Outbox.kind == "issue"))
    assert '"reason":"defect"' in split and '"note":"дырка на пятке"' in split  # in the ledger
    assert '"reason":"defect"' in pushed and "дырка на пятке" in pushed  # and in what is synced
    assert "ВЫДАЧА" in preview and cash in preview and "Сдача" in preview
    with point.store.read() as s:
        payment = s.scalar(select(Event.details).where(Event.kind == "payment"))
    assert '"method":"cash"' in payment and '"amount":100000' in payment


def test_f9_issues_by_keyboard_and_f12_cancels(counter, point, qtbot):
    point.add_cells()
    code = point.add_customer("48213377")
    prepaid = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    page = counter.page("issuance")
    counter.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter.window)

    counter.scan(code)
    # A button's shortcut "animates" the click: the press shows for a moment, then it fires.
    counter.act(lambda: qtbot.keyClick(counter.window, Qt.Key.Key_F12))
    assert page.state is None
    counter.scan(code)
    counter.scan(prepaid)
    assert page.issue_button.isEnabled()  # prepaid: no payment method needed
    counter.act(lambda: qtbot.keyClick(counter.window, Qt.Key.Key_F9))
    assert status_of(point.store, prepaid) == "issued"


def test_f12_while_the_handover_is_being_written_is_refused_and_the_slip_prints(counter, point, qtbot):
    """The hand-over write held open by another connection holding SQLite's write lock: F9 is
    off, F12 is refused, and once the write commits the banner says «Выдано» and the slip prints."""
    point.add_cells()
    code = point.add_customer("48213377")
    prepaid = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    page = counter.page("issuance")
    counter.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter.window)
    counter.scan(code)
    counter.scan(prepaid)
    holder = sqlite3.connect(point.store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock: F9's write waits
    try:
        page.issue_button.click()
        assert not page.issue_button.isEnabled()
        with qtbot.waitSignal(counter.feedback.shown, timeout=2000) as refused:
            qtbot.keyClick(counter.window, Qt.Key.Key_F12)
        assert refused.args[0] == "warn" and "записывается" in refused.args[1]
        assert page.state is not None  # the card stays until the write answers
        banners: list[tuple[str, str]] = []
        counter.feedback.shown.connect(lambda tone, text: banners.append((tone, text)))
        with qtbot.waitSignal(page.completed, timeout=5000) as done:
            holder.execute("ROLLBACK")
    finally:
        holder.close()
    counter.idle()
    assert done.args[0].issued[0].posting_number == prepaid
    assert banners == [("ok", "Выдано отправлений: 1")]
    assert status_of(point.store, prepaid) == "issued" and page.state is None
    preview = counter.window.preview.text.toPlainText()
    assert "ВЫДАЧА" in preview and prepaid in preview


def test_bad_cash_amount_is_explained_and_changes_nothing(counter, point, unchanged):
    point.add_cells()
    code = point.add_customer("48213377")
    cod = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01", amount_due=50000)
    page = counter.page("issuance")
    counter.scan(code)
    counter.scan(cod)
    page.cash_radio.setChecked(True)
    page.tendered.setText("сто рублей")
    assert "Не понимаю" in page.change.text()
    with unchanged():
        tone, text = counter.act(page.issue_button.click)
    assert tone == "error" and "сумму" in text
    page.tendered.setText("300")
    with unchanged():
        tone, text = counter.act(page.issue_button.click)
    assert tone == "error" and "Получено 300,00" in text
