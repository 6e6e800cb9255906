"""Counts the Qt events of chosen types that widgets receive: a repaint or re-layout made or not."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject


class EventCount(QObject):
    def __init__(self, types: tuple[QEvent.Type, ...], *widgets: QObject) -> None:
        super().__init__()
        self.types = types
        self.counts: Counter[tuple[str, QEvent.Type]] = Counter()
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.types:
            self.counts[(watched.objectName(), event.type())] += 1
        return False

    def total(self) -> int:
        return sum(self.counts.values())
