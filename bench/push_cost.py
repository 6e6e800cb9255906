"""What one pushed operation costs the central server: CPU and SQL statements, PostgreSQL underneath.

    python -m bench.push_cost [--pg URL] [--seconds 4] [--batch 100] [--out FILE]

One server process's app is called in-process through its ASGI interface, one request after
another (routing, the token check, validation, the route, the answer: everything of a request
but uvicorn's HTTP parsing and the socket). For each case, for about ``--seconds``: the
process's CPU time (all its threads, ``time.process_time``) and the SQL statements it sent
(each ``execute``/``executemany`` one; BEGIN/COMMIT not counted) per operation. Cases:

- ``ticket``: ``POST …/operations`` opening a support ticket with its first message (the
  operation P9's simulated counters push: one feed change);
- ``accept``: ``POST …/operations`` accepting one shipment (one transition, one shipment snapshot);
- ``accept ×N``: ``POST …/operations/batch`` of ``--batch`` such operations, per operation;
- ``feed, 1 change``: ``GET …/changes?since=…`` answering a page of one change (what a long-poll
  woken by a push does: P9's other half, two of them per push);
- ``health``: ``GET /health``, the floor of any request.

The figures are of a machine shared with other work: CPU time, unlike wall time, is what the
process itself used, but a loaded machine still makes it larger (caches, frequency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.common import write_json
from bench.p9_capacity import prepare
from pvz_central.app import create_app
from pvz_central.db import CentralDB
from pvz_central.models import User

POINT = "b00000"  # the first point ``prepare`` makes


class Asgi:
    """Requests straight into the app's ASGI callable, on one event loop."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def request(self, method: str, path: str, token: str, body: Any = None, headers: dict | None = None) -> Any:
        raw = json.dumps(body).encode() if body is not None else b""
        path, _, query = path.partition("?")
        head = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode())]
        head += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        if raw:
            head += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": head,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.Event().wait()  # the client stays: never a disconnect
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        status, chunks = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        if status >= 400:
            raise RuntimeError(f"HTTP {status}: {b''.join(chunks)[:300]!r}")
        return json.loads(b"".join(chunks) or b"null")


class StatementCount:
    def __init__(self, db: CentralDB) -> None:
        self.n = 0
        event.listen(db.engine, "before_cursor_execute", self._one)

    def _one(self, *_args: Any) -> None:
        self.n += 1


def _ticket(_n: int) -> dict[str, Any]:
    return {
        "kind": "support_ticket_open",
        "payload": {
            "ticket": {"uuid": str(uuid.uuid4()), "subject": "P9"},
            "message": {"uuid": str(uuid.uuid4()), "body": "P9"},
        },
    }


def _accept(posting: str) -> dict[str, Any]:
    return {
        "kind": "acceptance_scan",
        "payload": {
            "outcome": "shipment_received",
            "at": "2026-12-03T12:00:00",
            "workstation": "bench",
            "transitions": [{"posting": posting, "action": "accept", "from": "expected", "to": "received"}],
        },
    }


def _waybill(number: int, postings: list[str]) -> dict[str, Any]:
    """A delivery of ``postings``, each to its own customer (as at a real point: a code each)."""

    def shipment(n: int, posting: str) -> dict[str, Any]:
        customer = {"id": f"{41000000 + n:08d}", "name": "Иванова А.", "pickup_pin": "5521"}
        return {
            "posting": posting,
            "customer": {**customer, "pickup_pin_date": "2026-12-03"},
            "items": [{"name": "Футболка", "price": 79900}],
        }

    shipments = [shipment(n, p) for n, p in enumerate(postings, number % 10000)]
    return {"number": f"TN-{number:010d}", "shipments": shipments}


async def measure(
    label: str, seconds: float, ops_per_call: int, call: Callable[[int], Any], count: StatementCount
) -> dict[str, Any]:
    calls, cpu0, wall0, stmts0 = 0, time.process_time(), time.monotonic(), count.n
    while time.monotonic() - wall0 < seconds:
        await call(calls)
        calls += 1
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    ops = calls * ops_per_call
    row = {
        "case": label,
        "operations": ops,
        "cpu_ms_per_op": round(cpu * 1000 / ops, 2),
        "wall_ms_per_op": round(wall * 1000 / ops, 2),
        "statements_per_op": round((count.n - stmts0) / ops, 2),
    }
    print(
        f"{label:>12}: {row['cpu_ms_per_op']:6.2f} ms CPU, {row['wall_ms_per_op']:6.2f} ms wall, "
        f"{row['statements_per_op']:5.2f} statements per operation ({ops} operations)",
        flush=True,
    )
    return row


async def run(url: str, seconds: float, batch: int) -> list[dict[str, Any]]:
    (_, token), (_, owner_token) = prepare(url, 2)
    db = CentralDB(url)
    with db.write() as s:  # the second login of the point is its owner: it delivers the shipments
        owner = s.get(User, f"{POINT}-1")
        assert owner is not None
        owner.role = "owner"
    app = create_app(db)
    asgi, count = Asgi(app), StatementCount(db)
    base = f"/api/v1/points/{POINT}"
    postings = [f"{80000000 + n:010d}-0001-1" for n in range(8000)]
    for w in range(0, len(postings), 2000):
        delivery = _waybill(9000000000 + w, postings[w : w + 2000])
        await asgi.request("POST", f"{base}/admin/waybills", owner_token, delivery)
    todo = iter(postings)

    async def push(op: dict[str, Any]) -> None:
        answer = await asgi.request("POST", f"{base}/operations", token, op, {"Idempotency-Key": str(uuid.uuid4())})
        assert answer["result"] == "applied", answer

    async def push_batch(_n: int) -> None:
        ops = [{**_accept(next(todo)), "key": str(uuid.uuid4())} for _ in range(batch)]
        answer = await asgi.request("POST", f"{base}/operations/batch", token, {"operations": ops})
        assert all(r["result"] == "applied" for r in answer["results"]), answer

    async with app.router.lifespan_context(app):
        for warm in range(20):  # imports, caches, the pool's connections
            await push(_ticket(warm))
            await push(_accept(next(todo)))
        rows = [
            await measure("health", seconds / 2, 1, lambda _n: asgi.request("GET", "/health", token), count),
            await measure("ticket", seconds, 1, lambda n: push(_ticket(n)), count),
            await measure("accept", seconds, 1, lambda _n: push(_accept(next(todo))), count),
            await measure(f"accept ×{batch}", seconds, batch, push_batch, count),
        ]
        cursor = None  # the feed's end, then one change after it: what a woken long-poll reads
        while True:
            page = await asgi.request("GET", f"{base}/changes?limit=1000&since={cursor or ''}", token)
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        await push(_ticket(0))
        one = f"{base}/changes?since={cursor}"
        rows.append(await measure("feed, 1 change", seconds / 2, 1, lambda _n: asgi.request("GET", one, token), count))
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("PVZ_TEST_PG_URL"), help="PostgreSQL URL (a fresh schema)")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not args.pg:
        raise SystemExit("needs PostgreSQL: --pg URL or PVZ_TEST_PG_URL")
    load = os.getloadavg()[0]
    rows = asyncio.run(run(args.pg, args.seconds, args.batch))
    print(f"load average (1 min) at the start: {load:.2f}, at the end: {os.getloadavg()[0]:.2f}")
    if args.out:
        write_json(args.out, {"push_cost": rows, "load_average": [load, os.getloadavg()[0]]})


if __name__ == "__main__":
    main()
