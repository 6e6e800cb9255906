"""Wake-ups across server processes on PostgreSQL: ``NOTIFY`` at commit, one ``LISTEN`` per process.

A write transaction that records a change names its point in ``session.info`` (``feed.record``); just before it
commits, ``pg_notify(CHANNEL, point id)`` is queued in the same transaction, so PostgreSQL
delivers it exactly when the change becomes visible (never before, never for a rollback). Each
process keeps one listening connection in a thread (not one per long-poll) and wakes its own
waiters of that point. When the connection is lost (a database restart) every waiter is woken and
long-polls fall back to re-reading every second until the listener is back; on reconnecting it
wakes everyone once more, since notifications sent meanwhile are gone.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pvz_central.feed import CHANGED_POINTS, ChangeNotifier

CHANNEL = "pvz_changes"
POLL_SECONDS = 0.5  # how often the listener thread checks whether it should stop
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)  # reconnect back-off; the last one repeats

log = logging.getLogger(__name__)


def _announce(session: Session) -> None:
    points = session.info.pop(CHANGED_POINTS, None)
    if points and session.get_bind().dialect.name == "postgresql":
        for point_id in sorted(points):
            session.execute(select(func.pg_notify(CHANNEL, point_id)))


def install(session_class: Any) -> None:
    """Queue the NOTIFY of every changed point before the sessions of ``session_class`` commit."""
    event.listen(session_class, "before_commit", _announce)
    event.listen(session_class, "after_rollback", lambda s: s.info.pop(CHANGED_POINTS, None))


def libpq_url(sqlalchemy_url: str) -> str:
    """The libpq form of a ``postgresql+psycopg://`` URL (what psycopg.connect takes)."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgListener:
    """The process's listening connection, in a daemon thread, until ``stop()``."""

    def __init__(self, url: str, notifier: ChangeNotifier) -> None:
        self._conninfo = libpq_url(url)
        self._notifier = notifier
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pvz-pg-listen", daemon=True)
        self.connected = threading.Event()  # set while LISTEN is active (tests wait for it)

    def start(self) -> PgListener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg  # only a PostgreSQL install has it (the optional dependency `central`)

        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    failures = 0
                    self.connected.set()
                    self._notifier.set_listening(True)  # wakes everyone: what happened while deaf is re-read
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_SECONDS):
                            self._notifier.notify(note.payload)
            except psycopg.Error as exc:
                log.warning("Wake-ups across processes paused (the database connection is lost): %s", exc)
            self.connected.clear()
            self._notifier.set_listening(False)  # long-polls re-read every second meanwhile
            if not self._stop.is_set():
                self._stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
