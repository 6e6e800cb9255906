"""Printer URLs (DESIGN §7) parsed into a frozen PrinterConfig.

    tcp://192.168.1.50:9100          network printer, port 9100 by default
    serial:///dev/ttyUSB0?baud=19200 serial port (``serial://COM3`` on Windows), 9600 baud by default
    usb://04b8:0202                  USB vendor:product id, hex
    win32://Printer name             Windows spooler, raw; ``win32://`` alone = default printer
    file:///tmp/out.bin              a file or device node; jobs are appended

Any of them may carry ``codepage=N`` (``ESC t N`` that selects CP866 on this printer),
``profile=NAME`` (a vendor: epson, zjiang, netum, pbm, rongta, star, or a python-escpos
profile name such as TM-T88V), ``width=58|80`` (paper width in mm) and the cash drawer's
``drawer=2|5``, ``drawer_pulse=ON,OFF`` (ms) and ``drawer_open=high|low`` (see ``drawer.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urlsplit

from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.text import word
from pvz_desktop.devices.printer.codepage import DEFAULT_CP866, VENDOR_CP866
from pvz_desktop.devices.printer.drawer import DEFAULT_DRAWER, DEFAULT_PULSE_MS, PULSE_MS, DrawerSetup

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUD = 9600
COLUMNS = {58: 32, 80: 48}
_PARAMS = {"codepage", "profile", "width", "baud", "baudrate", "drawer", "drawer_pulse", "drawer_open"}
_URL_HELP = (
    "ожидается tcp://адрес:9100, serial:///dev/ttyUSB0?baud=19200, usb://04b8:0202, "
    "win32://Имя принтера или file:///путь/к/файлу"
)


class TransportKind(StrEnum):
    TCP = "tcp"
    SERIAL = "serial"
    USB = "usb"
    WIN32 = "win32"
    FILE = "file"

    @property
    def label(self) -> str:
        return {
            "tcp": word("сетевой принтер"),
            "serial": word("принтер на COM-порту"),
            "usb": word("USB-принтер"),
            "win32": word("принтер Windows"),
            "file": word("файл"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class PageSetup:
    """What a layout needs to know about the printer: its CP866 number and paper width."""

    codepage: int = DEFAULT_CP866
    width_mm: int = 80

    @property
    def columns(self) -> int:
        return COLUMNS[self.width_mm]


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    url: str
    kind: TransportKind
    target: str  # host, device path, printer name or file path; "vvvv:pppp" for USB
    port: int = DEFAULT_TCP_PORT
    baudrate: int = DEFAULT_BAUD
    usb_vendor: int = 0
    usb_product: int = 0
    codepage: int = DEFAULT_CP866
    width_mm: int = 80
    profile: str | None = None  # a python-escpos profile name, handed to python-escpos
    vendor: str | None = None
    drawer: DrawerSetup = DEFAULT_DRAWER

    @property
    def setup(self) -> PageSetup:
        return PageSetup(self.codepage, self.width_mm)

    @property
    def description(self) -> str:
        where = f"{self.target}:{self.port}" if self.kind is TransportKind.TCP else self.target
        return f"{self.kind.label} {where or '(по умолчанию)'}".strip()


def _bad(url: str, why: str) -> BadInput:
    return BadInput(f"Адрес принтера «{url}»: {why}")


def _int(url: str, name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value, 0)
    except ValueError:
        raise _bad(url, f"{name}={value} — нужно целое число") from None
    if not low <= number <= high:
        raise _bad(url, f"{name}={value} — допустимо от {low} до {high}")
    return number


def _profile(url: str, name: str) -> tuple[str | None, str | None, int | None]:
    """(python-escpos profile, vendor, CP866 number) for ``profile=NAME``."""
    if name.lower() in VENDOR_CP866:
        return None, name.lower(), VENDOR_CP866[name.lower()]
    from escpos.capabilities import CAPABILITIES  # loaded only when a model name is given

    profiles = CAPABILITIES["profiles"]
    exact = next((p for p in profiles if p.lower() == name.lower()), None)
    if exact is None:
        vendors = ", ".join(sorted({v for v in VENDOR_CP866 if " " not in v}))
        raise _bad(url, f"неизвестный профиль «{name}»; укажите производителя ({vendors}) или модель, например TM-T88V")
    vendor = str(profiles[exact].get("vendor", "")).lower()
    cp866 = [int(n) for n, enc in profiles[exact].get("codePages", {}).items() if enc == "CP866"]
    return exact, vendor or None, VENDOR_CP866.get(vendor, cp866[0] if cp866 else None)


def _drawer(url: str, query: dict[str, str], vendor: str | None) -> DrawerSetup:
    """``drawer=2|5`` (DK pin), ``drawer_pulse=ON,OFF`` (ms; the vendor's by default), ``drawer_open=high|low``."""
    pin = _int(url, "drawer", query["drawer"], 2, 5) if "drawer" in query else 2
    if pin not in (2, 5):
        raise _bad(url, f"drawer={pin} — денежный ящик подключается к контакту 2 или 5")
    pulse = PULSE_MS.get(vendor or "", DEFAULT_PULSE_MS)
    if "drawer_pulse" in query:
        times = query["drawer_pulse"].split(",")
        if len(times) != 2:
            raise _bad(url, "drawer_pulse — два числа миллисекунд через запятую, например drawer_pulse=100,500")
        pulse = (_int(url, "drawer_pulse", times[0], 2, 510), _int(url, "drawer_pulse", times[1], 2, 510))
    level = query.get("drawer_open", "high").lower()
    if level not in ("high", "low"):
        raise _bad(url, f"drawer_open={level} — укажите high или low (уровень контакта 3 при открытом ящике)")
    return DrawerSetup(pin, pulse, level == "high")


def parse_printer_url(
    url: str, *, default_codepage: int | None = None, default_width: int = 80, default_profile: str | None = None
) -> PrinterConfig:
    """Parse a printer URL; a bad one raises BadInput with a Russian message.

    The defaults come from the settings (``printer_codepage``, ``paper_width``, ``printer_profile``);
    what the URL says wins. The CP866 number: URL ``codepage`` > URL ``profile`` > ``default_codepage``
    > ``default_profile`` > 17."""
    text = url.strip()
    parts = urlsplit(text)
    try:
        kind = TransportKind(parts.scheme.lower())
    except ValueError:
        raise _bad(url, _URL_HELP) from None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - _PARAMS)
    if unknown:
        raise _bad(
            url,
            f"неизвестный параметр {', '.join(unknown)}; допустимы codepage, profile, width, baud, "
            "drawer, drawer_pulse, drawer_open",
        )

    profile = vendor = None
    codepage = default_codepage
    if query.get("profile") or default_profile:
        profile, vendor, vendor_cp = _profile(url, query.get("profile") or str(default_profile))
        if vendor_cp is not None and (query.get("profile") or codepage is None):
            codepage = vendor_cp
    if "codepage" in query:
        codepage = _int(url, "codepage", query["codepage"], 0, 255)
    width = _int(url, "width", query["width"], 0, 999) if "width" in query else default_width
    if width not in COLUMNS:
        raise _bad(url, f"ширина бумаги {width} мм не поддерживается: 58 или 80")
    common = {
        "drawer": _drawer(url, query, vendor),
        "url": text,
        "kind": kind,
        "codepage": DEFAULT_CP866 if codepage is None else codepage,
        "width_mm": width,
        "profile": profile,
        "vendor": vendor,
    }

    if kind is TransportKind.TCP:
        try:
            host, port = parts.hostname, parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise _bad(url, "неверный номер порта") from None
        if not host:
            raise _bad(url, "не указан адрес принтера, например tcp://192.168.1.50:9100")
        return PrinterConfig(target=host, port=port, **common)
    if kind is TransportKind.SERIAL:
        device = unquote(parts.netloc + parts.path if parts.netloc else parts.path)
        if re.fullmatch(r"/COM\d+", device, re.IGNORECASE):
            device = device[1:]  # serial:///COM3 on Windows
        if not device:
            raise _bad(url, "не указан порт, например serial:///dev/ttyUSB0 или serial://COM3")
        baud = query.get("baud") or query.get("baudrate") or str(DEFAULT_BAUD)
        return PrinterConfig(target=device, baudrate=_int(url, "baud", baud, 50, 4_000_000), **common)
    if kind is TransportKind.USB:
        m = re.fullmatch(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})", parts.netloc)
        if not m:
            raise _bad(url, "для USB укажите код производителя и устройства, например usb://04b8:0202")
        vid, pid = int(m.group(1), 16), int(m.group(2), 16)
        return PrinterConfig(target=f"{vid:04x}:{pid:04x}", usb_vendor=vid, usb_product=pid, **common)
    if kind is TransportKind.WIN32:
        name = unquote(text[len("win32://") :].split("?", 1)[0])
        return PrinterConfig(target=name, **common)
    path = unquote(parts.netloc + parts.path if parts.netloc else parts.path)
    if re.match(r"^/[A-Za-z]:[/\\]", path):
        path = path[1:]  # file:///C:/out.bin on Windows
    if not path:
        raise _bad(url, "не указан путь к файлу, например file:///tmp/out.bin")
    return PrinterConfig(target=path, **common)
