"""P9 — capacity of the central server on PostgreSQL: simulated counters on loopback.

    python -m bench.p9_capacity [--pg URL] [--counters 500,1000,2000] [--processes 1,2] [--seconds 30] --out FILE

Each simulated counter (asyncio, one keep-alive connection for its long-poll and one for pushes)
holds a long-poll on its point's change feed and pushes one operation (a support ticket: one
change) every 10 s, at a random phase. Two counters share a point, so every push must wake the
other counter's long-poll: the wake-up latency is from the push's answer to the sibling's
long-poll answer carrying that change. Against one ``pvz-central serve`` process, and against two
behind ``bench.tcp_balancer`` (connections round-robin). Beside them, in the same run, a bare
``GET /health`` round trip under the same load: what the HTTP stack alone costs. Also: errors,
CPU seconds per process over the measured window, and database connections in use at its end.
The database is a fresh schema of ``--pg`` (default PVZ_TEST_PG_URL); everything on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.common import Figure, Stats, write_json
from pvz_central.db import CentralDB, normalise_url
from pvz_central.models import Point, Token, User
from pvz_central.passwords import token_hash
from pvz_desktop.core.clock import utcnow

PUSH_EVERY = 10.0  # seconds between one counter's pushes
LONG_POLL = 25  # seconds a long-poll may wait (the server's longest)
RAMP_UP = 10.0  # seconds over which the counters start (a network does not start in one instant)
WARM_UP = 12.0  # seconds after the ramp before measuring: every counter has pushed once
DRAIN = 30.0  # seconds after the window for what was started in it to answer; later = an error
PORTS = (18771, 18772, 18770)  # two server processes and the balancer


@dataclass
class Tally:
    push_ms: list[float] = field(default_factory=list)
    wake_ms: list[float] = field(default_factory=list)
    health_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    acked: dict[str, tuple[float, bool]] = field(default_factory=dict)  # change key → (answered at, in window)
    measuring: bool = False  # requests started now are measured (their answers may come after the window)
    outstanding: int = 0  # measured pushes not answered yet

    def error(self, what: str, counted: bool | None = None) -> None:
        if self.measuring if counted is None else counted:
            self.errors[what] = self.errors.get(what, 0) + 1


class Http:
    """One keep-alive HTTP/1.1 connection (the server answers with Content-Length)."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Any:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {self.token}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            payload = await self.reader.readexactly(length)
        except Exception:
            self.close()
            raise
        if status >= 400:
            raise RuntimeError(f"HTTP {status}")
        return json.loads(payload)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None


async def counter(port: int, point: str, token: str, tally: Tally, stop: asyncio.Event) -> None:
    feed = f"/api/v1/points/{point}/changes"
    await asyncio.sleep(random.uniform(0, RAMP_UP))

    async def poll() -> None:
        http = Http(port, token)
        cursor = None
        while not stop.is_set():
            try:
                query = f"?since={cursor}&wait={LONG_POLL}" if cursor else "?wait=0"
                page = await http.request("GET", feed + query)
                now = time.monotonic()
                cursor = page["cursor"]
                for change in page["changes"]:
                    sent, counted = tally.acked.pop(change["key"], (None, False))
                    if sent is not None and counted:
                        tally.wake_ms.append(max(0.0, now - sent) * 1000)
            except Exception as exc:  # counted; the counter goes on like a real one
                tally.error(f"poll: {exc!s:.60}")
                await asyncio.sleep(1)
        http.close()

    async def push() -> None:
        http = Http(port, token)
        await asyncio.sleep(random.uniform(0, PUSH_EVERY))
        while not stop.is_set():
            ticket, message = str(uuid.uuid4()), str(uuid.uuid4())
            op = {
                "kind": "support_ticket_open",
                "payload": {"ticket": {"uuid": ticket, "subject": "P9"}, "message": {"uuid": message, "body": "P9"}},
            }
            started, counted = time.monotonic(), tally.measuring
            tally.outstanding += counted
            try:
                key = {"Idempotency-Key": str(uuid.uuid4())}
                answer = await http.request("POST", f"/api/v1/points/{point}/operations", json.dumps(op).encode(), key)
                done = time.monotonic()
                if answer.get("result") != "applied":
                    tally.error("push refused", counted)
                tally.acked[message] = (done, counted)
                if counted:
                    tally.push_ms.append((done - started) * 1000)
            except Exception as exc:
                tally.error(f"push: {exc!s:.60}", counted)
            finally:
                tally.outstanding -= counted
            http.close()  # idle for 10 s: the server's keep-alive (5 s) would close it anyway, as for a real counter
            await asyncio.sleep(max(0.0, PUSH_EVERY - (time.monotonic() - started)))

    await asyncio.gather(poll(), push())


async def health_probe(port: int, tally: Tally, stop: asyncio.Event) -> None:
    http = Http(port, "none")
    while not stop.is_set():
        started = time.monotonic()
        try:
            await http.request("GET", "/health")
            if tally.measuring:
                tally.health_ms.append((time.monotonic() - started) * 1000)
        except Exception as exc:
            tally.error(f"health: {exc!s:.60}")
        await asyncio.sleep(0.2)


def prepare(url: str, counters: int) -> list[tuple[str, str]]:
    """A fresh schema with ``counters`` / 2 points and a token per counter: (point, token) each."""
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    db = CentralDB(url)
    db.upgrade()
    out: list[tuple[str, str]] = []
    with db.write() as s:
        for p in range(counters // 2):
            point = f"b{p:05d}"
            s.add(Point(id=point, name=f"ПВЗ {p}", feed_epoch=secrets.token_hex(8)))
            s.flush()
            for c in range(2):
                login = f"{point}-{c}"
                s.add(User(id=login, point_id=point, display_name=f"Кассир {c}", password_hash="x", role="employee"))
                out.append((point, login))
        s.flush()
        tokens = [(point, secrets.token_urlsafe(24)) for point, _ in out]
        expires = utcnow() + timedelta(hours=2)
        for (_, login), (_, token) in zip(out, tokens, strict=True):
            s.add(
                Token(
                    access_hash=token_hash(token),
                    family=secrets.token_hex(16),
                    client_id="pvz-desktop",
                    user_id=login,
                    scopes="pvz",
                    access_expires_at=expires,
                )
            )
    db.close()
    return tokens


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that are still alive (uvicorn workers)."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def db_connections(url: str) -> int:
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")).scalar()
    engine.dispose()
    return int(n or 0) - 1  # not this one


def start_servers(url: str, processes: int, folder: Path) -> tuple[list[subprocess.Popen], int]:
    env = {**os.environ, "PVZ_CENTRAL_SECRET_FILE": str(folder / "central.secret")}
    procs = []
    for n in range(processes):
        cmd = [sys.executable, "-m", "pvz_central", "serve", "--port", str(PORTS[n]), "--db", url]
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for n in range(processes):
        wait_port(PORTS[n])
    if processes == 1:
        return procs, PORTS[0]
    balancer = subprocess.Popen(
        [sys.executable, "-m", "bench.tcp_balancer", str(PORTS[2]), *map(str, PORTS[:processes])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert balancer.stdout is not None and balancer.stdout.readline().strip() == "ready"
    return [*procs, balancer], PORTS[2]


def wait_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


async def load(port: int, clients: list[tuple[str, str]], seconds: float, procs: list[subprocess.Popen], url: str):
    tally, stop = Tally(), asyncio.Event()
    tasks = [asyncio.create_task(counter(port, p, t, tally, stop)) for p, t in clients]
    tasks.append(asyncio.create_task(health_probe(port, tally, stop)))
    await asyncio.sleep(RAMP_UP + WARM_UP)
    cpu0 = [cpu_seconds(p.pid) for p in procs]
    own0 = time.process_time()
    tally.measuring = True
    started = time.monotonic()
    await asyncio.sleep(seconds)
    tally.measuring = False
    elapsed = time.monotonic() - started
    cpu = [round((cpu_seconds(p.pid) - c0) / elapsed, 3) for p, c0 in zip(procs, cpu0, strict=True)]
    own = round((time.process_time() - own0) / elapsed, 3)
    connections = await asyncio.to_thread(db_connections, url)
    drain_until = time.monotonic() + DRAIN
    while tally.outstanding and time.monotonic() < drain_until:
        await asyncio.sleep(0.2)
    if tally.outstanding:
        tally.errors[f"push: no answer {DRAIN:.0f} s after the window"] = tally.outstanding
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return tally, cpu, own, connections


def run_level(url: str, counters: int, processes: int, seconds: float) -> list[Figure]:
    clients = prepare(url, counters)
    with tempfile.TemporaryDirectory() as tmp:
        procs, port = start_servers(url, processes, Path(tmp))
        try:
            tally, cpu, own, connections = asyncio.run(load(port, clients, seconds, procs, url))
        finally:
            for p in procs:
                if p.stdin is not None:
                    p.stdin.close()
                else:
                    p.terminate()
            for p in procs:
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:  # an overloaded server still draining: the figures are taken
                    p.kill()
                    p.wait()
    load_avg = os.getloadavg()
    label = f"{counters} counters, {processes} process{'es' if processes > 1 else ''}"
    extra = {
        "counters": counters,
        "processes": processes,
        "cpu_per_process": cpu,  # CPU seconds per second: servers, then the balancer
        "load_generator_cpu": own,
        "db_connections": connections,
        "errors": tally.errors,
        "pushes_per_s": round(len(tally.push_ms) / seconds, 1),
        "load_average": [round(x, 2) for x in load_avg],
    }
    if not tally.push_ms or not tally.wake_ms:  # saturated: nothing started in the window came back in time
        print(f"{label}: nothing measured; errors {tally.errors}; CPU/s per process {cpu}", flush=True)
        return []
    health = Stats.of(tally.health_ms) if tally.health_ms else None
    notes = (
        f"pushes {extra['pushes_per_s']}/s, errors {sum(tally.errors.values())}, CPU/s per process {cpu}, "
        f"load generator {own}, DB connections {connections}, load average {extra['load_average']}"
    )
    figures = [
        Figure("P9", f"push, {label}", "ms", Stats.of(tally.push_ms), "GET /health round trip", health,
               "p99 ≤ 100 ms at 2,000 counters", None, notes, extra),
        Figure("P9", f"wake-up, {label}", "ms", Stats.of(tally.wake_ms), "GET /health round trip", health,
               "p99 ≤ 1000 ms at 2,000 counters", None, notes, extra),
    ]  # fmt: skip
    if counters == 2000:
        figures[0].met = figures[0].value.p99 <= 100 and not tally.errors
        figures[1].met = figures[1].value.p99 <= 1000 and not tally.errors
    print(f"{label}: push {figures[0].value}, wake {figures[1].value}; {notes}", flush=True)
    return figures


async def _wake_rounds(poll_port: int, push_port: int, clients: list[tuple[str, str]], rounds: int) -> list[float]:
    """Push through ``push_port`` while the other counter of the point long-polls on ``poll_port``:
    seconds from the push's answer to the long-poll's answer, ``rounds`` times."""
    (point, poller_token), (_, pusher_token) = clients[0], clients[1]
    feed = f"/api/v1/points/{point}/changes"
    poller, pusher, probe = Http(poll_port, poller_token), Http(push_port, pusher_token), Http(poll_port, "none")
    cursor = (await poller.request("GET", feed + "?wait=0"))["cursor"]
    delays = []
    for _ in range(rounds):
        waiting = asyncio.create_task(poller.request("GET", f"{feed}?since={cursor}&wait={LONG_POLL}"))
        while (await probe.request("GET", "/health"))["long_polls"] < 1:  # the long-poll waits in its process
            await asyncio.sleep(0.002)
        op = {"kind": "support_ticket_open", "payload": {"ticket": {"uuid": str(uuid.uuid4()), "subject": "P5c"},
              "message": {"uuid": str(uuid.uuid4()), "body": "P5c"}}}  # fmt: skip
        key = {"Idempotency-Key": str(uuid.uuid4())}
        await pusher.request("POST", f"/api/v1/points/{point}/operations", json.dumps(op).encode(), key)
        acked = time.monotonic()
        page = await waiting
        delays.append((time.monotonic() - acked) * 1000)
        cursor = page["cursor"]
        pusher.close()  # a real counter's push comes on a fresh connection after an idle while
    for http in (poller, pusher, probe):
        http.close()
    return delays


def cross_process(url: str, rounds: int) -> list[Figure]:
    """P5c across processes: a push through one process wakes a long-poll on another, beside the same
    inside one process (the limit: what the feed's wake-up costs without crossing processes)."""
    clients = prepare(url, 2)
    with tempfile.TemporaryDirectory() as tmp:
        procs, _ = start_servers(url, 2, Path(tmp))
        try:
            across = asyncio.run(_wake_rounds(PORTS[0], PORTS[1], clients, rounds))
            inside = asyncio.run(_wake_rounds(PORTS[0], PORTS[0], clients, rounds))
        finally:
            for p in procs:
                p.terminate()
                p.wait(30)
    load_avg = [round(x, 2) for x in os.getloadavg()]
    value, limit = Stats.of(across), Stats.of(inside)
    figure = Figure("P5c", "push → long-poll on another process (PostgreSQL)", "ms", value,
                    "the same inside one process", limit, "p99 ≤ 100 ms", value.p99 <= 100,
                    f"load average {load_avg}", {"load_average": load_avg})  # fmt: skip
    print(f"P5c across processes: {value}; inside one: {limit}; load average {load_avg}", flush=True)
    return [figure]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", default=os.environ.get("PVZ_BENCH_PG_URL") or os.environ.get("PVZ_TEST_PG_URL"))
    ap.add_argument("--counters", default="500,1000,2000")
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=200, help="P5c across processes: pushes measured")
    ap.add_argument("--quick", action="store_true", help="500 counters, one process, 15 s")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if not args.pg:
        print("P9 needs PostgreSQL: --pg URL or PVZ_TEST_PG_URL (bash .ci/postgres.sh); skipped", flush=True)
        write_json(args.out, [])
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # two sockets per counter, on both ends
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    levels = [500] if args.quick else [int(n) for n in args.counters.split(",")]
    processes = [1] if args.quick else [int(n) for n in args.processes.split(",")]
    seconds = 15.0 if args.quick else args.seconds
    figures = cross_process(args.pg, 30 if args.quick else args.rounds)
    figures += [f for n in levels for k in processes for f in run_level(args.pg, n, k, seconds)]
    write_json(args.out, [f.to_json() for f in figures])


if __name__ == "__main__":
    main()
