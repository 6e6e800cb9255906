"""Масса-К «Протокол 100»: binary frames, polled by the computer.

Frame: header ``F8 55 CE``, the body's length (2 bytes, little-endian), the body (command code
and data), CRC-16 of the body (2 bytes, little-endian; the vendor's algorithm, polynomial 0x1021,
below). The counter polls with ``CMD_GET_MASSA`` (0x23); the scale answers ``CMD_ACK_MASSA``
(0x24: weight as a signed 32-bit count of divisions, the division, stable, net, zero flags)
or ``CMD_ERROR`` (0x28 with an error code; 0x08 is an overload). A stream may start mid-frame,
carry noise, or come in pieces: the parser resynchronises on the header and checks the CRC.
"""

from __future__ import annotations

from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState, overload

HEADER = b"\xf8\x55\xce"
CMD_GET_MASSA = 0x23
CMD_ACK_MASSA = 0x24
CMD_ERROR = 0x28
ERROR_OVERLOAD = 0x08
# The division code -> milligrams per division.
DIVISION_MG = {0: 100, 1: 1_000, 2: 10_000, 3: 100_000, 4: 1_000_000}
MAX_BODY = 64  # longer lengths are noise, not a frame of this protocol
BUFFER_LIMIT = 4096


def crc16(body: bytes) -> int:
    """The CRC of the protocol's appendix (polynomial 0x1021 folded byte by byte, start 0)."""
    crc = 0
    for byte in body:
        acc, temp = 0, crc & 0xFF00
        for _ in range(8):
            acc = ((acc << 1) ^ 0x1021) if (temp ^ acc) & 0x8000 else acc << 1
            temp <<= 1
        crc = (acc ^ (crc << 8) ^ byte) & 0xFFFF
    return crc


def frame(body: bytes) -> bytes:
    return HEADER + len(body).to_bytes(2, "little") + body + crc16(body).to_bytes(2, "little")


POLL = frame(bytes([CMD_GET_MASSA]))


def ack_massa(
    grams_divisions: int, division: int = 1, *, stable: bool = True, net: bool = False, zero: bool = False
) -> bytes:
    """A scale's answer, as the documentation builds it (for tests and the demo's virtual scale)."""
    body = (
        bytes([CMD_ACK_MASSA])
        + grams_divisions.to_bytes(4, "little", signed=True)
        + bytes([division, int(stable), int(net), int(zero)])
    )
    return frame(body)


class MassaKParser:
    request = POLL  # what to send to get a reading

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buffer += data
        readings: list[ScaleReading] = []
        while True:
            start = self._buffer.find(HEADER)
            if start < 0:
                del self._buffer[: max(0, len(self._buffer) - (len(HEADER) - 1))]  # keep a split header
                break
            del self._buffer[:start]
            if len(self._buffer) < 5:
                break
            length = int.from_bytes(self._buffer[3:5], "little")
            if not 0 < length <= MAX_BODY:
                del self._buffer[:1]  # not a frame: look for the next header
                continue
            end = 5 + length + 2
            if len(self._buffer) < end:
                break
            body = bytes(self._buffer[5 : 5 + length])
            crc = int.from_bytes(self._buffer[5 + length : end], "little")
            if crc != crc16(body):
                del self._buffer[:1]
                continue
            del self._buffer[:end]
            reading = _reading(body)
            if reading is not None:
                readings.append(reading)
        if len(self._buffer) > BUFFER_LIMIT:
            del self._buffer[:-BUFFER_LIMIT]
        return readings


def _reading(body: bytes) -> ScaleReading | None:
    command = body[0]
    if command == CMD_ACK_MASSA and len(body) >= 9:
        divisions = int.from_bytes(body[1:5], "little", signed=True)
        mg = DIVISION_MG.get(body[5])
        if mg is None:
            return ScaleReading(ScaleState.ERROR, message=f"Весы прислали неизвестную дискретность {body[5]}")
        return ScaleReading(
            ScaleState.WEIGHING, grams=round(divisions * mg / 1000), stable=body[6] == 1, zero=body[8] == 1
        )
    if command == CMD_ERROR and len(body) >= 2:
        if body[1] == ERROR_OVERLOAD:
            return overload()
        return ScaleReading(ScaleState.ERROR, message=f"Ошибка весов, код {body[1]:#04x}")
    return None  # an answer to another command: nothing about the weight
