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
    """The device is present but cannot be used; the message (Russian) says why."""


class StatusReporter:
    """Sends a DeviceStatusEvent when the state (or the reason for it) changes, never twice in a row."""

    def __init__(self, source: str, name: str, emit: Emit) -> None:
        self.source = source
        self.name = name
        self._emit = emit
        self._last: tuple[DeviceState, str] | None = None

    def set(self, state: DeviceState, message: str) -> None:
        if self._last == (state, message):
            return
        self._last = (state, message)
        self._emit(DeviceStatusEvent(self.source, state, message, utcnow()))

    def problem(self, problem: DataProblem) -> None:
        # A one-off report: it does not change the remembered state.
        self._emit(
            DeviceStatusEvent(self.source, DeviceState.ERROR, f"Сканер {self.name}: {problem.message}", utcnow())
        )


def run_with_reconnect(
    opener: Opener,
    status: StatusReporter,
    emit: Emit,
    stop: threading.Event,
    poll_interval: float = POLL_INTERVAL,
) -> None:
    """Run until ``stop`` is set, reopening the device whenever it goes away."""
    name = status.name
    was_enabled = False
    while not stop.is_set():
        try:
            connection = opener()
        except OSError as exc:
            status.set(DeviceState.DISCONNECTED, _absent_message(name, exc, was_enabled))
            stop.wait(poll_interval)
            continue
        try:
            status.set(DeviceState.OPENED, f"Сканер {name}: устройство открыто")
            status.set(DeviceState.CLAIMED, f"Сканер {name}: монопольный доступ получен")
            status.set(DeviceState.ENABLED, f"Сканер {name} снова подключён" if was_enabled else f"Сканер {name} готов")
            was_enabled = True
            while not stop.is_set():
                for item in connection.read():
                    if isinstance(item, DataProblem):
                        status.problem(item)
                    else:
                        emit(item)
        except OSError:
            status.set(DeviceState.DISCONNECTED, f"Сканер {name} отключён")
        finally:
            with contextlib.suppress(OSError):  # an unplugged device may refuse even to be closed
                connection.close()
        stop.wait(poll_interval)  # a device that opens but fails at once must not spin the loop


def _absent_message(name: str, exc: OSError, was_enabled: bool) -> str:
    if isinstance(exc, DeviceUnavailable):
        return f"Сканер {name}: {exc}"
    if exc.errno in (errno.EAGAIN, errno.EBUSY):
        return f"Сканер {name} занят другой программой"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Нет прав на доступ к сканеру {name}"
    return f"Сканер {name} отключён" if was_enabled else f"Сканер {name} не найден"
