"""The other barcodes on a parcel's box: an Ozon label's upper and lower codes, a Wildberries
sticker, Ozon's own product code. The codes are built from the formats the marketplaces document
(core/barcodes.py names them): the documented example values, and others of the same shape."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.barcodes import NOT_A_PARCEL_LABEL, BarcodeKind, BarcodeProfile, classify, fold_layout

K = BarcodeKind
RU_LAYOUT = str.maketrans(
    "qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM",
    "йцукенгшщзфывапролдячсмитьЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ",
)


def typed_under_russian_layout(code: str) -> str:
    return code.translate(RU_LAYOUT)


@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        # Ozon Seller API, posting «barcodes»: the reference's example values.
        ("%101%806044518", K.OZON_LABEL, "%101%806044518"),
        ("23024930500000", K.OZON_LABEL, "23024930500000"),
        ("%101%806044518\r\n", K.OZON_LABEL, "%101%806044518"),
        # Wildberries /api/v3/orders/stickers: the sticker's «barcode».
        ("!uKEtQZVx", K.WB_STICKER, "!uKEtQZVx"),
        ("!00000000", K.WB_STICKER, "!00000000"),
        # Ozon's generated product barcode: OZN + the Ozon SKU ID.
        ("OZN1234567891", K.OZON_SKU, "OZN1234567891"),
        ("ozn1234567891", K.OZON_SKU, "OZN1234567891"),
    ],
)
def test_documented_codes_are_recognised(raw: str, kind: K, code: str) -> None:
    got = classify(raw)
    assert (got.kind, got.code, got.raw) == (kind, code, raw)
    assert got.kind in NOT_A_PARCEL_LABEL


@pytest.mark.parametrize("code", ["!uKEtQZVx", "!AbCdEf12", "OZN1234567891"])
def test_a_wedge_scanner_under_the_russian_layout_is_folded_back(code: str) -> None:
    typed = typed_under_russian_layout(code)
    assert typed != code and re.search("[А-Яа-я]", typed)
    got = classify(typed)
    assert got.kind in (K.WB_STICKER, K.OZON_SKU) and got.code == code


@pytest.mark.parametrize(
    "raw",
    [
        "%101%80604451",  # a digit short
        "%101%8060445180",  # a digit long
        "%1010%806044518",
        "101%806044518",
        "2302493050000",  # 13 digits with a bad check digit: neither a label code nor EAN-13
        "230249305000000",  # 15 digits
        "!uKEtQZV",  # seven after the "!"
        "!uKEtQZVxy",
        "!uKEt-ZVx",
        "uKEtQZVxQ",
        "OZN",
        "OZN12345678901234567890",  # past int64
        "OZX1234567891",
        "２３０２４９３０５０００００",  # full-width digits
    ],
)
def test_near_misses_are_unknown(raw: str) -> None:
    assert classify(raw).kind is K.UNKNOWN


def test_our_own_labels_keep_their_kinds() -> None:
    """The new kinds claim nothing that one of our labels or a retail barcode claimed before."""
    assert classify("0123604587-1235-1").kind is K.SHIPMENT
    assert classify("48213377*5521").kind is K.PICKUP_CODE
    assert classify("OB000000000301").kind is K.OUTBOUND
    assert classify("4006381333931").kind is K.PRODUCT


@given(st.from_regex(r"\A[0-9]{14}\Z") | st.from_regex(r"\A%[0-9]{3}%[0-9]{9}\Z"))
def test_every_ozon_label_code_is_recognised_and_stable(code: str) -> None:
    got = classify(code)
    assert got.kind is K.OZON_LABEL
    assert classify(got.code).code == got.code


@given(st.from_regex(r"\A![0-9A-Za-z]{8}\Z"))
def test_every_sticker_shape_is_a_sticker_whichever_layout_typed_it(code: str) -> None:
    assert (classify(code).kind, classify(code).code) == (K.WB_STICKER, code)
    folded = classify(typed_under_russian_layout(code))
    assert (folded.kind, folded.code) == (K.WB_STICKER, code)


def test_no_two_kinds_claim_a_documented_code() -> None:
    for code in ("%101%806044518", "23024930500000", "!uKEtQZVx", "OZN1234567891"):
        kinds = [kind for kind, pattern in BarcodeProfile().patterns.items() if re.fullmatch(pattern, code, re.ASCII)]
        assert len(kinds) == 1, (code, kinds)
        assert fold_layout(code) == code  # nothing in them that the layout folding would change
