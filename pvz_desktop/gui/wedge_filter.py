"""Keyboard-wedge scanner input: an application-wide key filter in front of every widget.

Each key press goes to the Qt-free ``WedgeDetector`` first. Keys it holds are swallowed; if
they turn out to be human typing they are replayed to the focused widget in order; if they
form a scan, the scan is emitted and the text never lands in the focused field.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from pvz_desktop.devices.scanner.events import ScanEvent

MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}
)


class WedgeActionLike(Protocol):
    hold: bool
    release: str
    scan: ScanEvent | None


class DetectorLike(Protocol):
    def feed(self, key: str, t: float) -> Any: ...  # -> WedgeAction

    def flush(self, t: float) -> Any: ...  # -> WedgeAction


def key_name(event: QKeyEvent) -> str | None:
    """The detector's name for a key: one printable character, "Enter", "Tab", or None."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "Enter"
    if key == Qt.Key.Key_Tab:
        return "Tab"
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return None  # a shortcut, never part of a barcode
    text = event.text()
    if len(text) == 1 and text.isprintable():
        return text
    return None


def _replay_event(char: str) -> QKeyEvent:
    if char in "\r\n":
        return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    if char == "\t":
        return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "\t")
    code = ord(char.upper()) if char.isascii() else 0
    return QKeyEvent(QEvent.Type.KeyPress, code or Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)


class WedgeKeyFilter(QObject):
    scanned = Signal(object)  # ScanEvent

    def __init__(
        self,
        detector: DetectorLike,
        *,
        max_gap: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.detector = detector
        self.clock = clock
        self._replaying = False
        self._last_event: tuple[int, int, int] | None = None
        self._last_receiver: QObject | None = None
        self._last_verdict = False
        # Held keys with no follow-up within the gap were typed by a person: give them back.
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(max(1, round(max_gap * 1000)) + 5)
        self._flush_timer.timeout.connect(self.flush)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        # The same key event visits the window, then the focused widget, then its parents:
        # feed it to the detector once and give the same verdict at every stop.
        ident = (shiboken6.getCppPointer(event)[0], event.timestamp(), event.key())
        if ident == self._last_event and self._same_delivery(watched):
            self._last_receiver = watched
            return self._last_verdict
        self._last_event, self._last_receiver = ident, watched
        self._last_verdict = self._handle(event)
        return self._last_verdict

    def _same_delivery(self, watched: QObject) -> bool:
        """Is this the previous key event travelling on (window → widget, widget → parent)?
        A new press of the same key may reuse the address; it starts at the window or at the
        same widget again, never further along the chain."""
        last = self._last_receiver
        if last is None or last is watched or not shiboken6.isValid(last):
            return False
        if isinstance(last, QWindow):
            return isinstance(watched, QWidget)
        return isinstance(watched, QWidget) and isinstance(last, QWidget) and watched.isAncestorOf(last)

    def _handle(self, event: QKeyEvent) -> bool:
        if event.key() in MODIFIER_KEYS:
            return False  # Shift between letters of a scan is normal
        # Backspace, arrows, F-keys: the detector takes any non-character name as "a person is
        # here" and hands held keys back before this one.
        name = key_name(event) or f"Key{int(event.key())}"
        action = self.detector.feed(name, self.clock())
        self._apply(action)
        if action.hold:
            self._flush_timer.start()
        else:
            self._flush_timer.stop()
        return bool(action.hold)

    def flush(self) -> None:
        action = self.detector.flush(self.clock())
        self._apply(action)
        if action.hold:
            self._flush_timer.start()  # woke a little early: the burst may still go on

    def _apply(self, action: WedgeActionLike) -> None:
        if action.release:
            self._replay(action.release)
        if action.scan is not None:
            self.scanned.emit(action.scan)

    def _replay(self, text: str) -> None:
        target = QApplication.focusWidget()
        if target is None:
            return
        self._replaying = True
        try:
            for char in text:
                QApplication.sendEvent(target, _replay_event(char))
        finally:
            self._replaying = False
