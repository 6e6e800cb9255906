"""The life of a plugged device: open, claim, enable, read; on unplug poll and reopen.

The loop knows nothing of serial or HID: it takes an ``opener`` that returns a Connection (or
raises OSError while the device is absent), so it is tested with any opener.
"""

from __future__ import annotations

import contextlib
import errno
import threading
from collections.abc import Callable
from typing import Protocol

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.text import Text, msg
from pvz_desktop.devices.scanner.events import DataProblem, DeviceState, DeviceStatusEvent, ScanEvent

POLL_INTERVAL = 0.25  # seconds between attempts to reopen: a returning device scans again well within 2 s

Emit = Callable[[ScanEvent | DeviceStatusEvent], None]


class Connection(Protocol):
    def read(self) -> list[ScanEvent | DataProblem]:
        """Wait briefly for data; [] when none came. OSError means the device is gone."""
        ...

    def close(self) -> None: ...


Opener = Callable[[], Connection]


class DeviceUnavailable(OSError):
    """The device is present but cannot be used; ``text`` says why (``str()``: in Russian)."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


class StatusReporter:
    """Sends a DeviceStatusEvent when the state (or the reason for it) changes, never twice in a row."""

    def __init__(self, source: str, name: str, emit: Emit) -> None:
        self.source = source
        self.name = name
        self._emit = emit
        self._last: tuple[DeviceState, Text] | None = None

    @property
    def label(self) -> Text:
        return scanner_label(self.name)

    def set(self, state: DeviceState, message: Text) -> None:
        if self._last == (state, message):
            return
        self._last = (state, message)
        self._emit(DeviceStatusEvent(self.source, state, message, utcnow()))

    def problem(self, problem: DataProblem) -> None:
        # A one-off report: it does not change the remembered state.
        self._emit(
            DeviceStatusEvent(
                self.source,
                DeviceState.ERROR,
                msg("Сканер {name}: {problem}", name=self.label, problem=problem.text),
                utcnow(),
            )
        )


def run_with_reconnect(
    opener: Opener,
    status: StatusReporter,
    emit: Emit,
    stop: threading.Event,
    poll_interval: float = POLL_INTERVAL,
) -> None:
    """Run until ``stop`` is set, reopening the device whenever it goes away."""
    name = status.label
    was_enabled = False
    while not stop.is_set():
        try:
            connection = opener()
        except OSError as exc:
            status.set(DeviceState.DISCONNECTED, _absent_message(name, exc, was_enabled))
            stop.wait(poll_interval)
            continue
        try:
            status.set(DeviceState.OPENED, msg("Сканер {name}: устройство открыто", name=name))
            status.set(DeviceState.CLAIMED, msg("Сканер {name}: монопольный доступ получен", name=name))
            again = msg("Сканер {name} снова подключён", name=name)
            status.set(DeviceState.ENABLED, again if was_enabled else msg("Сканер {name} готов", name=name))
            was_enabled = True
            while not stop.is_set():
                for item in connection.read():
                    if isinstance(item, DataProblem):
                        status.problem(item)
                    else:
                        emit(item)
        except OSError:
            status.set(DeviceState.DISCONNECTED, msg("Сканер {name} отключён", name=name))
        finally:
            with contextlib.suppress(OSError):  # an unplugged device may refuse even to be closed
                connection.close()
        stop.wait(poll_interval)  # a device that opens but fails at once must not spin the loop


def _absent_message(name: Text, exc: OSError, was_enabled: bool) -> Text:
    if isinstance(exc, DeviceUnavailable):
        return msg("Сканер {name}: {problem}", name=name, problem=exc.text)
    if exc.errno in (errno.EAGAIN, errno.EBUSY):
        return msg("Сканер {name} занят другой программой", name=name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return msg("Нет прав на доступ к сканеру {name}", name=name)
    return msg("Сканер {name} отключён", name=name) if was_enabled else msg("Сканер {name} не найден", name=name)


def scanner_label(name: str) -> Text:
    """A scanner's name inside a sentence: a port or a model as it is, the keyboard mode's words
    translated (``urls.KEYBOARD``)."""
    return Text.plain(name)
