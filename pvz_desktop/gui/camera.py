"""Stills from a camera attached to the PC, through Qt Multimedia (PySide6's add-ons).

Qt's own module: the preview and the capture run in Qt's event loop with no second video stack.
The add-on package is optional (extra ``camera``): without it, or without a camera, the defect
dialog says which and takes image files instead. A still is written as a JPEG file, and the
defect workflow then checks it and keeps it under its hash like a picked file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

JPEG_QUALITY = 90  # a phone-like still of a damaged box: well under the 5 MB limit at 1080p


@dataclass(frozen=True)
class Cameras:
    """What the PC offers: ``module`` is False when Qt Multimedia is not installed."""

    module: bool
    devices: tuple[Any, ...]  # QCameraDevice

    @property
    def names(self) -> list[str]:
        return [d.description() for d in self.devices]


def cameras() -> Cameras:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return Cameras(False, ())
    return Cameras(True, tuple(QMediaDevices.videoInputs()))


def save_still(image: QImage, folder: Path) -> Path:
    """The captured frame as a JPEG file in ``folder``; OSError when it cannot be written."""
    if image.isNull():
        raise OSError("empty frame")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"camera-{uuid.uuid4().hex}.jpg"
    if not image.save(str(path), "JPEG", JPEG_QUALITY):
        raise OSError(f"cannot write {path}")
    return path


class CameraCapture(QObject):
    """One camera with its live preview; ``shoot`` takes a still (``captured``: its file)."""

    captured = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, device: Any, folder: Path, preview: QWidget | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession

        self.folder = folder
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.capture = QImageCapture(self)
        self.session.setImageCapture(self.capture)
        if preview is not None:
            self.session.setVideoOutput(preview)
        self.capture.imageCaptured.connect(self._frame)
        self.capture.errorOccurred.connect(lambda _id, _error, text: self.failed.emit(text))
        self.camera.errorOccurred.connect(lambda _error, text: self.failed.emit(text))

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def shoot(self) -> bool:
        """Take a still; False when the camera is not ready yet (starting, or busy with the last one)."""
        if not self.capture.isReadyForCapture():
            return False
        self.capture.capture()
        return True

    def _frame(self, _id: int, image: QImage) -> None:
        try:
            self.captured.emit(save_still(image, self.folder))
        except OSError as exc:
            self.failed.emit(str(exc))
