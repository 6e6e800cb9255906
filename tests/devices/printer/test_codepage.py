from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.devices.printer.codepage import encode, printable, rub_number, rub_text

UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def test_russian_alphabet_and_numero_sign_are_cp866() -> None:
    text = UPPER + UPPER.lower() + "№"
    assert encode(text) == text.encode("cp866")
    assert encode("№") == b"\xfc" and encode("Ё") == b"\xf0" and encode("ё") == b"\xf1"
    assert printable(text) == text


def test_missing_characters_get_readable_substitutes() -> None:
    assert printable("Итого 100 ₽") == "Итого 100 руб."
    assert printable("«Ёлка» — “шар” … ×2") == '"Ёлка" - "шар" ... x2'
    assert printable("Café Noël") == "Cafe Noel"  # accents dropped, letters kept
    assert printable("Київ Ґанок") == "Київ Ганок"
    assert printable("эмодзи 🎄 и 漢") == "эмодзи _ и _"


def test_control_characters_never_reach_the_printer() -> None:
    assert encode("a\x1b@b\x1dV\x00c\tz\n") == b"a@bVc z\n"


@given(st.text())
def test_no_question_marks_and_no_commands_come_from_any_text(text: str) -> None:
    out = encode(text)
    # A «?» is printed only where one was written (⁇ and ﹖ are question marks too).
    assert out.count(b"?") <= unicodedata.normalize("NFKD", text).count("?")
    assert all(b >= 0x20 or b == 0x0A for b in out)


def test_money_in_cp866() -> None:
    assert rub_text(123450).replace("\u00a0", " ") == "1 234,50 руб."
    assert rub_number(-5) == "-0,05"
    assert encode(rub_text(100000000)) == "1 000 000,00 руб.".encode("cp866")
