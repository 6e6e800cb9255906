"""Codes printed on the goods: retail barcodes and «Честный знак» marking codes, in real formats."""

from __future__ import annotations

import pytest

from pvz_desktop.core.barcodes import BarcodeKind, classify
from pvz_desktop.core.product_codes import ProductCodeKind, gs1_check_digit_ok, recognise

GS = "\x1d"
GTIN = "04603757310758"  # check digit 8 is right for this GTIN-14
CRYPTO = "Y7cMhHpbz2Cxh0TRwjKxYXydWyR8q6KZx9FSQy9iKQKo="  # AI 92: 44 characters
SHOES = f"01{GTIN}21" + "5?8M-JRfhHqXY" + f"{GS}91EE06{GS}92{CRYPTO}"  # clothing/shoes: 13-char serial
MILK = f"01{GTIN}21" + "5aBc7D" + f"{GS}93dGVz"  # milk and water: 6-char serial, short verification code
TOBACCO = f"01{GTIN}21" + "-Ab3<c7" + "8005120000" + "93zK7q"  # a pack: 7-char serial, price, no GS at all


@pytest.mark.parametrize(
    ("code", "kind", "gtin"),
    [
        ("4006381333931", ProductCodeKind.EAN13, "04006381333931"),
        ("5901234123457", ProductCodeKind.EAN13, "05901234123457"),
        ("96385074", ProductCodeKind.EAN8, "00000096385074"),
        ("036000291452", ProductCodeKind.UPCA, "00036000291452"),
    ],
)
def test_a_retail_barcode_with_its_check_digit_is_a_product_code(code, kind, gtin) -> None:
    product = recognise(code)
    assert product is not None
    assert (product.kind, product.gtin, product.serial) == (kind, gtin, "")
    assert classify(code).kind is BarcodeKind.PRODUCT


@pytest.mark.parametrize("code", ["4006381333932", "96385075", "036000291453", "40063813339", "4006381333931 9"])
def test_a_wrong_check_digit_or_length_is_not_a_product_code(code) -> None:
    assert recognise(code) is None
    assert classify(code).kind is BarcodeKind.UNKNOWN


def test_the_check_digit_rule() -> None:
    assert gs1_check_digit_ok("4006381333931")
    assert not gs1_check_digit_ok("4006381333930")
    assert not gs1_check_digit_ok("٤٠٠٦٣٨١٣٣٣٩٣١")  # Arabic-Indic digits are not ASCII digits
    assert not gs1_check_digit_ok("7")


def test_a_marking_code_with_its_separators() -> None:
    product = recognise(SHOES)
    assert product is not None
    assert (product.kind, product.gtin, product.serial) == (ProductCodeKind.MARKING, GTIN, "5?8M-JRfhHqXY")
    assert product.verification_key == "EE06" and not product.separators_lost
    milk = recognise(MILK)
    assert milk is not None and milk.serial == "5aBc7D"


def test_a_marking_code_a_wedge_scanner_typed_without_gs() -> None:
    product = recognise(SHOES.replace(GS, ""))
    assert product is not None
    assert (product.gtin, product.serial, product.verification_key) == (GTIN, "5?8M-JRfhHqXY", "EE06")
    assert product.separators_lost
    tobacco = recognise(TOBACCO)
    assert tobacco is not None and tobacco.serial == "-Ab3<c7"


def test_an_aim_symbology_prefix_is_not_part_of_the_code() -> None:
    product = recognise("]d2" + SHOES)
    assert product is not None and product.gtin == GTIN


@pytest.mark.parametrize(
    "code",
    [
        f"01{GTIN[:-1]}9215?8M-JRfhHqXY{GS}91EE06{GS}92{CRYPTO}",  # GTIN check digit wrong
        f"01{GTIN}215?8M-JR",  # no verification part at all
        f"01{GTIN}21{GS}91EE06",  # empty serial
        f"01{GTIN}21ab cd{GS}91EE06",  # a space is not in the marking character set
        f"02{GTIN}215?8M-JRfhHqXY{GS}91EE06",  # AI 02 is not a marking code's start
    ],
)
def test_not_a_marking_code(code) -> None:
    assert recognise(code) is None


def test_classification_keeps_our_labels_first() -> None:
    assert classify(SHOES).kind is BarcodeKind.MARKING
    assert classify("TN-0000031337").kind is BarcodeKind.WAYBILL
    assert classify("0123604587-1235-1").kind is BarcodeKind.SHIPMENT
    assert classify("48213377*5521").kind is BarcodeKind.PICKUP_CODE


def test_a_product_code_classifies_the_same_again() -> None:
    code = classify("\x00 400131333389")  # a NUL, then a space, before a valid UPC-A (found by the fuzz drill)
    assert code.kind is BarcodeKind.PRODUCT
    assert (classify(code.code).kind, classify(code.code).code) == (code.kind, code.code)
