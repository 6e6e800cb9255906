"""A loopback TCP proxy that loses some of the server's answers after the server has acted on them."""

from __future__ import annotations

import contextlib
import socket
import threading


class DroppingProxy:
    """Forwards 127.0.0.1:<port> to the server; every ``drop_every``-th chunk of an answer is
    replaced by closing the connection (0 = forward everything)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.drop_every = 0
        self.chunks = 0
        self.dropped = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self._thread.join(5)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _drop_now(self) -> bool:
        with self._lock:
            self.chunks += 1
            drop = self.drop_every > 0 and self.chunks % self.drop_every == 0
            self.dropped += drop
            return drop

    def _pump(self, src: socket.socket, dst: socket.socket, answers: bool) -> None:
        try:
            while data := src.recv(65536):
                if answers and self._drop_now():
                    break  # the server has answered; the counter never hears it
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
