"""A real child process running one of the drill scripts, whose stdout lines the parent reads.

The child is started with the same Python as the tests (``sys.executable``: the virtualenv's),
from the repository root, so ``python -m tests.drills.<script>`` finds the package. A reader
thread puts each stdout line into a queue; after SIGKILL the lines the child wrote before it
died are still read to the end, because a line on the pipe is what the user already saw.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EOF_MARK = None  # put in the queue when stdout closes


class Child:
    def __init__(self, module: str, args: list[str], stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", module, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self.started = time.monotonic()
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name=f"child {self.proc.pid} stdout", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:  # closed by its reader once the child's end of the pipe closed
            for line in self.proc.stdout:
                self.lines.put(line.rstrip("\n"))
        self.lines.put(EOF_MARK)

    def next_line(self, timeout: float) -> str | None:
        """The next line, or None when none came within ``timeout`` (or the child's stdout closed)."""
        try:
            return self.lines.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None

    def wait_for(self, match: Callable[[str], bool], timeout: float, seen: list[str] | None = None) -> str:
        """The first line matching; every line read before it goes to ``seen``. Fails after ``timeout``."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is EOF_MARK:
                self.lines.put(EOF_MARK)
                raise AssertionError(f"the child ended (rc={self.proc.poll()}) before the line came:\n{self.stderr()}")
            if match(line):
                return line
            if seen is not None:
                seen.append(line)
        raise AssertionError(f"no matching line within {timeout} s:\n{self.stderr()}")

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def kill(self) -> list[str]:
        """SIGKILL, then every line the child had written before it died."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        return self.finish()

    def close_stdin_and_wait(self, timeout: float) -> list[str]:
        """Ask the child to stop (stdin closes) and wait for it; its remaining lines."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout)
        return self.finish()

    def finish(self) -> list[str]:
        self.proc.wait(30)
        self._reader.join(30)
        rest: list[str] = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is EOF_MARK:
                break
            rest.append(line)
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        self._stderr.close()
        return rest

    def stderr(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]
