"""Discovery for the settings screen. The HID device lists are stand-ins: no USB device exists here."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

from serial.tools.list_ports_common import ListPortInfo

from pvz_desktop.devices.discovery import (
    DiscoveredDevices,
    HidPosDeviceInfo,
    discover,
    list_hidpos_devices,
    serial_port_info,
)

HONEYWELL_POS = {
    "path": b"/dev/hidraw3",
    "vendor_id": 0x0C2E,
    "product_id": 0x0B8F,
    "serial_number": "15232B1F0C",
    "release_number": 0x0100,
    "manufacturer_string": "Honeywell",
    "product_string": "Voyager 1602g",
    "usage_page": 0x8C,
    "usage": 0x02,
    "interface_number": 0,
}
KEYBOARD = {**HONEYWELL_POS, "path": b"/dev/hidraw2", "usage_page": 0x01, "usage": 0x06}
MOUSE = {**KEYBOARD, "path": b"/dev/hidraw1", "vendor_id": 0x046D, "usage": 0x02}


def module_listing(*infos: dict[str, Any]) -> ModuleType:
    def enumerate(vendor_id: int = 0, product_id: int = 0) -> list[dict[str, Any]]:
        return [dict(i) for i in infos]

    return SimpleNamespace(enumerate=enumerate)  # type: ignore[return-value]


def test_usb_serial_port_is_described_with_its_ids_and_url() -> None:
    port = ListPortInfo("/dev/ttyACM0", skip_link_detection=True)
    port.vid, port.pid = 0x0C2E, 0x0B8F
    port.description, port.manufacturer, port.serial_number = "Honeywell Scanner", "Honeywell", "17011B6C2C"
    info = serial_port_info(port)
    assert (info.device, info.usb_id, info.url) == ("/dev/ttyACM0", "0c2e:0b8f", "serial:///dev/ttyACM0")
    assert (info.description, info.manufacturer, info.serial_number) == ("Honeywell Scanner", "Honeywell", "17011B6C2C")


def test_plain_serial_port_has_no_usb_id() -> None:
    info = serial_port_info(ListPortInfo("/dev/ttyS0", skip_link_detection=True))
    assert (info.usb_id, info.description, info.vendor_id) == ("", "", None)


def test_only_usage_page_0x8c_is_listed_whatever_the_vendor() -> None:
    def loader(backend: str) -> tuple[list[tuple[str, ModuleType]], list[str]]:
        return [("hidraw", module_listing(MOUSE, KEYBOARD, HONEYWELL_POS, HONEYWELL_POS))], []

    devices, notes = list_hidpos_devices(loader=loader)
    assert notes == []
    assert devices == [
        HidPosDeviceInfo(
            "/dev/hidraw3", 0x0C2E, 0x0B8F, 0x8C, 0x02, "Honeywell", "Voyager 1602g", "15232B1F0C", "hidraw"
        )
    ]
    assert devices[0].url == "hid://0c2e:0b8f" and devices[0].is_scanner


def test_second_module_is_asked_when_the_first_finds_nothing_or_fails() -> None:
    def failing(vendor_id: int = 0, product_id: int = 0) -> list[dict[str, Any]]:
        raise OSError("hid_enumerate failed")

    def loader(backend: str) -> tuple[list[tuple[str, ModuleType]], list[str]]:
        broken = SimpleNamespace(enumerate=failing)
        return [("hidraw", broken), ("hid", module_listing(HONEYWELL_POS))], []  # type: ignore[list-item]

    devices, notes = list_hidpos_devices(loader=loader)
    assert [d.backend for d in devices] == ["hid"]
    assert len(notes) == 1 and "hidraw" in notes[0]


def test_hidapi_that_cannot_load_is_a_note_not_a_crash() -> None:
    def loader(backend: str) -> tuple[list[tuple[str, ModuleType]], list[str]]:
        return [], ["модуль hid библиотеки hidapi не загрузился: libusb-1.0.so.0: cannot open shared object file"]

    assert list_hidpos_devices(loader=loader) == ([], [loader("auto")[1][0]])


def test_discover_on_this_machine_does_not_raise() -> None:
    found = discover()
    assert isinstance(found, DiscoveredDevices)
    assert all(p.url.startswith("serial://") for p in found.serial_ports)
