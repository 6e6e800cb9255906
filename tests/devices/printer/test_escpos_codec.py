"""The ESC/POS builder and our decoder read each other; the decoder survives any bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.decoder import Barcode, Cut, QrCode, TextLine, decode_escpos
from pvz_desktop.devices.printer.escpos_builder import Align, EscPosBuilder

SETUP = PageSetup(17, 80)


def test_text_styles_and_alignment_round_trip() -> None:
    b = EscPosBuilder(SETUP).align(Align.CENTER).bold().line("Жирный").bold(False)
    b.align(Align.LEFT).text("обычный ").double().text("КРУПНЫЙ").double(False).line()
    b.align(Align.RIGHT).line("справа")
    lines = [e for e in decode_escpos(b.build()).elements if isinstance(e, TextLine)]
    assert [(ln.text, ln.align, ln.bold, ln.double) for ln in lines] == [
        ("Жирный", 1, True, False),
        ("обычный КРУПНЫЙ", 0, False, True),
        ("справа", 2, False, False),
    ]
    spans = lines[1].spans
    assert [(s.text, s.width, s.height) for s in spans] == [("обычный ", 1, 1), ("КРУПНЫЙ", 2, 2)]


@pytest.mark.parametrize(
    ("data", "uses_set_c"),
    [("RB-0000000042", True), ("C-A-01-03", False), ("GM0000412345", True), ("12345", True), ("A{B}", False)],
)
def test_code128_round_trip(data: str, uses_set_c: bool) -> None:
    raw = EscPosBuilder(SETUP).barcode128(data).build()
    assert (b"{C" in raw) is uses_set_c  # long digit runs are packed two to a bar pattern
    assert decode_escpos(raw).barcodes == (Barcode("CODE128", data),)


def test_code128_refuses_what_it_cannot_encode() -> None:
    with pytest.raises(BadInput, match="латинские"):
        EscPosBuilder(SETUP).barcode128("ЯЧЕЙКА-1")
    with pytest.raises(BadInput):
        EscPosBuilder(SETUP).barcode128("")


def test_qr_cut_and_feed() -> None:
    raw = EscPosBuilder(SETUP).line("до").qr("Операция 42 ✓").feed(2).cut().line("после").cut(partial=False).build()
    elements = decode_escpos(raw).elements
    assert elements == (
        TextLine(elements[0].spans),
        QrCode("Операция 42 ✓"),
        TextLine(()),
        TextLine(()),
        Cut(partial=True),
        TextLine(elements[5].spans),
        Cut(partial=False),
    )
    assert (elements[0].text, elements[5].text) == ("до", "после")


def test_code_page_switch_applies_to_following_text() -> None:
    raw = b"\x1bt\x11" + "Щука".encode("cp866") + b"\n\x1bt\x10" + "Café".encode("cp1252") + b"\n"
    decoded = decode_escpos(raw)
    assert decoded.lines == ("Щука", "Café") and decoded.codepages == (17, 16)
    # The same bytes under a code page we do not map fall back to CP437 rather than failing.
    assert decode_escpos(b"\x1bt\x63" + "Щ".encode("cp866")).lines == ("Щ".encode("cp866").decode("cp437"),)


def test_foreign_commands_are_skipped_with_their_parameters() -> None:
    raster = b"\x1dv0\x00\x02\x00\x02\x00" + b"\x0a\x1b\x1d\x10"  # 2x2 bytes of image that look like commands
    bit_image = b"\x1b*\x00\x03\x00" + b"\x0a\x0a\x0a"
    raw = (
        b"\x1b@\x1bt\x11"
        + raster
        + bit_image
        + b"\x1b-\x01\x1b3\x40\x1dh\x50\x1b\x7a"  # underline, spacing, barcode height, unknown ESC z
        + b"\x1bp\x00\x19\xfa"  # drawer kick
        + b"\x10\x04\x01"  # a status query inside the stream
        + "текст".encode("cp866")
        + b"\x1bm"  # the old partial cut
        + b"\x1dk\x04CODE39\x00"  # NUL-terminated barcode form
    )
    decoded = decode_escpos(raw)
    assert decoded.lines == ("текст",)
    assert decoded.cuts == 1
    assert decoded.barcodes == (Barcode("CODE39", "CODE39"),)


def test_preview_draws_alignment_codes_and_cuts() -> None:
    b = EscPosBuilder(PageSetup(17, 58)).align(Align.CENTER).line("ПВЗ").double().line("ПВЗ").double(False)
    raw = b.barcode128("RB-0000000042").cut().build()
    preview = decode_escpos(raw).preview(32).splitlines()
    assert preview[0] == " " * 14 + "ПВЗ"
    assert preview[1] == " " * 13 + "ПВЗ"  # double-width letters take two columns each
    assert preview[2].strip() == "[CODE128: RB-0000000042]"
    assert "отрез" in preview[3]


@given(st.binary(max_size=600))
def test_decoder_never_fails_on_arbitrary_bytes(data: bytes) -> None:
    decoded = decode_escpos(data)
    assert isinstance(decoded.text, str)
    decoded.preview()


@given(st.lists(st.sampled_from([b"\x1b", b"\x1d", b"\x10", b"\x1c", b"(k", b"k", b"V", b"t", b"\x00", b"\xff", b"a"])))
def test_decoder_never_fails_on_truncated_commands(parts: list[bytes]) -> None:
    decode_escpos(b"".join(parts))


@given(st.text(alphabet=st.characters(codec="cp866", exclude_categories=("Cc",)), max_size=200))
def test_any_cp866_text_comes_back(text: str) -> None:
    for cp in (17, 59, 7, 10):
        raw = EscPosBuilder(PageSetup(cp, 80)).line(text).build()
        assert decode_escpos(raw).lines == (text.replace("\u00a0", " "),)


def test_double_size_text_wraps_at_half_the_width() -> None:
    b = EscPosBuilder(PageSetup(17, 58)).double().wrapped("Акт приёма-передачи возвратной тары").double(False)
    b.rule()
    lines = decode_escpos(b.build()).elements
    assert [len(e.text) for e in lines[:-1]] and all(len(e.text) <= 16 for e in lines[:-1])
    assert lines[-1].text == "-" * 32  # back to the full width after double(False)
