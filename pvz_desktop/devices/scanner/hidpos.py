"""HID-POS scanner reports (usage page 0x8C) to messages. Pure: no device, no hidapi.

An input report is 64 bytes: ``[0]`` report id 0x02, ``[1]`` data length in this report,
``[2..4]`` AIM symbology id (``]E0``), ``[5..61)`` data, ``[61]`` vendor code id, ``[62]`` reserved,
``[63]`` bit 0 set when more reports of the same message follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pvz_desktop.core.text import Text, msg
from pvz_desktop.devices.scanner.events import DataProblem

SCANNED_DATA_REPORT = 0x02
REPORT_SIZE = 64
DATA_START = 5
DATA_END = 61  # exclusive: at most 56 data bytes per report
FLAGS_AT = 63
MORE_FOLLOWS = 0x01


@dataclass(frozen=True, slots=True)
class HidPosMessage:
    symbology: str  # AIM id, "" when the scanner sends none
    data: bytes


class HidPosParser:
    """Feed reports one by one, as read; a completed message comes back from the report that ends it."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._symbology = ""
        self._skipping = False  # dropping the rest of a message one of whose reports was broken

    def reset(self) -> None:
        self._parts.clear()
        self._skipping = False

    def feed(self, report: Sequence[int] | bytes) -> HidPosMessage | DataProblem | None:
        raw = bytes(report)
        if not raw or raw[0] != SCANNED_DATA_REPORT:
            return None  # a read timeout, or another report (status, vendor): not scanned data
        more = bool(raw[FLAGS_AT] & MORE_FOLLOWS) if len(raw) > FLAGS_AT else None
        if len(raw) < DATA_START:
            return self._broken(msg("получен обрывок отчёта HID"), more)
        length = raw[1]
        if DATA_START + length > DATA_END:
            return self._broken(
                msg("в отчёте HID указана длина {length} байт, больше, чем в нём помещается", length=length), more
            )
        if DATA_START + length > len(raw):
            return self._broken(msg("отчёт HID обрезан, код пропущен"), more)
        if self._skipping:
            self._skipping = bool(more)
            return None
        if not self._parts:
            self._symbology = raw[2:DATA_START].replace(b"\x00", b"").decode("ascii", errors="replace")
        self._parts.append(raw[DATA_START : DATA_START + length])
        if more:
            return None
        data = b"".join(self._parts)
        self._parts.clear()
        return HidPosMessage(self._symbology, data) if data else None

    def _broken(self, reason: Text, more: bool | None) -> DataProblem:
        # The message it belonged to cannot be trusted: drop what came before, and what follows of it.
        self._parts.clear()
        self._skipping = bool(more)
        return DataProblem(reason)
