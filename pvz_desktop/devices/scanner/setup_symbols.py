"""Configuration barcodes drawn by zxing-cpp (a kept barcode library that both writes and reads
Code 128, Function 3 included), as plain grayscale pixels the window turns into a picture."""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp

from pvz_desktop.devices.scanner.setup_codes import SetupCode


@dataclass(frozen=True)
class Symbol:
    width: int
    height: int
    pixels: bytes  # 8-bit gray, row after row, quiet zones included


def draw(code: SetupCode, module_px: int = 2) -> Symbol:
    """The code's Code 128 symbol, ``module_px`` screen pixels per module (2 reads well off a
    monitor at a hand scanner's distance; whole pixels keep every bar edge sharp)."""
    barcode = zxingcpp.create_barcode(code.content, zxingcpp.BarcodeFormat.Code128, reader_init=code.function3)
    image = zxingcpp.write_barcode_to_image(barcode, scale=module_px, add_quiet_zones=True)
    view = memoryview(image)
    height, width = view.shape
    return Symbol(width, height, view.tobytes())
