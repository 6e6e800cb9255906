"""Cut a serial byte stream into codes: prefix/suffix, partial reads, junk and over-long lines."""

from __future__ import annotations

from pvz_desktop.core.text import msg
from pvz_desktop.devices.scanner.decoding import decode_scan, drop_control_bytes
from pvz_desktop.devices.scanner.events import DataProblem

MAX_CODE_BYTES = 1024  # longer than any 2D code a counter meets; a runaway stream is cut here


class LineFramer:
    """Feed it whatever ``read()`` returned; it returns the codes completed so far, in order.

    With an empty ``suffix`` any of CR, LF and CRLF ends a code. With a ``prefix`` everything up to
    and including the prefix is dropped, and a line without it is reported and dropped.
    """

    def __init__(self, prefix: bytes = b"", suffix: bytes = b"", max_length: int = MAX_CODE_BYTES) -> None:
        self._prefix = prefix
        self._suffix = suffix
        self._max = max_length
        self._buffer = bytearray()
        self._overflow = False  # dropping the rest of an over-long line until its terminator

    def reset(self) -> None:
        """Forget a partial line (after a reconnect its first half is gone for good)."""
        self._buffer.clear()
        self._overflow = False

    def feed(self, chunk: bytes) -> list[str | DataProblem]:
        self._buffer += chunk
        out: list[str | DataProblem] = []
        while (found := self._terminator()) is not None:
            start, end = found
            line = bytes(self._buffer[:start])
            del self._buffer[:end]
            if self._overflow:
                self._overflow = False  # the tail of a line already reported
                continue
            item = self._line(line)
            if item is not None:
                out.append(item)
        # The buffer may end with the first bytes of a split suffix: they are not part of the code.
        if len(self._buffer) > self._max + max(len(self._suffix) - 1, 0) and not self._overflow:
            self._overflow = True
            out.append(self._too_long())
        if self._overflow:
            # Keep only what may be the start of a split suffix, so the terminator is still seen.
            keep = max(len(self._suffix) - 1, 0)
            del self._buffer[: len(self._buffer) - keep]
        return out

    def _terminator(self) -> tuple[int, int] | None:
        if self._suffix:
            at = self._buffer.find(self._suffix)
            return None if at < 0 else (at, at + len(self._suffix))
        positions = [p for p in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if p >= 0]
        if not positions:
            return None
        at = min(positions)
        return at, at + 1  # CRLF leaves an empty line behind, which is skipped

    def _line(self, line: bytes) -> str | DataProblem | None:
        if len(line) > self._max:
            return self._too_long()
        if self._prefix:  # before dropping control bytes: the prefix may be one (STX)
            at = line.find(self._prefix)
            if at < 0:
                if not decode_scan(drop_control_bytes(line)).strip(" "):
                    return None
                return DataProblem(msg("получен код без настроенного префикса, он пропущен"))
            line = line[at + len(self._prefix) :]
        clean = drop_control_bytes(line)
        code = decode_scan(clean).strip(" ")  # not str.strip(): it would eat GS
        return code or None

    def _too_long(self) -> DataProblem:
        return DataProblem(msg("получен слишком длинный код (больше {limit} байт), он пропущен", limit=self._max))
