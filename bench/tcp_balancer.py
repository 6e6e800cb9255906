"""A small TCP balancer for the capacity benchmark: each new connection goes to the next backend in turn.

    python -m bench.tcp_balancer LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]

Prints ``ready`` once it listens, then relays bytes both ways until its standard input closes. It
balances connections, not requests, as an L4 balancer (haproxy in tcp mode) does: a counter's
keep-alive connection stays with one server process.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys

CHUNK = 65536


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def serve(listen: int, backends: list[int]) -> None:
    turn = itertools.cycle(backends)

    async def relay(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", next(turn))
        except OSError:
            client_w.close()
            return
        with contextlib.suppress(asyncio.CancelledError):  # the balancer stops with connections open
            await asyncio.gather(_pipe(client_r, server_w), _pipe(server_r, client_w))

    server = await asyncio.start_server(relay, "127.0.0.1", listen, backlog=4096)
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # the parent closes the pipe to stop us
    server.close()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), [int(p) for p in sys.argv[2:]]))
