"""Every scanner in one ordered stream of ScanEvent and DeviceStatusEvent.

Each source reads in its own thread and hands events to ``submit``; the hub drops repeats
(debounce) and passes everything on, in the order it arrived, either to a callback (called from
one hub thread, one event at a time) or into the ``events`` queue. The GUI submits wedge scans too.

With ``inline=True`` there is no hub thread: ``submit`` calls the callback itself, under the
hub's lock, so events still arrive one at a time and in the debounced order, one thread hand-off
sooner. Only for a callback that returns at once and never calls ``submit`` (the GUI's queued
signal emit).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Sequence

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.text import msg
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent, ScanEvent
from pvz_desktop.devices.scanner.host_ack import HostAck
from pvz_desktop.devices.scanner.lifecycle import scanner_label
from pvz_desktop.devices.scanner.sources import ScannerSource, sources_from_urls

log = logging.getLogger(__name__)

HubEvent = ScanEvent | DeviceStatusEvent
OnEvent = Callable[[HubEvent], None]


class ScannerHub:
    def __init__(
        self,
        sources: Sequence[ScannerSource],
        on_event: OnEvent | None = None,
        debouncer: Debouncer | None = None,
        *,
        inline: bool = False,
    ) -> None:
        self._sources = list(sources)
        self._on_event = on_event
        self._inline = inline and on_event is not None
        self._debouncer = debouncer or Debouncer()
        self.events: queue.Queue[HubEvent] = queue.Queue()  # filled only when there is no callback
        self._pending: queue.Queue[HubEvent | None] = queue.Queue()  # for the callback thread; None = stop
        self._lock = threading.Lock()
        self._states = {s.source: DeviceState.CLOSED for s in self._sources}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._dispatcher: threading.Thread | None = None

    @classmethod
    def from_urls(
        cls,
        urls: Iterable[str],
        on_event: OnEvent | None = None,
        debouncer: Debouncer | None = None,
        *,
        inline: bool = False,
    ) -> ScannerHub:
        """Raises BadInput (Russian message) for a wrong URL, before anything is opened."""
        return cls(sources_from_urls(urls), on_event, debouncer, inline=inline)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(s.source for s in self._sources)

    def acknowledges(self, source: str) -> bool:
        """Whether scans from ``source`` wait for the counter's verdict (host ACK)."""
        return self._ack(source) is not None

    def answer(self, event: ScanEvent, accepted: bool) -> bool:
        """The counter's verdict on ``event``, for a scanner that beeps it; False if not sent."""
        ack = self._ack(event.source)
        return ack is not None and ack.answer(event, accepted)

    def _ack(self, source: str) -> HostAck | None:
        for s in self._sources:
            if s.source == source:
                return getattr(s, "ack", None)
        return None

    def state(self, source: str) -> DeviceState:
        with self._lock:
            return self._states.get(source, DeviceState.CLOSED)

    def start(self) -> None:
        if self._threads:
            return
        if self._on_event is not None and not self._inline:
            self._dispatcher = threading.Thread(target=self._dispatch, name="scanner-hub", daemon=True)
            self._dispatcher.start()
        for source in self._sources:
            thread = threading.Thread(target=self._read, args=(source,), name=f"scanner {source.name}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading, close every device (a CLOSED status each) and deliver what is left."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        for source in self._sources:
            if self.state(source.source) != DeviceState.CLOSED:
                self.submit(
                    DeviceStatusEvent(
                        source.source,
                        DeviceState.CLOSED,
                        msg("Сканер {name} закрыт", name=scanner_label(source.name)),
                        utcnow(),
                    )
                )
        if self._dispatcher is not None:
            self._pending.put(None)
            self._dispatcher.join(timeout)
            self._dispatcher = None

    def __enter__(self) -> ScannerHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def submit(self, event: HubEvent) -> None:
        """Thread-safe entry for every source, and for wedge scans from the GUI."""
        with self._lock:
            if isinstance(event, ScanEvent) and not self._debouncer.accept(event.source, event.code):
                if (ack := self._ack(event.source)) is not None:
                    ack.repeat(event)  # the scanner waits for an answer even to a double read
                return
            if isinstance(event, DeviceStatusEvent) and event.state != DeviceState.ERROR:
                self._states[event.source] = event.state
            if self._inline:
                self._deliver(event)
            else:
                (self._pending if self._on_event is not None else self.events).put(event)

    def _read(self, source: ScannerSource) -> None:
        try:
            source.run(self.submit, self._stop)
        except Exception:  # a bug in one source must not silence the others
            log.exception("scanner source %s failed", source.source)
            message = msg("Сканер {name}: внутренняя ошибка, сканер остановлен", name=scanner_label(source.name))
            self.submit(DeviceStatusEvent(source.source, DeviceState.ERROR, message, utcnow()))

    def _dispatch(self) -> None:
        while (event := self._pending.get()) is not None:
            self._deliver(event)

    def _deliver(self, event: HubEvent) -> None:
        assert self._on_event is not None
        try:
            self._on_event(event)
        except Exception:  # one failing handler must not stop the stream
            log.exception("scanner event handler failed for %r", event)
