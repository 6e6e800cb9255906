"""The answer to every scan: a large coloured banner and a sound the cashier can tell apart."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from pvz_desktop.core.errors import DomainError, WrongCustomer
from pvz_desktop.gui import style
from pvz_desktop.gui.sounds import SoundPlayer
from pvz_desktop.gui.tones import Cue

BANNER_HEIGHT = 96
MIN_BANNER_POINT_SIZE = 13


class Tone(StrEnum):
    IDLE = "idle"
    OK = "ok"
    ERROR = "error"
    ALERT = "alert"
    INFO = "info"


_COLOURS: dict[Tone, tuple[str, str]] = {
    Tone.IDLE: (style.IDLE_BG, style.IDLE_FG),
    Tone.OK: (style.OK_BG, "white"),
    Tone.ERROR: (style.ERROR_BG, "white"),
    Tone.ALERT: (style.ALERT_BG, "#ffeb3b"),
    Tone.INFO: (style.INFO_BG, "white"),
}

# One sheet for every tone, chosen by the ``tone`` property: a message of the same tone as the
# last one changes no style at all, another tone re-polishes this label only (a new sheet per
# message re-parsed and re-polished it on every scan).
_SHEET = "\n".join(
    f'QLabel#banner[tone="{tone.value}"] {{ background: {bg}; color: {fg}; padding: 10px; border-radius: 6px; }}'
    for tone, (bg, fg) in _COLOURS.items()
)


class Banner(QLabel):
    """A full-width strip: green for ok, red with the reason for a refusal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # A fixed height: a long message shrinks its font instead of pushing the page down.
        self.setFixedHeight(BANNER_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFont(style.font(style.BANNER_POINT_SIZE))
        self.tone = Tone.IDLE
        self.setProperty("tone", Tone.IDLE.value)
        self.setStyleSheet(_SHEET)
        self.show_message(Tone.IDLE, "")

    def show_message(self, tone: Tone, text: str) -> None:
        if tone != self.tone:
            self.tone = tone
            self.setProperty("tone", tone.value)
            self.style().unpolish(self)
            self.style().polish(self)
            self.update()
        self.setText(text)
        self.setAccessibleName(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The largest font (down to a floor) at which the text fits the strip."""
        area = self.contentsRect().adjusted(12, 8, -12, -8)
        size = style.BANNER_POINT_SIZE
        while size > MIN_BANNER_POINT_SIZE:
            metrics = QFontMetrics(style.font(size))
            needed = metrics.boundingRect(area, int(Qt.TextFlag.TextWordWrap), self.text())
            if needed.height() <= area.height() and needed.width() <= area.width():
                break
            size -= 1
        if self.font().pointSize() != size:
            self.setFont(style.font(size))


class Feedback(QObject):
    """Banner plus sound. Pages call ``ok``/``error``; ``fail`` turns an exception into words."""

    shown = Signal(str, str)  # tone, text

    def __init__(self, banner: Banner, sounds: SoundPlayer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.sounds = sounds

    def _show(self, tone: Tone, text: str, cue: Cue | None) -> None:
        self.banner.show_message(tone, text)
        if cue is not None:
            self.sounds.play(cue)
        self.shown.emit(tone.value, text)

    def ok(self, text: str) -> None:
        self._show(Tone.OK, text, Cue.OK)

    def error(self, text: str) -> None:
        self._show(Tone.ERROR, text, Cue.ERROR)

    def alert(self, text: str) -> None:
        self._show(Tone.ALERT, text, Cue.ALERT)

    def info(self, text: str) -> None:
        """A neutral answer: where a parcel is, what to scan next."""
        self._show(Tone.INFO, text, Cue.INFO)

    def clear(self) -> None:
        self._show(Tone.IDLE, "", None)

    def fail(self, exc: BaseException) -> None:
        """A refused operation shows its Russian reason; a bug shows that it is one."""
        if isinstance(exc, WrongCustomer):
            self.alert(exc.message)
        elif isinstance(exc, DomainError):
            self.error(exc.message)
        else:
            self.error(self.tr("Ошибка программы: {error}. Подробности в журнале.").format(error=exc))
