"""Scanner URLs (DESIGN §7): what the settings and ``PVZ_SCANNERS`` say, parsed into configs.

``serial:///dev/ttyACM0?baud=9600&prefix=&suffix=crlf``, ``serial://COM3``,
``serial://COM3?ack=honeywell`` (the scanner beeps the counter's verdict),
``hid://0c2e:0b8f``, ``hid://0c2e:0b8f?ack=honeywell`` (the verdict as the scanner's beep),
``hid://`` (any HID-POS scanner), ``hid://?path=/dev/hidraw3&backend=hidraw``,
``wedge``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.text import msg, word
from pvz_desktop.devices.scanner.host_ack import protocols_for

# Named prefix/suffix values; anything else is taken literally (percent-encoded in the URL).
CONTROL_NAMES: dict[str, bytes] = {
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "stx": b"\x02",
    "etx": b"\x03",
}
HID_BACKENDS = ("auto", "hid", "hidraw")
DEFAULT_BAUD = 9600
WEDGE_URL = "wedge"
KEYBOARD = word("в режиме клавиатуры")  # the wedge scanner's name in a sentence


@dataclass(frozen=True, slots=True)
class SerialScannerConfig:
    port: str  # "/dev/ttyACM0", "COM3"
    baudrate: int = DEFAULT_BAUD
    prefix: bytes = b""  # stripped from the front of every code
    suffix: bytes = b""  # ends a code; empty = any of CR, LF, CRLF
    ack: str = ""  # host ACK protocol (host_ack.PROTOCOLS): the scanner beeps the counter's verdict
    ack_timeout: float | None = None  # the scanner's wait for the verdict, if not its default

    @property
    def source(self) -> str:
        return f"serial://{self.port}"

    @property
    def name(self) -> str:
        return self.port


@dataclass(frozen=True, slots=True)
class HidScannerConfig:
    vendor_id: int | None = None  # None with product_id None = the first HID-POS scanner found
    product_id: int | None = None
    path: str | None = None  # a device path as hidapi reports it, e.g. /dev/hidraw3
    backend: str = "auto"  # "hid" (libusb in the Linux wheel), "hidraw", or "auto"
    ack: str = ""  # host_ack.HID_PROTOCOLS: the counter's verdict as the scanner's good-read or error beep

    @property
    def source(self) -> str:
        ids = f"{self.vendor_id:04x}:{self.product_id:04x}" if self.vendor_id is not None else ""
        return f"hid://{ids}" + (f"?path={self.path}" if self.path else "")

    @property
    def name(self) -> str:
        if self.path:
            return self.path
        if self.vendor_id is not None:
            return f"HID {self.vendor_id:04x}:{self.product_id:04x}"
        return "HID-POS"


@dataclass(frozen=True, slots=True)
class WedgeScannerConfig:
    source: str = WEDGE_URL
    name: str = KEYBOARD


ScannerConfig = SerialScannerConfig | HidScannerConfig | WedgeScannerConfig


def parse_scanner_url(url: str) -> ScannerConfig:
    """Parse one scanner URL; a mistake raises BadInput with a message for the settings screen."""
    text = url.strip()
    if text.lower() == WEDGE_URL:
        return WedgeScannerConfig()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("serial", "hid"):
        raise BadInput(msg("Неизвестный тип сканера «{url}»: ожидается serial://…, hid://… или wedge", url=text))
    try:
        params = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query)))
    except ValueError as exc:
        raise BadInput(msg("Не разобрать параметры сканера «{url}»", url=text)) from exc
    if scheme == "serial":
        return _serial(text, parts.netloc + parts.path, params)
    return _hid(text, parts.netloc + parts.path, params)


def _serial(url: str, location: str, params: dict[str, str]) -> SerialScannerConfig:
    _only(url, params, {"baud", "prefix", "suffix", "ack", "ack_timeout"})
    # serial:///COM3 and serial://COM3 both mean COM3; serial:///dev/x keeps its slash.
    port = location[1:] if re.fullmatch(r"/COM\d+", location, re.IGNORECASE) else location
    if not port:
        raise BadInput(
            msg("В адресе сканера «{url}» не указан порт, например serial:///dev/ttyACM0 или serial://COM3", url=url)
        )
    baud_text = params.get("baud", str(DEFAULT_BAUD))
    if not baud_text.isdigit() or int(baud_text) <= 0:
        raise BadInput(
            msg("Скорость порта сканера «{url}» должна быть положительным числом, например baud=9600", url=url)
        )
    ack = _ack(url, params, "serial")
    ack_timeout = None
    if "ack_timeout" in params:
        if not ack:
            raise BadInput(msg("ack_timeout в «{url}» имеет смысл только вместе с ack=…", url=url))
        try:
            ack_timeout = float(params["ack_timeout"])
        except ValueError:
            ack_timeout = -1.0
        if not 0 < ack_timeout <= 60:  # scanners wait at most a minute
            raise BadInput(msg("ack_timeout в «{url}» — это секунды от 0 до 60, например ack_timeout=10", url=url))
    return SerialScannerConfig(
        port=port,
        baudrate=int(baud_text),
        prefix=_control(params.get("prefix", "")),
        suffix=_control(params.get("suffix", "")),
        ack=ack,
        ack_timeout=ack_timeout,
    )


def _ack(url: str, params: dict[str, str], transport: str) -> str:
    ack = params.get("ack", "").lower()
    allowed = sorted(protocols_for(transport))
    if ack and ack not in allowed:
        raise BadInput(
            msg(
                "Неизвестный протокол подтверждения сканера «{ack}» в «{url}»; допустимо: {allowed}",
                ack=ack,
                url=url,
                allowed=", ".join(allowed),
            )
        )
    return ack


def _hid(url: str, location: str, params: dict[str, str]) -> HidScannerConfig:
    _only(url, params, {"path", "backend", "ack"})
    backend = params.get("backend", "auto").lower() or "auto"
    if backend not in HID_BACKENDS:
        raise BadInput(msg("Неизвестный способ доступа к HID «{backend}»: допустимо hid или hidraw", backend=backend))
    vendor_id = product_id = None
    if location:
        match = re.fullmatch(r"([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})", location)
        if not match:
            raise BadInput(
                msg("В адресе сканера «{url}» ожидается VID:PID в шестнадцатеричном виде, например 0c2e:0b8f", url=url)
            )
        vendor_id, product_id = int(match[1], 16), int(match[2], 16)
    return HidScannerConfig(vendor_id, product_id, params.get("path") or None, backend, _ack(url, params, "hid"))


def _only(url: str, params: dict[str, str], allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadInput(
            msg(
                "Неизвестный параметр сканера «{name}» в «{url}»; допустимы: {allowed}",
                name=unknown[0],
                url=url,
                allowed=", ".join(sorted(allowed)),
            )
        )


def _control(value: str) -> bytes:
    return CONTROL_NAMES.get(value.lower(), value.encode("utf-8"))
