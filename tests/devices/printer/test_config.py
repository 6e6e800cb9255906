from __future__ import annotations

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import PageSetup, TransportKind, parse_printer_url


def test_tcp_with_default_port_and_parameters() -> None:
    c = parse_printer_url("tcp://192.168.1.50")
    assert (c.kind, c.target, c.port, c.codepage, c.width_mm) == (TransportKind.TCP, "192.168.1.50", 9100, 17, 80)
    c = parse_printer_url("tcp://printer.local:9101?codepage=59&width=58")
    assert (c.target, c.port, c.codepage, c.setup) == ("printer.local", 9101, 59, PageSetup(59, 58))
    assert c.setup.columns == 32 and PageSetup(17, 80).columns == 48


def test_serial_usb_win32_file() -> None:
    c = parse_printer_url("serial:///dev/ttyUSB0?baud=19200&codepage=17")
    assert (c.kind, c.target, c.baudrate, c.codepage) == (TransportKind.SERIAL, "/dev/ttyUSB0", 19200, 17)
    assert parse_printer_url("serial://COM3").target == "COM3"
    assert parse_printer_url("serial:///COM4").target == "COM4"
    assert parse_printer_url("serial:///dev/ttyS0").baudrate == 9600
    c = parse_printer_url("usb://04b8:0202")
    assert (c.kind, c.usb_vendor, c.usb_product) == (TransportKind.USB, 0x04B8, 0x0202)
    c = parse_printer_url("win32://POS-80 Printer?width=58")
    assert (c.kind, c.target, c.width_mm) == (TransportKind.WIN32, "POS-80 Printer", 58)
    assert parse_printer_url("win32://XP%2058").target == "XP 58"
    assert parse_printer_url("win32://").target == ""  # the default Windows printer
    assert parse_printer_url("file:///tmp/out.bin").target == "/tmp/out.bin"
    assert parse_printer_url("file:///C:/pvz/out.bin").target == "C:/pvz/out.bin"


@pytest.mark.parametrize(
    ("profile", "codepage", "escpos_profile"),
    [
        ("epson", 17, None),
        ("Zjiang", 59, None),
        ("netum", 59, None),
        ("PBM", 59, None),
        ("rongta", 7, None),
        ("star", 10, None),
        ("TM-T88V", 17, "TM-T88V"),  # python-escpos model names, vendor from its database
        ("rp326", 7, "RP326"),
        ("TSP600", 10, "TSP600"),
        ("POS-5890", 59, "POS-5890"),
    ],
)
def test_profile_selects_the_vendor_cp866_number(profile, codepage, escpos_profile) -> None:
    c = parse_printer_url(f"tcp://10.0.0.5?profile={profile}")
    assert (c.codepage, c.profile) == (codepage, escpos_profile)


def test_explicit_codepage_beats_profile_and_defaults() -> None:
    assert parse_printer_url("tcp://h?profile=star&codepage=17").codepage == 17
    assert parse_printer_url("tcp://h", default_codepage=59, default_width=58).setup == PageSetup(59, 58)
    assert parse_printer_url("tcp://h?profile=rongta", default_codepage=59).codepage == 7


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://printer", "ожидается tcp://"),
        ("printer", "ожидается tcp://"),
        ("tcp://", "не указан адрес"),
        ("tcp://h:99999", "номер порта"),
        ("tcp://h?width=70", "ширина бумаги 70"),
        ("tcp://h?codepage=300", "от 0 до 255"),
        ("tcp://h?codepage=abc", "целое число"),
        ("tcp://h?codpage=17", "неизвестный параметр codpage"),
        ("tcp://h?profile=nonesuch", "неизвестный профиль «nonesuch»"),
        ("usb://04b8", "usb://04b8:0202"),
        ("serial://", "не указан порт"),
        ("serial:///dev/ttyUSB0?baud=fast", "целое число"),
        ("file://", "не указан путь"),
    ],
)
def test_bad_urls_are_explained_in_russian(url, words) -> None:
    with pytest.raises(BadInput, match="Адрес принтера") as err:
        parse_printer_url(url)
    assert words in err.value.message


def test_settings_profile_is_a_default_the_url_can_override() -> None:
    assert parse_printer_url("tcp://h", default_profile="default", default_codepage=59).codepage == 59
    assert parse_printer_url("tcp://h", default_profile="star").codepage == 10
    c = parse_printer_url("tcp://h?profile=rongta", default_profile="star", default_codepage=59)
    assert (c.codepage, c.vendor) == (7, "rongta")
