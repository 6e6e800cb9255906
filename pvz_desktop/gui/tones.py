"""Short WAV tones for scan feedback, built in memory (Qt-free, so it is easy to check).

A rising two-note chirp means "ok", a low buzz means "refused", three urgent beeps mean
"stop, wrong customer": a cashier must tell them apart without looking at the screen.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Sequence
from enum import StrEnum

RATE = 22_050


class Cue(StrEnum):
    OK = "ok"
    ERROR = "error"
    ALERT = "alert"  # another customer's parcel: louder and longer than a plain error
    INFO = "info"  # an answer, not a result: where a parcel is, what to scan next


# (frequency Hz, milliseconds); frequency 0 is silence.
PATTERNS: dict[Cue, tuple[tuple[int, int], ...]] = {
    Cue.OK: ((1320, 70), (1760, 90)),
    Cue.ERROR: ((220, 350),),
    Cue.ALERT: ((880, 150), (0, 60), (880, 150), (0, 60), (880, 300)),
    Cue.INFO: ((660, 120),),
}


def tone_wav(notes: Sequence[tuple[int, int]], volume: float = 0.6) -> bytes:
    """16-bit mono PCM WAV of the notes, with 5 ms fades so there are no clicks."""
    frames = bytearray()
    fade = int(RATE * 0.005)
    for freq, ms in notes:
        n = int(RATE * ms / 1000)
        for i in range(n):
            if freq == 0:
                sample = 0.0
            else:
                envelope = min(1.0, i / fade, (n - 1 - i) / fade) if fade else 1.0
                sample = volume * envelope * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return buf.getvalue()


def cue_wav(cue: Cue) -> bytes:
    return tone_wav(PATTERNS[cue])
