"""Scan sounds. Windows plays the distinct WAV tones through ``winsound`` (asynchronous, no
Qt multimedia needed); elsewhere the system bell rings once for ok and twice for an error.
A machine without audio just stays quiet: nothing here logs a warning or raises.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from pvz_desktop.gui.tones import Cue, cue_wav

log = logging.getLogger(__name__)

BELLS: dict[Cue, int] = {Cue.OK: 1, Cue.INFO: 1, Cue.ERROR: 2, Cue.ALERT: 3}


class SoundPlayer(QObject):
    played = Signal(str)  # the cue, for tests and for the log

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._files: dict[Cue, Path] = {}
        if sys.platform == "win32":
            self._files = self._write_tones()

    def _write_tones(self) -> dict[Cue, Path]:
        folder = Path(tempfile.gettempdir()) / "pvz-desktop-sounds"
        try:
            folder.mkdir(exist_ok=True)
            files = {}
            for cue in Cue:
                path = folder / f"{cue.value}.wav"
                path.write_bytes(cue_wav(cue))
                files[cue] = path
            return files
        except OSError:
            log.warning("cannot write sound files; falling back to the system bell", exc_info=True)
            return {}

    def play(self, cue: Cue) -> None:
        self.played.emit(cue.value)
        if not self.enabled:
            return
        if self._files:
            import winsound  # only on Windows

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            try:
                winsound.PlaySound(str(self._files[cue]), flags)
            except RuntimeError:
                log.info("sound device unavailable")
            return
        for i in range(BELLS[cue]):
            QTimer.singleShot(i * 180, QApplication.beep)
