from __future__ import annotations

from sqlalchemy import select

from pvz_desktop.store.models import Shipment


def test_pickup_code_opens_card_with_cells(counter, point):
    point.add_cells()
    code = point.add_customer("48213377")
    posting = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-02", amount_due=150000)
    counter.window.show_page("acceptance")
    tone, text = counter.scan(code)
    assert tone == "ok"
    page = counter.page("issuance")
    assert counter.window.current_page() is page
    assert "C-A-01-02" in page.cells.text()
    assert page.model.rowCount() == 1
    tone, text = counter.scan(posting)
    assert tone == "ok" and posting in text
    with point.store.read() as s:
        assert s.scalar(select(Shipment.status).where(Shipment.posting_number == posting)) == "stored"
