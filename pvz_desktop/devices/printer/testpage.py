"""The test page: shows whether the configured code page prints Russian correctly."""

from __future__ import annotations

from dataclasses import replace

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.codepage import VENDOR_CP866, rub_text
from pvz_desktop.devices.printer.config import PrinterConfig, parse_printer_url
from pvz_desktop.devices.printer.escpos_builder import Align, EscPosBuilder
from pvz_desktop.devices.printer.sender import print_now

UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LOWER = UPPER.lower()
SAMPLE_BARCODE = "RB-0000000042"
SAMPLE_QR = "PVZ Desktop: проверка печати"


def build_test_page(config: PrinterConfig) -> bytes:
    b = EscPosBuilder(config.setup)
    b.align(Align.CENTER).bold().line("ТЕСТОВАЯ СТРАНИЦА").bold(False).line("PVZ Desktop").align(Align.LEFT).line()
    b.wrapped(f"Принтер: {config.description}")
    b.pair("Кодовая страница", f"ESC t {config.codepage} (CP866)")
    b.pair("Ширина", f"{config.width_mm} мм, {config.setup.columns} знаков")
    b.line(("1234567890" * 5)[: config.setup.columns]).rule()
    b.line("Русский алфавит:").wrapped(UPPER).wrapped(LOWER)
    b.line(f"№ 12345  Ёё  {rub_text(123450)}")
    b.bold().line("Жирный шрифт").bold(False).double().line("Крупно").double(False).line()
    b.align(Align.CENTER).barcode128(SAMPLE_BARCODE).line().qr(SAMPLE_QR).align(Align.LEFT).line()
    vendors = ", ".join(f"{name} {n}" for name, n in VENDOR_CP866.items() if " " not in name)
    b.wrapped(f"Если вместо русских букв видны другие знаки, выберите другую кодовую страницу: {vendors}.")
    return b.feed(3).cut().build()


def print_test_page(url: str, codepage: int | None) -> None:
    """Print the test page on the printer at ``url``; ``codepage`` overrides the URL's CP866 number.

    Raises BadInput for a bad URL or code page, PrinterUnavailable / PrinterNotReady / PrinterLost
    when the printer cannot print (each with a Russian message)."""
    config = parse_printer_url(url)
    if codepage is not None:
        if not 0 <= codepage <= 255:
            raise BadInput(f"Кодовая страница {codepage} не существует: допустимо от 0 до 255")
        config = replace(config, codepage=codepage)
    print_now(config, build_test_page(config), status_timeout=2.0)
