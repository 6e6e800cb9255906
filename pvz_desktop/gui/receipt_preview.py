"""On-screen receipt: the last printed document decoded back from its ESC/POS bytes, so what
the cashier sees is exactly what the printer got; one button prints it again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pvz_desktop.gui import style
from pvz_desktop.gui.printing import PrintedDoc, PrinterService
from pvz_desktop.gui.widgets import action_button


class ReceiptPreviewDock(QDockWidget):
    def __init__(self, printer: PrinterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receipt_preview")
        self.setWindowTitle(self.tr("Чек"))
        # Collapsible (a counter with a 1366 px screen needs the room for the page): the dock
        # closes to nothing, the status bar's «Чек» button and Ctrl+R bring it back.
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.toggleViewAction().setText(self.tr("Чек на экране"))
        self.toggleViewAction().setShortcut(QKeySequence("Ctrl+R"))
        self.printer = printer
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = QLabel(self.tr("Пока ничего не напечатано"))
        self.title.setObjectName("receipt_title")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.text = QPlainTextEdit()
        self.text.setObjectName("receipt_text")
        self.text.setReadOnly(True)
        self.text.setFont(style.font(9, bold=False, mono=True))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # 48 columns of 80 mm paper plus the frame and a scroll bar.
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance("M" * 48) + 30)
        layout.addWidget(self.text, 1)
        # F11 is the window's, not the button's: it reprints with the dock collapsed too.
        self.reprint_action = QAction(self.tr("Напечатать последний документ ещё раз"), self)
        self.reprint_action.setObjectName("action_reprint")
        self.reprint_action.setShortcut(QKeySequence("F11"))
        self.reprint_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.reprint_action.setEnabled(False)
        self.reprint_action.triggered.connect(printer.reprint)
        self.reprint_button = action_button(self.tr("F11 Напечатать ещё раз"), None, "reprint")
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint_action.trigger)
        layout.addWidget(self.reprint_button)
        self.setWidget(body)
        printer.printed.connect(self.show_doc)

    def show_doc(self, doc: PrintedDoc) -> None:
        where = self.tr("в очереди печати №{n}").format(n=doc.job_id) if doc.job_id else self.tr("только на экране")
        self.title.setText(f"{doc.title} ({where})")
        self.text.setPlainText(doc.preview_text())
        self.reprint_button.setEnabled(True)
        self.reprint_action.setEnabled(True)
