"""Every scan reaches the active page, or gets a clear answer from the router."""

from __future__ import annotations

import pytest

from pvz_desktop.workflows import unknown_scans


def test_a_parcel_scanned_where_it_makes_no_sense_says_where_it_is(counter, point, unchanged):
    point.add_cells()
    posting = point.add_shipment(customer=None, status="stored", cell="C-A-01-02")
    counter.window.show_page("shift")
    with unchanged():
        tone, text = counter.scan(posting)
    assert tone == "info"
    assert posting in text and "на хранении" in text and "C-A-01-02" in text and "Смена" in text
    assert counter.window.current_page().key == "shift"


def test_unknown_and_misplaced_codes_are_answered(counter, point):
    counter.window.show_page("issuance")
    tone, text = counter.scan("хлам")
    assert tone == "error" and "не распознан" in text and "Зависшие ШК" in text
    # Kept to be resolved later, with the tab it was scanned on.
    assert [(s.code, s.workflow) for s in unknown_scans.scans(counter.window.services.ctx)] == [("хлам", "issuance")]
    tone, text = counter.scan("GM0000000001")
    assert tone == "info" and "грузоместо" in text and "Выдача" in text
    tone, text = counter.scan("0000000000-0000-0")
    assert tone == "error" and "не найдено" in text


@pytest.mark.parametrize("page", ["acceptance", "issuance", "returns"])
def test_a_code_printed_on_the_goods_is_named_and_refused(counter, point, unchanged, page):
    counter.window.show_page(page)
    marking = "0104603757310758215?8M-JRfhHqXY\x1d91EE06\x1d92" + "Y7cMhHpbz2Cxh0TRwjKxYXydWyR8q6KZx9FSQy9iKQKo="
    with unchanged():  # nothing is kept in «Зависшие ШК»: it is not a parcel's code
        tone, text = counter.scan("4006381333931")
        assert tone == "error" and "штрихкод товара EAN-13 4006381333931" in text and "этикетку" in text
        tone, text = counter.scan(marking)
        assert tone == "error" and "Честный знак" in text and "04603757310758" in text
        tone, text = counter.scan(marking.replace("\x1d", ""))  # a wedge scanner lost the GS characters
        assert tone == "error" and "Честный знак" in text
    assert counter.window.current_page().key == page


def test_russian_layout_scan_is_folded_back(counter, point):
    number = point.add_waybill("TN-0000000077")
    counter.window.show_page("issuance")
    # A wedge scanner under ЙЦУКЕН types "ЕТ-…" for "TN-…".
    tone, text = counter.scan("ЕТ-0000000077")
    assert tone == "ok" and number in text
    assert counter.window.current_page().key == "acceptance"


def test_capture_next_takes_one_scan_away_from_the_pages(counter, point):
    got = []
    counter.window.router.capture_next(got.append)
    counter.window.router.inject("C-A-01-01", source="test")
    assert [e.code for e in got] == ["C-A-01-01"]
    assert counter.banner == ("idle", counter.window.current_page().prompt())  # no answer to it
    tone, _ = counter.scan("C-A-01-01")  # the next one is routed as usual
    assert tone == "info"


def test_manual_entry_field_injects_a_scan(counter, point, qtbot):
    code = point.add_customer("48213377")
    field = counter.window.manual
    field.setText(code)
    counter.act(field.returnPressed.emit)
    assert counter.window.current_page().key == "issuance"
    assert field.text() == ""


@pytest.mark.parametrize("page", ["acceptance", "issuance", "returns"])
def test_the_other_barcodes_on_a_box_are_named_and_refused(counter, point, unchanged, page):
    """An Ozon label's upper and lower codes, a Wildberries sticker and Ozon's product code: each is
    named, with what to scan instead; none is kept in «Зависшие ШК» nor changes anything."""
    counter.window.show_page(page)
    with unchanged():
        tone, text = counter.scan("%101%806044518")
        assert tone == "error" and "верхний штрихкод маркировки отправления Ozon (%101%806044518)" in text
        assert "номером отправления" in text
        tone, text = counter.scan("23024930500000")
        assert tone == "error" and "нижний штрихкод маркировки отправления Ozon" in text
        tone, text = counter.scan("!гЛУеЙЯМч")  # !uKEtQZVx typed by a wedge scanner under ЙЦУКЕН
        assert (
            tone == "error" and "стикер сборочного задания Wildberries (!uKEtQZVx)" in text and "этикетку ПВЗ" in text
        )
        tone, text = counter.scan("OZN1234567891")
        assert tone == "error" and "штрихкод товара Ozon OZN1234567891" in text and "этикетку ПВЗ" in text
    assert unknown_scans.scans(counter.window.services.ctx) == []
    assert counter.window.current_page().key == page
