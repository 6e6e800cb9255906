"""Standard output that never crashes on a code page.

Python writes a pipe or a file in the locale's encoding: on Windows that is the ANSI code page
(cp1252 on an English PC), on Linux whatever ``LANG`` says. Neither can hold every Russian
letter, «», — or №, so ``pvz-desktop --help > help.txt`` used to end in UnicodeEncodeError.
The command-line entry points call :func:`make_stdio_safe` first:

- a pipe or a file gets UTF-8, which holds every character (editors and ``type`` read it);
- a terminal keeps the encoding it shows, and a character it cannot show becomes ``?``.

A Windows console is already written in UTF-16 by Python (its encoding reads ``utf-8``), and
``pythonw.exe`` has no streams at all; both are left as they are.
"""

from __future__ import annotations

import codecs
import io
import sys


def _is_utf8(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _is_terminal(stream: io.TextIOWrapper) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # a closed or detached stream
        return False


def make_safe(stream: object) -> None:
    """Reconfigure one text stream as the module says; anything else is left alone."""
    if not isinstance(stream, io.TextIOWrapper):  # None under pythonw.exe, a test's capture object
        return
    if _is_utf8(stream.encoding) or _is_terminal(stream):
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8", errors="replace")


def make_stdio_safe() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` unable to fail on a character."""
    make_safe(sys.stdout)
    make_safe(sys.stderr)
