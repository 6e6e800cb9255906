"""P2, burst: shipment scans at 30 per second into an open waybill, through the pty scanner.

The real window over a copy of the 300,000-shipment point, Приёмка open on a waybill whose
shipments are expected. A separate process writes the codes to the pty on an absolute 30/s
schedule. Counted afterwards, in the database: every code received exactly once (lost = not
received, duplicated = more than one ``accept`` event or a duplicate scan counted). The event
loop's longest stall is measured by a single-shot QTimer re-armed every 10 ms that records how
late it fires; the same timer on the same idle window, just before, is the limit beside it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

from bench.common import ROOT, Figure, Stats, demo_db, main_of, working_copy
from bench.gui_harness import open_counter, wait_until

RATE = 30.0
TICK_MS = 10
TARGET_STALL_MS = 50.0


class LatenessProbe(QObject):
    """A 10 ms single-shot timer, re-armed on each shot: how late each shot comes is the stall."""

    def __init__(self) -> None:
        super().__init__()
        self.late: list[float] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._shot)
        self._armed = 0.0

    def start(self) -> None:
        self.late = []
        self._arm()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.late

    def _arm(self) -> None:
        self._armed = time.perf_counter()
        self._timer.start(TICK_MS)

    def _shot(self) -> None:
        self.late.append(max(0.0, (time.perf_counter() - self._armed) * 1000 - TICK_MS))
        self._arm()


class GcPauses:
    """How long each of the interpreter's garbage collections took (any thread): a stall's suspect."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._started) * 1000)

    def stop(self) -> list[float]:
        gc.callbacks.remove(self._callback)
        return self.pauses


def burst_waybill(conn: sqlite3.Connection, n: int) -> tuple[str, list[str]]:
    """The open waybill with the most expected shipments, and ``n`` of them in id order."""
    number, wid = conn.execute(
        "SELECT w.number, w.id FROM waybill w JOIN shipment s ON s.waybill_id = w.id "
        "WHERE w.status = 'open' AND s.status = 'expected' GROUP BY w.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    postings = [
        r[0]
        for r in conn.execute(
            "SELECT posting_number FROM shipment WHERE waybill_id = ? AND status = 'expected' ORDER BY id LIMIT ?",
            (wid, n),
        )
    ]
    if len(postings) < n:
        raise RuntimeError(f"waybill {number} has only {len(postings)} expected shipments")
    return number, postings


def run(quick: bool) -> list[Figure]:
    n = 600 if quick else 2000
    idle_s = 5.0 if quick else 10.0
    source = demo_db()
    with working_copy(source) as db, tempfile.TemporaryDirectory() as data_dir:
        conn = sqlite3.connect(db)
        number, postings = burst_waybill(conn, n)
        conn.close()
        codes_file = Path(data_dir) / "codes.txt"
        codes_file.write_text("\n".join(postings), encoding="ascii")

        counter = open_counter(db, Path(data_dir))
        window = counter.window
        page = window.page("acceptance")
        window.show_page("acceptance")
        counter.idle()
        counter.scanner.write(number.encode("ascii") + b"\r\n")
        wait_until(lambda: page.waybill == number, 20, f"waybill {number} open")
        counter.idle()

        routed: list[str] = []
        answered: dict[str, float] = {}
        window.router.scan_received.connect(lambda e: routed.append(e.code))

        def on_reconciled(_rec: object) -> None:
            code = page.log_model.row_at(0).code
            answered.setdefault(code, time.monotonic())

        page.reconciled.connect(on_reconciled)

        probe = LatenessProbe()
        probe.start()
        idle_until = time.perf_counter() + idle_s
        wait_until(lambda: time.perf_counter() >= idle_until, idle_s + 5, "idle baseline")
        idle_late = probe.stop()

        feeder = subprocess.Popen(
            [sys.executable, "-m", "bench.feeder", str(counter.scanner.master), str(RATE), str(codes_file)],
            cwd=ROOT,
            pass_fds=(counter.scanner.master,),
            stdout=subprocess.PIPE,
            text=True,
        )
        pauses = GcPauses()
        probe.start()
        started = time.perf_counter()
        wait_until(lambda: feeder.poll() is not None, n / RATE + 60, "feeder done")
        sent_at = json.loads(feeder.stdout.read() if feeder.stdout else "[]")
        with contextlib.suppress(TimeoutError):  # what never came is counted as lost below
            wait_until(lambda: len(answered) >= n and window.services.runner.idle, 60, "every scan answered")
        elapsed = time.perf_counter() - started
        burst_late = probe.stop()
        gc_pauses = pauses.stop()
        counter.close()

        conn = sqlite3.connect(db)
        wid = conn.execute("SELECT id FROM waybill WHERE number = ?", (number,)).fetchone()[0]
        marks = ",".join("?" * len(postings))
        received = conn.execute(
            f"SELECT count(*) FROM shipment WHERE posting_number IN ({marks}) AND status = 'received'", postings
        ).fetchone()[0]
        accepts = conn.execute(
            f"SELECT posting_number, count(*) FROM event WHERE kind = 'accept' AND posting_number IN ({marks}) "
            "GROUP BY posting_number HAVING count(*) > 1",
            postings,
        ).fetchall()
        dup_scans = conn.execute("SELECT duplicate_scans FROM waybill WHERE id = ?", (wid,)).fetchone()[0]
        conn.close()

    lost = n - received
    duplicated = len(accepts) + dup_scans + max(0, len(routed) - n)
    latency = [(answered[code] - at) * 1000 for code, at in zip(postings, sent_at, strict=False) if code in answered]
    rate = (len(sent_at) - 1) / (sent_at[-1] - sent_at[0]) if len(sent_at) > 1 else 0.0
    stall = Stats.of(burst_late)
    counts = {"sent": len(sent_at), "routed": len(routed), "received": received, "lost": lost, "duplicated": duplicated}
    return [
        Figure(
            "P2",
            f"burst {n} scans @30/s: loop lateness",
            "ms",
            stall,
            "same timer, idle window",
            Stats.of(idle_late),
            f"0 lost, 0 duplicated, stall ≤ {TARGET_STALL_MS:.0f} ms",
            lost == 0 and duplicated == 0 and stall.max <= TARGET_STALL_MS,
            f"lost {lost}, duplicated {duplicated}, longest stall {stall.max:.1f} ms, "
            f"feeder rate {rate:.1f}/s, all answered {elapsed:.1f} s after the first; "
            f"garbage collections {len(gc_pauses)}, longest {max(gc_pauses, default=0):.1f} ms",
            counts,
        ),
        Figure(
            "P2.a",
            "  scan → answer during the burst",
            "ms",
            Stats.of(latency),
            "",
            None,
            "",
            None,
            "pty write → Приёмка reconciled",
        ),
    ]


if __name__ == "__main__":
    main_of(run)
