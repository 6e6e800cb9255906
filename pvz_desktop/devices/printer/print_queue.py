"""The persistent print queue (table ``print_job``), worked by one background thread.

A job is written to the database before anything is sent, and leaves the queue only when the
printer confirmed it took the bytes (``sender.send``). Jobs go out in order. While the printer
is not ready (paper out, cover open, offline) jobs wait and the reason is reported; a job whose
sending broke is retried with a growing delay and, after ``RetryPolicy.max_attempts`` broken
sends, marked failed with the error: it stays in the table and can be re-queued or reprinted.
A new queue object over the same database resumes whatever was left queued.

``on_event`` is called from the worker thread (and from ``submit``'s caller); the gui forwards
it to a Qt signal.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update

from pvz_desktop.core.clock import Clock, utcnow
from pvz_desktop.core.errors import BadInput, DiskFull, NotFound
from pvz_desktop.devices.printer.config import PrinterConfig, parse_printer_url
from pvz_desktop.devices.printer.errors import PrinterLost, PrinterUnavailable
from pvz_desktop.devices.printer.sender import send
from pvz_desktop.devices.printer.status import PrinterNotReady, PrinterStatus, read_status
from pvz_desktop.devices.printer.transport import Transport, make_transport
from pvz_desktop.store.engine import Store
from pvz_desktop.store.models import PrintJob

log = logging.getLogger(__name__)

QUEUED, DONE, FAILED = "queued", "done", "failed"
# A drawer kick is never stored: after this long unsent it is dropped, so a drawer never opens
# by surprise minutes later (after a printer comes back, or a restart).
DRAWER_KICK_WINDOW = 15.0
DRAWER_KICK_RETRY = 0.5  # seconds between tries while the printer cannot be reached


class PrintEventKind(StrEnum):
    QUEUED = "queued"  # stored, will be printed
    PRINTED = "printed"
    WAITING = "waiting"  # the printer is not ready; jobs are kept, ``message`` says why
    RETRYING = "retrying"  # sending broke off; the job will be sent again
    FAILED = "failed"  # given up: the job is kept as failed, reprint it from the journal
    STATUS = "status"  # the printer's status changed while idle
    DRAWER = "drawer"  # the cash drawer was kicked open, or its switch changed (``drawer_open``)


@dataclass(frozen=True, slots=True)
class PrintEvent:
    kind: PrintEventKind
    job_id: int | None
    title: str
    message: str  # Russian, for the status bar or a dialog
    status: PrinterStatus | None = None
    drawer_open: bool | None = None  # DRAWER: the switch's state (None: not known)


@dataclass(frozen=True, slots=True)
class PrintJobView:
    id: int
    kind: str
    title: str
    state: str  # queued / done / failed
    attempts: int
    last_error: str | None
    created_at: datetime
    printed_at: datetime | None
    printer_url: str
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    first_delay: float = 2.0  # seconds
    max_delay: float = 60.0
    max_attempts: int = 5  # broken sends before a job is marked failed

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.first_delay * 2 ** max(0, attempt - 1))


EventSink = Callable[[PrintEvent], None]


def _view(job: PrintJob) -> PrintJobView:
    return PrintJobView(
        job.id,
        job.kind,
        job.title,
        job.state,
        job.attempts,
        job.last_error,
        job.created_at,
        job.printed_at,
        job.printer_url,
        len(job.data),
    )


class PrintQueue:
    def __init__(
        self,
        store: Store,
        printer: PrinterConfig | str,
        *,
        on_event: EventSink | None = None,
        policy: RetryPolicy | None = None,
        status_timeout: float = 1.0,
        io_timeout: float = 5.0,
        status_poll: float | None = None,
        clock: Clock = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.config = parse_printer_url(printer) if isinstance(printer, str) else printer
        self.policy = policy or RetryPolicy()
        self.status_timeout = status_timeout
        self.io_timeout = io_timeout
        self.status_poll = status_poll  # seconds between status checks while idle; None = never
        self._on_event = on_event
        self._clock = clock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._force = False  # a user action: try now, whatever the backoff says
        self._force_lock = threading.Lock()
        self._hold_until = 0.0  # monotonic; the printer was not ready, look again after this
        self._hold_delay = 0.0
        self._reported: tuple[PrinterStatus, str] | None = None
        self._last_poll = 0.0
        self.last_status: PrinterStatus | None = None
        self._monotonic = monotonic  # for the drawer kick's window
        self._kick_until = 0.0  # monotonic deadline of a wanted drawer kick; 0 = none
        self.drawer_open: bool | None = None
        self._sent_unrecorded: dict[int, PrinterStatus] = {}  # printed, but the mark could not be written yet

    # -- the gui's side ------------------------------------------------------------------------
    def submit(self, kind: str, title: str, data: bytes) -> int:
        """Store a job (before anything is sent) and wake the worker. Returns the job id."""
        if not data:
            raise BadInput("Пустое задание печати: печатать нечего")
        if not kind or len(kind) > 32:
            raise BadInput("Вид задания печати должен быть непустым и не длиннее 32 знаков")
        with self.store.write() as s:
            job = PrintJob(kind=kind, title=title[:256], printer_url=self.config.url, data=bytes(data), state=QUEUED)
            job.created_at = self._clock()
            s.add(job)
            s.flush()
            job_id = job.id
        self._emit(PrintEvent(PrintEventKind.QUEUED, job_id, title, f"«{title}» поставлено в очередь печати"))
        self.wake()
        return job_id

    def reprint(self, job_id: int) -> int:
        """Queue a new job with the same bytes as ``job_id`` (in any state). Returns the new id."""
        with self.store.read() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise NotFound(f"Задание печати №{job_id} не найдено")
            kind, title, data = job.kind, job.title, job.data
        return self.submit(kind, title, data)

    def retry(self, job_id: int) -> None:
        """Put a failed (or waiting) job back at its place in the queue and try at once."""
        with self.store.write() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise NotFound(f"Задание печати №{job_id} не найдено")
            if job.state == DONE:
                raise BadInput(f"«{job.title}» уже напечатано: для второго экземпляра выберите «Напечатать ещё раз»")
            job.state, job.attempts, job.next_attempt_at = QUEUED, 0, None
        self.wake()

    def job(self, job_id: int) -> PrintJobView:
        with self.store.read() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise NotFound(f"Задание печати №{job_id} не найдено")
            return _view(job)

    def job_data(self, job_id: int) -> bytes:
        """The job's ESC/POS bytes, e.g. for ``decode_escpos`` in the journal's preview."""
        with self.store.read() as s:
            data = s.scalar(select(PrintJob.data).where(PrintJob.id == job_id))
        if data is None:
            raise NotFound(f"Задание печати №{job_id} не найдено")
        return data

    def jobs(self, limit: int = 100, state: str | None = None) -> list[PrintJobView]:
        """The journal, newest first."""
        query = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
        if state is not None:
            query = query.where(PrintJob.state == state)
        with self.store.read() as s:
            return [_view(j) for j in s.scalars(query)]

    def pending(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.state == QUEUED)) or 0

    def open_drawer(self, within: float = DRAWER_KICK_WINDOW) -> None:
        """Kick the cash drawer open on the worker's next pass, before any job; dropped if it
        cannot be sent within ``within`` seconds. Never stored: the drawer opens now or never."""
        with self._force_lock:
            self._kick_until = self._monotonic() + within
        self.wake()

    def _take_kick(self) -> float:
        """The deadline of a kick still wanted (cleared), or 0."""
        with self._force_lock:
            deadline, self._kick_until = self._kick_until, 0.0
        return deadline if deadline > self._monotonic() else 0.0

    def _keep_kick(self, deadline: float) -> None:
        with self._force_lock:
            self._kick_until = max(self._kick_until, deadline)

    def wake(self) -> None:
        """Try the queue now, skipping any backoff (after «Повторить», new paper, a new job)."""
        with self._force_lock:
            self._force = True
        self._wake.set()

    # -- the worker ----------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self.wake()  # jobs left over from the last run go out at once
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the worker after the job in hand; True if it stopped within ``timeout``."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("print queue: worker still busy after %.1f s", timeout)
            return False
        return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                delay = self.run_once()
            except DiskFull as exc:  # jobs stay queued as stored; the next pass after space is freed goes on
                log.warning("print queue: %s", exc.message)
                delay = self.policy.first_delay
            except Exception:  # a database or programming error must not kill printing for good
                log.exception("print queue: pass failed")
                delay = self.policy.first_delay
            if delay is None and self.status_poll is not None:
                delay = max(0.0, self.status_poll - (time.monotonic() - self._last_poll))
            self._wake.wait(delay)

    def run_once(self) -> float | None:
        """Send every due job in order. Returns seconds until another pass is due (None: idle)."""
        with self._force_lock:
            force, self._force = self._force, False
        if force:
            self._reported = None  # the user acted: tell them again why the printer waits
        elif (left := self._hold_until - time.monotonic()) > 0:
            return left
        due = self._due_jobs(force)
        kick = self._take_kick()
        if not due and not kick:
            if self.status_poll is not None and time.monotonic() - self._last_poll >= self.status_poll:
                self.poll_status()
            return self._next_due()
        try:
            transport = make_transport(self.config, self.io_timeout).open()
        except PrinterUnavailable as exc:
            if kick:
                self._keep_kick(kick)
            if not due:
                return DRAWER_KICK_RETRY
            return self._hold(due[0], PrinterStatus.OFFLINE, exc.message)
        try:
            # The same connection and thread as the jobs: the kick never lands inside a job's bytes.
            if kick and not self._kick(transport, kick):
                return DRAWER_KICK_RETRY
            for job_id in due:
                if self._stopping.is_set():
                    return 0.0
                delay = self._print_one(transport, job_id)
                if delay is not None:
                    return delay
        finally:
            transport.close()
        # A printed job not yet marked (a full disk) is queued still: look again later, not at once.
        return self.policy.first_delay if self._sent_unrecorded else self._next_due()

    def _kick(self, transport: Transport, deadline: float) -> bool:
        try:
            transport.write(self.config.drawer.kick())
        except PrinterLost:
            self._keep_kick(deadline)
            return False
        self._emit(PrintEvent(PrintEventKind.DRAWER, None, "", "Денежный ящик открыт командой", drawer_open=True))
        return True

    def poll_status(self) -> PrinterStatus:
        """Ask the printer for its status (worker thread only: one connection at a time)."""
        self._last_poll = time.monotonic()
        printer = None
        try:
            with make_transport(self.config, self.io_timeout) as transport:
                status, printer = read_status(transport, self.status_timeout)
        except PrinterUnavailable:
            status = PrinterStatus.OFFLINE
        if status is not self.last_status:
            self.last_status = status
            self._emit(PrintEvent(PrintEventKind.STATUS, None, "", status.label, status))
        drawer_open = None if printer is None else self.config.drawer.is_open(printer)
        if drawer_open is not self.drawer_open:
            self.drawer_open = drawer_open
            if drawer_open is not None:
                message = "Денежный ящик открыт" if drawer_open else "Денежный ящик закрыт"
                self._emit(PrintEvent(PrintEventKind.DRAWER, None, "", message, drawer_open=drawer_open))
        return status

    def _print_one(self, transport: Transport, job_id: int) -> float | None:
        with self.store.read() as s:
            job = s.get(PrintJob, job_id)
            if job is None or job.state != QUEUED:
                return None
            title, data = job.title, job.data
        status = self._sent_unrecorded.get(job_id)
        if status is None:
            try:
                status = send(transport, data, self.status_timeout)
            except PrinterNotReady as exc:
                return self._hold(job_id, exc.status, exc.message)
            except PrinterLost as exc:
                return self._broken(job_id, title, exc.message)
            # Printed; if the disk is full the mark below fails: the job is marked later, not printed twice.
            self._sent_unrecorded[job_id] = status
        try:
            with self.store.write() as s:
                job = s.get(PrintJob, job_id)
                job.state, job.attempts, job.last_error = DONE, job.attempts + 1, None
                job.printed_at, job.next_attempt_at, job.printer_url = self._clock(), None, self.config.url
        except DiskFull:
            log.warning("print queue: «%s» printed; marked as printed once the disk has room", title)
            return None  # the next job still goes out
        del self._sent_unrecorded[job_id]
        self._hold_delay, self._reported, self.last_status = 0.0, None, status
        message = f"«{title}» напечатано" + ("" if status is PrinterStatus.OK else f". {status.label}")
        self._emit(PrintEvent(PrintEventKind.PRINTED, job_id, title, message, status))
        return None

    def _hold(self, job_id: int, status: PrinterStatus, reason: str) -> float:
        """The printer cannot take jobs now: keep them all, say why once, look again later."""
        self.last_status = status
        self._hold_delay = min(self.policy.max_delay, max(self.policy.first_delay, self._hold_delay * 2))
        self._hold_until = time.monotonic() + self._hold_delay
        with self.store.write() as s:
            s.execute(update(PrintJob).where(PrintJob.id == job_id).values(last_error=reason))
        if self._reported != (status, reason):
            self._reported = (status, reason)
            waiting = self.pending()
            message = f"{_clause(reason)}. Ждут печати: {waiting}"
            self._emit(PrintEvent(PrintEventKind.WAITING, job_id, self._title(job_id), message, status))
        return self._hold_delay

    def _broken(self, job_id: int, title: str, reason: str) -> float:
        """Sending broke off: count the attempt; retry later, or give up and report failure."""
        self.last_status = PrinterStatus.OFFLINE
        with self.store.write() as s:
            job = s.get(PrintJob, job_id)
            job.attempts += 1
            job.last_error = reason
            failed = job.attempts >= self.policy.max_attempts
            delay = self.policy.delay(job.attempts)
            if failed:
                job.state, job.next_attempt_at = FAILED, None
            else:
                job.next_attempt_at = self._clock() + timedelta(seconds=delay)
        self._reported = None
        if failed:
            message = f"«{title}» не напечатано: {_clause(reason)}. Задание сохранено, его можно напечатать снова"
            self._emit(PrintEvent(PrintEventKind.FAILED, job_id, title, message, PrinterStatus.OFFLINE))
            return 0.0  # the next job may go out at once
        message = f"«{title}»: {_clause(reason)}. Повтор через {delay:.0f} с"
        self._emit(PrintEvent(PrintEventKind.RETRYING, job_id, title, message, PrinterStatus.OFFLINE))
        return delay

    def _due_jobs(self, force: bool) -> list[int]:
        """Queued jobs in order, up to the first one still waiting out its backoff."""
        now = self._clock()
        with self.store.read() as s:
            rows = s.execute(
                select(PrintJob.id, PrintJob.next_attempt_at).where(PrintJob.state == QUEUED).order_by(PrintJob.id)
            ).all()
        due = []
        for job_id, next_at in rows:
            if not force and next_at is not None and next_at > now:
                break
            due.append(job_id)
        return due

    def _next_due(self) -> float | None:
        with self.store.read() as s:
            first = s.execute(
                select(PrintJob.next_attempt_at).where(PrintJob.state == QUEUED).order_by(PrintJob.id).limit(1)
            ).first()
        if first is None:
            return None
        if first[0] is None:
            return 0.0
        return max(0.0, (first[0] - self._clock()).total_seconds())

    def _title(self, job_id: int) -> str:
        with self.store.read() as s:
            return s.scalar(select(PrintJob.title).where(PrintJob.id == job_id)) or ""

    def _emit(self, event: PrintEvent) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not stop printing
            log.exception("print queue: event listener failed")


def _clause(reason: str) -> str:
    """A reason that is a sentence of its own («…кабель.») without its full stop, to go on after it."""
    return reason.rstrip().rstrip(".")
