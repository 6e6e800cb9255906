"""What every scanner source produces: scans, and status changes of the device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pvz_desktop.core.text import Text


@dataclass(frozen=True, slots=True)
class ScanEvent:
    code: str  # the decoded text, prefix/suffix stripped
    symbology: str  # AIM id like "]E0" / "]Q1", or "" when the source cannot tell
    source: str  # the source URL it came from, e.g. "serial:///dev/ttyACM0"
    received_at: datetime  # UTC, naive (see core.clock)


class DeviceState(StrEnum):
    """UnifiedPOS-style life cycle of a device."""

    CLOSED = "closed"
    OPENED = "opened"
    CLAIMED = "claimed"
    ENABLED = "enabled"
    DISCONNECTED = "disconnected"
    # A one-off report of bad data (an over-long line, a broken HID report): the device keeps
    # its state and goes on reading; the status bar shows the message.
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class DeviceStatusEvent:
    source: str
    state: DeviceState
    text: Text | str  # for the status bar, in the window's language (``gui.texts.render``)
    at: datetime

    @property
    def message(self) -> str:
        """The Russian sentence, for the log and the command line."""
        return str(self.text)


@dataclass(frozen=True, slots=True)
class DataProblem:
    """Bad bytes from a device that were dropped; a source reports it as an ERROR status."""

    text: Text  # without the device name (the source adds it)

    @property
    def message(self) -> str:
        return str(self.text)
