"""The cash drawer on the printer's DK port: the kick command, its timing, and the drawer's switch,
against the loopback network printer."""

from __future__ import annotations

import threading

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.printer.config import parse_printer_url
from pvz_desktop.devices.printer.print_queue import PrintEventKind
from tests.devices.printer.test_print_queue import job_bytes

K = PrintEventKind


@pytest.mark.parametrize(
    ("url", "kick"),
    [
        ("tcp://127.0.0.1", b"\x1bp\x00\x19\xfa"),  # Epson: 50 ms on, 500 ms off, pin 2
        ("tcp://127.0.0.1?profile=zjiang", b"\x1bp\x00\x3c\x78"),  # 120 / 240 ms
        ("tcp://127.0.0.1?drawer=5&drawer_pulse=100,400", b"\x1bp\x01\x32\xc8"),
    ],
)
def test_the_kick_command_follows_the_profile_and_the_url(url, kick) -> None:
    assert parse_printer_url(url).drawer.kick() == kick


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("drawer=3", "контакту 2 или 5"),
        ("drawer_pulse=100", "два числа"),
        ("drawer_pulse=100,9000", "от 2 до 510"),
        ("drawer_open=sometimes", "high или low"),
    ],
)
def test_a_wrong_drawer_setting_is_refused(query, words) -> None:
    with pytest.raises(BadInput, match=words):
        parse_printer_url(f"tcp://127.0.0.1?{query}")


def test_the_drawer_opens_before_the_slip_on_the_same_connection(make_queue, events, printer) -> None:
    q = make_queue(printer.url)
    q.start()
    q.open_drawer()
    job_id = q.submit("issuance_slip", "Выдача", job_bytes(1))
    events.wait(K.PRINTED, job_id=job_id)
    kicks = printer.data.count(b"\x1bp")
    assert kicks == 1
    assert printer.data.index(b"\x1bp\x00\x19\xfa") < printer.data.index(job_bytes(1))
    assert any(e.kind is K.DRAWER and e.drawer_open for e in events.seen + list(events.q.queue))


def test_a_kick_waits_for_a_printer_that_comes_back_within_its_window(make_queue, events, dead_printer) -> None:
    now = [1000.0]
    q = make_queue(dead_printer.url, monotonic=lambda: now[0])
    q.start()
    q.open_drawer(within=15)
    job_id = q.submit("issuance_slip", "Выдача", job_bytes(2))
    events.wait(K.WAITING)  # the printer is off: the job waits, the kick is kept
    now[0] += 10
    dead_printer.power_on()
    q.wake()
    events.wait(K.PRINTED, job_id=job_id)
    assert dead_printer.data.index(b"\x1bp") < dead_printer.data.index(job_bytes(2))


def test_a_kick_that_cannot_be_sent_in_time_is_dropped_never_sent_late(make_queue, events, dead_printer) -> None:
    now = [1000.0]
    q = make_queue(dead_printer.url, monotonic=lambda: now[0])
    q.start()
    q.open_drawer(within=15)
    job_id = q.submit("issuance_slip", "Выдача", job_bytes(3))
    events.wait(K.WAITING)
    now[0] += 16  # the printer comes back after the kick's window: the slip prints, the drawer stays shut
    dead_printer.power_on()
    q.wake()
    events.wait(K.PRINTED, job_id=job_id)
    assert b"\x1bp" not in dead_printer.data
    assert job_bytes(3) in dead_printer.data


def test_the_drawer_switch_is_reported_when_it_changes(make_queue, events, printer) -> None:
    q = make_queue(printer.url, status_poll=0.05)
    q.start()
    printer.drawer_high = True
    opened = events.wait(K.DRAWER)
    assert opened.drawer_open is True and "открыт" in opened.message
    printer.drawer_high = False
    closed = events.wait(K.DRAWER)
    assert closed.drawer_open is False and "закрыт" in closed.message


def test_a_drawer_wired_the_other_way_round(make_queue, events, printer) -> None:
    q = make_queue(f"{printer.url}?drawer_open=low", status_poll=0.05)
    q.start()
    first = events.wait(K.DRAWER)
    assert first.drawer_open is True  # pin 3 low = open for this drawer


def test_status_queries_never_fall_inside_a_job(make_queue, events, printer) -> None:
    """The worker polls the status while idle and between jobs, never in the middle of one:
    a printer would take DLE EOT inside a job's data as a real-time request."""
    q = make_queue(printer.url, status_poll=0.0)
    q.start()
    jobs = [b"\x1b@" + f"JOB-{n:03d}-".encode() + b"x" * 3000 + b"\n\x1dVB\x03" for n in range(30)]
    submitted: list[int] = []

    def submit_all() -> None:
        for n, data in enumerate(jobs):
            submitted.append(q.submit("test", f"job {n}", data))
            if n % 3 == 0:
                q.open_drawer()  # kicks in between, too

    thread = threading.Thread(target=submit_all)
    thread.start()
    thread.join(10)
    for job_id in submitted:
        events.wait(K.PRINTED, job_id=job_id, timeout=10)
    stream = printer.stream
    assert stream.count(b"<Q1>") > len(jobs)  # polled before and after every job
    for data in jobs:
        assert stream.count(data) == 1, "a job's bytes were split by a status query or a kick"
