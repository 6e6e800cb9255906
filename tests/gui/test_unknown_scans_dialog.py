"""«Зависшие ШК»: a junk scan from acceptance is resolved or written off; a surplus taken in."""

from __future__ import annotations

from sqlalchemy import select

from pvz_desktop.store.models import Shipment, UnknownScan


def test_resolve_dismiss_and_take_in(counter, point, qtmodeltester):
    number = point.add_waybill("TN-0000000009")
    torn = point.add_shipment(customer=None, waybill=number)
    page = counter.page("acceptance")
    counter.scan(number)
    counter.scan("??12345")  # a torn label
    counter.scan("ПРОМО")  # a promo sticker
    counter.scan("0999999999-0001-1")  # not on the waybill: surplus
    dialog = page.open_unknown_scans()
    counter.idle()
    codes = [v.code for v in dialog.scan_model.rows()]
    assert sorted(codes) == ["??12345", "ПРОМО"]
    assert [v.posting_number for v in dialog.surplus_model.rows()] == ["0999999999-0001-1"]
    qtmodeltester.check(dialog.scan_model)

    dialog.scans.selectRow(codes.index("??12345"))
    dialog.posting.setText(torn)
    tone, text = counter.act(dialog.resolve)
    assert tone == "ok" and torn in text
    counter.idle()
    dialog.scans.selectRow(0)
    tone, text = counter.act(dialog.dismiss)  # no reason given
    assert tone == "error" and "почему" in text
    dialog.reason.setText("рекламная наклейка")
    counter.act(dialog.dismiss)
    dialog.surplus.selectRow(0)
    counter.act(dialog.take_in)
    counter.idle()
    assert dialog.scan_model.rowCount() == 0 and dialog.surplus_model.rowCount() == 0
    with point.store.read() as s:
        status = dict(s.execute(select(Shipment.posting_number, Shipment.status)).all())
        states = sorted(s.scalars(select(UnknownScan.status)))
    assert status[torn] == "received" and status["0999999999-0001-1"] == "received"
    assert states == ["dismissed", "resolved"]
