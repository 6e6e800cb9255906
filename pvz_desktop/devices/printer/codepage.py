"""Russian text for ESC/POS printers: CP866 and the per-vendor number of that code page.

The same CP866 table is selected by ``ESC t n`` with a different ``n`` per vendor, so the
number is a per-printer setting. Text is encoded here, never by python-escpos' code page magic:
characters CP866 lacks get a readable substitute, never «?».
"""

from __future__ import annotations

import codecs
import unicodedata

from pvz_desktop.core.money import format_rub

ENCODING = "cp866"

# ``ESC t n`` that selects CP866, by vendor (lower case, as written in ``profile=``).
VENDOR_CP866: dict[str, int] = {
    "epson": 17,
    "zjiang": 59,
    "netum": 59,
    "pbm": 59,
    "rongta": 7,
    "star": 10,
    "star micronics": 10,
}
DEFAULT_CP866 = VENDOR_CP866["epson"]

# What the cashier would write by hand where CP866 has no glyph.
_SUBSTITUTES: dict[str, str] = {
    "₽": "руб.",
    "«": '"',
    "»": '"',
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "…": "...",
    "×": "x",
    "•": "*",
    "€": "EUR",
    "І": "I",
    "і": "i",
    "Ґ": "Г",
    "ґ": "г",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
}
# Control characters would be taken for printer commands: text never carries them.
_CONTROLS = {code: None for code in [*range(0x20), 0x7F] if code != 0x0A}
_TABLE = str.maketrans({**_CONTROLS, **{ord(k): v for k, v in _SUBSTITUTES.items()}})  # a tab becomes a space
UNKNOWN_CHAR = "_"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    """Latin letters lose their accents (é -> e); anything else becomes «_», never «?»."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            plain.encode(ENCODING)
        except UnicodeEncodeError:
            plain = ""
        out.append(plain or UNKNOWN_CHAR)
    return "".join(out), exc.end


_ERRORS = "pvz_printer_substitute"
codecs.register_error(_ERRORS, _fallback)


def printable(text: str) -> str:
    """The text as the printer will show it (substitutions applied, controls removed)."""
    return encode(text).decode(ENCODING)


# No-break spaces survive ``as_printed`` (CP866 has one, 0xFF) so wrapping keeps «1 234,50 руб.»
# whole; ``encode`` prints them as plain spaces. A field is one line: a newline in it is a space.
_NBSP = {ord(c): "\u00a0" for c in "\u00a0\u2007\u202f"}
_MEASURE_TABLE = str.maketrans({**_CONTROLS, **{ord(k): v for k, v in _SUBSTITUTES.items()}, **_NBSP, 0x0A: " "})


def as_printed(text: str) -> str:
    """The text one character per printed column: what a layout measures and wraps."""
    return text.translate(_MEASURE_TABLE).encode(ENCODING, errors=_ERRORS).decode(ENCODING)


def encode(text: str) -> bytes:
    return text.translate(_TABLE).encode(ENCODING, errors=_ERRORS)


def rub_number(amount: int) -> str:
    """Kopecks as '1 234,50'; the spaces are no-break, so wrapping never splits the number."""
    return format_rub(amount).removesuffix(" ₽").replace("\u202f", "\u00a0")


def rub_text(amount: int) -> str:
    """Kopecks as printed: '1 234,50 руб.' (CP866 has no «₽» and no narrow space)."""
    return rub_number(amount) + "\u00a0руб."
