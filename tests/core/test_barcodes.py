from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.barcodes import BarcodeKind, BarcodeProfile, classify, fold_layout

K = BarcodeKind


@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        ("0123604587-1235-1", K.SHIPMENT, "0123604587-1235-1"),
        ("01236045-1235-1", K.SHIPMENT, "01236045-1235-1"),
        ("48213377*5521", K.PICKUP_CODE, "48213377*5521"),
        ("GM0000412345", K.TRANSPORT_PACKAGE, "GM0000412345"),
        ("C-A-01-03", K.CELL, "C-A-01-03"),
        ("TN-0000031337", K.WAYBILL, "TN-0000031337"),
        ("RT-0000007781", K.RETURN_REQUEST, "RT-0000007781"),
        ("RB-0000000042", K.RETURN_BOX, "RB-0000000042"),
        ("  GM0000412345\r\n", K.TRANSPORT_PACKAGE, "GM0000412345"),
        ("gm0000412345", K.TRANSPORT_PACKAGE, "GM0000412345"),
    ],
)
def test_default_profile_kinds(raw: str, kind: K, code: str) -> None:
    got = classify(raw)
    assert (got.kind, got.code) == (kind, code)
    assert got.raw == raw


@pytest.mark.parametrize(
    ("typed", "kind", "code"),
    [
        ("ПЬ0000412345", K.TRANSPORT_PACKAGE, "GM0000412345"),
        ("пь0000412345", K.TRANSPORT_PACKAGE, "GM0000412345"),
        ("С-Ф-01-03", K.CELL, "C-A-01-03"),
        ("ЕТ-0000031337", K.WAYBILL, "TN-0000031337"),
        ("КЕ-0000007781", K.RETURN_REQUEST, "RT-0000007781"),
        ("КИ-0000000042", K.RETURN_BOX, "RB-0000000042"),
    ],
)
def test_russian_layout_folds_back_to_qwerty(typed: str, kind: K, code: str) -> None:
    got = classify(typed)
    assert (got.kind, got.code) == (kind, code)


@pytest.mark.parametrize("raw", ["", "12345", "0123604587-1235", "GM12345", "C-AA-01-03", "TN-123", "48213377*55"])
def test_near_misses_are_unknown(raw: str) -> None:
    assert classify(raw).kind is K.UNKNOWN


def test_profile_overrides_a_pattern() -> None:
    profile = BarcodeProfile.with_overrides({"cell": r"^[A-Z]\d{3}$"})
    assert profile.classify("A101").kind is K.CELL
    assert profile.classify("C-A-01-03").kind is K.UNKNOWN
    assert profile.classify("GM0000412345").kind is K.TRANSPORT_PACKAGE


def test_bad_pattern_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="ячейка"):
        BarcodeProfile.with_overrides({"cell": "(unclosed"})


@given(st.text(max_size=40))
def test_classify_never_raises_and_fold_keys_one_to_one(text: str) -> None:
    got = classify(text)
    assert got.kind in set(BarcodeKind)
    assert got.kind is BarcodeKind.UNKNOWN or got.code.isascii()
    folded = fold_layout(text)
    assert len(folded) == len(text)  # one key pressed, one character back
    assert all(a == b for a, b in zip(text, folded, strict=True) if a.isascii() and a.isalnum())


@given(st.from_regex(r"\A[0-9]{8,10}-[0-9]{4}-[0-9]\Z"))
def test_every_posting_number_classifies_as_shipment(code: str) -> None:
    assert classify(code).kind is K.SHIPMENT


@pytest.mark.parametrize("raw", ["１２３４５６７８*１２３４", "٠١٢٣٤٥٦٧*٠١٢٣", "0123604587-1235-١"])
def test_non_ascii_digits_are_not_barcodes(raw: str) -> None:
    assert classify(raw).kind is K.UNKNOWN


# Drop-off codes (README «Коды отправки»): each kind by its full code, folded from the Russian
# layout, and refused when it is only almost right or carries non-ASCII digits.
@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        ("SP-0000000101", K.SUPPLY, "SP-0000000101"),
        ("sp-0000000101\n", K.SUPPLY, "SP-0000000101"),
        ("ЫЗ-0000000101", K.SUPPLY, "SP-0000000101"),
        ("SN-0000000201", K.SEND_CODE, "SN-0000000201"),
        ("ЫТ-0000000201", K.SEND_CODE, "SN-0000000201"),
        ("OB000000000301", K.OUTBOUND, "OB000000000301"),
        ("щи000000000301", K.OUTBOUND, "OB000000000301"),
        ("BG-0000000401", K.BAG, "BG-0000000401"),
        ("ИП-0000000401", K.BAG, "BG-0000000401"),
        ("CP-0000000501", K.COURIER_PICKUP, "CP-0000000501"),
        ("СЗ-0000000501", K.COURIER_PICKUP, "CP-0000000501"),
    ],
)
def test_dropoff_kinds(raw: str, kind: K, code: str) -> None:
    got = classify(raw)
    assert (got.kind, got.code) == (kind, code)


@pytest.mark.parametrize(
    "raw",
    [
        "SP-000000010",  # one digit short
        "SP-00000001011",  # one digit too many
        "xSP-0000000101",  # not a full match
        "SP-0000000101x",
        "SP0000000101",  # the dash is part of the code
        "OB00000000030",
        "OB-000000000301",
        "BG-000000040",
        "CP-00000005O1",  # letter O for zero
        "SN-000000020",
        "SP-٠٠٠٠٠٠٠١٠١",  # Arabic-Indic digits are digits to Python, not to a scanner
        "OB０００００００００３０１",  # full-width digits
        "BG-0000000401\nBG-0000000402",
    ],
)
def test_dropoff_near_misses_are_unknown(raw: str) -> None:
    assert classify(raw).kind is K.UNKNOWN


def test_every_kind_has_a_label_and_a_default_pattern() -> None:
    from pvz_desktop.core.barcodes import DEFAULT_PATTERNS, KIND_LABELS

    assert set(KIND_LABELS) == set(BarcodeKind)
    # Retail and marking codes on the goods are recognised by their check digits
    # (core.product_codes), not a pattern.
    assert set(DEFAULT_PATTERNS) == set(BarcodeKind) - {K.UNKNOWN, K.PRODUCT, K.MARKING}


@given(st.sampled_from(["SP-", "SN-", "BG-", "CP-"]), st.from_regex(r"\A[0-9]{10}\Z"))
def test_no_two_dropoff_kinds_claim_the_same_code(prefix: str, digits: str) -> None:
    code = prefix + digits
    kinds = [kind for kind, pattern in BarcodeProfile().patterns.items() if re.fullmatch(pattern, code, re.ASCII)]
    assert len(kinds) == 1
