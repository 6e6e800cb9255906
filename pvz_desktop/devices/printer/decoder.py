"""Our own ESC/POS decoder: bytes back into text lines, barcodes, QR codes and cuts.

Used for the on-screen receipt preview and in tests. It never raises on any input: an unknown
command is skipped (its introducer and command byte), a truncated one ends the stream.

Understood:
  text bytes 0x20-0xFF, decoded with the code page last selected by ESC t (CP437 before any);
  LF (new line), CR (ignored), HT (a space);
  ESC @ (reset), ESC t n (code page), ESC E n (bold), ESC ! n (bold/double height/width),
  ESC a n (align), ESC d n (feed lines), ESC J n (feed dots: ends the line), ESC i / ESC m (cut);
  GS ! n (character size), GS V m [n] (cut; partial or full), GS k (barcodes, both forms;
  Code128 sets A/B/C decoded), GS ( k (QR: store data, print symbol);
Skipped with their parameters: ESC - 2 3 M R U V G SP { T = r % S L W c p $ \\ D *,
GS h w H f L W B b a r I P T ^ E, GS ( x (any function), GS v 0 (raster image), GS 8 L,
DLE EOT / ENQ / DC4, FS (one byte).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pvz_desktop.devices.printer.codepage import VENDOR_CP866

# ESC t n -> Python codec: Epson's usual tables, then CP866 under every vendor number we
# configure (they win over what 7 and 10 mean on an Epson).
CODEPAGE_ENCODINGS: dict[int, str] = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    18: "cp852",
    19: "cp858",
    **dict.fromkeys(VENDOR_CP866.values(), "cp866"),
}
DEFAULT_ENCODING = "cp437"

BARCODE_NAMES: dict[int, str] = {
    0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "CODABAR",
    65: "UPC-A", 66: "UPC-E", 67: "EAN13", 68: "EAN8", 69: "CODE39", 70: "ITF", 71: "CODABAR",
    72: "CODE93", 73: "CODE128", 74: "GS1-128",
}  # fmt: skip

# Commands with a fixed number of parameter bytes, by the byte after the introducer.
_ESC_PARAMS = {0: "2SL", 1: "-3MRUVG {T=r%", 2: "$\\c", 3: "p", 8: "W"}
_GS_PARAMS = {1: "hwHfBbarITE", 2: "LWP$\\", 3: "^"}
_ESC_SKIP = {ord(c): n for n, chars in _ESC_PARAMS.items() for c in chars}
_GS_SKIP = {ord(c): n for n, chars in _GS_PARAMS.items() for c in chars}


@dataclass(frozen=True, slots=True)
class TextSpan:
    text: str
    bold: bool = False
    width: int = 1  # 1 = normal, 2 = double width ...
    height: int = 1


@dataclass(frozen=True, slots=True)
class TextLine:
    spans: tuple[TextSpan, ...]
    align: int = 0  # 0 left, 1 centre, 2 right

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def bold(self) -> bool:
        return any(s.bold and s.text.strip() for s in self.spans)

    @property
    def double(self) -> bool:
        return any((s.width > 1 or s.height > 1) and s.text.strip() for s in self.spans)


@dataclass(frozen=True, slots=True)
class Barcode:
    symbology: str
    data: str


@dataclass(frozen=True, slots=True)
class QrCode:
    data: str


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool


Element = TextLine | Barcode | QrCode | Cut


@dataclass(frozen=True)
class DecodedPrint:
    elements: tuple[Element, ...]
    codepages: tuple[int, ...] = ()  # every ESC t n seen, in order

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.elements if isinstance(e, TextLine))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def barcodes(self) -> tuple[Barcode, ...]:
        return tuple(e for e in self.elements if isinstance(e, Barcode))

    @property
    def qr_codes(self) -> tuple[str, ...]:
        return tuple(e.data for e in self.elements if isinstance(e, QrCode))

    @property
    def cuts(self) -> int:
        return sum(isinstance(e, Cut) for e in self.elements)

    def preview(self, columns: int = 48) -> str:
        """Plain-text picture of the paper: alignment applied, codes and cuts shown in brackets."""
        out: list[str] = []
        for e in self.elements:
            if isinstance(e, TextLine):
                text, room = e.text, columns - sum(len(s.text) * (s.width - 1) for s in e.spans)  # wide letters
                out.append(text.center(room).rstrip() if e.align == 1 else text.rjust(room) if e.align == 2 else text)
            elif isinstance(e, Barcode):
                out.append(f"[{e.symbology}: {e.data}]".center(columns).rstrip())
            elif isinstance(e, QrCode):
                out.append(f"[QR: {e.data}]".center(columns).rstrip())
            else:
                out.append("-" * (columns // 2 - 3) + " отрез " + "-" * (columns // 2 - 3))
        return "\n".join(out)


def _code128_text(data: bytes) -> str:
    """GS k 73 data: ``{A``/``{B``/``{C`` switch sets, ``{{`` is a brace; set C bytes are two digits."""
    out: list[str] = []
    code_set = "B"
    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x7B and i + 1 < len(data):  # "{"
            nxt = chr(data[i + 1])
            i += 2
            if nxt in "ABC":
                code_set = nxt
            elif nxt == "{":
                out.append("{")
            continue  # FNC1-4 and shift carry no text
        out.append(f"{b:02d}" if code_set == "C" and b < 100 else chr(b) if 0x20 <= b < 0x7F else "")
        i += 1
    return "".join(out)


@dataclass
class _State:
    encoding: str = DEFAULT_ENCODING
    bold: bool = False
    width: int = 1
    height: int = 1
    align: int = 0
    spans: list[TextSpan] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)
    line_align: int | None = None


class _Decoder:
    def __init__(self, data: bytes, codepages: Mapping[int, str]) -> None:
        self.data = data
        self.codepages = codepages
        self.st = _State()
        self.elements: list[Element] = []
        self.seen_codepages: list[int] = []
        self.qr_store = b""

    # -- text --------------------------------------------------------------------------------
    def flush_span(self) -> None:
        st = self.st
        if st.pending:
            st.spans.append(TextSpan(st.pending.decode(st.encoding, errors="replace"), st.bold, st.width, st.height))
            st.pending.clear()

    def end_line(self, always: bool = True) -> None:
        self.flush_span()
        st = self.st
        if st.spans or always:
            align = st.align if st.line_align is None else st.line_align
            self.elements.append(TextLine(tuple(st.spans), align))
        st.spans = []
        st.line_align = None

    def style(self, *, bold: bool | None = None, width: int | None = None, height: int | None = None) -> None:
        self.flush_span()
        st = self.st
        st.bold = st.bold if bold is None else bold
        st.width = st.width if width is None else width
        st.height = st.height if height is None else height

    def add_text_byte(self, b: int) -> None:
        st = self.st
        if not st.pending and not st.spans:
            st.line_align = st.align  # a line takes the alignment in force when it starts
        st.pending.append(b)

    # -- commands ----------------------------------------------------------------------------
    def run(self) -> DecodedPrint:
        data, n, i = self.data, len(self.data), 0
        while i < n:
            b = data[i]
            if b >= 0x20:
                self.add_text_byte(b)
                i += 1
            elif b == 0x0A:
                self.end_line()
                i += 1
            elif b == 0x09:
                self.add_text_byte(0x20)
                i += 1
            elif b == 0x1B:
                i = self.esc(i + 1)
            elif b == 0x1D:
                i = self.gs(i + 1)
            elif b == 0x10:  # DLE EOT/ENQ n; DLE DC4 fn m t
                op = data[i + 1] if i + 1 < n else -1
                i += 3 if op in (0x04, 0x05) else 5 if op == 0x14 else 1
            elif b == 0x1C:  # FS: Kanji and NV commands, none of which we print
                i += 2
            else:  # CR, NUL and other controls do nothing on paper
                i += 1
        if self.st.pending or self.st.spans:
            self.end_line()
        return DecodedPrint(tuple(self.elements), tuple(self.seen_codepages))

    def byte(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0

    def esc(self, i: int) -> int:
        if i >= len(self.data):
            return i
        cmd, arg = self.data[i], self.byte(i + 1)
        if cmd == ord("@"):
            self.flush_span()
            self.st.bold, self.st.width, self.st.height, self.st.align = False, 1, 1, 0
            self.st.encoding = DEFAULT_ENCODING
            return i + 1
        if cmd == ord("t"):
            self.flush_span()
            self.seen_codepages.append(arg)
            self.st.encoding = self.codepages.get(arg, DEFAULT_ENCODING)
        elif cmd == ord("E"):
            self.style(bold=bool(arg & 1))
        elif cmd == ord("!"):
            self.style(bold=bool(arg & 0x08), height=2 if arg & 0x10 else 1, width=2 if arg & 0x20 else 1)
        elif cmd == ord("a"):
            self.st.align = arg % 48 if arg % 48 <= 2 else 0
        elif cmd == ord("d"):
            had_text = bool(self.st.pending or self.st.spans)
            if had_text:
                self.end_line()
            for _ in range(arg - had_text):
                self.end_line()
        elif cmd == ord("J"):
            self.end_line(always=False)
        elif cmd in (ord("i"), ord("m")):  # the older cut commands, no parameter
            self.end_line(always=False)
            self.elements.append(Cut(partial=cmd == ord("m")))
            return i + 1
        elif cmd == ord("D"):  # tab stops, NUL-terminated
            end = self.data.find(b"\x00", i + 1)
            return len(self.data) if end < 0 else end + 1
        elif cmd == ord("*"):  # bit image: m nL nH, then 1 or 3 bytes per column
            cols = self.byte(i + 2) | self.byte(i + 3) << 8
            return i + 4 + cols * (3 if arg in (32, 33) else 1)
        elif cmd in _ESC_SKIP:
            return i + 1 + _ESC_SKIP[cmd]
        else:
            return i + 1  # unknown: skip the command byte only
        return i + 2

    def gs(self, i: int) -> int:
        if i >= len(self.data):
            return i
        data, cmd, arg = self.data, self.data[i], self.byte(i + 1)
        if cmd == ord("!"):
            self.style(width=(arg >> 4 & 7) + 1, height=(arg & 7) + 1)
            return i + 2
        if cmd == ord("V"):
            self.end_line(always=False)
            self.elements.append(Cut(partial=arg in (1, 49, 66, 98, 104)))
            return i + 2 + (arg in (65, 66, 97, 98, 103, 104))
        if cmd == ord("k"):
            return self.barcode(i + 1, arg)
        if cmd == ord("("):
            size = self.byte(i + 2) | self.byte(i + 3) << 8
            body = data[i + 4 : i + 4 + size]
            if arg == ord("k") and len(body) >= 2 and body[0] == 49:
                self.qr(body)
            return i + 4 + size
        if cmd == ord("v") and arg == ord("0"):  # raster image: m xL xH yL yH data
            x = self.byte(i + 3) | self.byte(i + 4) << 8
            y = self.byte(i + 5) | self.byte(i + 6) << 8
            return i + 7 + x * y
        if cmd == ord("8") and arg == ord("L"):  # GS 8 L p1 p2 p3 p4 ...
            size = self.byte(i + 2) | self.byte(i + 3) << 8 | self.byte(i + 4) << 16 | self.byte(i + 5) << 24
            return i + 6 + size
        if cmd in _GS_SKIP:
            return i + 1 + _GS_SKIP[cmd]
        return i + 1

    def barcode(self, i: int, m: int) -> int:
        data = self.data
        if m <= 6:  # NUL-terminated form
            end = data.find(b"\x00", i + 1)
            end = len(data) if end < 0 else end
            body, nxt = data[i + 1 : end], end + 1
        else:
            size = self.byte(i + 1)
            body, nxt = data[i + 2 : i + 2 + size], i + 2 + size
        self.end_line(always=False)
        name = BARCODE_NAMES.get(m, f"BARCODE{m}")
        text = _code128_text(body) if m == 73 else body.decode("latin-1")
        self.elements.append(Barcode(name, text))
        return nxt

    def qr(self, body: bytes) -> None:
        fn = body[1]
        if fn == 80:  # store: m then data
            self.qr_store = body[3:]
        elif fn == 81:
            self.end_line(always=False)
            self.elements.append(QrCode(self.qr_store.decode("utf-8", errors="replace")))


def decode_escpos(data: bytes, codepages: Mapping[int, str] | None = None) -> DecodedPrint:
    """Decode an ESC/POS byte stream; ``codepages`` maps ``ESC t n`` to a Python codec."""
    return _Decoder(bytes(data), CODEPAGE_ENCODINGS if codepages is None else codepages).run()
