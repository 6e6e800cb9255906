"""Codes printed on the goods, not on our labels: retail barcodes and «Честный знак» marking codes.

A cashier scanning the wrong code on a box must be told what it was, so these are recognised
rather than reported as unreadable:

- EAN-13, EAN-8 and UPC-A (12 digits) with a valid GS1 check digit: a product's barcode.
- GS1 DataMatrix marking codes of the Russian «Честный знак» system: application identifiers
  ``01`` GTIN (14 digits), ``21`` serial number, then ``91`` verification key id and ``92``
  verification code, or ``93`` a short verification code (GS1 General Specifications §3 for the
  AIs; the marking rules give the serial's length per product group: 13 for clothing and
  shoes, 6 for milk and water, 7 for tobacco packs). Variable-length fields end with the GS
  character (0x1D, FNC1). A keyboard-wedge scanner usually drops GS; such a code is still
  recognised, by the fixed field lengths of the product groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

GS = "\x1d"


class ProductCodeKind(StrEnum):
    EAN13 = "EAN-13"
    EAN8 = "EAN-8"
    UPCA = "UPC-A"
    MARKING = "GS1 DataMatrix"


@dataclass(frozen=True, slots=True)
class ProductCode:
    kind: ProductCodeKind
    gtin: str  # 14 digits (GTIN-14); an EAN-13 is padded with a leading 0
    serial: str = ""  # the marking code's serial number (AI 21), "" for a retail barcode
    verification_key: str = ""  # AI 91
    separators_lost: bool = False  # a marking code read without its GS characters


def gs1_check_digit_ok(digits: str) -> bool:
    """The GS1 mod-10 check: weights 3 and 1 from the right, excluding the check digit itself."""
    if not digits.isascii() or not digits.isdigit() or len(digits) < 2:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


_RETAIL = {13: ProductCodeKind.EAN13, 8: ProductCodeKind.EAN8, 12: ProductCodeKind.UPCA}
# AIM symbology identifiers some scanners put in front of the data (]d2 DataMatrix, ]C1 GS1-128, ]Q3 QR).
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_MARKING_HEAD = re.compile(r"^01(\d{14})21", re.ASCII)
# The serial lengths of the product groups, longest first (no GS to say where it ends).
_SERIAL_LENGTHS = (13, 7, 6)
_PRINTABLE = re.compile(r"^[\x21-\x7e]+$")  # GS1 AI 82 character set, without space


def recognise(text: str) -> ProductCode | None:
    """What a code printed on the goods is, or None when it is not one of them."""
    code = _AIM.sub("", text.strip(" \r\n\t"), count=1).lstrip(GS)
    if code.isascii() and code.isdigit() and len(code) in _RETAIL:
        if gs1_check_digit_ok(code):
            return ProductCode(_RETAIL[len(code)], code.rjust(14, "0"))
        return None
    return _marking(code)


def _marking(code: str) -> ProductCode | None:
    head = _MARKING_HEAD.match(code)
    if head is None or not gs1_check_digit_ok(head[1]):
        return None
    rest = code[head.end() :]
    if GS in rest:
        serial, _, tail = rest.partition(GS)
        fields = tail.split(GS)
        key = next((f[2:] for f in fields if f.startswith("91")), "")
        if not serial or not _PRINTABLE.match(serial) or not all(f and _PRINTABLE.match(f) for f in fields):
            return None
        return ProductCode(ProductCodeKind.MARKING, head[1], serial, key)
    if not _PRINTABLE.match(rest):
        return None
    for length in _SERIAL_LENGTHS:
        serial, tail = rest[:length], rest[length:]
        if len(serial) == length and _tail_without_gs(tail):
            key = tail[2:6] if tail.startswith("91") else ""
            return ProductCode(ProductCodeKind.MARKING, head[1], serial, key, separators_lost=True)
    return None


def _tail_without_gs(tail: str) -> bool:
    """The verification part as a wedge scanner types it: 91 + 4 chars + 92 + code, 93 + 4 chars,
    or (tobacco packs) 8005 + 6-digit price + 93 + 4 chars."""
    if tail.startswith("91") and len(tail) > 8 and tail[6:8] == "92":
        return True
    if tail.startswith("8005") and tail[4:10].isdigit() and tail[10:12] == "93" and len(tail) >= 14:
        return True
    return tail.startswith("93") and len(tail) >= 6
