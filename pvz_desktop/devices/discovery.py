"""What is plugged in: serial ports and HID-POS scanners, for the settings screen and ``devices list``.

Never raises: a missing or broken hidapi, or a system that will not list its ports, becomes a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pvz_desktop.devices.scanner.hid_backend import HIDPOS_SCANNER_USAGE, is_hidpos, load_backends

BackendLoader = Callable[[str], tuple[list[tuple[str, ModuleType]], list[str]]]


@dataclass(frozen=True, slots=True)
class SerialPortInfo:
    device: str  # "/dev/ttyACM0", "COM3"
    description: str
    vendor_id: int | None  # USB ids when the port is a USB device
    product_id: int | None
    manufacturer: str
    serial_number: str

    @property
    def usb_id(self) -> str:
        return "" if self.vendor_id is None else f"{self.vendor_id:04x}:{self.product_id or 0:04x}"

    @property
    def url(self) -> str:
        """The scanner URL for this port (baud and suffix may still need adding)."""
        return f"serial://{self.device}"


@dataclass(frozen=True, slots=True)
class HidPosDeviceInfo:
    path: str
    vendor_id: int
    product_id: int
    usage_page: int
    usage: int  # 0x02 is a barcode scanner collection; other usages on page 0x8C are listed too
    manufacturer: str
    product: str
    serial_number: str
    backend: str  # "hid" or "hidraw": the module that found it

    @property
    def is_scanner(self) -> bool:
        return self.usage == HIDPOS_SCANNER_USAGE

    @property
    def url(self) -> str:
        return f"hid://{self.vendor_id:04x}:{self.product_id:04x}"


@dataclass(frozen=True, slots=True)
class DiscoveredDevices:
    serial_ports: tuple[SerialPortInfo, ...]
    hid_devices: tuple[HidPosDeviceInfo, ...]
    notes: tuple[str, ...]  # Russian: why some kind of device could not be listed


def serial_port_info(port: Any) -> SerialPortInfo:
    """From a pyserial ListPortInfo."""
    description = port.description if port.description and port.description != "n/a" else ""
    return SerialPortInfo(
        device=port.device,
        description=description,
        vendor_id=port.vid,
        product_id=port.pid,
        manufacturer=port.manufacturer or "",
        serial_number=port.serial_number or "",
    )


def list_serial_ports() -> tuple[list[SerialPortInfo], list[str]]:
    try:
        from serial.tools import list_ports

        ports = list_ports.comports()
    except (ImportError, OSError) as exc:
        return [], [f"Не удалось получить список последовательных портов: {exc}"]
    return sorted((serial_port_info(p) for p in ports), key=lambda p: p.device), []


def hidpos_device_info(info: dict[str, Any], backend: str) -> HidPosDeviceInfo:
    """From one hid.enumerate() entry."""
    path = info.get("path") or b""
    return HidPosDeviceInfo(
        path=path.decode("utf-8", errors="replace") if isinstance(path, bytes) else str(path),
        vendor_id=int(info.get("vendor_id") or 0),
        product_id=int(info.get("product_id") or 0),
        usage_page=int(info.get("usage_page") or 0),
        usage=int(info.get("usage") or 0),
        manufacturer=info.get("manufacturer_string") or "",
        product=info.get("product_string") or "",
        serial_number=info.get("serial_number") or "",
        backend=backend,
    )


def list_hidpos_devices(
    backend: str = "auto", loader: BackendLoader = load_backends
) -> tuple[list[HidPosDeviceInfo], list[str]]:
    """HID devices on usage page 0x8C, from the first hidapi module that lists any."""
    modules, texts = loader(backend)
    notes = [str(t) for t in texts]  # the command line's listing: Russian
    for name, module in modules:
        try:
            found = [hidpos_device_info(i, name) for i in module.enumerate(0, 0) if is_hidpos(i, usage=None)]
        except (OSError, ValueError) as exc:
            notes.append(f"Не удалось получить список HID-устройств ({name}): {exc}")
            continue
        if found:
            return _unique(found), notes
    return [], notes


def discover(backend: str = "auto") -> DiscoveredDevices:
    ports, port_notes = list_serial_ports()
    hids, hid_notes = list_hidpos_devices(backend)
    return DiscoveredDevices(tuple(ports), tuple(hids), tuple(port_notes + hid_notes))


def _unique(devices: Iterable[HidPosDeviceInfo]) -> list[HidPosDeviceInfo]:
    seen: dict[tuple[str, int], HidPosDeviceInfo] = {}
    for device in devices:
        seen.setdefault((device.path, device.usage), device)
    return list(seen.values())
