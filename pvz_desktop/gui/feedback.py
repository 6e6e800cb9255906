"""The answer to every scan: a large coloured banner and a sound the cashier can tell apart."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from pvz_desktop.core.errors import DomainError, WrongCustomer
from pvz_desktop.core.text import Text
from pvz_desktop.gui import palette, style
from pvz_desktop.gui.sounds import SoundPlayer
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.tones import Cue

BANNER_HEIGHT = 96
MIN_BANNER_POINT_SIZE = 13
# A word longer than this gets break points, so word wrap can split it (a scanned code of
# thousands of characters is one "word": unbroken, it sized the label and so the window).
LONG_WORD = 24
ZERO_WIDTH_SPACE = "\u200b"
MAX_SHOWN = 1000  # characters measured at most: more never fits the strip anyway


class Tone(StrEnum):
    IDLE = "idle"
    OK = "ok"
    ERROR = "error"
    ALERT = "alert"
    INFO = "info"
    WARN = "warn"


_COLOURS: dict[Tone, tuple[str, str]] = {
    Tone.IDLE: (style.IDLE_BG, style.IDLE_FG),
    Tone.OK: (style.OK_BG, "white"),
    Tone.ERROR: (style.ERROR_BG, "white"),
    Tone.ALERT: (style.ALERT_BG, palette.ALERT_TEXT),
    Tone.INFO: (style.INFO_BG, "white"),
    Tone.WARN: (style.WARN_BG, style.WARN_FG),
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
        self.message = ""  # the whole text; what is painted may be cut to fit the strip
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
        self.message = text
        self.setAccessibleName(text)
        self._fit()

    # The strip takes the width its layout gives it: no text, however long, asks for more.
    def sizeHint(self) -> QSize:
        return QSize(300, BANNER_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, BANNER_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The largest font (down to a floor) at which the text fits the strip; at the floor a
        text still too long is cut with «…» and shown whole in the tooltip."""
        area = self.contentsRect().adjusted(12, 8, -12, -8)
        text = _breakable(self.message[:MAX_SHOWN])
        size = style.BANNER_POINT_SIZE
        while size > MIN_BANNER_POINT_SIZE and not _fits(QFontMetrics(style.font(size)), area, text):
            size -= 1
        if self.font().pointSize() != size:
            self.setFont(style.font(size))
        shown = text if _fits(QFontMetrics(style.font(size)), area, text) else self._cut(text, area, size)
        self.setToolTip("" if shown == self.message else self.message)
        if self.text() != shown:
            self.setText(shown)

    @staticmethod
    def _cut(text: str, area: QRect, size: int) -> str:
        """The longest beginning of ``text`` that fits with «…» after it (a binary search)."""
        metrics = QFontMetrics(style.font(size))
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if _fits(metrics, area, text[:middle] + "…"):
                low = middle
            else:
                high = middle - 1
        return text[:low] + "…"


def _breakable(text: str) -> str:
    """Break points inside over-long words, so word wrap can split them."""
    if all(len(word) <= LONG_WORD for word in text.split()):
        return text
    return " ".join(
        ZERO_WIDTH_SPACE.join(word[i : i + LONG_WORD] for i in range(0, len(word), LONG_WORD)) if word else word
        for word in text.split(" ")
    )


def _fits(metrics: QFontMetrics, area: QRect, text: str) -> bool:
    needed = metrics.boundingRect(area, int(Qt.TextFlag.TextWordWrap), text)
    return needed.height() <= area.height() and needed.width() <= area.width()


class Feedback(QObject):
    """Banner plus sound. Pages call ``ok``/``error``; ``fail`` turns an exception into words."""

    shown = Signal(str, str)  # tone, text

    def __init__(self, banner: Banner, sounds: SoundPlayer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.sounds = sounds

    def _show(self, tone: Tone, message: str | Text, cue: Cue | None) -> None:
        # A workflow's answer comes as a Text: worded here, in the window's language.
        text = render(message) if isinstance(message, Text) else message
        self.banner.show_message(tone, text)
        if cue is not None:
            self.sounds.play(cue)
        self.shown.emit(tone.value, text)

    def ok(self, text: str | Text) -> None:
        self._show(Tone.OK, text, Cue.OK)

    def error(self, text: str | Text) -> None:
        self._show(Tone.ERROR, text, Cue.ERROR)

    def alert(self, text: str | Text) -> None:
        self._show(Tone.ALERT, text, Cue.ALERT)

    def info(self, text: str | Text) -> None:
        """A neutral answer: where a parcel is, what to scan next."""
        self._show(Tone.INFO, text, Cue.INFO)

    def warn(self, text: str | Text) -> None:
        """Done, but the cashier must do something before going on (check the passport)."""
        self._show(Tone.WARN, text, Cue.INFO)

    def prompt(self, text: str) -> None:
        """What to scan next, on a quiet strip: no sound and no ``shown`` (it answers nothing)."""
        self.banner.show_message(Tone.IDLE, text)

    def clear(self) -> None:
        self._show(Tone.IDLE, "", None)

    def fail(self, exc: BaseException) -> None:
        """A refused operation shows its Russian reason; a bug shows that it is one."""
        if isinstance(exc, WrongCustomer):
            self.alert(render(exc.text))
        elif isinstance(exc, DomainError):
            self.error(render(exc.text))
        else:
            self.error(self.tr("Ошибка программы: {error}. Подробности в журнале.").format(error=exc))
