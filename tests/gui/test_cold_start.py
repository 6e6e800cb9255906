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
from pvz_desktop.gui.first_run import FirstRunDialog
from pvz_desktop.gui.login import LoginDialog
from pvz_desktop.gui.main_window import MainWindow

seen = []
cancel = sys.argv[2] == "cancel"

def drive():
    for w in QApplication.topLevelWidgets():
        if not w.isVisible():
            continue
        if isinstance(w, FirstRunDialog) and "first run" not in seen:
            seen.append("first run")
            print("first run", w.windowTitle(), flush=True)
            if cancel:
                w.reject()
                return
            w.standalone_choice.setChecked(True)
            w.point_name.setText("ПВЗ Лесная 4")
            w.point_address.setText("Москва, ул. Лесная, 4")
            w.owner_name.setText("Иванова А.")
            w.password.setText("секрет-42")
            w.repeated.setText("секрет-42")
            w.go.click()
        elif isinstance(w, LoginDialog) and "login" not in seen:
            seen.append("login")
            w.password.setText("секрет-42")
            w.accept()
        elif isinstance(w, MainWindow):
            seen.append(w.ready)
            if w.ready:
                print("tabs", w.tabs.count(), "status", w.status.employee.text(), "title", w.windowTitle(), flush=True)
                w.close()
                return
    QTimer.singleShot(10, drive)

QTimer.singleShot(0, drive)
code = app.run(data_dir=sys.argv[1])
print("frame first", False in seen, "exit", code, flush=True)
"""


def _run_fresh(data_dir: Path, answer: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PVZ_SCANNERS": "", "PVZ_PRINTER": ""}
    env.pop("PVZ_API_URL", None)
    return subprocess.run(
        [sys.executable, "-c", RUN_AND_CLOSE, str(data_dir), answer],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_a_new_data_folder_starts_with_the_first_run_screen_then_the_owner_logs_in(tmp_path):
    """``app.run`` as ``pvz-desktop`` calls it on a fresh install: the first-run screen (a standalone
    point set up), the login with the owner's password, then the frame and the pages; nobody is
    assumed before the setup says who."""
    done = _run_fresh(tmp_path, "standalone")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first run Первый запуск PVZ Desktop" in done.stdout
    assert "tabs 9 status Сотрудник: Иванова А. title PVZ Desktop — ПВЗ Лесная 4" in done.stdout
    assert "frame first True exit 0" in done.stdout
    assert (tmp_path / "pvz.db").exists() and (tmp_path / "pvz-desktop.log").exists()
    assert "Смирнова" not in done.stdout


def test_closing_the_first_run_screen_starts_nothing(tmp_path):
    done = _run_fresh(tmp_path, "cancel")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first run" in done.stdout and "tabs" not in done.stdout
    assert "frame first False exit 0" in done.stdout
    assert not (tmp_path / "config.json").exists()
