"""Every configuration barcode shown for the cashier reads back, from its own pixels, as exactly
the data its source gives, with Function 3 where the vendor's codes have it."""

from __future__ import annotations

import pytest
import zxingcpp

from pvz_desktop.devices.scanner.setup_codes import NOT_LISTED, SETUP_CODES, codes_for, families
from pvz_desktop.devices.scanner.setup_symbols import draw
from tests.devices.scanner.symbol_reader import read_gray


@pytest.mark.parametrize("code", SETUP_CODES, ids=lambda c: c.content)
def test_each_symbol_reads_back_as_its_table_entry(code):
    symbol = draw(code)
    assert len(symbol.pixels) == symbol.width * symbol.height
    readings = read_gray(symbol.pixels, symbol.width, symbol.height)
    assert [(r.content, r.function3) for r in readings] == [(code.content, code.function3)]


@pytest.mark.parametrize("code", SETUP_CODES, ids=lambda c: c.content)
def test_each_code_names_its_source_and_what_it_does(code):
    assert code.family and code.purpose
    # A page address (or a manual's title and page) the reader can follow.
    assert "Honeywell" not in code.family or "User" in code.source
    assert any(site in code.source for site in (".com/", ".ls/"))


def test_honeywell_menu_codes_are_commands_stored_in_the_non_volatile_table():
    honeywell = [c for c in SETUP_CODES if c.family.startswith("Honeywell")]
    assert honeywell
    for code in honeywell:
        assert code.function3
        # Tag (3) + subtag (3) + data, then the storage character «.» (non-volatile).
        assert len(code.content) >= 7 and code.content.endswith(".") and code.content[:6].isalnum()


def test_without_function3_the_same_data_is_not_a_setting():
    """Function 3 is what makes a scanner take the symbol as a setting: drawn without it, the
    reader sees plain data — so the check above does tell the two apart."""
    plain = zxingcpp.create_barcode("VSUFCR.", zxingcpp.BarcodeFormat.Code128)
    image = memoryview(zxingcpp.write_barcode_to_image(plain, scale=2))
    height, width = image.shape
    assert [(r.content, r.function3) for r in read_gray(image.tobytes(), width, height)] == [("VSUFCR.", False)]


def test_families_group_the_table_and_the_unsourced_are_named():
    assert sum(len(codes_for(f)) for f in families()) == len(SETUP_CODES)
    assert any("Zebra" in label for label in NOT_LISTED)
    assert any("Newland" in label for label in NOT_LISTED)
    assert any("Mertech" in label for label in NOT_LISTED)
