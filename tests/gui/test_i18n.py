"""Russian by default; English from the compiled catalogue; every interface string translated."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pvz_desktop.gui.i18n import install_language

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "pvz_en.ts"


@pytest.fixture
def english(qapp):
    assert install_language(qapp, "en") == "en"
    yield
    install_language(qapp, "ru")


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_window_speaks_russian_by_default(counter):
    assert tab_titles(counter.window)[:3] == ["Приёмка", "Размещение", "Выдача"]


def test_english_catalogue_translates_the_window(english, qtbot, ctx, settings):
    from tests.gui.conftest import make_counter

    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        assert tab_titles(counter.window) == [
            "Receiving",
            "Put away",
            "Pickup",
            "Returns",
            "Shipments",
            "Stocktaking",
            "Support",
            "Shift",
            "Drop-off",
        ]
        assert counter.page("issuance").issue_button.text() == "F9 Hand over"
        _tone, text = counter.scan("junk")
        assert text == 'Barcode "junk" not recognised: kept in "Unknown barcodes".'
    finally:
        gen.close()


def test_unknown_language_falls_back_to_russian(qapp):
    assert install_language(qapp, "xx") == "ru"
    assert QApplication.translate("IssuancePage", "Выдача") == "Выдача"


def test_every_interface_string_is_in_the_catalogue_and_translated(tmp_path):
    """Run lupdate over the sources: a new self.tr() text without an English line fails here."""
    sys.path.insert(0, str(TS.parent))
    try:
        import build
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "pvz_en.ts"
    fresh.write_bytes(TS.read_bytes())
    build.lupdate(fresh)
    unfinished = [
        m.findtext("source")
        for m in ET.parse(fresh).iter("message")
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert unfinished == []
    # The shipped .qm is compiled from this .ts (rebuild with resources/translations/build.py).
    out = subprocess.run(
        [str(Path(sys.executable).parent / "pyside6-lrelease"), str(TS), "-qm", str(tmp_path / "x.qm")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (tmp_path / "x.qm").read_bytes() == (TS.with_suffix(".qm")).read_bytes(), out.stdout


def test_packaged_catalogue_is_the_compiled_one(english):
    from PySide6.QtCore import QFile, QIODevice

    f = QFile(":/translations/pvz_en.qm")
    assert f.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        assert bytes(f.readAll().data()) == TS.with_suffix(".qm").read_bytes()
    finally:
        f.close()
