from __future__ import annotations

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.scanner.urls import (
    HidScannerConfig,
    SerialScannerConfig,
    WedgeScannerConfig,
    parse_scanner_url,
)


def test_serial_url_with_every_parameter() -> None:
    config = parse_scanner_url("serial:///dev/ttyACM0?baud=115200&prefix=stx&suffix=crlf")
    assert config == SerialScannerConfig("/dev/ttyACM0", 115200, b"\x02", b"\r\n")
    assert config.source == "serial:///dev/ttyACM0"
    assert config.name == "/dev/ttyACM0"


def test_serial_url_defaults_and_literal_affixes() -> None:
    assert parse_scanner_url("serial:///dev/ttyUSB1") == SerialScannerConfig("/dev/ttyUSB1", 9600, b"", b"")
    assert parse_scanner_url("serial:///dev/ttyS0?prefix=&suffix=") == SerialScannerConfig("/dev/ttyS0")
    assert parse_scanner_url("serial:///dev/ttyS0?prefix=%23&suffix=%03").prefix == b"#"
    assert parse_scanner_url("serial:///dev/ttyS0?suffix=%03").suffix == b"\x03"


@pytest.mark.parametrize("url", ["serial://COM3", "serial:///COM3", "SERIAL://com3"])
def test_windows_com_ports(url: str) -> None:
    config = parse_scanner_url(url)
    assert isinstance(config, SerialScannerConfig)
    assert config.port.upper() == "COM3"
    assert config.source.upper() == "SERIAL://COM3"


def test_hid_urls() -> None:
    assert parse_scanner_url("hid://0C2E:0b8f") == HidScannerConfig(0x0C2E, 0x0B8F)
    assert parse_scanner_url("hid://0c2e:0b8f").source == "hid://0c2e:0b8f"
    assert parse_scanner_url("hid://") == HidScannerConfig()
    assert parse_scanner_url("hid://").name == "HID-POS"
    config = parse_scanner_url("hid://?path=/dev/hidraw3&backend=hidraw")
    assert config == HidScannerConfig(None, None, "/dev/hidraw3", "hidraw")
    assert config.source == "hid://?path=/dev/hidraw3"


def test_wedge() -> None:
    assert parse_scanner_url(" Wedge ") == WedgeScannerConfig()
    assert parse_scanner_url("wedge").source == "wedge"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("usb://1234:5678", "Неизвестный тип сканера"),
        ("serial://", "не указан порт"),
        ("serial:///dev/ttyACM0?baud=fast", "Скорость порта"),
        ("serial:///dev/ttyACM0?baud=0", "Скорость порта"),
        ("serial:///dev/ttyACM0?bud=9600", "Неизвестный параметр сканера «bud»"),
        ("serial:///dev/ttyACM0?baud", "Не разобрать параметры"),
        ("hid://0c2e", "VID:PID"),
        ("hid://xyz:0b8f", "VID:PID"),
        ("hid://?backend=winusb", "Неизвестный способ доступа"),
    ],
)
def test_bad_urls_are_refused_in_russian(url: str, words: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_scanner_url(url)
    assert words in caught.value.message
