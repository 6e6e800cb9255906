"""«Коды настройки сканера»: opened from the settings, it shows every sourced configuration code
as a barcode a reader decodes from the screen's pixels, in Russian and English, within 1366×768."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from pvz_desktop.devices.scanner.setup_codes import SETUP_CODES, codes_for
from pvz_desktop.gui.scanner_setup_dialog import ScannerSetupDialog
from tests.devices.scanner.symbol_reader import read_gray

SCREEN = QRect(0, 0, 1366, 768)


def gray(image: QImage) -> tuple[bytes, int, int, int]:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(image.constBits()), image.width(), image.height(), image.bytesPerLine()


def open_codes(counter, qtbot) -> ScannerSetupDialog:
    settings = counter.window.open_settings()
    settings.setup_codes_button.click()
    dialog = settings.findChild(ScannerSetupDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_codes_on_screen_decode_to_the_sourced_table(counter, qtbot, language):
    dialog = open_codes(counter, qtbot)
    family = dialog.family.currentText()
    expected = {(c.content, c.function3) for c in codes_for(family)}
    assert expected
    # What the cashier's scanner sees: the dialog's own pixels as drawn on the screen.
    dialog.scroll.widget().resize(dialog.scroll.viewport().width(), dialog.scroll.widget().sizeHint().height())
    shot = dialog.scroll.widget().grab().toImage()
    found = {(r.content, r.function3) for r in read_gray(*gray(shot))}
    assert found == expected
    assert len(dialog.symbols) == len(expected)


def test_every_family_in_the_list_has_its_codes(counter, qtbot):
    dialog = open_codes(counter, qtbot)
    shown = 0
    for index in range(dialog.family.count()):
        dialog.family.setCurrentIndex(index)
        for picture in dialog.symbols:
            readings = read_gray(*gray(picture.pixmap().toImage()))
            assert len(readings) == 1
            shown += 1
    assert shown == len(SETUP_CODES)


def test_fits_the_counter_screen_and_speaks_the_window_language(counter, qtbot, language):
    dialog = open_codes(counter, qtbot)
    frame = dialog.frameGeometry()
    assert frame.width() <= SCREEN.width() and frame.height() <= SCREEN.height()
    # The sources keep the documents' own titles; everything else follows the window's language.
    labels = [w.text() for w in dialog.findChildren(QLabel) if not re.match("(Источник|Source): ", w.text())]
    without_sources = " ".join(labels) + dialog.windowTitle()
    if language == "en":
        assert not re.search("[А-Яа-яЁё]", without_sources), without_sources
    else:
        assert "Коды настройки сканера" in dialog.windowTitle()


def test_the_settings_fit_the_screen_with_save_in_sight(counter, qtbot, language):
    settings = counter.window.open_settings()
    qtbot.waitUntil(settings.isVisible)
    assert settings.setup_codes_button.isVisible()
    hint = settings.minimumSizeHint()
    assert hint.width() <= SCREEN.width() and hint.height() <= SCREEN.height()
    frame = settings.frameGeometry()
    assert frame.width() <= SCREEN.width() and frame.height() <= SCREEN.height(), frame
    # Save stays reachable without scrolling: it is below the scrolled groups, not among them.
    save = settings.save_button
    assert save.isVisible() and settings.rect().contains(save.mapTo(settings, save.rect().center()))
