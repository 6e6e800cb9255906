"""The print queue against a loopback network printer and a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.decoder import decode_escpos
from pvz_desktop.devices.printer.layouts import issuance_slip
from pvz_desktop.devices.printer.print_queue import PrintEventKind, PrintQueue
from pvz_desktop.devices.printer.status import PrinterStatus
from pvz_desktop.store.engine import Store
from pvz_desktop.store.migrate import open_store
from tests.devices.printer import samples
from tests.devices.printer.conftest import FAST
from tests.devices.printer.fake_printer import FakePrinter, Mode

K = PrintEventKind


def job_bytes(n: int = 1) -> bytes:
    return b"\x1b@\x1bt\x11" + f"Job {n}\n".encode() + b"\x1dVB\x03"


@pytest.mark.parametrize("codepage", [17, 59, 7, 10])
def test_slip_prints_russian_under_each_vendor_codepage(make_queue, events, printer, codepage) -> None:
    url = f"{printer.url}?codepage={codepage}&width=58"
    q = make_queue(url)
    data = issuance_slip(samples.slip(), q.config.setup)
    q.start()
    job_id = q.submit("issuance_slip", "Акт выдачи", data)
    assert events.wait(K.PRINTED, job_id=job_id).status is PrinterStatus.OK

    printed = printer.data
    assert printed == data  # the job arrives whole; status queries are not part of it
    assert b"\x1bt" + bytes((codepage,)) in printed
    assert "Ёлочная".encode("cp866") in printed and "№".encode("cp866") == b"\xfc" and b"\xfc5" in printed
    decoded = decode_escpos(printed)
    assert decoded.codepages == (codepage,)
    text = " ".join(decoded.text.split())  # 58 mm wraps long names
    for expected in ("ПВЗ Тверская 1", "Смирнова О.", "Иванова А.", "Ёлочная гирлянда", '"Съешь же ещё", №5'):
        assert expected in text
    assert "?" not in text
    assert decoded.qr_codes == (samples.OP_ID,)
    job = q.job(job_id)
    assert (job.state, job.attempts, job.last_error) == ("done", 1, None)
    assert job.printed_at is not None


@pytest.mark.parametrize(
    ("mode", "status", "words"),
    [
        (Mode.PAPER_OUT, PrinterStatus.PAPER_OUT, "закончилась бумага"),
        (Mode.COVER_OPEN, PrinterStatus.COVER_OPEN, "Открыта крышка"),
        (Mode.SILENT, PrinterStatus.OFFLINE, "не отвечает"),
    ],
)
def test_printer_not_ready_keeps_job_queued_and_says_why(make_queue, events, printer, mode, status, words) -> None:
    printer.mode = mode
    q = make_queue(printer.url)
    q.start()
    job_id = q.submit("test", "Чек", job_bytes())
    waiting = events.wait(K.WAITING)
    assert waiting.status is status and words in waiting.message and waiting.job_id == job_id
    job = q.job(job_id)
    assert job.state == "queued" and words in (job.last_error or "")
    assert printer.data == b""  # nothing was sent to a printer that cannot print

    printer.mode = Mode.OK  # paper loaded / cover closed / back online
    q.wake()
    events.wait(K.PRINTED, job_id=job_id)
    assert printer.data == job_bytes()
    assert q.job(job_id).state == "done"


def test_each_new_job_while_waiting_repeats_the_reason(make_queue, events, printer) -> None:
    printer.mode = Mode.COVER_OPEN
    q = make_queue(printer.url)
    q.start()
    q.submit("test", "Чек 1", job_bytes(1))
    assert events.wait(K.WAITING).message.endswith("Ждут печати: 1")
    q.submit("test", "Чек 2", job_bytes(2))
    again = events.wait(K.WAITING)
    assert "Открыта крышка" in again.message and again.message.endswith("Ждут печати: 2")


def test_paper_near_end_still_prints_and_warns(make_queue, events, printer) -> None:
    printer.mode = Mode.NEAR_END
    q = make_queue(printer.url)
    q.start()
    job_id = q.submit("test", "Чек", job_bytes())
    printed = events.wait(K.PRINTED, job_id=job_id)
    assert printed.status is PrinterStatus.PAPER_NEAR_END and "Бумага заканчивается" in printed.message
    assert printer.data == job_bytes()


def test_queue_survives_restart_and_prints_when_printer_comes_up(
    make_queue, events, dead_printer: FakePrinter, tmp_path: Path
) -> None:
    db = tmp_path / "pvz.db"
    first_store = open_store(db)
    first = make_queue(dead_printer.url, db=first_store)
    first.start()
    ids = [first.submit("test", f"Чек {n}", job_bytes(n)) for n in (1, 2)]
    waiting = events.wait(K.WAITING)
    assert waiting.status is PrinterStatus.OFFLINE and "Не удаётся подключиться" in waiting.message
    assert ".." not in waiting.message and ". ." not in waiting.message, waiting.message  # one full stop
    assert first.stop()
    first_store.close()

    # The program restarts: a new store and a new queue over the same file; the printer is switched on.
    dead_printer.power_on()
    second_store = open_store(db)
    try:
        second = make_queue(dead_printer.url, db=second_store)
        assert second.pending() == 2
        second.start()
        for job_id in ids:
            events.wait(K.PRINTED, job_id=job_id)
        assert dead_printer.data == job_bytes(1) + job_bytes(2)  # in order, each once
        assert [j.state for j in second.jobs()] == ["done", "done"]
        assert second.stop()
    finally:
        second_store.close()


def test_reprint_sends_the_same_bytes_again_as_a_new_job(make_queue, events, printer) -> None:
    q = make_queue(printer.url)
    q.start()
    data = issuance_slip(samples.slip(), PageSetup(17, 80))
    first = q.submit("issuance_slip", "Акт выдачи", data)
    events.wait(K.PRINTED, job_id=first)
    again = q.reprint(first)
    assert again != first
    events.wait(K.PRINTED, job_id=again)
    assert printer.data == data + data
    assert q.job_data(again) == q.job_data(first) == data
    assert [(j.id, j.state, j.kind) for j in q.jobs()] == [
        (again, "done", "issuance_slip"),
        (first, "done", "issuance_slip"),
    ]
    with pytest.raises(NotFound, match="не найдено"):
        q.reprint(9999)
    with pytest.raises(BadInput, match="уже напечатано"):
        q.retry(first)


def test_printer_lost_mid_job_keeps_it_queued_reports_and_prints_it_later(make_queue, events, printer) -> None:
    data = issuance_slip(samples.slip(), PageSetup(17, 80))
    printer.drop_after = 10  # the cable is pulled after the first few bytes of the job ...
    printer.mode_after_drop = Mode.SILENT  # ... and the printer stays away for a while
    q = make_queue(printer.url)
    q.start()
    job_id = q.submit("issuance_slip", "Акт выдачи", data)
    retrying = events.wait(K.RETRYING, job_id=job_id)
    assert "Акт выдачи" in retrying.message and "Повтор" in retrying.message
    assert "прервалась" in retrying.message or "перестал отвечать" in retrying.message
    assert ".." not in retrying.message and ". ." not in retrying.message, retrying.message  # one full stop
    events.wait(K.WAITING)  # the retry finds the printer silent
    job = q.job(job_id)
    assert (job.state, job.attempts) == ("queued", 1) and job.last_error
    assert printer.data == data[:10]

    printer.mode = Mode.OK  # back: the whole job is sent again
    q.wake()
    events.wait(K.PRINTED, job_id=job_id)
    job = q.job(job_id)
    assert (job.state, job.attempts, job.last_error) == ("done", 2, None)
    assert printer.data == data[:10] + data


def test_failed_job_is_kept_reported_and_can_be_requeued(make_queue, events, printer, store: Store) -> None:
    printer.drop_after = 1
    q = PrintQueue(store, printer.url, on_event=events, policy=FAST.__class__(0.05, 0.2, 1), status_timeout=0.3)
    q.start()
    try:
        job_id = q.submit("test", "Этикетка", job_bytes())
        failed = events.wait(K.FAILED, job_id=job_id)
        assert "не напечатано" in failed.message and "можно напечатать снова" in failed.message
        assert ".." not in failed.message and ". ." not in failed.message, failed.message  # one full stop
        job = q.job(job_id)
        assert job.state == "failed" and job.last_error
        assert q.pending() == 0 and [j.id for j in q.jobs(state="failed")] == [job_id]

        q.retry(job_id)
        events.wait(K.PRINTED, job_id=job_id)
        assert q.job(job_id).state == "done"
        assert printer.data.endswith(job_bytes())
    finally:
        assert q.stop()


def test_jobs_print_in_order_of_submission(make_queue, events, printer) -> None:
    q = make_queue(printer.url)
    ids = [q.submit("test", f"Чек {n}", job_bytes(n)) for n in range(1, 6)]  # queued before the worker runs
    q.start()
    events.wait(K.PRINTED, job_id=ids[-1])
    assert printer.data == b"".join(job_bytes(n) for n in range(1, 6))


def test_bad_job_is_refused_and_nothing_is_stored(make_queue, printer, unchanged) -> None:
    q = make_queue(printer.url)
    with unchanged():
        with pytest.raises(BadInput, match="Пустое задание"):
            q.submit("test", "Пусто", b"")
        with pytest.raises(BadInput, match="Вид задания"):
            q.submit("", "Без вида", b"x")


def test_stop_is_prompt_while_waiting_for_an_offline_printer(make_queue, events, dead_printer) -> None:
    q = make_queue(dead_printer.url)
    q.start()
    q.submit("test", "Чек", job_bytes())
    events.wait(K.WAITING)
    assert q.stop(timeout=2.0)
    assert q.pending() == 1  # nothing lost on the way out


def test_idle_status_poll_reports_changes(make_queue, events, printer) -> None:
    q = make_queue(printer.url, status_poll=0.05)
    q.start()
    assert events.wait(K.STATUS).status is PrinterStatus.OK
    printer.mode = Mode.COVER_OPEN
    event = events.wait(K.STATUS)
    assert event.status is PrinterStatus.COVER_OPEN and "крышка" in event.message
    assert q.last_status is PrinterStatus.COVER_OPEN
