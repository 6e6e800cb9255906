"""«Коды настройки сканера»: the vendors' configuration barcodes on screen, for the cashier to
scan from the monitor (USB-COM, CR suffix…), each with the document it comes from. Opened from
the settings' scanners group."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.devices.scanner.setup_codes import NOT_LISTED, SetupCode, codes_for, families
from pvz_desktop.devices.scanner.setup_symbols import draw
from pvz_desktop.gui.texts import render


def symbol_pixmap(code: SetupCode) -> QPixmap:
    symbol = draw(code)
    image = QImage(symbol.pixels, symbol.width, symbol.height, symbol.width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())  # the copy owns its pixels once `symbol` is gone


class ScannerSetupDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanner_setup_dialog")
        self.setWindowTitle(self.tr("Коды настройки сканера"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Наведите сканер на код на экране; под каждым кодом — документ, откуда он взят. "
                "После настройки USB-COM добавьте сканер как serial://COM…"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.family = QComboBox()
        self.family.setObjectName("scanner_setup_family")
        self.family.addItems(families())
        layout.addWidget(self.family)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        missing = QLabel(
            self.tr("Нет кодов для: {models}").format(models="; ".join(render(label) for label in NOT_LISTED))
        )
        missing.setObjectName("scanner_setup_missing")
        missing.setWordWrap(True)
        layout.addWidget(missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.family.currentTextChanged.connect(self.show_family)
        self.show_family(self.family.currentText())
        self.resize(760, 620)

    def show_family(self, family: str) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.symbols: list[QLabel] = []
        for code in codes_for(family):
            column.addWidget(QLabel(f"<b>{render(code.purpose)}</b>"))
            picture = QLabel()
            picture.setObjectName("scanner_setup_symbol")
            picture.setPixmap(symbol_pixmap(code))
            # A white field around the bars whatever the window's theme: scanners need the quiet zone.
            picture.setStyleSheet("background: white; padding: 8px;")
            picture.setAlignment(Qt.AlignmentFlag.AlignLeft)
            column.addWidget(picture, 0, Qt.AlignmentFlag.AlignLeft)
            self.symbols.append(picture)
            source = QLabel(self.tr("Источник: {source}").format(source=code.source))
            source.setWordWrap(True)
            source.setStyleSheet("color: #555; font-size: 11px;")
            column.addWidget(source)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            column.addWidget(line)
        column.addStretch(1)
        self.scroll.setWidget(page)
