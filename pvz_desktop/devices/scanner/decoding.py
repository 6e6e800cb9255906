"""Bytes from a scanner to text: UTF-8, and nothing a device sends can make it raise."""

from __future__ import annotations

import re

GS = 0x1D  # group separator: FNC1 in GS1 DataMatrix (marking codes), so it is data, not junk

# Control characters other than GS are line noise on a serial wire.
_JUNK = re.compile(rb"[\x00-\x1c\x1e\x1f\x7f]")


def decode_scan(data: bytes) -> str:
    """UTF-8; bytes that are not valid UTF-8 are dropped (they are noise far more often than text)."""
    return data.decode("utf-8", errors="replace").replace("\ufffd", "")


def drop_control_bytes(data: bytes) -> bytes:
    """Remove control bytes except GS."""
    return _JUNK.sub(b"", data)
