"""A small ESC/POS byte builder: text in CP866, bold, double size, align, Code128, QR, feed, cut.

It emits only commands the decoder understands (``decoder.py``), so every layout can be read
back for the on-screen preview and for tests.
"""

from __future__ import annotations

import re
import textwrap
from enum import IntEnum
from typing import Self

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.codepage import as_printed, encode
from pvz_desktop.devices.printer.config import PageSetup

ESC = b"\x1b"
GS = b"\x1d"
INIT = ESC + b"@"
LF = b"\n"
CODE128 = 73  # GS k m for Code128 (length-prefixed form)
QR_FN = b"1"  # cn = 49: the QR code function group of GS ( k
# Code128 character-set switches inside GS k 73 data.
SET_B = b"{B"
SET_C = b"{C"
DLE = 0x10
REALTIME_AFTER_DLE = frozenset((0x04, 0x05, 0x14))  # EOT, ENQ, DC4
_TRAILING_DIGITS = re.compile(r"\d*$")


class Align(IntEnum):
    LEFT = 0
    CENTER = 1
    RIGHT = 2


def realtime_requests(data: bytes) -> list[int]:
    """Offsets of ``DLE EOT`` / ``DLE ENQ`` / ``DLE DC4`` in a job.

    Epson printers act on these real-time requests wherever they occur, even inside another
    command's data, so a job must never contain them.
    """
    return [i for i in range(len(data) - 1) if data[i] == DLE and data[i + 1] in REALTIME_AFTER_DLE]


def _set_c(digits: str) -> bytes:
    """Digit pairs as set C bytes; a pair that would complete ``DLE EOT/ENQ/DC4`` after a 16
    goes in set B (two ASCII digits), then set C again."""
    pairs = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    out = bytearray(SET_C)
    for n, pair in enumerate(pairs):
        if n and pairs[n - 1] == DLE and pair in REALTIME_AFTER_DLE:
            out += SET_B + f"{pair:02d}".encode("ascii") + (SET_C if n + 1 < len(pairs) else b"")
        else:
            out.append(pair)
    return bytes(out)


def _code128_payload(data: str) -> bytes:
    """Set B for letters, set C (two digits a byte) for a long trailing run of digits: shorter bars."""
    if not data or not data.isascii() or not data.isprintable() or len(data) > 80:
        raise BadInput(f"Штрихкод «{data}» нельзя напечатать: нужны латинские буквы и цифры, не длиннее 80 знаков")
    match = _TRAILING_DIGITS.search(data)
    digits = match.group() if match else ""
    if len(digits) < 4:
        return SET_B + data.replace("{", "{{").encode("ascii")
    if len(digits) % 2:
        digits = digits[1:]
    head = data[: len(data) - len(digits)]
    return (SET_B + head.replace("{", "{{").encode("ascii") if head else b"") + _set_c(digits)


class EscPosBuilder:
    """Accumulates one print job. Every method returns the builder, so calls chain."""

    def __init__(self, setup: PageSetup) -> None:
        self.setup = setup
        self.columns = setup.columns  # characters on a line at the current size
        # Reset, then select CP866 by this printer's own number.
        self._parts: list[bytes] = [INIT, ESC + b"t" + bytes((setup.codepage,))]

    def raw(self, data: bytes) -> Self:
        self._parts.append(data)
        return self

    def text(self, text: str) -> Self:
        self._parts.append(encode(text))
        return self

    def line(self, text: str = "") -> Self:
        """One line; a text wider than the paper goes on as many lines as it needs."""
        text = as_printed(text)
        rows = [text] if len(text) <= self.columns else textwrap.wrap(text, self.columns) or [""]
        self._parts.extend(encode(row) + LF for row in rows)
        return self

    def wrapped(self, text: str, indent: int = 0) -> Self:
        """Word-wrapped to the paper width; continuation lines keep the indent."""
        pad = " " * min(indent, self.columns // 2)
        for row in textwrap.wrap(as_printed(text), self.columns, initial_indent=pad, subsequent_indent=pad) or [""]:
            self.line(row)
        return self

    def pair(self, left: str, right: str, indent: int = 0) -> Self:
        """``left ...... right`` across the line; a long left part wraps above the right one.

        A right part longer than half the line goes under the left one, right-aligned and
        wrapped itself, so a long name never runs off the paper.
        """
        left, right = as_printed(left), as_printed(right)
        if len(right) > self.columns // 2 and len(left) + 1 + len(right) > self.columns:
            self.wrapped(left, indent)
            for row in textwrap.wrap(right, self.columns - 2) or [""]:
                self.line(row.rjust(self.columns))
            return self
        room = self.columns - len(right) - 1
        rows = textwrap.wrap(left, max(room, 8), initial_indent=" " * indent, subsequent_indent=" " * indent)
        rows = rows or [""]
        for row in rows[:-1]:
            self.line(row)
        last = rows[-1]
        if len(last) + 1 + len(right) > self.columns:
            self.line(last)
            last = ""
        return self.line(last + " " * (self.columns - len(last) - len(right)) + right)

    def rule(self, char: str = "-") -> Self:
        return self.line(char * self.columns)

    def bold(self, on: bool = True) -> Self:
        self._parts.append(ESC + b"E" + (b"\x01" if on else b"\x00"))
        return self

    def double(self, on: bool = True) -> Self:
        """Double width and height: half as many characters fit on a line."""
        self._parts.append(GS + b"!" + (b"\x11" if on else b"\x00"))
        self.columns = self.setup.columns // 2 if on else self.setup.columns
        return self

    def align(self, align: Align) -> Self:
        self._parts.append(ESC + b"a" + bytes((align,)))
        return self

    def feed(self, lines: int = 1) -> Self:
        self._parts.append(ESC + b"d" + bytes((max(0, min(lines, 255)),)))
        return self

    def cut(self, partial: bool = True) -> Self:
        """Feed to the cutter and cut (GS V 66/65 n: function B)."""
        self._parts.append(GS + b"V" + (b"B" if partial else b"A") + b"\x03")
        return self

    def barcode128(self, data: str, height: int = 80, module: int | None = None) -> Self:
        payload = _code128_payload(data)
        module = module or (2 if self.setup.width_mm == 58 else 3)  # fits RB-… on 384 dots
        self._parts.append(
            GS + b"h" + bytes((height,)) + GS + b"w" + bytes((module,)) + GS + b"H\x02"  # text below the bars
            + GS + b"k" + bytes((CODE128, len(payload))) + payload
        )  # fmt: skip
        return self

    def qr(self, data: str, module: int = 6) -> Self:
        payload = data.encode("utf-8")
        if len(payload) > 7000:
            raise BadInput("Слишком длинный текст для QR-кода")
        size = len(payload) + 3
        if realtime_requests(bytes((size & 0xFF, size >> 8))) or realtime_requests(payload):
            raise BadInput("Этот текст нельзя напечатать QR-кодом: принтер примет его за команду")
        self._parts.append(
            GS + b"(k\x04\x00" + QR_FN + b"A2\x00"  # model 2
            + GS + b"(k\x03\x00" + QR_FN + b"C" + bytes((module,))  # module size in dots
            + GS + b"(k\x03\x00" + QR_FN + b"E1"  # error correction M
            + GS + b"(k" + bytes((size & 0xFF, size >> 8)) + QR_FN + b"P0" + payload  # store
            + GS + b"(k\x03\x00" + QR_FN + b"Q0"  # print the stored symbol
        )  # fmt: skip
        return self

    def build(self) -> bytes:
        job = b"".join(self._parts)
        if found := realtime_requests(job):  # a layout bug: the printer would answer, not print
            raise BadInput(
                f"Документ нельзя напечатать: в байтах {found[0]} принтер увидел бы команду реального времени"
            )
        return job
