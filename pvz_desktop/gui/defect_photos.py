"""The defect photos of a parcel's history as thumbnails; a click opens the full image.

A photo taken at this counter is in its data directory; one taken at another counter of the point
is downloaded from the server (on the reader thread), checked against its hash and kept beside
them, so it is shown offline from then on. Offline before that, the strip says the photo will
show when the network is back.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.gui.services import Services

THUMB = 72  # px: a row of them fits under the timeline at 1366×768
VIEW = QSize(1100, 600)  # the full image is scaled down to this at most, to fit a 1366×768 screen


def thumbnail(path: Path, edge: int = THUMB) -> QPixmap:
    """Decoded already scaled (a camera's 5 MB JPEG is not decoded at full size for a thumbnail)."""
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio))
    return QPixmap.fromImage(reader.read())


class PhotoViewer(QDialog):
    """One photo at full size (scaled down to the screen), named by its hash."""

    def __init__(self, path: Path, sha256: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photo_viewer")
        self.setWindowTitle(self.tr("Фото брака {sha}…").format(sha=sha256[:12]))
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setObjectName("photo_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap(str(path))
        if pixmap.width() > VIEW.width() or pixmap.height() > VIEW.height():
            pixmap = pixmap.scaled(VIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        caption = QLabel(f"SHA-256 {sha256}")
        caption.setObjectName("photo_hash")
        caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(caption)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(min(pixmap.width() + 40, VIEW.width()), min(pixmap.height() + 110, VIEW.height() + 110))


class DefectPhotoStrip(QWidget):
    """Thumbnails of the photos named by a history's defect records."""

    shown = Signal()  # every photo of the history is on screen or said why not

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_photos")
        self.services = services
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Фото брака:"))
        layout.addWidget(self.title)
        self.row = QHBoxLayout()
        layout.addLayout(self.row)
        self.note = QLabel()
        self.note.setObjectName("history_photos_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note, 1)
        self.buttons: dict[str, QToolButton] = {}
        self._generation = 0
        self.setVisible(False)

    def show_photos(self, photos: Sequence[dict[str, Any]]) -> None:
        """Show ``photos`` (``{sha256, type, size}``); those not kept here are asked of the server."""
        self._generation += 1
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        self.note.clear()
        unique = list({str(p.get("sha256")): p for p in photos if isinstance(p, dict) and p.get("sha256")}.values())
        self.setVisible(bool(unique))
        if not unique:
            self.shown.emit()
            return
        self._waiting = len(unique)
        self._missing: list[str] = []
        for photo in unique:
            button = QToolButton()
            button.setObjectName(f"photo_{str(photo['sha256'])[:12]}")
            button.setIconSize(QSize(THUMB, THUMB))
            button.setFixedSize(THUMB + 8, THUMB + 8)
            button.setText("…")
            button.setToolTip(str(photo["sha256"]))
            button.setEnabled(False)
            self.row.addWidget(button)
            self.buttons[str(photo["sha256"])] = button
            self._load(photo, self._generation)

    def _load(self, photo: dict[str, Any], generation: int) -> None:
        ctx, central = self.services.ctx, self.services.central

        def fetch() -> tuple[Path | None, str]:
            # Loaded here, on the reader thread: the HTTP client is not part of the window's start.
            from pvz_desktop.auth.errors import AuthError
            from pvz_desktop.sync.client import MalformedAnswer, ServerUnavailable
            from pvz_desktop.sync.photos import fetch_photo

            try:
                return fetch_photo(ctx, central, photo), ""
            except MalformedAnswer:
                return None, "wrong"
            except (ServerUnavailable, AuthError):  # no connection, no login: an answer, not a bug
                return None, "offline"

        def done(answer: tuple[Path | None, str]) -> None:
            if generation != self._generation:
                return  # another parcel's history is on screen now
            path, why = answer
            self._put(str(photo["sha256"]), path, why or ("" if path is not None else "absent"))

        self.services.runner.read(fetch, done, self.services.feedback.fail)

    def _put(self, sha256: str, path: Path | None, why: str) -> None:
        button = self.buttons[sha256]
        if path is not None:
            button.setIcon(QIcon(thumbnail(path)))
            button.setText("")
            button.setEnabled(True)
            button.clicked.connect(lambda: self.open_photo(sha256, path))
        else:
            self._missing.append(why)
        self._waiting -= 1
        if self._waiting == 0:
            self._explain()
            self.shown.emit()

    def _explain(self) -> None:
        texts = {
            "offline": self.tr("Фото с другой стойки покажется, когда будет связь с сервером."),
            "absent": self.tr("Фото нет на сервере: стойка, где его сняли, ещё не отправила его."),
            "wrong": self.tr("Сервер прислал не то фото (не сходится SHA-256): оно не показано."),
        }
        self.note.setText(" ".join(texts[w] for w in dict.fromkeys(self._missing)))

    def open_photo(self, sha256: str, path: Path) -> PhotoViewer:
        viewer = PhotoViewer(path, sha256, self)
        viewer.finished.connect(viewer.deleteLater)
        viewer.open()
        return viewer
