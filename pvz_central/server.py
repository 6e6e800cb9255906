"""Run the central server with uvicorn in a background thread (tests, the embedded demo server)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

STARTUP_TIMEOUT = 15.0


class CentralServer(uvicorn.Server):
    """uvicorn's server that first wakes the app's long-polls when it stops: otherwise they wait
    out the graceful-shutdown timeout and are cancelled, the counter's answer cut off."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        app = self.config.app
        services = getattr(getattr(app, "state", None), "services", None)
        if services is not None:
            services.notifier.close()
        await super().shutdown(sockets)


@dataclass
class ServerThread:
    """A started server: ``url`` answers until ``stop()``."""

    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


def start_in_thread(
    app: FastAPI,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tls: tuple[str, str] | None = None,
    forwarded_allow_ips: str | None = None,
) -> ServerThread:
    """Bind first (port 0 = any free port), then serve from a daemon thread; ``tls`` is
    (certificate file, key file): the server speaks https."""
    # proto must say TCP: asyncio sets TCP_NODELAY on accepted connections only then (otherwise
    # Nagle holds back each response body for a delayed ACK: 40 ms per keep-alive request).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,  # request lines would put cursors and codes into logs; nothing needs them
        timeout_graceful_shutdown=1,
        lifespan="on",  # the app's PostgreSQL listener lives as long as the server
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    server = CentralServer(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="pvz-central", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("Центральный сервер не запустился.")
        time.sleep(0.01)
    bound_port = sock.getsockname()[1]
    return ServerThread(server, thread, f"{'https' if tls else 'http'}://{host}:{bound_port}")
