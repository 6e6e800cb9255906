"""``pvz-desktop devices ...``: find scanners, scales and printers, watch scans and weights, print a test page.

Heavy imports (pyserial, hidapi, escpos) happen inside the handlers, so building the command
line stays cheap for every other command.
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
from typing import Any

from pvz_desktop.core.errors import DomainError


def add_parsers(subparsers: Any) -> None:
    """Add ``devices`` to the main parser's sub-commands (an ``argparse`` subparsers action)."""
    devices = subparsers.add_parser("devices", help="сканеры и принтеры: поиск, проверка")
    commands = devices.add_subparsers(dest="devices_command", required=True, metavar="{list,listen,test-print}")
    commands.add_parser("list", help="показать последовательные порты и сканеры HID-POS")
    listen = commands.add_parser("listen", help="печатать каждое сканирование: источник, символика, код")
    listen.add_argument(
        "--scanner",
        action="append",
        metavar="URL",
        help="адрес сканера, можно несколько раз (serial:///dev/ttyACM0?baud=9600, hid://0c2e:0b8f, hid://); "
        "по умолчанию — из настроек (PVZ_SCANNERS)",
    )
    listen.add_argument(
        "--scale",
        metavar="URL",
        help="адрес весов (serial://COM5?protocol=massak, serial:///dev/ttyUSB0?protocol=cas); "
        "по умолчанию — из настроек (PVZ_SCALE)",
    )
    test_print = commands.add_parser("test-print", help="напечатать пробную страницу")
    test_print.add_argument("--printer", required=True, metavar="URL", help="например tcp://192.168.1.50:9100")
    test_print.add_argument(
        "--codepage", type=int, metavar="N", help="номер CP866 для ESC t: 17 у Epson, 59 у Zjiang/Netum, 7 у Rongta"
    )


def run(args: argparse.Namespace) -> int:
    handlers = {"list": _list, "listen": _listen, "test-print": _test_print}
    return handlers[args.devices_command](args)


def _list(args: argparse.Namespace) -> int:
    from pvz_desktop.devices.discovery import discover

    found = discover()
    print("Последовательные порты:")
    for port in found.serial_ports:
        details = "  ".join(x for x in (port.usb_id, port.description, port.manufacturer) if x)
        print(f"  {port.url}\t{details}".rstrip())
    if not found.serial_ports:
        print("  не найдено")
    print("Сканеры HID-POS:")
    for device in found.hid_devices:
        name = " ".join(x for x in (device.manufacturer, device.product) if x) or "без названия"
        kind = "" if device.is_scanner else f"  (не сканер: usage 0x{device.usage:02x})"
        print(f"  {device.url}\t{name}  {device.path} ({device.backend}){kind}")
    if not found.hid_devices:
        print("  не найдено")
    from pvz_desktop.config import Settings

    scale = Settings().scale
    print("Весы:")
    print(f"  {scale}" if scale else "  не настроены (на любом последовательном порту: ?protocol=massak или cas)")
    for note in found.notes:
        print(f"Замечание: {note}", file=sys.stderr)
    return 0


def _listen(args: argparse.Namespace) -> int:
    from pvz_desktop.config import Settings
    from pvz_desktop.devices.scanner.events import ScanEvent
    from pvz_desktop.devices.scanner.hub import ScannerHub
    from pvz_desktop.devices.scanner.urls import WEDGE_URL

    urls, scale_url = args.scanner, args.scale
    if not urls and not scale_url:
        settings = Settings()
        urls, scale_url = settings.scanner_urls, settings.scale
    urls = urls or []
    if any(u.strip().lower() == WEDGE_URL for u in urls):
        print("Сканер в режиме клавиатуры читается только окном программы; здесь он пропущен", file=sys.stderr)
        urls = [u for u in urls if u.strip().lower() != WEDGE_URL]
    if not urls and not scale_url:
        print("Не указан ни один сканер: например --scanner serial:///dev/ttyACM0", file=sys.stderr)
        return 2
    try:
        hub = ScannerHub.from_urls(urls)
        scale = _scale_printer(scale_url) if scale_url else None
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    hub.start()
    if scale is not None:
        scale.start()
    try:
        while True:
            try:
                event = hub.events.get(timeout=0.5)  # a timeout keeps Ctrl+C working on Windows too
            except queue.Empty:
                continue
            if isinstance(event, ScanEvent):
                print(f"{event.source}\t{event.symbology}\t{_visible(event.code)}", flush=True)
            else:
                print(event.message, file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:  # `devices listen | head`: the reader has gone, which is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no failing flush at exit
        return 0
    finally:
        hub.stop()
        if scale is not None:
            scale.stop()


def _scale_printer(url: str) -> Any:
    """A scale reader that prints each change: ``scale\t<state>\t<grams>\t<stable|unstable>\t<message>``."""
    from pvz_desktop.devices.scale.reader import ScaleReader
    from pvz_desktop.devices.scale.readings import ScaleReading
    from pvz_desktop.devices.scale.urls import parse_scale_url

    def show(r: ScaleReading) -> None:
        grams = "" if r.grams is None else str(r.grams)
        print(f"scale\t{r.state}\t{grams}\t{'stable' if r.stable else 'unstable'}\t{r.message}", flush=True)

    return ScaleReader(parse_scale_url(url), show)


def _visible(code: str) -> str:
    """One scan per line: control characters (CR, LF, GS) inside a code are shown as \\xNN."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in code)


def _test_print(args: argparse.Namespace) -> int:
    from pvz_desktop.devices.printer.testpage import print_test_page

    try:
        print_test_page(args.printer, args.codepage)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Принтер {args.printer} недоступен: {exc}", file=sys.stderr)
        return 1
    print(f"Пробная страница отправлена на {args.printer}")
    return 0
