"""The worker: writes in order on one thread, callbacks on the GUI thread, failures never lost."""

from __future__ import annotations

import threading

import pytest

from pvz_desktop.core.errors import BadInput
from pvz_desktop.gui.tasks import TaskRunner


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown()


def test_writes_run_in_order_on_one_thread_and_answer_on_the_gui_thread(runner, qtbot):
    ran: list[tuple[int, int]] = []
    answered: list[tuple[int, bool]] = []
    gate = threading.Event()

    def job(n: int):
        def run() -> int:
            if n == 0:
                gate.wait(5)  # the first write is slow: the others must still wait for it
            ran.append((n, threading.get_ident()))
            return n

        return run

    for n in range(20):
        runner.write(job(n), lambda v: answered.append((v, threading.current_thread() is threading.main_thread())))
    assert not runner.idle
    gate.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)
    assert [n for n, _ in ran] == list(range(20))
    assert len({t for _, t in ran}) == 1 and ran[0][1] != threading.get_ident()
    assert answered == [(n, True) for n in range(20)]


def test_a_refusal_goes_to_on_error_and_a_bug_is_reported_too(runner, qtbot, worker_bugs):
    errors: list[BaseException] = []
    bugs: list[BaseException] = []
    runner.unexpected_error.connect(bugs.append)

    def refuse() -> None:
        raise BadInput("Нельзя")

    def crash() -> None:
        raise ZeroDivisionError("boom")

    with qtbot.waitSignal(runner.write_finished):
        runner.write(refuse, None, errors.append)
    runner.read(crash, None, errors.append)
    qtbot.waitUntil(lambda: runner.idle)
    assert [type(e) for e in errors] == [BadInput, ZeroDivisionError]
    assert [type(e) for e in bugs] == [ZeroDivisionError]
    worker_bugs.clear()  # provoked on purpose


def test_busy_signal_brackets_the_work(runner, qtbot):
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    runner.read(lambda: 1)
    runner.read(lambda: 2)
    qtbot.waitUntil(lambda: runner.idle)
    assert states == [True, False]
