"""A scanner on a serial port (RS-232 or USB CDC, ``/dev/ttyACM0``, ``COM3``) through pyserial."""

from __future__ import annotations

import threading

import serial

from pvz_desktop.core.clock import utcnow
from pvz_desktop.devices.scanner.events import DataProblem, ScanEvent
from pvz_desktop.devices.scanner.framing import LineFramer
from pvz_desktop.devices.scanner.host_ack import PROTOCOLS, HostAck
from pvz_desktop.devices.scanner.lifecycle import POLL_INTERVAL, Emit, StatusReporter, run_with_reconnect
from pvz_desktop.devices.scanner.urls import SerialScannerConfig

READ_TIMEOUT = 0.1  # how long one read waits, so stop() is noticed quickly
WRITE_TIMEOUT = 0.2  # a host-ACK answer is a few bytes; a port that takes none is unplugged


class SerialConnection:
    def __init__(self, port: serial.Serial, config: SerialScannerConfig, ack: HostAck | None = None) -> None:
        self._port = port
        self._source = config.source
        self._framer = LineFramer(config.prefix, config.suffix)  # fresh per connection: no half-lines
        self._ack = ack
        if ack is not None:
            ack.attach(port.write)

    def read(self) -> list[ScanEvent | DataProblem]:
        chunk = self._port.read(1)  # waits up to READ_TIMEOUT for the first byte
        if chunk:
            chunk += self._port.read(self._port.in_waiting)
        items = self._framer.feed(chunk) if chunk else []
        events = [ScanEvent(i, "", self._source, utcnow()) if isinstance(i, str) else i for i in items]
        if self._ack is not None:
            for event in events:
                if isinstance(event, ScanEvent):
                    self._ack.scanned(event)  # before the hub sees it: the verdict may come at once
        return events

    def close(self) -> None:
        if self._ack is not None:
            self._ack.detach()
        self._port.close()


class SerialScannerSource:
    def __init__(self, config: SerialScannerConfig, poll_interval: float = POLL_INTERVAL) -> None:
        self.config = config
        self.source = config.source
        self.name = config.name
        self._poll_interval = poll_interval
        self.ack = HostAck(PROTOCOLS[config.ack], config.ack_timeout) if config.ack else None

    def open(self) -> SerialConnection:
        # exclusive=True: a second program (or a second counter app) cannot steal half of the codes.
        # write_timeout: an answer to the scanner never holds up the thread that gives it.
        port = serial.Serial(
            self.config.port, self.config.baudrate, timeout=READ_TIMEOUT, write_timeout=WRITE_TIMEOUT, exclusive=True
        )
        return SerialConnection(port, self.config, self.ack)

    def run(self, emit: Emit, stop: threading.Event) -> None:
        run_with_reconnect(self.open, StatusReporter(self.source, self.name, emit), emit, stop, self._poll_interval)
