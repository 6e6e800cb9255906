"""The annulment dialog on Выдача: the reason (list + words) for annulling the chosen parcel."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pvz_desktop.workflows.annulment import AnnulReason


class AnnulDialog(QDialog):
    def __init__(self, posting: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annul_dialog")
        self.posting = posting
        self.setWindowTitle(self.tr("Аннулировать отправление"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("Отправление {posting} уйдёт в возврат. Подтверждает владелец пункта, вошедший за кассу.").format(
                posting=posting
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Причина:")))
        self.reason_box = QComboBox()
        self.reason_box.setObjectName("annul_reason")
        labels = {
            AnnulReason.DAMAGED: self.tr("повреждено"),
            AnnulReason.CANCELLED: self.tr("покупатель отменил, поддержка подтвердила"),
            AnnulReason.WRONG_ITEM: self.tr("не тот товар"),
            AnnulReason.OTHER: self.tr("другое"),
        }
        for reason, label in labels.items():
            self.reason_box.addItem(label, reason.value)
        self.reason_box.setCurrentIndex(-1)  # asked, never assumed
        row.addWidget(self.reason_box)
        self.note = QLineEdit()
        self.note.setObjectName("annul_note")
        self.note.setPlaceholderText(self.tr("подробнее (для «другое» — обязательно)"))
        row.addWidget(self.note, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reason(self) -> str | None:
        return self.reason_box.currentData()

    def set_reason(self, reason: AnnulReason, note: str = "") -> None:
        self.reason_box.setCurrentIndex(self.reason_box.findData(reason.value))
        self.note.setText(note)
