"""The File transport (a real file) and the test page, on a file and on the network printer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import parse_printer_url
from pvz_desktop.devices.printer.decoder import decode_escpos
from pvz_desktop.devices.printer.errors import PrinterUnavailable
from pvz_desktop.devices.printer.print_queue import PrintEventKind, PrintQueue
from pvz_desktop.devices.printer.sender import print_now
from pvz_desktop.devices.printer.status import PrinterNotReady, PrinterStatus
from pvz_desktop.devices.printer.testpage import LOWER, UPPER, print_test_page
from tests.devices.printer.conftest import FAST
from tests.devices.printer.fake_printer import FakePrinter, Mode


def test_file_printer_collects_queued_jobs_in_order(store, events, tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    q = PrintQueue(store, f"file://{out}?codepage=59", on_event=events, policy=FAST)
    q.start()
    try:
        first = q.submit("test", "Первый", b"\x1b@\x1bt\x3b" + "Первый чек\n".encode("cp866"))
        second = q.submit("test", "Второй", b"\x1b@\x1bt\x3b" + "Второй чек\n".encode("cp866"))
        events.wait(PrintEventKind.PRINTED, job_id=first)
        printed = events.wait(PrintEventKind.PRINTED, job_id=second)
    finally:
        assert q.stop()
    assert printed.status is PrinterStatus.UNKNOWN  # a file cannot report paper or cover
    assert decode_escpos(out.read_bytes()).lines == ("Первый чек", "Второй чек")


def test_test_page_on_a_file_with_a_chosen_codepage(tmp_path: Path) -> None:
    out = tmp_path / "test.bin"
    print_test_page(f"file://{out}?width=58", 59)
    raw = out.read_bytes()
    assert b"\x1bt\x3b" in raw and b"\x1bt\x11" not in raw
    decoded = decode_escpos(raw)
    text = "".join(decoded.text.split())
    assert UPPER in text and LOWER in text and "№12345" in text
    assert "ESC t 59 (CP866)" in decoded.text and "58 мм, 32 знаков" in decoded.text
    assert all(len(line) <= 32 for line in decoded.lines)
    assert decoded.barcodes and decoded.qr_codes and decoded.cuts == 1


def test_test_page_on_the_network_printer_uses_the_url_codepage(printer: FakePrinter) -> None:
    print_test_page(f"{printer.url}?profile=rongta", None)
    assert printer.wait_for(lambda p: p.data.endswith(b"\x1dVB\x03"))
    decoded = decode_escpos(printer.data)
    assert decoded.codepages == (7,) and UPPER in "".join(decoded.text.split())


def test_test_page_refuses_a_bad_codepage_and_a_bad_url(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="от 0 до 255"):
        print_test_page(f"file://{tmp_path / 'x.bin'}", 256)
    with pytest.raises(BadInput, match="Адрес принтера"):
        print_test_page("lpt1", None)
    assert not (tmp_path / "x.bin").exists()


def test_test_page_on_a_printer_without_paper_says_so(printer: FakePrinter) -> None:
    printer.mode = Mode.PAPER_OUT
    with pytest.raises(PrinterNotReady, match="закончилась бумага"):
        print_test_page(printer.url, 17)
    assert printer.data == b""


def test_unwritable_file_is_unavailable_in_russian(tmp_path: Path) -> None:
    with pytest.raises(PrinterUnavailable, match="Проверьте путь и права на запись"):
        print_now(parse_printer_url(f"file://{tmp_path / 'no-such-dir' / 'out.bin'}"), b"x")


@pytest.mark.skipif(sys.platform == "win32", reason="the spooler exists on Windows")
def test_win32_printer_outside_windows_is_explained() -> None:
    with pytest.raises(PrinterUnavailable, match=r"только в Windows"):
        print_now(parse_printer_url("win32://POS-80"), b"x")


def test_usb_printer_without_pyusb_is_explained() -> None:
    try:
        import usb  # noqa: F401
    except ImportError:
        with pytest.raises(PrinterUnavailable, match="pyusb"):
            print_now(parse_printer_url("usb://04b8:0202"), b"x")
    else:
        pytest.skip("pyusb is installed here: the message is for systems without it")
