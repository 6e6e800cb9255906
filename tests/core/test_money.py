from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.money import format_rub, parse_rub, rub


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [("15", 1500), ("1234,50", 123450), ("99.9", 9990), ("1 234,05 ₽", 123405), ("0,01", 1), ("7 руб.", 700)],
)
def test_parse(text: str, kopecks: int) -> None:
    assert parse_rub(text) == kopecks


@pytest.mark.parametrize("text", ["", "abc", "12,345", "-5", "1.2.3"])
def test_parse_refuses_with_a_message(text: str) -> None:
    with pytest.raises(BadInput, match="сумм"):
        parse_rub(text)


def test_format() -> None:
    assert format_rub(rub(1234, 5)) == "1\u202f234,05 ₽"
    assert format_rub(0) == "0,00 ₽"
    assert format_rub(-150) == "-1,50 ₽"


@given(st.integers(min_value=0, max_value=10**10))
def test_format_then_parse_round_trips(kopecks: int) -> None:
    assert parse_rub(format_rub(kopecks)) == kopecks
