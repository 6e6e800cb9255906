"""Printer status from the raw DLE EOT replies, read by us with a timeout.

python-escpos 3.1's ``paper_status()`` says "paper OK" when the printer does not answer at
all, so it is not used: silence here means offline. Replies (Epson ESC/POS, one byte each,
bits 1 and 4 always set, bits 0 and 7 clear: 0x12 = all fine):
  DLE EOT 1 printer:       bit 3 = offline
  DLE EOT 2 offline cause: bit 2 = cover open, bit 5 = stopped by paper end, bit 6 = error
  DLE EOT 4 paper sensor:  bits 2-3 = paper near end, bits 5-6 = paper end
"""

from __future__ import annotations

import time
from enum import StrEnum

from pvz_desktop.core.text import word
from pvz_desktop.devices.printer.errors import PrinterError, PrinterLost
from pvz_desktop.devices.printer.transport import Transport

DLE_EOT = b"\x10\x04"
STATUS_OK_BYTE = 0x12


class PrinterStatus(StrEnum):
    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    UNKNOWN = "unknown"  # a file or the Windows spooler cannot tell

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def can_print(self) -> bool:
        return self in (PrinterStatus.OK, PrinterStatus.PAPER_NEAR_END, PrinterStatus.UNKNOWN)


_LABELS = {
    PrinterStatus.OK: word("Принтер готов"),
    PrinterStatus.PAPER_NEAR_END: word("Бумага заканчивается: приготовьте новый рулон"),
    PrinterStatus.PAPER_OUT: word("В принтере закончилась бумага"),
    PrinterStatus.COVER_OPEN: word("Открыта крышка принтера"),
    PrinterStatus.OFFLINE: word("Принтер не отвечает: проверьте, что он включён и подключён"),
    PrinterStatus.ERROR: word("Ошибка принтера: проверьте нож и бумагу, выключите и включите принтер"),
    PrinterStatus.UNKNOWN: word("Состояние принтера не проверяется (файл или принтер Windows)"),
}


class PrinterNotReady(PrinterError):
    """The printer answered, but cannot print now (paper out, cover open, offline)."""

    code = "printer_not_ready"

    def __init__(self, status: PrinterStatus) -> None:
        super().__init__(status.label)
        self.status = status


def _is_status_byte(b: int) -> bool:
    return b & 0x93 == STATUS_OK_BYTE


def interpret(printer: int | None, cause: int | None = None, paper: int | None = None) -> PrinterStatus:
    """The status from the replies to DLE EOT 1, 2 and 4 (None = no reply)."""
    if printer is None:
        return PrinterStatus.OFFLINE
    if not all(_is_status_byte(b) for b in (printer, cause, paper) if b is not None):
        return PrinterStatus.UNKNOWN  # it answers, but not in ESC/POS terms: do not block printing
    if cause is not None and cause & 0x04:
        return PrinterStatus.COVER_OPEN
    if (cause is not None and cause & 0x20) or (paper is not None and paper & 0x60):
        return PrinterStatus.PAPER_OUT
    if cause is not None and cause & 0x40:
        return PrinterStatus.ERROR
    if printer & 0x08:
        return PrinterStatus.OFFLINE
    if paper is not None and paper & 0x0C:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.OK


def _reply(transport: Transport, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        data = transport.read(left)
        if data:
            return data[-1]  # the newest byte is the answer to the query just sent
    return None


def query_status(transport: Transport, timeout: float = 1.0) -> PrinterStatus:
    """Ask DLE EOT 1, 2, 4 in turn; no answer to the first within ``timeout`` = offline."""
    return read_status(transport, timeout)[0]


def read_status(transport: Transport, timeout: float = 1.0) -> tuple[PrinterStatus, int | None]:
    """The status and the raw reply to DLE EOT 1 (its bit 2 is the cash drawer's switch)."""
    if not transport.can_read:
        return PrinterStatus.UNKNOWN, None
    replies: list[int | None] = []
    try:
        transport.drain()
        for n in (1, 2, 4):
            transport.write(DLE_EOT + bytes((n,)))
            reply = _reply(transport, timeout)
            if reply is None and n == 1:
                return PrinterStatus.OFFLINE, None
            replies.append(reply)
    except PrinterLost:
        return PrinterStatus.OFFLINE, None
    printer = replies[0]
    return interpret(*replies), printer if printer is not None and _is_status_byte(printer) else None
