"""The fitting room in the real window at 1366×768: parcels handed over from the card, another
customer served meanwhile, the first one back by a scan of their parcel, the timer's warning and
alert (the card and the status bar in red), one line bought and one refused, paid; nothing cut off."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint

from pvz_desktop.gui import palette
from pvz_desktop.workflows.issuance import PaymentMethod
from tests.gui.test_fits_screen import SCREEN, overflowing
from tests.workflows.counter_builders import status_of

T0 = datetime(2026, 12, 3, 10, 0)


def _parcels(point):
    point.add_cells(shelves=4)
    a = point.add_customer("48213377")
    dress = point.add_shipment(
        customer="48213377",
        status="stored",
        cell="C-A-01-01",
        amount_due=700000,
        items=[("Платье вечернее с длинным названием и вышивкой", 1, 500000), ("Пояс", 1, 200000)],
    )
    jeans = point.add_shipment(
        customer="48213377", status="stored", cell="C-A-01-02", amount_due=300000, items=[("Джинсы", 1, 300000)]
    )
    b = point.add_customer("11112222", pin="0001", name="Петров П.")
    coat = point.add_shipment(customer="11112222", status="stored", cell="C-A-01-03", amount_due=0)
    return a, b, dress, jeans, coat


def test_two_customers_fit_at_once_and_the_overdue_one_shows_red(counter, point, qtbot, language) -> None:
    a, b, dress, jeans, coat = _parcels(point)
    window = counter.window
    window.move(QPoint(0, 0))
    window.resize(SCREEN.size() - (window.frameGeometry().size() - window.geometry().size()))
    now = [T0]
    ctx = window.services.ctx
    ctx.clock = lambda: now[0]
    page = counter.page("issuance")
    status = window.status

    counter.scan(a)
    counter.scan(dress)
    counter.scan(jeans)
    tone, text = counter.act(page.fitting_button.click)
    assert tone == "ok" and "2" in text
    assert status_of(point.store, dress) == status_of(point.store, jeans) == "on_fitting"
    assert page.fitting_line.isVisible() and "20:00" in page.fitting_line.text()
    assert page.fitting_line.property("timer") == "running" and dress in page.fitting_line.text()
    assert page.state.rows == () and page.state.confirmed == ()
    assert overflowing(window) == []

    # Customer B meanwhile, with a parcel of their own to the fitting room.
    now[0] = T0 + timedelta(minutes=2)
    counter.scan(b)
    assert "Петров" in page.customer.text() and not page.fitting_line.isVisible()
    counter.scan(coat)
    counter.act(page.fitting_button.click)
    counter.act(page.cancel_button.click)  # B goes to try it on; the counter waits for the next one
    qtbot.waitUntil(lambda: len(page.presenter.fittings) == 2, timeout=5000)
    assert "Петров" in page.hint.text() and "Иванова" in page.hint.text()
    status.refresh()
    qtbot.waitUntil(status.fitting.isVisible, timeout=5000)
    assert "Иванова" in status.fitting.text() and "Петров" in status.fitting.text()

    # Five minutes before A's end: a warning; at the end an alert, and red on the card and below.
    now[0] = T0 + timedelta(minutes=16)
    tone, text = counter.act(status.refresh)
    assert tone == "warn" and "Иванова" in text
    now[0] = T0 + timedelta(minutes=21)
    tone, text = counter.act(status.refresh)
    assert tone == "alert" and "Иванова" in text
    assert palette.ERROR in status.fitting.styleSheet()
    assert overflowing(window) == []

    # A is back: a scan of one of A's parcels, with no code, opens A's card with it taken back.
    tone, text = counter.scan(dress)
    assert tone == "ok" and dress in text and "Иванова" in page.customer.text()
    assert page.state.confirmed == (dress,) and status_of(point.store, dress) == "stored"
    assert page.fitting_line.isVisible() and page.fitting_line.property("timer") == "overdue"
    assert palette.ALERT in page.fitting_line.styleSheet() and "−1:00" in page.fitting_line.text()
    assert page.presenter.presented is None  # opened by a parcel, not by a code
    assert overflowing(window) == []
    counter.scan(jeans)
    assert not page.fitting_line.isVisible()
    # The dress kept, its belt and the jeans refused for their reasons; paid for the dress.
    counter.act(lambda: page.apply_refusal({dress: {2}, jeans: {1}}, "size", ""))
    assert page.state.total_due == 500000
    page.card_radio.setChecked(True)
    with qtbot.waitSignal(page.completed) as done:
        counter.act(page.issue_button.click)
    slip = done.args[0]
    assert slip.total == 500000 and slip.payment_method is PaymentMethod.CARD
    assert status_of(point.store, dress) == "issued" and status_of(point.store, jeans) == "to_return"
    qtbot.waitUntil(lambda: [f.customer_id for f in page.presenter.fittings] == ["11112222"], timeout=5000)
    status.refresh()
    qtbot.waitUntil(lambda: "Иванова" not in status.fitting.text(), timeout=5000)
    assert overflowing(window) == []
