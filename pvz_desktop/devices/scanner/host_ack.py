"""The scanner sounds the counter's verdict itself ("host ACK"): good read or error tone.

In this mode a scanner sends a code and then waits, silent, for the host's answer; it beeps
what the host says, or its own time-out tone when no answer comes in time. The counter answers
every scan it took, in the order the scans came, and sends nothing once the scanner has stopped
waiting (the scanner's own default then applies).

Protocols (from the vendors' published user guides):

- ``honeywell``: Honeywell Xenon/Granit/Voyager user guides, «Host ACK»: the host sends
  ``[ESC]7,`` for a successful decode and ``[ESC]8,`` for an unsuccessful one (ESC is 0x1B, the
  comma terminates a command); the scanner waits 10 seconds by default, then sounds an error.
- ``honeywell`` on a HID-POS scanner (``HID_PROTOCOLS``): HID-POS (usage page 0x8C) has the usages
  «Sound Good Read Beep» and «Sound Error Beep» (USB HID Point of Sale Usage Tables 1.02, §3.9
  User Interface Usages); where they sit in an output report is each vendor's own: Honeywell/Hand
  Held Products put them in output report 4, bit 6 and bit 5 of its one data byte (USB Interfaces
  User's Guide, «Trigger the Device»: ``04h, 20h`` initiates an error beep). Newland's report 4
  carries setup commands instead, hence a vendor's name, not «hidpos». A HID-POS scanner does not
  wait for the host: the counter beeps its verdict while the read is still fresh in the cashier's
  ears (2 s), and a scanner whose own good-read beep is off leaves the «yes» to the counter too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from pvz_desktop.devices.scanner.events import ScanEvent

log = logging.getLogger(__name__)

# An answer must reach the scanner before it gives up: a margin for the wire and the scanner.
SAFETY_MARGIN = 0.5


@dataclass(frozen=True, slots=True)
class AckProtocol:
    name: str
    accepted: bytes  # the good-read indication
    refused: bytes  # the error indication
    timeout: float  # seconds the scanner waits for the answer by default


HIDPOS_BEEP_REPORT = 0x04  # Honeywell HID-POS output report: trigger, untrigger and the two beeps
SOUND_GOOD_READ_BEEP = 0x40
SOUND_ERROR_BEEP = 0x20

PROTOCOLS: dict[str, AckProtocol] = {  # written to a serial line
    "honeywell": AckProtocol("honeywell", accepted=b"\x1b7,", refused=b"\x1b8,", timeout=10.0),
}
HID_PROTOCOLS: dict[str, AckProtocol] = {  # one HID output report, its report id first
    "honeywell": AckProtocol(
        "honeywell",
        accepted=bytes([HIDPOS_BEEP_REPORT, SOUND_GOOD_READ_BEEP]),
        refused=bytes([HIDPOS_BEEP_REPORT, SOUND_ERROR_BEEP]),
        timeout=2.0,
    ),
}


def protocols_for(transport: str) -> dict[str, AckProtocol]:
    return HID_PROTOCOLS if transport == "hid" else PROTOCOLS


Write = Callable[[bytes], object]


class HostAck:
    """One scanner's outstanding scans and the line back to it.

    ``attach``/``detach`` follow the connection (a replugged scanner has forgotten what it waited
    for); ``scanned`` is called by the reader for every code, ``answer`` by the counter with its
    verdict, ``repeat`` for a double read the counter dropped (the scanner still waits for it).
    """

    def __init__(
        self, protocol: AckProtocol, timeout: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.protocol = protocol
        self.timeout = protocol.timeout if timeout is None else timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._write: Write | None = None
        self._waiting: deque[tuple[ScanEvent, float]] = deque()
        self._last: dict[str, bool] = {}  # code -> the verdict it got, for a double read

    def attach(self, write: Write) -> None:
        with self._lock:
            self._write = write
            self._waiting.clear()

    def detach(self) -> None:
        with self._lock:
            self._write = None
            self._waiting.clear()

    def scanned(self, event: ScanEvent) -> None:
        with self._lock:
            self._waiting.append((event, self._clock()))

    def answer(self, event: ScanEvent, accepted: bool) -> bool:
        """Send the verdict for ``event``; False when it is too late or the scan is not waiting.

        Scans before ``event`` that got no verdict are given up: the scanner waits for one code
        at a time, so an older one has long been answered by its own time-out.
        """
        with self._lock:
            while self._waiting:
                waiting, at = self._waiting.popleft()
                if waiting == event:
                    self._last = {event.code: accepted}
                    if self._clock() - at > self.timeout - SAFETY_MARGIN:
                        log.info("verdict for %s came too late for the scanner; its own default applies", event.source)
                        return False
                    return self._send(accepted)
            return False

    def repeat(self, event: ScanEvent) -> bool:
        """A double read the counter dropped gets the verdict the first read got."""
        with self._lock:
            for i, (waiting, _) in enumerate(self._waiting):
                if waiting == event:
                    del self._waiting[i]
                    break
            verdict = self._last.get(event.code)
            return False if verdict is None else self._send(verdict)

    def _send(self, accepted: bool) -> bool:
        if self._write is None:
            return False
        try:
            self._write(self.protocol.accepted if accepted else self.protocol.refused)
        except OSError as exc:  # unplugged meanwhile: the reader notices and reconnects
            log.info("scanner answer not sent: %s", exc)
            return False
        return True
