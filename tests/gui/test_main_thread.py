"""run_on_main: the one hand-back to the GUI thread, from any thread, in order, never inline."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject

from pvz_desktop.gui.main_thread import run_on_main


def test_calls_from_a_worker_run_on_the_gui_thread_in_the_order_posted(qtbot):
    ran: list[tuple[int, bool]] = []

    def post_all() -> None:
        for n in range(50):
            run_on_main(lambda n=n: ran.append((n, threading.current_thread() is threading.main_thread())))

    worker = threading.Thread(target=post_all)
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: len(ran) == 50, timeout=5000)
    assert ran == [(n, True) for n in range(50)]


def test_a_call_from_the_gui_thread_runs_later_not_inline(qtbot):
    ran: list[str] = []
    run_on_main(lambda: ran.append("posted"))
    ran.append("after the post")
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)
    assert ran == ["after the post", "posted"]


def test_a_call_for_a_deleted_owner_is_dropped(qtbot):
    ran: list[str] = []
    owner, witness = QObject(), QObject()
    run_on_main(lambda: ran.append("for the deleted"), owner)
    run_on_main(lambda: ran.append("for the living"), witness)
    shiboken6.delete(owner)
    qtbot.waitUntil(lambda: ran == ["for the living"], timeout=5000)
    assert ran == ["for the living"]
