"""What every scanner source produces: scans, and status changes of the device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
    message: str  # Russian, for the status bar
    at: datetime


@dataclass(frozen=True, slots=True)
class DataProblem:
    """Bad bytes from a device that were dropped; a source reports it as an ERROR status."""

    message: str  # Russian, without the device name (the source adds it)
