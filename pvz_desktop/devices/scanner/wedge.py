"""Keyboard-wedge scanner: tell a scanner's burst of keys from a person typing. No Qt here.

The GUI feeds every key press with its time. A key that may belong to a scan is held back; if the
burst ends in Enter/Tab after at least ``min_length`` characters, each at most ``max_gap`` after the
previous one, it is a scan and the held keys are swallowed; otherwise they are handed back to be
replayed into the focused widget, in order. Keys typed under the Russian ЙЦУКЕН layout are mapped
back to the keys the scanner pressed (``ПЬ`` -> ``GM``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from pvz_desktop.core.barcodes import fold_layout
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.text import msg
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.lifecycle import Emit, scanner_label
from pvz_desktop.devices.scanner.urls import WEDGE_URL, WedgeScannerConfig

WEDGE_SOURCE = WEDGE_URL
TERMINATORS = ("Enter", "Tab")


@dataclass(frozen=True, slots=True)
class WedgeAction:
    hold: bool = False  # keep this key from the focused widget for now
    release: str = ""  # held keys that were typing: replay them to the widget, before this key if not held
    scan: ScanEvent | None = None  # a complete scan; the held keys (and the Enter/Tab) are swallowed


class WedgeDetector:
    """Not thread-safe: call it from the thread that receives key events."""

    def __init__(self, min_length: int = 6, max_gap: float = 0.030) -> None:
        self.min_length = min_length
        self.max_gap = max_gap
        self._held: list[str] = []
        self._last = 0.0  # time of the last held key

    def feed(self, key: str, t: float) -> WedgeAction:
        """``key``: one printable character, "Enter" or "Tab" (anything else just passes); ``t``: monotonic s."""
        in_burst = bool(self._held) and t - self._last <= self.max_gap
        if key in TERMINATORS:
            if in_burst and len(self._held) >= self.min_length:
                code = fold_layout("".join(self._held))
                self._held.clear()
                return WedgeAction(hold=True, scan=ScanEvent(code, "", WEDGE_SOURCE, utcnow()))
            return WedgeAction(release=self._take())
        if len(key) != 1 or not key.isprintable():
            return WedgeAction(release=self._take())  # Backspace, arrows...: a person is at the keyboard
        release = "" if in_burst else self._take()
        self._held.append(key)
        self._last = t
        return WedgeAction(hold=True, release=release)

    def flush(self, t: float) -> WedgeAction:
        """Call when no key came for a while: a burst that stopped without Enter/Tab was typing."""
        if self._held and t - self._last > self.max_gap:
            return WedgeAction(release=self._take())
        return WedgeAction(hold=bool(self._held))

    def _take(self) -> str:
        text = "".join(self._held)
        self._held.clear()
        return text


class WedgeSource:
    """The hub's entry for ``wedge``: no thread reads it; the GUI hands its scans to ``ScannerHub.submit``."""

    def __init__(self, config: WedgeScannerConfig | None = None) -> None:
        self.config = config or WedgeScannerConfig()
        self.source = self.config.source
        self.name = self.config.name

    def run(self, emit: Emit, stop: threading.Event) -> None:
        emit(
            DeviceStatusEvent(
                self.source, DeviceState.ENABLED, msg("Сканер {name} готов", name=scanner_label(self.name)), utcnow()
            )
        )
