"""Reads configuration barcodes back from pixels with zxing-cpp's reader, as a scanner would."""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp


@dataclass(frozen=True)
class Reading:
    content: str
    function3: bool  # Code 128 Function 3: the reader takes the symbol as a setting


def read_gray(pixels: bytes, width: int, height: int, stride: int | None = None) -> list[Reading]:
    stride = stride or width
    rows = b"".join(pixels[y * stride : y * stride + width] for y in range(height))
    view = memoryview(rows).cast("B", (height, width))
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.Code128)
    return [Reading(b.text, bool((b.extra or {}).get("ReaderInit"))) for b in found]
