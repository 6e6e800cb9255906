"""HID-POS report bytes for tests: the captured Honeywell reports, and reports built by hand."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pvz_desktop.devices.scanner.hidpos import HidPosMessage

# Reports captured from a real scanner, kept with the tests (the file says where they come from).
CAPTURE = Path(__file__).with_name("captures") / "hidpos-honeywell.txt"


def load_capture() -> tuple[list[bytes], list[HidPosMessage]]:
    reports: list[bytes] = []
    expected: list[HidPosMessage] = []
    for line in CAPTURE.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"# (\]\S\S) (b'.*')", line):
            expected.append(HidPosMessage(match[1], ast.literal_eval(match[2])))
        elif line and not line.startswith("#"):
            reports.append(bytes(int(n) for n in line.split()))
    return reports, expected


def report(data: bytes, aim: bytes = b"]E0", more: bool = False, length: int | None = None) -> bytes:
    """A 64-byte scanned-data report as a HID-POS scanner sends it."""
    body = bytes([0x02, len(data) if length is None else length]) + aim + data
    return body.ljust(63, b"\x00") + bytes([1 if more else 0])
