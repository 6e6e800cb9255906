"""The WAL checkpoint, run beside the writes instead of inside one of them.

SQLite copies its write-ahead log back into the database file when a commit finds the log past
1,000 pages (``wal_autocheckpoint``): that commit then also writes ~4 MB into the file and syncs
it, on the writer thread, about once every 60 scans — the slowest scans of a supply or a waybill.
The store's writes leave it to this thread instead: every ``EVERY`` commits it runs a PASSIVE
checkpoint on its own connection (it waits for no reader or writer, and none waits for it).

Durability does not depend on it: a commit is on disk once its log is synced (synchronous=FULL
syncs the log at every commit), whenever its pages reach the file. The writers keep SQLite's own
checkpoint at a larger size (``BACKSTOP_PAGES``), so the log stays bounded if this thread is late.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

EVERY = 32  # commits between checkpoints (a supply scan writes ~15 pages: ~500 pages a pass)
BACKSTOP_PAGES = 10_000  # the writers' own checkpoint, if this thread has not kept up (~40 MB)


class WalCheckpointer:
    """Checkpoints the store's log on its own thread, started by the first ``EVERY`` commits."""

    def __init__(self, path: Path, busy_timeout_s: float, every: int = EVERY) -> None:
        self._path = path
        self._busy_timeout_s = busy_timeout_s
        self._every = every
        self._commits = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.passes = 0  # checkpoints run (what the tests watch)

    def committed(self) -> None:
        """A write committed (called on the writing thread; costs a counter)."""
        self._commits += 1  # a lost increment under two writers only delays a pass
        if self._commits < self._every:
            return
        self._commits = 0
        with self._lock:
            if self._stopping:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pvz-checkpoint", daemon=True)
                self._thread.start()
        self._wake.set()

    def close(self) -> None:
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, timeout=self._busy_timeout_s, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=FULL")  # the file is synced after its pages are copied
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.passes += 1
                except sqlite3.Error as exc:  # a full disk, say: the next pass, or the writers' own, retries
                    log.warning("WAL checkpoint failed: %s", exc)
        finally:
            conn.close()
