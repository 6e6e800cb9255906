"""Printer test fixtures: a loopback network printer and an event collector for the queue."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import pytest

from pvz_desktop.devices.printer.print_queue import PrintEvent, PrintEventKind, PrintQueue, RetryPolicy
from pvz_desktop.store.engine import Store
from tests.devices.printer.fake_printer import FakePrinter

# Short delays so retries happen within a test; silence is judged after 0.3 s.
FAST = RetryPolicy(first_delay=0.05, max_delay=0.2, max_attempts=3)
STATUS_TIMEOUT = 0.3


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    p = FakePrinter()
    yield p
    p.close()


@pytest.fixture
def dead_printer() -> Iterator[FakePrinter]:
    """Switched off: its port refuses connections until ``power_on()``."""
    p = FakePrinter(powered=False)
    yield p
    p.close()


class Events:
    """Collects PrintEvents from the worker thread; ``wait`` blocks until one of a kind arrives."""

    def __init__(self) -> None:
        self.q: queue.Queue[PrintEvent] = queue.Queue()
        self.seen: list[PrintEvent] = []

    def __call__(self, event: PrintEvent) -> None:
        self.q.put(event)

    def wait(self, kind: PrintEventKind, timeout: float = 5.0, job_id: int | None = None) -> PrintEvent:
        import time

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.q.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            if event.kind is kind and (job_id is None or event.job_id == job_id):
                return event
        raise AssertionError(f"no {kind} event within {timeout} s; got {[(e.kind, e.message) for e in self.seen]}")


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def make_queue(store: Store, events) -> Iterator:
    queues: list[PrintQueue] = []

    def make(url: str, db: Store | None = None, **kw: object) -> PrintQueue:
        q = PrintQueue(db or store, url, on_event=events, policy=FAST, status_timeout=STATUS_TIMEOUT, **kw)
        queues.append(q)
        return q

    yield make
    for q in queues:
        assert q.stop(), "the worker did not stop"
