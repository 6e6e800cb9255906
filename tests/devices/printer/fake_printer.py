"""A network ESC/POS printer on 127.0.0.1 for tests: a real TCP listener.

It keeps every byte of print data it receives, answers DLE EOT 1/2/4 like an Epson in the
chosen state (or stays silent: offline), can be "switched off" (the port refuses connections)
and can drop the connection in the middle of a job.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from enum import StrEnum


class Mode(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    SILENT = "silent"


# Replies to DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor), as an Epson sends them.
REPLIES: dict[Mode, dict[int, int]] = {
    Mode.OK: {1: 0x12, 2: 0x12, 4: 0x12},
    Mode.NEAR_END: {1: 0x12, 2: 0x12, 4: 0x1E},
    Mode.PAPER_OUT: {1: 0x1A, 2: 0x32, 4: 0x72},
    Mode.COVER_OPEN: {1: 0x1A, 2: 0x16, 4: 0x12},
    Mode.SILENT: {},
}
DLE_EOT = b"\x10\x04"


class FakePrinter:
    def __init__(self, mode: Mode = Mode.OK, *, powered: bool = True) -> None:
        self.mode = mode
        self.drop_after: int | None = None  # close the next connection after this many data bytes
        self.mode_after_drop: Mode | None = None  # e.g. SILENT: the printer stays away afterwards
        self._cond = threading.Condition()
        self._data = bytearray()
        self.queries: list[int] = []
        self.drawer_high = False  # pin 3 of the drawer kick-out connector, bit 2 of DLE EOT 1
        # Everything in the order it came: data bytes, and each status query as b"<Qn>".
        self._stream = bytearray()
        self.connections = 0
        self.dropped = 0
        self._closing = threading.Event()
        self._threads: list[threading.Thread] = []
        # Bound but not listening: connections are refused, like a switched-off printer.
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.bind(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        if powered:
            self.power_on()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    @property
    def data(self) -> bytes:
        with self._cond:
            return bytes(self._data)

    @property
    def stream(self) -> bytes:
        with self._cond:
            return bytes(self._stream)

    def power_on(self) -> None:
        self._server.listen(8)
        self._server.settimeout(0.05)  # lets the accept loop notice close()
        self._spawn(self._accept_loop)

    def wait_for(self, predicate: Callable[[FakePrinter], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)

    def close(self) -> None:
        self._closing.set()
        for t in self._threads:
            t.join(2.0)
        self._server.close()

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        t = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(t)
        t.start()

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._cond:
                self.connections += 1
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        pending = b""
        received = 0
        with conn:
            while not self._closing.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                pending += chunk
                while pending:
                    at = pending.find(DLE_EOT)
                    if at < 0 or at + 2 >= len(pending):
                        keep = at if at >= 0 else (len(pending) - 1 if pending.endswith(b"\x10") else len(pending))
                        received += self._take(pending[:keep], received)
                        pending = pending[keep:]
                        break
                    received += self._take(pending[:at], received)
                    n, pending = pending[at + 2], pending[at + 3 :]
                    with self._cond:
                        self.queries.append(n)
                        self._stream += b"<Q%d>" % n
                        self._cond.notify_all()
                    reply = REPLIES[self.mode].get(n)
                    if reply is not None and n == 1 and self.drawer_high:
                        reply |= 0x04
                    if reply is not None:
                        conn.sendall(bytes((reply,)))
                if self.drop_after is not None and received >= self.drop_after:
                    self.drop_after = None
                    self.mode = self.mode_after_drop or self.mode
                    with self._cond:
                        self.dropped += 1
                        self._cond.notify_all()
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return  # closing with linger 0 resets the connection, like a pulled cable

    def _take(self, data: bytes, received: int) -> int:
        if self.drop_after is not None:
            data = data[: max(0, self.drop_after - received)]  # the rest dies with the connection
        if data:
            with self._cond:
                self._data += data
                self._stream += data
                self._cond.notify_all()
        return len(data)
