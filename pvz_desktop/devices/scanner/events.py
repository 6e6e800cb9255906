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
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class DeviceStatusEvent:
    source: str
    state: DeviceState
    message: str  # Russian, for the status bar
    at: datetime
