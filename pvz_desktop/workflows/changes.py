"""What a write changed, told once where it commits (as Anki's ``OpChanges``).

Every committed ``Operation`` (workflows/operation.py) makes one ``OpChanges``: the shipments
whose status or place changed, the cells and waybills they were in, whether an operation now
waits for the server, and the operation's kind. It goes two ways:

- to the task that ran the workflow call: ``collect()`` gathers, on the calling thread, what
  every operation committed inside it; the window's ``TaskRunner`` hands that back with the
  result, and each view re-reads only when the changes concern it;
- to the context's ``ChangeFeed`` listeners, whatever thread wrote: the sync worker wakes
  its push thread there when an outbox row was written, instead of polling; the window hands
  what a pulled page changed (``server_changes.PULLED_KINDS``) to the tab on screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

SHIFT_KINDS = frozenset({"shift_open", "shift_close"})
# The operations that write what the server sent (``server_changes``: a feed page, a shipment read
# again after a refusal, the point's snapshot); their OpChanges also name each entity the server
# sent, as PULLED + entity ("pulled:shipment", "pulled:waybill", "pulled:support_message", …).
PULLED_KINDS = frozenset({"server_changes", "shipment_reread", "point_snapshot"})
PULLED = "pulled:"


@dataclass(frozen=True)
class OpChanges:
    shipments: frozenset[str] = frozenset()  # posting numbers whose row changed
    cells: frozenset[int] = frozenset()  # ids of the cells those shipments left or entered
    waybills: frozenset[int] = frozenset()  # ids of the waybills those shipments belong to
    kinds: frozenset[str] = frozenset()  # the operations' kinds ("issue", "shift_open", …)
    outbox: bool = False  # an operation now waits for the server

    @property
    def shift(self) -> bool:
        """A shift was opened or closed."""
        return not SHIFT_KINDS.isdisjoint(self.kinds)

    @property
    def pulled(self) -> bool:
        """Written from what the server sent: changed at another counter or by the server."""
        return not PULLED_KINDS.isdisjoint(self.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)  # every committed operation names its kind

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(
            self.shipments | other.shipments,
            self.cells | other.cells,
            self.waybills | other.waybills,
            self.kinds | other.kinds,
            self.outbox or other.outbox,
        )


NO_CHANGES = OpChanges()


@dataclass
class ChangeBuilder:
    """What one operation has changed so far (filled by ``Operation`` as it records)."""

    kind: str
    shipments: set[str] = field(default_factory=set)
    cells: set[int] = field(default_factory=set)
    waybills: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)

    def shipment(self, posting: str | None, cell_id: int | None = None, waybill_id: int | None = None) -> None:
        if posting is not None:
            self.shipments.add(posting)
        if cell_id is not None:
            self.cells.add(cell_id)
        if waybill_id is not None:
            self.waybills.add(waybill_id)

    @property
    def touched(self) -> bool:
        """Rows changed without a ledger event (a pulled page that moved a parcel or changed a waybill)."""
        return bool(self.shipments or self.cells or self.waybills)

    def build(self, *, outbox: bool) -> OpChanges:
        return OpChanges(
            frozenset(self.shipments),
            frozenset(self.cells),
            frozenset(self.waybills),
            frozenset(self.kinds | {self.kind}),
            outbox,
        )


class _Collector:
    def __init__(self) -> None:
        self.changes = NO_CHANGES

    def add(self, changes: OpChanges) -> None:
        self.changes = self.changes | changes


_collector: ContextVar[_Collector | None] = ContextVar("pvz_op_changes", default=None)


@contextmanager
def collect() -> Iterator[Callable[[], OpChanges]]:
    """Gather what the operations committed in this block change; call the yielded function
    for the sum (read it after the block: a failed block may still have committed some)."""
    collector = _Collector()
    token = _collector.set(collector)
    try:
        yield lambda: collector.changes
    finally:
        _collector.reset(token)


def note(changes: OpChanges) -> None:
    """Add committed changes to the block ``collect()`` opened on this thread, if any."""
    collector = _collector.get()
    if collector is not None and changes:
        collector.add(changes)


def run_collecting(fn: Callable[[], object]) -> tuple[object, BaseException | None, OpChanges]:
    """``fn()`` and what it changed, even when it raised after a commit: (value, error, changes).

    For a call handed to another thread and waited for: ``note`` the changes back there."""
    with collect() as changes:
        try:
            value = fn()
        except BaseException as exc:  # handed back to the waiting thread, which raises it
            return None, exc, changes()
    return value, None, changes()


class ChangeFeed:
    """Listeners told of every commit, on the writing thread: keep them short and never raise."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[OpChanges], None]] = []

    def subscribe(self, listener: Callable[[OpChanges], None]) -> Callable[[], None]:
        """Add ``listener``; returns the function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: OpChanges) -> None:
        note(changes)
        with self._lock:
            listeners: Iterable[Callable[[OpChanges], None]] = tuple(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a listener's bug must not turn a committed write into a failure
                log.exception("change listener failed")
