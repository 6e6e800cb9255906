"""Disk-full drill: the data directory on a small filesystem that fills up during acceptance.

The test mounts a size-limited tmpfs (root only; skipped with the reason otherwise) and runs the
real window over a point whose database, log and print queue live on it. A file filling the rest
of the space stands for whatever filled the disk. Scans are then either acknowledged (SQLite may
still have room in its WAL) or refused with «Нет места на диске…» on the banner; two print jobs
queued before stay queued (the printer comes back meanwhile: they print once, and are marked
printed once the disk has room). The filler is deleted and the refused parcels are scanned again
in the same window: accepted. Afterwards every acknowledged scan is in the database with one
ledger event and one outbox row, nothing refused was half-written, the chain verifies, and
neither the log nor stderr holds a traceback.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pvz_desktop.config import Settings
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event, Outbox, PrintJob, Shipment
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.ledger import verify_chain
from tests.builders import PointBuilder, the_test_pickup_key
from tests.conftest import app_log
from tests.devices.printer.fake_printer import FakePrinter
from tests.drills.checks import integrity

DISK_MB = 24
PARCELS = 40
WAYBILL = "TN-0000000042"
FULL = "Нет места на диске"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of DISK_MB mounted for this test, unmounted after it."""
    if os.geteuid() != 0:
        pytest.skip(f"mounting a size-limited tmpfs needs root; the tests run as uid {os.geteuid()}")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m,mode=0700", "pvz-drill", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the filesystem refuses another byte."""
    filler = disk / "filler.bin"
    block = b"\0" * 65536
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
        try:
            while True:  # the last partial block
                f.write(b"\0" * 512)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


def test_a_full_disk_refuses_scans_keeps_print_jobs_and_recovers_by_itself(
    qtbot, small_disk: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    store = open_store(small_disk / "pvz.db")
    ctx = WorkflowContext(
        store=store,
        actor=Actor(employee_id="emp-1", workstation="counter-1", employee_name="Смирнова О."),
        pickup_key=the_test_pickup_key,
    )
    point = PointBuilder(store)
    point.add_waybill(WAYBILL)
    parcels = [point.add_shipment(customer=None, waybill=WAYBILL) for _ in range(PARCELS)]
    printer = FakePrinter(powered=False)  # switched off: the jobs wait in the queue
    settings = Settings(data_dir=small_disk, scanners="", printer=printer.url, point_name="ПВЗ", workstation="c-1")

    with app_log(small_disk) as log_file:
        ensure_app()
        window = build_window(ctx, settings, demo=False, sound=False)
        qtbot.addWidget(window)
        window.show()
        window.start_devices()
        feedback, runner = window.services.feedback, window.services.runner

        def scan(code: str) -> tuple[str, str]:
            # The print queue's «Ждут печати» may reach the banner meanwhile: that answers no scan.
            with qtbot.waitSignal(
                feedback.shown, timeout=10_000, check_params_cb=lambda _tone, text: "Ждут печати" not in text
            ) as answer:
                window.router.inject(code, source="drill")
            qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
            return answer.args[0], answer.args[1]

        def queued_jobs() -> int:
            with store.read() as s:
                return s.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.state == "queued")) or 0

        try:
            window.show_page("acceptance")
            assert scan(WAYBILL)[0] in ("ok", "info")
            acknowledged = []
            for posting in parcels[:10]:
                assert scan(posting)[0] == "ok"
                acknowledged.append(posting)
            printing = window.services.printer
            for n in (1, 2):
                printing.print_bytes("drill", f"Задание {n}", f"ЗАДАНИЕ-{n}\n".encode() * 20)
            qtbot.waitUntil(lambda: queued_jobs() == 2, timeout=10_000)

            filler = fill(small_disk)
            refused: list[str] = []
            for posting in parcels[10:]:
                tone, text = scan(posting)
                if tone == "ok":
                    assert not refused, "a scan was acknowledged after the disk refused one"
                    acknowledged.append(posting)
                    continue
                assert tone == "error" and text.startswith(FULL), (tone, text)
                assert feedback.banner.message.startswith(FULL)
                refused.append(posting)
                if len(refused) == 5:
                    break
            assert refused, "the disk never filled up"
            assert queued_jobs() == 2  # nothing dropped from the queue
            # The printer comes back while the disk is still full: both print, neither is lost.
            printer.power_on()
            printing.queue.wake()
            assert printer.wait_for(lambda p: p.data.count("ЗАДАНИЕ-2\n".encode()) == 20, 15)
            assert queued_jobs() == 2  # printed, but not yet marked: the disk is still full

            filler.unlink()  # space is freed: the counter goes on, no restart
            for posting in refused:
                assert scan(posting)[0] == "ok"
                acknowledged.append(posting)
            printing.queue.wake()
            qtbot.waitUntil(lambda: queued_jobs() == 0, timeout=15_000)
        finally:
            window.devices.stop()
            runner.shutdown()
            printer.close()
        log_text = log_file.read_text(encoding="utf-8", errors="replace")

    # Each job printed exactly once (marking it printed after the disk had room did not resend it).
    for n in (1, 2):
        assert printer.data.count(f"ЗАДАНИЕ-{n}\n".encode()) == 20
    assert integrity(small_disk / "pvz.db") == "ok"
    assert verify_chain(ctx).ok
    with store.read() as s:
        status = dict(s.execute(select(Shipment.posting_number, Shipment.status)).all())
        accepts = dict(
            s.execute(
                select(Shipment.posting_number, func.count(Event.id))
                .join(Event, Event.shipment_id == Shipment.id)
                .where(Event.kind == "accept")
                .group_by(Shipment.posting_number)
            ).all()
        )
        outbox = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.kind == "acceptance_scan"))
    for posting in acknowledged:
        assert status[posting] == "received"
        assert accepts[posting] == 1
    for posting in set(parcels) - set(acknowledged):
        assert status[posting] == "expected" and posting not in accepts
    assert outbox == len(acknowledged)
    store.close()
    err = capfd.readouterr().err
    assert "Traceback" not in err, err
    assert "Traceback" not in log_text


def test_the_disk_full_refusal_reads_in_english(qtbot) -> None:
    from pvz_desktop.core.errors import DiskFull
    from pvz_desktop.gui.feedback import Banner, Feedback
    from pvz_desktop.gui.i18n import install_language
    from pvz_desktop.gui.sounds import SoundPlayer

    app = ensure_app()
    assert install_language(app, "en") == "en"
    try:
        feedback = Feedback(Banner(), SoundPlayer(enabled=False))
        feedback.fail(DiskFull())
        assert feedback.banner.tone.value == "error"
        assert feedback.banner.message.startswith("No space left on the disk: the operation was not saved")
    finally:
        install_language(app, "ru")


def test_sync_on_a_full_disk_says_so_and_goes_on_once_space_is_freed(small_disk: Path) -> None:
    """The pull cannot write what the server sent: the status says the disk is full (not «no
    connection»), nothing is half-applied, and the same worker catches up once space is freed."""
    import queue

    from pvz_desktop.sync.worker import SyncStatus, SyncWorker
    from tests.central.harness import delivery, login, make_counter, start_central

    central = start_central(f"sqlite:///{small_disk.parent / 'central.db'}")  # the server's disk has room
    counter = make_counter(small_disk, "counter-1", central.url)
    worker: SyncWorker | None = None
    try:
        counter.pull()
        postings = [s["posting"] for s in delivery(login(central.url, "owner1"), 200)["shipments"]]
        filler = fill(small_disk)
        statuses: queue.Queue[SyncStatus] = queue.Queue()
        worker = SyncWorker(counter.ctx, counter.client, on_status=statuses.put, long_poll=1, backoff=(0.05, 0.2))

        def next_status(predicate) -> SyncStatus:
            while True:
                status = statuses.get(timeout=20)
                if predicate(status):
                    return status

        worker.start()
        full = next_status(lambda s: s.disk_full)
        assert full.message.startswith("Нет места на диске — синхронизация ждёт"), full.message
        assert all(counter.status(p) is None for p in postings)  # the page was refused whole
        filler.unlink()
        synced = next_status(lambda s: s.online and not s.disk_full and counter.status(postings[-1]) is not None)
        assert synced.message.startswith("Синхронизировано")
        assert {counter.status(p) for p in postings} == {"expected"}
    finally:
        if worker is not None:
            worker.stop()
        counter.store.close()
        central.close()
    assert integrity(small_disk / "counter-1.db") == "ok"
