"""Inputs for the parser fuzz drill, and the properties each parser must keep on any of them.

Two ways to make inputs: hypothesis strategies (they shrink a failure to a small example) and
plain ``random.Random`` generators of the same shapes (fast enough for a million inputs per
parser). Both start mostly from well-formed pieces (real codes, report layouts, ESC/POS
commands) broken at random, since uniformly random bytes rarely reach past the first check.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from hypothesis import strategies as st

from pvz_desktop.core.barcodes import DEFAULT_PATTERNS, BarcodeKind, classify
from pvz_desktop.core.product_codes import gs1_check_digit_ok, recognise
from pvz_desktop.devices.printer.decoder import Barcode, Cut, DecodedPrint, QrCode, TextLine, decode_escpos
from pvz_desktop.devices.scanner.events import DataProblem
from pvz_desktop.devices.scanner.framing import LineFramer
from pvz_desktop.devices.scanner.hidpos import REPORT_SIZE, HidPosMessage, HidPosParser

CYRILLIC = re.compile("[А-Яа-яЁё]")

# -- barcode classification ------------------------------------------------------------------
VALID_CODES = (
    "0123604587-1235-1",
    "01236045-1235-1",
    "48213377*5521",
    "GM0000412345",
    "C-A-01-03",
    "TN-0000031337",
    "RT-0000007781",
    "RB-0000000042",
    "ПЬ0000412345",  # GM typed under the Russian layout
    "С-Ф-01-03",  # C-A with Cyrillic lookalikes
    "ет-0000031337",  # tn, lower case, Russian layout
    "4006381333931",  # EAN-13 on the goods
    "036000291452",  # UPC-A
    "0104603757310758215?8M-JRfhHqXY\x1d91EE06\x1d92Y7cMhHpbz2Cxh0TRwjKxYXydWyR8q6KZx9FSQy9iKQKo=",  # marking code
    "0104603757310758215?8M-JRfhHqXY91EE0692Y7cMhHpbz2Cxh0TRwjKxYXydWyR8q6KZx9FSQy9iKQKo=",  # GS lost (wedge)
    "%101%806044518",  # an Ozon label's upper barcode
    "23024930500000",  # and its lower one
    "!uKEtQZVx",  # a Wildberries sticker
    "!гЛУеЙЯМч",  # the same typed under the Russian layout
    "OZN1234567891",  # Ozon's product barcode
    "щят1234567891",  # ozn under the Russian layout
)
BARCODE_CHARS = (
    "0123456789-*GMTNRBCAgmtnrbca ПЬЕТКИСФпьетки\t\r\n\x00\x1d\u00a0\u2028٠١٢٣٤٥٦٧٨٩１２]d%!OZNozxXuKEtQVщятгЛУЙЯМч"
)


def mutate_text(rng: random.Random, text: str, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(4)):
        op = rng.randrange(4)
        at = rng.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(at, rng.choice(alphabet))
        elif op == 1 and chars:
            del chars[min(at, len(chars) - 1)]
        elif op == 2 and chars:
            chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
        else:
            chars.insert(at, chr(rng.randrange(0x110000)))
    return "".join(chars)


def random_barcode(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return mutate_text(rng, rng.choice(VALID_CODES), BARCODE_CHARS)
    return "".join(rng.choice(BARCODE_CHARS) for _ in range(rng.randrange(24)))


barcode_texts = st.one_of(
    st.text(),
    st.text(alphabet=BARCODE_CHARS),
    st.tuples(st.sampled_from(VALID_CODES), st.text(alphabet=BARCODE_CHARS, max_size=3)).map("".join),
    st.tuples(st.text(alphabet=BARCODE_CHARS, max_size=3), st.sampled_from(VALID_CODES)).map("".join),
)


def check_classify(raw: str) -> None:
    """Never raises; a recognised code matches its pattern whole and classifies the same again."""
    code = classify(raw)
    assert code.raw == raw
    assert isinstance(code.kind, BarcodeKind)
    if code.kind is BarcodeKind.UNKNOWN:
        return
    if code.kind in (BarcodeKind.PRODUCT, BarcodeKind.MARKING):
        # A code on the goods: its GTIN is 14 ASCII digits whose GS1 check digit holds.
        product = recognise(code.code)
        assert product is not None, (raw, code)
        assert re.fullmatch(r"\d{14}", product.gtin, re.ASCII) and gs1_check_digit_ok(product.gtin), (raw, product)
    else:
        assert re.fullmatch(DEFAULT_PATTERNS[code.kind], code.code), (raw, code)
    again = classify(code.code)
    assert (again.kind, again.code) == (code.kind, code.code), (raw, code, again)


# -- HID-POS reports -------------------------------------------------------------------------
def report(data: bytes, length: int, aim: bytes, flags: int, cut: int | None) -> bytes:
    body = (bytes([0x02, length & 0xFF]) + aim[:3].ljust(3, b"\x00") + data)[:63].ljust(63, b"\x00") + bytes([flags])
    return body if cut is None else body[:cut]


def random_reports(rng: random.Random) -> list[bytes]:
    out = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.8:
            data = rng.randbytes(rng.randrange(60))
            length = len(data) if rng.random() < 0.6 else rng.randrange(256)
            aim = rng.choice((b"]E0", b"]Q1", b"\x00\x00\x00", rng.randbytes(3)))
            flags = rng.choice((0, 1, rng.randrange(256)))
            cut = None if rng.random() < 0.8 else rng.randrange(REPORT_SIZE)
            out.append(report(data, length, aim, flags, cut))
        else:
            out.append(rng.randbytes(rng.randrange(70)))
    return out


hid_reports = st.lists(
    st.one_of(
        st.builds(
            report,
            st.binary(max_size=60),
            st.integers(0, 255),
            st.sampled_from((b"]E0", b"]Q1", b"\x00\x00\x00", b"\xff\xfe\xfd")),
            st.sampled_from((0, 1, 0xFF, 0xFE)),
            st.none() | st.integers(0, REPORT_SIZE - 1),
        ),
        st.binary(max_size=70),
    ),
    min_size=1,
    max_size=6,
)


def check_hidpos(reports: list[bytes]) -> None:
    """Never raises; a message holds only what its reports carried; a problem is said in Russian.

    After ``reset()`` (what the source does on reconnect) a well-formed message comes through whole.
    """
    parser = HidPosParser()
    carried = 0
    for raw in reports:
        carried += len(raw)
        got = parser.feed(raw)
        if isinstance(got, HidPosMessage):
            assert got.data and len(got.data) <= carried and len(got.symbology) <= 3
            carried = 0
        elif isinstance(got, DataProblem):
            assert CYRILLIC.search(got.message), got
        else:
            assert got is None
    parser.reset()
    data = b"0123604587-1235-1" * 5  # two reports' worth
    assert parser.feed(report(data[:56], 56, b"]C0", 1, None)) is None
    assert parser.feed(report(data[56:], len(data) - 56, b"]C0", 0, None)) == HidPosMessage("]C0", data)


# -- serial line framing ---------------------------------------------------------------------
@dataclass(frozen=True)
class FramingCase:
    prefix: bytes
    suffix: bytes
    max_length: int
    stream: bytes
    cuts: tuple[int, ...]  # where the stream is split into reads

    def chunks(self) -> list[bytes]:
        edges = [0, *sorted(c % (len(self.stream) + 1) for c in self.cuts), len(self.stream)]
        return [self.stream[a:b] for a, b in itertools.pairwise(edges)]


PREFIXES = (b"", b"", b"\x02", b"#", b"AB")
SUFFIXES = (b"", b"", b"\r\n", b"\x03", b"\r", b"END")
STREAM_PIECES = (
    b"0123604587-1235-1",
    b"GM0000412345",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x02",
    b"\x03",
    b"#",
    b"AB",
    b"END",
    b"\x00",
    b"\xff\xfe",
    b"\x1d",
    b" ",
    "Ящик".encode(),
    "Ящик".encode()[:3],
)


def random_framing(rng: random.Random) -> FramingCase:
    pieces = [
        rng.choice(STREAM_PIECES) if rng.random() < 0.85 else rng.randbytes(rng.randrange(12))
        for _ in range(rng.randrange(16))
    ]
    stream = b"".join(pieces)
    return FramingCase(
        rng.choice(PREFIXES),
        rng.choice(SUFFIXES),
        rng.choice((1024, rng.randint(1, 40))),
        stream,
        tuple(rng.randrange(len(stream) + 1) for _ in range(rng.randrange(6))),
    )


framing_cases = st.builds(
    FramingCase,
    st.sampled_from(PREFIXES),
    st.sampled_from(SUFFIXES),
    st.one_of(st.just(1024), st.integers(1, 40)),
    st.lists(st.one_of(st.sampled_from(STREAM_PIECES), st.binary(max_size=12)), max_size=16).map(b"".join),
    st.lists(st.integers(0, 10_000), max_size=6).map(tuple),
)


def check_framing(case: FramingCase) -> None:
    """Never raises; codes are clean text; how the bytes were split into reads changes nothing."""
    whole = LineFramer(case.prefix, case.suffix, case.max_length).feed(case.stream)
    framer = LineFramer(case.prefix, case.suffix, case.max_length)
    split = [item for chunk in case.chunks() for item in framer.feed(chunk)]
    assert split == whole, (case, whole, split)
    for item in whole:
        if isinstance(item, DataProblem):
            assert CYRILLIC.search(item.message), item
            continue
        assert item and item == item.strip(" ") and "\ufffd" not in item, item
        assert not re.search(r"[\x00-\x1c\x1e\x1f\x7f]", item), item
        assert len(item.encode()) <= case.max_length, item


# -- ESC/POS decoder -------------------------------------------------------------------------
ESCPOS_PIECES = (
    b"\x1b@",
    b"\x1bt\x11",
    b"\x1bt",
    b"\x1bE\x01",
    b"\x1b!\x38",
    b"\x1ba\x01",
    b"\x1bd\x03",
    b"\x1bd\xff",
    b"\x1bJ\x10",
    b"\x1bi",
    b"\x1bD\x08\x10",
    b"\x1b*\x21\xff\x00",
    b"\x1d!\x11",
    b"\x1dVB\x03",
    b"\x1dV",
    b"\x1dk\x04CODE39\x00",
    b"\x1dkI\x0c{BRB-00000042",
    b"\x1dkI\xff{C",
    b"\x1d(k\x03\x001C\x08",
    b"\x1d(k\x07\x001P0abcd",
    b"\x1d(k\x03\x001Q0",
    b"\x1d(k\xff\xff",
    b"\x1dv0\x00\x02\x00\x02\x00",
    b"\x1d8L\xff\xff\xff\x7f",
    b"\x10\x04\x01",
    b"\x10\x14\x01\x00\x01",
    b"\x1c",
    b"\n",
    b"\t",
    b"\r",
    "Акт выдачи №5".encode("cp866"),
    b"Hello",
)


def random_escpos(rng: random.Random) -> bytes:
    return b"".join(
        rng.choice(ESCPOS_PIECES) if rng.random() < 0.8 else rng.randbytes(rng.randrange(8))
        for _ in range(rng.randrange(24))
    )


escpos_streams = st.lists(st.one_of(st.sampled_from(ESCPOS_PIECES), st.binary(max_size=8)), max_size=24).map(b"".join)


def check_escpos(data: bytes) -> None:
    """Never raises (its docstring says so), nor does drawing the preview of what it decoded."""
    decoded = decode_escpos(data)
    assert isinstance(decoded, DecodedPrint)
    assert all(isinstance(e, TextLine | Barcode | QrCode | Cut) for e in decoded.elements)
    assert isinstance(decoded.preview(), str) and isinstance(decoded.text, str)
