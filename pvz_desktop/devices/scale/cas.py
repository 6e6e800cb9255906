"""CAS «22 bytes» continuous output (CI, NT, ER series indicators): the scale sends frames on its own.

Frame (ASCII): ``ST``/``US``/``OL`` (stable, unstable, overload), ``,``, ``GS``/``NT`` (gross, net),
``,``, the device id byte, the lamp status byte (bit 6 stable, bit 0 zero point), ``,``, the weight
in 8 characters (``  13.500``, sign allowed), a blank, the unit (``kg``, `` g``, `` t``), CR LF.
Frames may be cut anywhere by the reads and mixed with noise: a line is taken only when it has
exactly this shape.
"""

from __future__ import annotations

import re

from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState, overload

_FRAME = re.compile(rb"(ST|US|OL),(GS|NT),(.)(.),([ +\-0-9.]{8}) (kg| g|g | t|t )", re.DOTALL)
FRAME_LENGTH = 20  # without CR LF
_UNIT_GRAMS = {b"kg": 1000, b" g": 1, b"g ": 1, b" t": 1_000_000, b"t ": 1_000_000}
BUFFER_LIMIT = 1024


def frame(grams: int, *, stable: bool = True, overloaded: bool = False, net: bool = False) -> bytes:
    """A frame as the documentation shows it (for tests and the demo's virtual scale)."""
    head = b"OL" if overloaded else b"ST" if stable else b"US"
    lamp = 0x80 | (0x40 if stable else 0) | (0x01 if grams == 0 else 0)
    data = f"{grams / 1000:8.3f}".encode()
    return head + b"," + (b"NT" if net else b"GS") + b",1" + bytes([lamp]) + b"," + data + b" kg\r\n"


class CasParser:
    request = b""  # continuous: nothing to ask

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buffer += data
        readings: list[ScaleReading] = []
        while (end := self._buffer.find(b"\r\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 2]
            reading = _reading(line)
            if reading is not None:
                readings.append(reading)
        if len(self._buffer) > BUFFER_LIMIT:
            del self._buffer[:-BUFFER_LIMIT]
        return readings


def _reading(line: bytes) -> ScaleReading | None:
    match = _FRAME.fullmatch(line[-FRAME_LENGTH:])  # noise before a whole frame is dropped
    if match is None:
        return None
    status, _, _, lamp, data, unit = match.groups()
    if status == b"OL":
        return overload()
    try:
        value = float(data.replace(b" ", b""))
    except ValueError:
        return None
    grams = round(value * _UNIT_GRAMS[unit])
    return ScaleReading(ScaleState.WEIGHING, grams=grams, stable=status == b"ST", zero=grams == 0 or bool(lamp[0] & 1))
