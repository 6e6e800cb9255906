"""Scan sounds a cashier can tell apart: ok rises, an error is low and long, the alert repeats."""

from __future__ import annotations

import io
import itertools
import struct
import wave

from pvz_desktop.gui.tones import RATE, Cue, cue_wav


def samples(cue: Cue) -> list[int]:
    with wave.open(io.BytesIO(cue_wav(cue))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        raw = w.readframes(w.getnframes())
    return list(struct.unpack(f"<{len(raw) // 2}h", raw))


def crossings_per_second(s: list[int]) -> float:
    sounding = [x for x in s if x != 0]
    flips = sum(1 for a, b in itertools.pairwise(sounding) if (a < 0) != (b < 0))
    return flips / 2 / (len(sounding) / RATE)


def bursts(s: list[int]) -> int:
    """Runs of sound separated by at least 20 ms of silence."""
    count, quiet, gap = 0, True, int(RATE * 0.02)
    silent_run = gap
    for x in s:
        if x == 0:
            silent_run += 1
            if silent_run >= gap:
                quiet = True
        else:
            if quiet:
                count += 1
            quiet, silent_run = False, 0
    return count


def test_cues_differ_in_pitch_length_and_rhythm():
    ok, error, alert = samples(Cue.OK), samples(Cue.ERROR), samples(Cue.ALERT)
    assert crossings_per_second(ok) > 1200
    assert crossings_per_second(error) < 400
    assert len(error) > len(ok)
    assert bursts(alert) == 3 and bursts(ok) == 1
    assert max(abs(x) for x in ok) < 32767  # no clipping
