"""Device drill: the receipt printer fails in every way it can, job after job, through one print queue.

A loopback TCP printer (the printer tests' FakePrinter) takes the jobs of a real print queue over
a real SQLite file. Each round one slip is printed while the printer: goes away in the middle
of the job and stays silent, goes away and comes back with no paper, has no paper, is silent,
or drops the connection once (a network blip). Each time the job stays queued, the user is
told why (a PrintEvent for that job), the whole job prints once the printer is back, and a
reprint sends the same bytes again. 5 rounds of each (50 with ``--long``).
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from pathlib import Path

from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.layouts import issuance_slip
from pvz_desktop.devices.printer.print_queue import PrintEventKind, PrintQueue
from pvz_desktop.devices.printer.status import PrinterStatus
from pvz_desktop.store.migrate import open_store
from tests.devices.printer import samples
from tests.devices.printer.conftest import FAST, STATUS_TIMEOUT, Events
from tests.devices.printer.fake_printer import FakePrinter, Mode

K = PrintEventKind
# fault -> (printer mode from the start, mode after it drops the job midway, what the user is told)
FAULTS: dict[str, tuple[Mode, Mode | None, PrinterStatus | None]] = {
    "gone mid-job": (Mode.OK, Mode.SILENT, PrinterStatus.OFFLINE),
    "gone mid-job, back without paper": (Mode.OK, Mode.PAPER_OUT, PrinterStatus.PAPER_OUT),
    "paper out": (Mode.PAPER_OUT, None, PrinterStatus.PAPER_OUT),
    "silent": (Mode.SILENT, None, PrinterStatus.OFFLINE),
    "network blip": (Mode.OK, Mode.OK, None),  # back at once: printed on the retry, nobody has to act
}


def test_printer_faults_keep_the_job_tell_the_user_and_reprint_works(tmp_path: Path, size, long_run, figures) -> None:
    rounds = size(5, 50)
    rng = random.Random(97 + rounds)
    events = Events()
    printer = FakePrinter()
    store = open_store(tmp_path / "pvz.db")
    q = PrintQueue(store, printer.url, on_event=events, policy=FAST, status_timeout=STATUS_TIMEOUT)
    told: dict[str, list[float]] = {fault: [] for fault in FAULTS}
    jobs: list[int] = []
    try:
        q.start()
        for n in range(rounds * len(FAULTS)):
            fault = list(FAULTS)[n % len(FAULTS)]
            mode, after_drop, status = FAULTS[fault]
            data = issuance_slip(samples.slip(op_id=str(uuid.UUID(int=rng.getrandbits(128)))), PageSetup(17, 80))
            printer.mode = mode
            if after_drop is not None:
                printer.drop_after, printer.mode_after_drop = rng.randrange(1, len(data)), after_drop
            sent_before = len(printer.data)

            started = time.monotonic()
            job = q.submit("issuance_slip", f"Акт выдачи {n}", data)
            jobs.append(job)
            if after_drop is not None:
                retrying = events.wait(K.RETRYING, job_id=job)
                assert f"Акт выдачи {n}" in retrying.message and "Повтор" in retrying.message
            if status is not None:
                waiting = events.wait(K.WAITING, job_id=job)
                told[fault].append(time.monotonic() - started)
                assert waiting.status is status and status.label in waiting.message, (fault, waiting)
                view = q.job(job)
                assert view.state == "queued" and view.last_error, (fault, view)
                assert q.pending() == 1
                if after_drop is None:
                    assert len(printer.data) == sent_before, "a job was sent to a printer that cannot print"
                printer.mode = Mode.OK  # paper loaded, cable back in
                q.wake()  # the cashier presses «Повторить»
            events.wait(K.PRINTED, job_id=job)
            if status is None:
                told[fault].append(time.monotonic() - started)
            assert printer.data.endswith(data), f"{fault}: the job did not arrive whole after the printer came back"
            assert q.job(job).state == "done"

            again = q.reprint(job)
            events.wait(K.PRINTED, job_id=again)
            assert printer.data.endswith(data + data)
            jobs.append(again)
        assert q.pending() == 0
        assert {j.id: j.state for j in q.jobs(limit=len(jobs))} == dict.fromkeys(jobs, "done")
    finally:
        assert q.stop()
        store.close()
        printer.close()

    name = "printer faults (long)" if long_run else "printer faults"
    figures(name, "rounds per fault", rounds)
    for fault, times in told.items():
        figures(
            name,
            f"{fault}: told/printed median/max ms",
            f"{statistics.median(times) * 1000:.0f}/{max(times) * 1000:.0f}",
        )
