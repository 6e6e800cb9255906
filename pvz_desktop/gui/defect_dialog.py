"""«Брак (фото)»: what is wrong with the chosen parcel, in words, and photos — picked from files
always, taken with a camera when Qt Multimedia (PySide6's add-ons) and a camera are present; without
them the dialog says there is no camera and offers the file picker."""

from __future__ import annotations

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

from pvz_desktop.workflows.defects import DefectKind, DefectPlace, DefectRecord, record_defect

if TYPE_CHECKING:
    from pvz_desktop.gui.pages.base import Page


def camera_names() -> list[str]:
    """Cameras Qt Multimedia sees; empty when the add-on module is not installed or none is attached."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    return [device.description() for device in QMediaDevices.videoInputs()]


class DefectDialog(QDialog):
    def __init__(self, posting: str, parent: QWidget | None = None) -> None:
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

        cameras = camera_names()
        self.camera_note = QLabel(
            self.tr("Камера: {name}").format(name=cameras[0])
            if cameras
            else self.tr("Камера не найдена: добавьте фото из файла")
        )
        self.camera_note.setObjectName("defect_camera")
        self.camera_note.setWordWrap(True)
        layout.addWidget(self.camera_note)
        self.photos = QListWidget()
        self.photos.setObjectName("defect_photos")
        layout.addWidget(self.photos, 1)
        self.add_button = QPushButton(self.tr("Добавить фото из файла…"))
        self.add_button.setObjectName("defect_add_photo")
        self.add_button.clicked.connect(self.pick_files)
        layout.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)

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
    dialog = DefectDialog(posting, parent or page)
    ctx = page.ctx

    def apply() -> None:
        kind, note, photos = dialog.kind(), dialog.note.text(), dialog.chosen()

        def done(record: DefectRecord) -> None:
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
