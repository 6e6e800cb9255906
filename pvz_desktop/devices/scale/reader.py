"""Reading a scale on a serial port in its own thread: the latest reading, and each change of it.

A Масса-К scale is polled; a CAS scale talks on its own. A scale that stops answering, or a port
that goes away (the cable is pulled), is reported as disconnected and the port reopened until
the scale is back. Nothing here decides what weight to take: the page takes a stable one.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Protocol

import serial

from pvz_desktop.devices.scale.cas import CasParser
from pvz_desktop.devices.scale.massak import MassaKParser
from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState, disconnected
from pvz_desktop.devices.scale.urls import ScaleConfig

READ_TIMEOUT = 0.05
POLL_INTERVAL = 0.2  # a Масса-К poll five times a second: the live weight follows the hand
REOPEN_INTERVAL = 0.25
SILENT_AFTER = 1.5  # seconds without a frame: the scale is off or the cable is out


class Parser(Protocol):
    request: bytes

    def feed(self, data: bytes) -> list[ScaleReading]: ...


PARSERS: dict[str, Callable[[], Parser]] = {"massak": MassaKParser, "cas": CasParser}


class ScaleReader:
    def __init__(
        self,
        config: ScaleConfig,
        on_reading: Callable[[ScaleReading], None] = lambda r: None,
        *,
        poll_interval: float = POLL_INTERVAL,
        silent_after: float = SILENT_AFTER,
    ) -> None:
        self.config = config
        self._on_reading = on_reading
        self._poll_interval = poll_interval
        self._silent_after = silent_after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._latest = disconnected(f"Весы {config.name} не подключены")

    @property
    def latest(self) -> ScaleReading:
        with self._lock:
            return self._latest

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"scale {self.config.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _publish(self, reading: ScaleReading) -> None:
        with self._lock:
            if reading == self._latest:
                return
            self._latest = reading
        self._on_reading(reading)

    def _run(self) -> None:
        self._answered = False  # once the scale has answered, its absence is "unplugged", not "not found"
        while not self._stop.is_set():
            try:
                port = serial.Serial(
                    self.config.port, self.config.baudrate, timeout=READ_TIMEOUT, write_timeout=0.5, exclusive=True
                )
            except (OSError, serial.SerialException):
                what = "отключены" if self._answered else "не найдены"
                self._publish(disconnected(f"Весы {self.config.name} {what}"))
                self._stop.wait(REOPEN_INTERVAL)
                continue
            try:
                self._read(port)
            except (OSError, serial.SerialException):
                self._publish(disconnected(f"Весы {self.config.name} отключены"))
            finally:
                with contextlib.suppress(OSError, serial.SerialException):
                    port.close()
            self._stop.wait(REOPEN_INTERVAL)

    def _read(self, port: serial.Serial) -> None:
        """Read until stopped or the port fails."""
        parser = PARSERS[self.config.protocol]()
        last_frame = last_poll = time.monotonic()
        if parser.request:
            port.write(parser.request)
        while not self._stop.is_set():
            now = time.monotonic()
            if parser.request and now - last_poll >= self._poll_interval:
                port.write(parser.request)
                last_poll = now
            chunk = port.read(max(1, port.in_waiting))
            for reading in parser.feed(chunk) if chunk else ():
                self._answered, last_frame = True, time.monotonic()
                self._publish(reading)
            if time.monotonic() - last_frame > self._silent_after:
                self._publish(disconnected(f"Весы {self.config.name} не отвечают: включены ли они?"))


def read_once(config: ScaleConfig, timeout: float = 3.0) -> ScaleReading:
    """One reading for the settings' test: the scale's first answer, or why there is none."""
    answered = threading.Event()
    reader = ScaleReader(config, lambda r: answered.set() if r.state is not ScaleState.DISCONNECTED else None)
    reader.start()
    try:
        answered.wait(timeout)
        return reader.latest
    finally:
        reader.stop()
