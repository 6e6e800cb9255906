"""Connections to printers by URL, over python-escpos' printer classes.

A Transport writes raw bytes and, where the wire allows (network, serial, USB), reads the
printer's replies with a timeout; python-escpos itself never reads with one. Every failure is a
PrinterUnavailable (cannot open) or PrinterLost (broke while in use) with a Russian message.
"""

from __future__ import annotations

import logging
import socket
from abc import ABC, abstractmethod
from types import TracebackType
from typing import Any, Self

from pvz_desktop.devices.printer.config import PrinterConfig, TransportKind
from pvz_desktop.devices.printer.errors import PrinterLost, PrinterUnavailable

log = logging.getLogger(__name__)
READ_CHUNK = 16


class Transport(ABC):
    """One open connection to a printer. Use as a context manager."""

    can_read = True

    def __init__(self, config: PrinterConfig, io_timeout: float = 5.0) -> None:
        self.config = config
        self.io_timeout = io_timeout
        self.printer: Any = None  # the python-escpos printer object

    @abstractmethod
    def _connect(self) -> Any:
        """Create and open the python-escpos printer object."""

    def _read(self, timeout: float) -> bytes:
        return b""

    def open(self) -> Self:
        try:
            self.printer = self._connect()
        except PrinterUnavailable:
            raise
        except Exception as exc:  # python-escpos wraps OS errors in its own types
            log.info("printer %s: open failed: %r", self.config.url, exc)
            raise PrinterUnavailable(
                f"Не удаётся подключиться: {self.config.description}. {_hint(self.config)}"
            ) from exc
        return self

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except Exception as exc:
            log.info("printer %s: write failed: %r", self.config.url, exc)
            raise PrinterLost(f"Связь с принтером прервалась во время печати ({self.config.description})") from exc

    def read(self, timeout: float) -> bytes:
        """Bytes the printer sent, waiting up to ``timeout`` s; b"" if none. Raises PrinterLost."""
        try:
            return self._read(timeout)
        except PrinterLost:
            raise
        except Exception as exc:
            raise PrinterLost(f"Связь с принтером прервалась ({self.config.description})") from exc

    def drain(self) -> None:
        """Drop stale bytes so the next reply is the answer to the next query."""
        while self.read(0.0):
            pass

    def close(self) -> None:
        if self.printer is not None:
            try:
                self.printer.close()
            except Exception as exc:  # closing a broken link must not hide the real error
                log.info("printer %s: close failed: %r", self.config.url, exc)
            self.printer = None

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def _hint(config: PrinterConfig) -> str:
    return {
        TransportKind.TCP: "Проверьте, что принтер включён, подключён к сети и адрес указан верно.",
        TransportKind.SERIAL: "Проверьте кабель, номер порта и скорость (baud).",
        TransportKind.USB: "Проверьте USB-кабель и коды устройства.",
        TransportKind.WIN32: "Проверьте имя принтера в «Устройствах и принтерах» Windows.",
        TransportKind.FILE: "Проверьте путь и права на запись.",
    }[config.kind]


def _profile(config: PrinterConfig) -> dict[str, Any]:
    return {"profile": config.profile} if config.profile else {}


class NetworkTransport(Transport):
    def _connect(self) -> Any:
        from escpos.printer import Network

        printer = Network(self.config.target, self.config.port, timeout=self.io_timeout, **_profile(self.config))
        # Connected here, not by Network.open(): python-escpos 3.1 drops the socket of a refused
        # connect without closing it (a ResourceWarning at every retry while the printer is off).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.io_timeout)
            sock.connect((self.config.target, self.config.port))
        except OSError:
            sock.close()
            raise
        printer.device = sock
        # A job is a few small writes followed by a status query: without TCP_NODELAY, Nagle's
        # algorithm holds the last write back until the printer acknowledges (≈40 ms a slip).
        printer._device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return printer

    def _read(self, timeout: float) -> bytes:
        sock: socket.socket = self.printer._device
        sock.settimeout(timeout if timeout > 0 else 0.0)
        try:
            data = sock.recv(READ_CHUNK)
        except (TimeoutError, BlockingIOError):
            return b""
        finally:
            sock.settimeout(self.io_timeout)
        if not data:
            raise PrinterLost(f"Принтер закрыл соединение ({self.config.description})")
        return data


class SerialTransport(Transport):
    def _connect(self) -> Any:
        from escpos.printer import Serial

        printer = Serial(
            self.config.target, baudrate=self.config.baudrate, timeout=self.io_timeout, **_profile(self.config)
        )
        printer.open()
        printer.device.write_timeout = self.io_timeout  # a stalled port must not hang the queue
        return printer

    def _read(self, timeout: float) -> bytes:
        port = self.printer._device
        port.timeout = timeout
        try:
            first = port.read(1)  # read(n) would wait for all n bytes: take one, then what has come
            return bytes(first + port.read(port.in_waiting)) if first else b""
        finally:
            port.timeout = self.io_timeout


class UsbTransport(Transport):
    def _connect(self) -> Any:
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise PrinterUnavailable(
                "Для USB-принтера нужны пакет pyusb и библиотека libusb. "
                "В Windows удобнее подключить принтер через спулер: win32://Имя принтера"
            )
        printer = Usb(
            self.config.usb_vendor,
            self.config.usb_product,
            timeout=int(self.io_timeout * 1000),
            **_profile(self.config),
        )
        printer.open()
        return printer

    def _read(self, timeout: float) -> bytes:
        import usb.core

        try:
            return bytes(self.printer._device.read(self.printer.in_ep, READ_CHUNK, max(1, int(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""


def _win32raw_class() -> Any:
    """python-escpos' Win32Raw if this system can use it (Windows with pywin32), else None."""
    try:
        from escpos.printer import Win32Raw
    except ImportError:  # a python-escpos build without it
        return None
    return Win32Raw if Win32Raw.is_usable() else None


class Win32Transport(Transport):
    """The Windows spooler takes raw bytes and answers nothing: status is not available."""

    can_read = False

    def _connect(self) -> Any:
        win32raw = _win32raw_class()
        if win32raw is None:
            raise PrinterUnavailable(
                "Печать через принтер Windows (win32://) работает только в Windows с установленным pywin32. "
                "Укажите сетевой (tcp://), COM-порт (serial://) или USB-принтер."
            )
        printer = win32raw(self.config.target, **_profile(self.config))
        printer.open(job_name="PVZ Desktop")
        return printer


class FileTransport(Transport):
    """A file or a device node; jobs are appended, so a file collects every job in order."""

    can_read = False

    def _connect(self) -> Any:
        from escpos.printer import File

        printer = File(self.config.target, **_profile(self.config))
        printer.device = open(self.config.target, "ab")  # noqa: SIM115 - python-escpos owns and closes it
        return printer


_TRANSPORTS: dict[TransportKind, type[Transport]] = {
    TransportKind.TCP: NetworkTransport,
    TransportKind.SERIAL: SerialTransport,
    TransportKind.USB: UsbTransport,
    TransportKind.WIN32: Win32Transport,
    TransportKind.FILE: FileTransport,
}


def make_transport(config: PrinterConfig, io_timeout: float = 5.0) -> Transport:
    """An unopened transport for the config (open it, or use ``with``)."""
    return _TRANSPORTS[config.kind](config, io_timeout)
