"""A loopback HTTP proxy that injects network faults between a counter and the central server.

One request per connection: the proxy reads a request (headers and ``Content-Length`` body),
asks the upstream for ``Connection: close`` so the answer ends with the upstream's close, and
picks a fault with its seeded RNG:

- ``drop``: the server acts on the request, the counter's connection is closed without an answer;
- ``reset``: as ``drop`` but the counter gets a TCP reset (SO_LINGER 0);
- ``stall``: the answer waits ``stall`` seconds, then passes;
- ``duplicate``: the request's bytes go to the server twice (two connections at once);
- ``error5xx``: the proxy answers 500/502/503 itself, the server never sees the request.

``healed = True`` passes everything. Counts per kind are in ``faults``.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
from collections import Counter

KINDS = ("drop", "reset", "stall", "duplicate", "error5xx")
HEADER_LIMIT = 64 * 1024


def _read_request(sock: socket.socket) -> bytes | None:
    """One whole HTTP request, or None when the client closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk or len(data) > HEADER_LIMIT:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` to the server and read its whole answer (it closes after one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as up:
        up.sendall(request)
        answer = b""
        while chunk := up.recv(65536):
            answer += chunk
        return answer


def _exchange_quietly(port: int, request: bytes) -> None:
    with contextlib.suppress(OSError):
        _exchange(port, request)


def _close(sock: socket.socket, *, reset: bool = False) -> None:
    with contextlib.suppress(OSError):
        if reset:  # linger 0: close() sends RST instead of FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class FaultyNetwork:
    def __init__(
        self, target_port: int, *, seed: int, fault_rate: float, stall: float, weights: dict[str, int]
    ) -> None:
        self.target_port = target_port
        self.fault_rate = fault_rate
        self.stall = stall
        self.healed = True
        self.faults: Counter[str] = Counter()
        self.requests = 0
        self._kinds = [k for k in KINDS for _ in range(weights.get(k, 1))]
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._accept, name="netproxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        self._thread.join(5)

    def _pick(self) -> str | None:
        with self._lock:
            self.requests += 1
            if self.healed or self._rng.random() >= self.fault_rate:
                return None
            kind = self._rng.choice(self._kinds)
            self.faults[kind] += 1
            return kind

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            request = _read_request(client)
            if request is None:
                _close(client)
                return
            kind = self._pick()
            if kind == "error5xx":
                code = self._rng.choice((500, 502, 503))
                client.sendall(f"HTTP/1.1 {code} Fault\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
                _close(client)
                return
            if kind == "duplicate":
                twin = threading.Thread(target=_exchange_quietly, args=(self.target_port, request), daemon=True)
                twin.start()
            answer = _exchange(self.target_port, request)
            if kind == "duplicate":
                twin.join(120)
            if kind in ("drop", "reset"):
                _close(client, reset=kind == "reset")  # the server has acted; the counter never hears it
                return
            if kind == "stall" and self._closed.wait(self.stall):
                _close(client)
                return
            client.sendall(answer)
            _close(client)
        except OSError:
            _close(client)
