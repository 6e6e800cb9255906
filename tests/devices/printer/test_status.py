"""Printer status from raw DLE EOT replies: over TCP to the loopback printer and over a pty."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest

from pvz_desktop.devices.printer.config import parse_printer_url
from pvz_desktop.devices.printer.errors import PrinterUnavailable
from pvz_desktop.devices.printer.sender import print_now
from pvz_desktop.devices.printer.status import PrinterNotReady, PrinterStatus, interpret, query_status
from pvz_desktop.devices.printer.transport import make_transport
from tests.devices.printer.fake_printer import REPLIES, FakePrinter, Mode

S = PrinterStatus


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ((0x12, 0x12, 0x12), S.OK),
        ((0x16, 0x12, 0x12), S.OK),  # drawer pin high is not a problem
        ((0x12, 0x12, 0x1E), S.PAPER_NEAR_END),
        ((0x1A, 0x32, 0x72), S.PAPER_OUT),
        ((0x12, 0x12, 0x72), S.PAPER_OUT),  # paper end seen by the sensor before the printer stops
        ((0x1A, 0x16, 0x12), S.COVER_OPEN),
        ((0x1A, 0x52, 0x12), S.ERROR),
        ((0x1A, 0x12, 0x12), S.OFFLINE),  # offline with no cause given
        ((None, None, None), S.OFFLINE),  # no answer at all
        ((0x12, None, None), S.OK),  # answers only DLE EOT 1
        ((0xFF, 0x12, 0x12), S.UNKNOWN),  # answers, but not ESC/POS status bytes
    ],
)
def test_interpret_replies(replies, expected) -> None:
    assert interpret(*replies) is expected


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (Mode.OK, S.OK),
        (Mode.NEAR_END, S.PAPER_NEAR_END),
        (Mode.PAPER_OUT, S.PAPER_OUT),
        (Mode.COVER_OPEN, S.COVER_OPEN),
    ],
)
def test_status_over_tcp(printer: FakePrinter, mode, expected) -> None:
    printer.mode = mode
    with make_transport(parse_printer_url(printer.url)) as t:
        assert query_status(t, timeout=2.0) is expected
    assert printer.queries == [1, 2, 4]


def test_silent_printer_is_offline_within_the_timeout(printer: FakePrinter) -> None:
    printer.mode = Mode.SILENT
    with make_transport(parse_printer_url(printer.url)) as t:
        started = time.monotonic()
        assert query_status(t, timeout=0.2) is S.OFFLINE
        assert time.monotonic() - started < 1.5
    assert printer.queries == [1]  # no point asking further


def test_not_ready_printer_gets_nothing_and_the_error_says_why(printer: FakePrinter) -> None:
    printer.mode = Mode.COVER_OPEN
    with pytest.raises(PrinterNotReady, match="Открыта крышка") as err:
        print_now(parse_printer_url(printer.url), b"\x1b@hello\n")
    assert err.value.status is S.COVER_OPEN
    assert printer.data == b""


def test_switched_off_printer_is_unavailable_with_a_russian_message(dead_printer: FakePrinter) -> None:
    with pytest.raises(PrinterUnavailable, match=r"Не удаётся подключиться: сетевой принтер 127\.0\.0\.1"):
        print_now(parse_printer_url(dead_printer.url), b"x")


class PtyPrinter:
    """The far end of a pty answers DLE EOT like a serial printer in ``mode``."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import select

        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 1024)
            except OSError:
                return
            self.received += chunk
            for at in range(len(chunk) - 2):
                if chunk[at : at + 2] == b"\x10\x04" and (reply := REPLIES[self.mode].get(chunk[at + 2])):
                    os.write(self.master, bytes((reply,)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2.0)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    p = PtyPrinter(Mode.OK)
    yield p
    p.close()


@pytest.mark.parametrize(
    ("mode", "expected"), [(Mode.OK, S.OK), (Mode.PAPER_OUT, S.PAPER_OUT), (Mode.SILENT, S.OFFLINE)]
)
def test_status_over_serial(pty_printer: PtyPrinter, mode, expected) -> None:
    pty_printer.mode = mode
    config = parse_printer_url(f"serial://{pty_printer.path}?baud=19200")
    assert config.baudrate == 19200
    with make_transport(config) as t:
        started = time.monotonic()
        assert query_status(t, timeout=0.3 if mode is Mode.SILENT else 2.0) is expected
        assert time.monotonic() - started < 1.0  # an answer is taken as soon as it arrives


def test_job_over_serial_arrives_whole(pty_printer: PtyPrinter) -> None:
    job = b"\x1b@\x1bt\x11" + "Привет, ёж №1\n".encode("cp866")
    assert print_now(parse_printer_url(f"serial://{pty_printer.path}"), job) is S.OK
    received = bytes(pty_printer.received)
    assert received == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04" + job + b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
