"""Real pseudo-terminals standing in for a serial scanner: the test writes to the master end."""

from __future__ import annotations

import os
import queue
import select
import time
import tty
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class PtyPort:
    """A pty pair; ``path`` is the slave the reader opens. The slave stays open here too, so the
    line discipline exists before the reader comes and data written early is not refused."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no echo, no CR->LF translation before the reader configures it
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        """Write everything, waiting for the reader to drain the pty when it is full."""
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            assert left > 0, "the reader stopped draining the port"
            select.select([], [self.master], [], left)
            try:
                view = view[os.write(self.master, view) :]
            except BlockingIOError:
                continue

    def read_exactly(self, size: int, timeout: float = 5.0) -> bytes:
        """What the program wrote to the port (to the scanner), waiting for ``size`` bytes."""
        deadline = time.monotonic() + timeout
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            assert left > 0, f"only {data!r} came back within {timeout} s"
            if select.select([self.master], [], [], left)[0]:
                data += os.read(self.master, size - len(data))
        return data

    def waiting(self) -> bytes:
        """What is already written back to the port and unread, without waiting."""
        data = b""
        while select.select([self.master], [], [], 0)[0]:
            chunk = os.read(self.master, 4096)
            if not chunk:
                break
            data += chunk
        return data

    def __enter__(self) -> PtyPort:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Idempotent: a second call must not close a number the OS has handed to someone else."""
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)
        self.master = self.slave = -1


class PluggablePort:
    """A stable port path (a symlink) whose device can be unplugged and plugged in again."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.pty: PtyPort | None = None

    def plug(self) -> PtyPort:
        self.pty = PtyPort()
        os.symlink(self.pty.path, self.link)
        return self.pty

    def unplug(self) -> None:
        # The path goes first (as when USB removes /dev/ttyACM0), then the device: the reader's
        # next read fails with EIO.
        self.link.unlink(missing_ok=True)
        if self.pty is not None:
            self.pty.close()
            self.pty = None

    def write(self, data: bytes) -> None:
        assert self.pty is not None
        self.pty.write(data)


def wait_for(q: queue.Queue[T], match: Callable[[T], bool], timeout: float = 5.0) -> tuple[T, list[T]]:
    """The first item matching, and every item taken before it; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    seen: list[T] = []
    while True:
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise queue.Empty
            item = q.get(timeout=left)
        except queue.Empty:
            raise AssertionError(f"nothing matched within {timeout} s; got {seen!r}") from None
        if match(item):
            return item, seen
        seen.append(item)
