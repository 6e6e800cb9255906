"""The counter's cold start: the window's frame is on screen before the store is open, and
nothing scanned meanwhile is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pvz_desktop.app import start_counter
from pvz_desktop.gui.application import WindowHost, build_window, ensure_app
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.gui.pages.registry import PAGE_KEYS, page_title
from pvz_desktop.store.migrate import StoreTooNew
from pvz_desktop.workflows import unknown_scans
from tests.devices.scanner.ports import PtyPort
from tests.store.newer import newer_database


def slow_store(ctx):
    """An ``open_context`` that waits for the test's go: the frame must be up and scanning meanwhile."""
    gate = threading.Event()

    def open_context():
        gate.wait(10)
        return ctx

    return gate, open_context


def test_frame_first_and_scans_read_before_the_store_are_answered_after_it_in_order(qtbot, ctx, settings):
    gate, open_context = slow_store(ctx)

    with PtyPort() as scanner:
        settings = settings.model_copy(update={"scanners": f"serial://{scanner.path}"})
        host = WindowHost.starting(ensure_app(), settings, open_context, ask_login=False, sound=False)
        window = host.window
        try:
            assert window.isVisible() and not host.ready
            assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [page_title(k) for k in PAGE_KEYS]
            assert window.tabs.tabText(window.tabs.currentIndex()) == "Выдача"
            assert window.statusBar().currentMessage() == "Открываю базу…"
            early = host.early
            assert early is not None and early.hub is not None
            qtbot.waitUntil(lambda: early.hub.state(early.hub.sources[0]).value == "enabled", timeout=5000)
            scanner.write(b"ZZ-EARLY-1\r\nZZ-EARLY-2\r\n")
            qtbot.waitUntil(lambda: early.held_scans() == ["ZZ-EARLY-1", "ZZ-EARLY-2"], timeout=5000)
            window.manual.setText("ZZ-TYPED-3")
            window.manual.returnPressed.emit()
            assert unknown_scans.scans(ctx) == []  # nothing answered before the store is open

            gate.set()
            qtbot.waitUntil(lambda: host.ready, timeout=10000)
            runner = window.services.runner
            qtbot.waitUntil(lambda: len(unknown_scans.scans(ctx)) == 3 and runner.idle, timeout=5000)
            recorded = [s.code for s in reversed(unknown_scans.scans(ctx))]  # oldest first
            early_ones = [c for c in recorded if c.startswith("ZZ-EARLY")]
            assert early_ones == ["ZZ-EARLY-1", "ZZ-EARLY-2"] and "ZZ-TYPED-3" in recorded
            # The real pages, status bar and devices are in; later scans go straight through.
            assert window.statusBar() is window.status and window.devices.hub is early.hub
            assert host.early is None
            scanner.write(b"ZZ-LATER-4\r\n")
            qtbot.waitUntil(lambda: len(unknown_scans.scans(ctx)) == 4 and runner.idle, timeout=5000)
            assert unknown_scans.scans(ctx)[0].code == "ZZ-LATER-4"
        finally:
            gate.set()
            host.stop()
            window.deleteLater()


def test_closing_the_window_before_the_store_is_open_stops_the_scanners(qtbot, ctx, settings):
    gate, open_context = slow_store(ctx)

    with PtyPort() as scanner:
        settings = settings.model_copy(update={"scanners": f"serial://{scanner.path}"})
        host = WindowHost.starting(ensure_app(), settings, open_context, ask_login=False, sound=False)
        hub = host.early.hub if host.early else None
        assert hub is not None
        qtbot.waitUntil(lambda: hub.state(hub.sources[0]).value == "enabled", timeout=5000)
        threading.Timer(0.05, gate.set).start()  # the close waits for the writer: let it finish
        host.window.close()
        assert host.closed and host.early is None and hub.state(hub.sources[0]).value != "enabled"
        assert not host.ready  # the store arrived after the close: no pages put in a closed window
        host.window.deleteLater()


def test_page_titles_of_the_frame_are_the_pages_own(qtbot, ctx, settings):
    ensure_app()
    window = build_window(ctx, settings, demo=False, sound=False)
    qtbot.addWidget(window)
    assert window.ready
    for key in PAGE_KEYS:
        page = window.page(key)
        assert page is not None and page.title() == page_title(key)
    assert window.findChild(MainWindow) is None and window.tabs.count() == len(PAGE_KEYS)
    window.services.runner.shutdown()


def test_a_database_from_a_newer_version_is_refused_before_any_window(settings):
    db = settings.db_path
    before = newer_database(db)
    shown = {id(w) for w in QApplication.topLevelWidgets()}
    try:
        start_counter(settings, ask_login=False)
    except StoreTooNew as exc:
        assert exc.message == (
            f"База данных {db} создана более новой версией PVZ Desktop (схема 9999_future). "
            "Установите новую версию программы; файл не изменён."
        )
    else:
        raise AssertionError("a newer database was opened")
    assert not [w for w in QApplication.topLevelWidgets() if id(w) not in shown and isinstance(w, MainWindow)]
    # And the program says it on stderr with exit code 2, as it always did.
    env = {**os.environ, "PVZ_DATA_DIR": str(settings.data_dir), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from pvz_desktop.app import run; raise SystemExit(run(data_dir={str(settings.data_dir)!r}))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 2
    assert "создана более новой версией PVZ Desktop (схема 9999_future)" in done.stderr
    assert db.read_bytes() == before


def _drive_login(qtbot, choose: str | None) -> dict[str, object]:
    """Answer the login dialog when it appears over the shown frame: pick ``choose`` or cancel."""
    from PySide6.QtCore import QTimer

    from pvz_desktop.gui.login import LoginDialog

    seen: dict[str, object] = {}

    def drive() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, LoginDialog) and w.isVisible():
                frames = [m for m in QApplication.topLevelWidgets() if isinstance(m, MainWindow) and m.isVisible()]
                seen["frame_under_login"] = bool(frames) and not frames[0].ready
                names = [w.list.item(i).text() for i in range(w.list.count())]
                seen["names"] = names
                if choose is None:
                    w.reject()
                else:
                    w.list.setCurrentRow(next(i for i, n in enumerate(names) if n.startswith(choose)))
                    w.accept()
                return
        QTimer.singleShot(10, drive)

    QTimer.singleShot(0, drive)
    return seen


def test_the_login_comes_over_the_shown_frame_once_the_store_is_open(qtbot, ctx, settings):
    from pvz_desktop.store.models import Employee

    with ctx.store.write() as s:
        s.add(Employee(id="emp-2", display_name="Кузнецов Д.", role="employee"))
    seen = _drive_login(qtbot, "Кузнецов")
    host = WindowHost.starting(ensure_app(), settings, lambda: ctx, ask_login=True, sound=False)
    try:
        qtbot.waitUntil(lambda: host.ready, timeout=10000)
        assert seen["frame_under_login"] is True
        assert host.window.services.ctx.actor.employee_id == "emp-2"
        assert host.window.status.employee.text() == "Сотрудник: Кузнецов Д."
    finally:
        host.stop()
        host.window.deleteLater()


def test_closing_the_login_closes_the_counter(qtbot, ctx, settings):
    from pvz_desktop.store.models import Employee

    with ctx.store.write() as s:
        s.add(Employee(id="emp-2", display_name="Кузнецов Д.", role="employee"))
    seen = _drive_login(qtbot, None)
    host = WindowHost.starting(ensure_app(), settings, lambda: ctx, ask_login=True, sound=False)
    try:
        qtbot.waitUntil(lambda: host.closed, timeout=10000)
        assert "names" in seen and not host.ready and not host.window.isVisible()
    finally:
        host.stop()
        host.window.deleteLater()


RUN_AND_CLOSE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pvz_desktop import app
from pvz_desktop.gui.main_window import MainWindow

seen = []

def close_when_ready():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.isVisible():
            seen.append(w.ready)
            if w.ready:
                print("tabs", w.tabs.count(), "status", w.status.employee.text(), flush=True)
                w.close()
                return
    QTimer.singleShot(10, close_when_ready)

QTimer.singleShot(0, close_when_ready)
code = app.run(data_dir=sys.argv[1])
print("frame first", seen[0] is False, "exit", code, flush=True)
"""


def test_the_program_starts_on_a_new_data_folder_and_ends_when_its_window_closes(tmp_path):
    """``app.run`` as ``pvz-desktop`` calls it: the frame first, then the pages over a new database."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PVZ_SCANNERS": "", "PVZ_PRINTER": ""}
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_CLOSE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "tabs 9 status Сотрудник: Смирнова О." in done.stdout
    assert "frame first True exit 0" in done.stdout
    assert (tmp_path / "pvz.db").exists() and (tmp_path / "pvz-desktop.log").exists()
