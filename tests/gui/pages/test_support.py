from __future__ import annotations

from sqlalchemy import select

from pvz_desktop.store.models import SupportTicket


def test_ticket_with_a_scanned_shipment_then_a_reply(counter, point, qtmodeltester, unchanged):
    posting = point.add_shipment(customer=None, status="stored")
    page = counter.page("support")
    counter.window.show_page("support")
    tone, _ = counter.scan(posting)
    assert tone == "ok" and page.postings.text() == posting
    with unchanged():
        tone, text = counter.act(page.send_button.click)  # no subject yet
    assert tone == "error" and "тему" in text
    page.subject.setText("Коробка вскрыта")
    page.body.setPlainText("Пришло со следами вскрытия")
    tone, _ = counter.act(page.send_button.click)
    assert tone == "ok"
    counter.idle()
    assert page.model.rowCount() == 1
    qtmodeltester.check(page.model)
    assert "Пришло со следами" in page.thread.toPlainText()
    page.reply.setPlainText("Фото приложу позже")
    counter.act(page.reply_button.click)
    counter.idle()
    assert "Фото приложу" in page.thread.toPlainText()
    with point.store.read() as s:
        assert s.scalar(select(SupportTicket.postings)) == f'["{posting}"]'
