"""The banner: its tone is a property the one style sheet colours by, and it paints in that colour."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from pvz_desktop.gui.application import ensure_app
from pvz_desktop.gui.feedback import Banner, Tone
from pvz_desktop.gui.style import APP_STYLESHEET

EXPECTED = {
    Tone.OK: ("#1b8a3a", "white"),
    Tone.ERROR: ("#c62828", "white"),
    Tone.ALERT: ("#8e0000", "#ffeb3b"),
    Tone.INFO: ("#1f4e79", "white"),
    Tone.IDLE: ("#eceff1", "#37474f"),
}


def painted_background(banner: Banner) -> QColor:
    """A pixel inside the strip, off the text and clear of the rounded corners."""
    image = banner.grab().toImage()
    return image.pixelColor(image.width() // 2, 4)


def test_every_tone_shows_in_the_property_and_the_painted_colour(qtbot):
    app = ensure_app()
    assert APP_STYLESHEET in app.styleSheet()  # coloured under the application's own sheet
    banner = Banner()
    qtbot.addWidget(banner)
    banner.resize(600, 96)
    banner.show()
    sheet = banner.styleSheet()
    # Back and forth, the same tone twice in a row too: each time the colour follows the tone.
    for tone in (Tone.OK, Tone.OK, Tone.ERROR, Tone.OK, Tone.ALERT, Tone.INFO, Tone.IDLE, Tone.ERROR):
        banner.show_message(tone, f"Сообщение {tone.value}")
        assert banner.property("tone") == tone.value and banner.tone is tone
        assert banner.styleSheet() == sheet  # never a new sheet
        background, text = EXPECTED[tone]
        assert painted_background(banner).name() == QColor(background).name(), tone
        assert banner.palette().color(banner.foregroundRole()).name() == QColor(text).name(), tone
        assert banner.text() == f"Сообщение {tone.value}"


def test_a_long_message_shrinks_the_font_instead_of_growing_the_strip(qtbot):
    ensure_app()
    banner = Banner()
    qtbot.addWidget(banner)
    banner.resize(500, 96)
    banner.show()
    banner.show_message(Tone.OK, "Коротко")
    big = banner.font().pointSize()
    banner.show_message(Tone.ERROR, "Очень длинное сообщение об отказе, которое не помещается в одну строку " * 3)
    assert banner.font().pointSize() < big and banner.height() == 96
    QApplication.processEvents()


def test_no_text_widens_the_strip_and_what_is_cut_is_in_the_tooltip(qtbot):
    """A 5,000-character code in a message: the strip keeps its width, the text wraps, then ends
    in «…» at the smallest font, and the whole message is in the tooltip."""
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    ensure_app()
    holder = QWidget()
    qtbot.addWidget(holder)
    banner = Banner()
    QHBoxLayout(holder).addWidget(banner)
    holder.resize(600, 120)
    holder.show()
    for message in ("Штрихкод «" + "7" * 89 + "» не распознан.", "Код " + "7" * 5000):
        banner.show_message(Tone.ERROR, message)
        QApplication.processEvents()
        assert holder.width() == 600 and holder.minimumSizeHint().width() < 600
        assert banner.width() <= 600 and banner.message == message
    assert banner.text().endswith("…") and len(banner.text()) < 1000
    assert banner.toolTip() == banner.message
    banner.show_message(Tone.OK, "Коротко")
    assert banner.text() == "Коротко" and banner.toolTip() == ""
