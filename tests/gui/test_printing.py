"""Slips through the real print queue to a loopback TCP printer; reprint; test page from settings."""

from __future__ import annotations

from pvz_desktop.devices.printer.decoder import CODEPAGE_ENCODINGS, decode_escpos
from tests.gui.conftest import make_counter


def text_of(data: bytes) -> str:
    return decode_escpos(data, {**CODEPAGE_ENCODINGS, 17: "cp866"}).text


def test_slip_is_queued_printed_previewed_and_reprinted(qtbot, ctx, settings, point, tcp_printer):
    settings = settings.model_copy(update={"printer": tcp_printer.url})
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        counter.window.printer.start()
        point.add_cells()
        code = point.add_customer("48213377")
        parcel = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
        counter.scan(code)
        counter.scan(parcel)
        page = counter.page("issuance")
        with qtbot.waitSignal(counter.window.printer.printed) as printed:
            counter.act(page.issue_button.click)
        doc = printed.args[0]
        assert doc.job_id is not None
        assert f"№{doc.job_id}" in counter.window.preview.title.text()
        assert tcp_printer.wait_for(lambda p: parcel in text_of(p.data))
        first = tcp_printer.data
        with qtbot.waitSignal(counter.window.printer.printed) as again:
            counter.window.preview.reprint_button.click()
        assert again.args[0].job_id != doc.job_id
        assert tcp_printer.wait_for(lambda p: len(p.data) >= 2 * len(first))
        assert text_of(tcp_printer.data).count("ВЫДАЧА") == 2
        qtbot.waitUntil(lambda: "напечатано" in counter.window.status.printer.text(), timeout=5000)
    finally:
        counter.window.printer.stop()
        gen.close()


def test_settings_test_print_reaches_the_printer(counter, tcp_printer, qtbot):
    dialog = counter.window.open_settings()
    dialog.printer_url.setText(tcp_printer.url)
    dialog.test_print()
    qtbot.waitUntil(dialog.test_print_button.isEnabled, timeout=5000)
    assert "Напечатано" in dialog.printer_note.text()
    assert "ТЕСТОВАЯ СТРАНИЦА" in text_of(tcp_printer.data)


def test_unreachable_printer_is_explained(counter, qtbot):
    dialog = counter.window.open_settings()
    dialog.printer_url.setText("tcp://127.0.0.1:1")
    dialog.test_print()
    qtbot.waitUntil(dialog.test_print_button.isEnabled, timeout=10000)
    assert "Напечатано" not in dialog.printer_note.text() and dialog.printer_note.text()
