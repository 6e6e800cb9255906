"""The cash drawer on the printer's drawer kick-out (DK) port.

``ESC p m t1 t2`` (Epson ESC/POS reference) sends a pulse to connector pin 2 (m = 0) or pin 5
(m = 1): on for t1 × 2 ms, off for t2 × 2 ms. The drawer's switch comes back on pin 3, which the
printer reports in bit 2 of its answer to ``DLE EOT 1``; whether "high" means open depends on
the drawer, so it is a setting.

Pulse times per vendor, from their command references: Epson TM printers 50 ms on / 500 ms off
(ESC p 0 25 250); the Chinese ESC/POS printers sold as Xprinter, Zjiang, Netum, PBM and Rongta
120 ms / 240 ms (ESC p 0 60 120), which their solenoid drawers need to open reliably.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC_P = b"\x1bp"
DRAWER_PIN_BIT = 0x04  # DLE EOT 1, bit 2: drawer kick-out connector pin 3 is high
PULSE_MS: dict[str, tuple[int, int]] = {
    "epson": (50, 500),
    "zjiang": (120, 240),
    "netum": (120, 240),
    "pbm": (120, 240),
    "xprinter": (120, 240),
    "rongta": (120, 240),
    "star": (100, 500),
}
DEFAULT_PULSE_MS = PULSE_MS["epson"]


@dataclass(frozen=True, slots=True)
class DrawerSetup:
    pin: int = 2  # 2 or 5: which drive signal of the DK connector the drawer is wired to
    pulse_ms: tuple[int, int] = DEFAULT_PULSE_MS  # on, off
    open_when_high: bool = True  # pin 3 high = drawer open (drawers differ)

    def kick(self) -> bytes:
        """ESC p m t1 t2, times in the printer's 2 ms units (at most 255 units each)."""
        on, off = (min(255, max(1, ms // 2)) for ms in self.pulse_ms)
        return ESC_P + bytes((0 if self.pin == 2 else 1, on, off))

    def is_open(self, printer_status: int) -> bool:
        """The drawer's state from the reply to DLE EOT 1."""
        high = bool(printer_status & DRAWER_PIN_BIT)
        return high if self.open_when_high else not high


DEFAULT_DRAWER = DrawerSetup()
