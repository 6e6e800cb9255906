"""«Брак (фото)»: what is wrong with the chosen parcel, in words, and photos — picked from files
always, taken with a camera (live preview, F5) when Qt Multimedia (PySide6's add-ons, extra
``camera``) and a camera are present; without them the dialog says which is missing and offers the
file picker."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pvz_desktop.gui.camera import CameraCapture, cameras
from pvz_desktop.gui.widgets import action_button
from pvz_desktop.workflows.defects import DefectKind, DefectPlace, DefectRecord, photos_dir, record_defect

if TYPE_CHECKING:
    from pvz_desktop.gui.pages.base import Page


class DefectDialog(QDialog):
    def __init__(self, posting: str, parent: QWidget | None = None, stills: Path | None = None) -> None:
        """``stills``: where a camera's stills are written before the record keeps them by hash."""
        super().__init__(parent)
        self.setObjectName("defect_dialog")
        self.posting = posting
        self.setWindowTitle(self.tr("Брак: {posting}").format(posting=posting))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Что не так:")))
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("defect_kind")
        labels = {
            DefectKind.PACKAGING: self.tr("повреждена упаковка"),
            DefectKind.GOODS: self.tr("повреждён товар"),
            DefectKind.INCOMPLETE: self.tr("некомплект"),
            DefectKind.WET: self.tr("намокло"),
            DefectKind.OTHER: self.tr("другое"),
        }
        for kind, label in labels.items():
            self.kind_box.addItem(label, kind.value)
        self.kind_box.setCurrentIndex(-1)
        row.addWidget(self.kind_box)
        self.note = QLineEdit()
        self.note.setObjectName("defect_note")
        self.note.setPlaceholderText(self.tr("подробнее (для «другое» — обязательно)"))
        row.addWidget(self.note, 1)
        layout.addLayout(row)

        self.camera_note = QLabel()
        self.camera_note.setObjectName("defect_camera")
        self.camera_note.setWordWrap(True)
        layout.addWidget(self.camera_note)
        self.camera: CameraCapture | None = None
        self.stills: list[Path] = []  # the camera's files: removed once the record has kept them
        self._start_camera(layout, stills or Path(tempfile.gettempdir()) / "pvz-camera")
        self.photos = QListWidget()
        self.photos.setObjectName("defect_photos")
        layout.addWidget(self.photos, 1)
        self.add_button = QPushButton(self.tr("Добавить фото из файла…"))
        self.add_button.setObjectName("defect_add_photo")
        self.add_button.clicked.connect(self.pick_files)
        self.shoot_button = action_button(self.tr("F5 Снять фото"), "F5", "defect_shoot", primary=True)
        self.shoot_button.clicked.connect(self.shoot)
        self.shoot_button.setVisible(self.camera is not None)
        sources = QHBoxLayout()
        sources.addWidget(self.shoot_button)
        sources.addWidget(self.add_button)
        layout.addLayout(sources)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._stop_camera)
        self.resize(640, 560 if self.camera is not None else 360)

    def _start_camera(self, layout: QVBoxLayout, stills: Path) -> None:
        """A live preview and the F5 capture when Qt Multimedia sees a camera; else say which is missing."""
        found = cameras()
        if not found.module:
            self.camera_note.setText(
                self.tr("Камера недоступна: не установлен Qt Multimedia (pyside6-addons). Добавьте фото из файла")
            )
            return
        if not found.devices:
            self.camera_note.setText(self.tr("Камера не найдена: добавьте фото из файла"))
            return
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.camera_note.setText(self.tr("Камера: {name}. F5 — снять фото").format(name=found.names[0]))
        preview = QVideoWidget()
        preview.setObjectName("defect_preview")
        preview.setMinimumSize(320, 180)
        layout.addWidget(preview, 2)
        self.camera = CameraCapture(found.devices[0], stills, preview, self)
        self.camera.captured.connect(self._still)
        self.camera.failed.connect(lambda text: self.camera_note.setText(self.tr("Камера: {error}").format(error=text)))
        self.camera.start()

    def shoot(self) -> None:
        if self.camera is not None and not self.camera.shoot():
            self.camera_note.setText(self.tr("Камера ещё не готова: подождите и снимите снова"))

    def _still(self, path: Path) -> None:
        self.stills.append(path)
        self.add_photos([path])

    def _stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()

    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Фото брака"), "", self.tr("Изображения (*.jpg *.jpeg *.png);;Все файлы (*)")
        )
        self.add_photos([Path(n) for n in names])

    def add_photos(self, paths: list[Path]) -> None:
        for path in paths:
            self.photos.addItem(str(path))

    def chosen(self) -> list[Path]:
        return [Path(self.photos.item(i).text()) for i in range(self.photos.count())]

    def kind(self) -> str | None:
        return self.kind_box.currentData()

    def set_kind(self, kind: DefectKind, note: str = "") -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind.value))
        self.note.setText(note)


def open_defect_dialog(
    page: Page, posting: str | None, place: DefectPlace, parent: QWidget | None = None
) -> DefectDialog | None:
    """«Брак (фото)» for ``posting`` found at ``place``: the same dialog and the same record from
    every place; the write runs on the page's writer thread and answers on the banner."""
    if not posting:
        page.services.feedback.warn(
            QCoreApplication.translate("DefectDialog", "Сначала отсканируйте отправление или выберите его в списке")
        )
        return None
    ctx = page.ctx
    dialog = DefectDialog(posting, parent or page, photos_dir(ctx) / "stills")

    def apply() -> None:
        kind, note, photos, stills = dialog.kind(), dialog.note.text(), dialog.chosen(), list(dialog.stills)

        def done(record: DefectRecord) -> None:
            for still in stills:  # kept under its hash now: the camera's file is not needed
                still.unlink(missing_ok=True)
            page.services.feedback.ok(
                QCoreApplication.translate("DefectDialog", "Брак записан: {posting}, фото: {n}").format(
                    posting=posting, n=len(record.photos)
                )
            )

        page.write(lambda: record_defect(ctx, posting, kind, note, photos, place), done)

    dialog.accepted.connect(apply)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
