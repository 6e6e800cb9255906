"""GUI fixtures: a real window over a real SQLite point, driven by scans; Qt warnings fail."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from pvz_desktop.config import Settings
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.gui.tasks import TaskRunner
from pvz_desktop.workflows.context import WorkflowContext
from tests.devices.printer.fake_printer import FakePrinter

FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
# The offscreen platform says this for every dock widget: a limit of the test platform, not of
# the window (on Windows/X11 the call is supported). Nothing else is forgiven.
PLATFORM_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})
# Qt Multimedia (the defect dialog's camera) looks for optional video-acceleration libraries
# (PipeWire, VA-API) and says so when a machine lacks them; the camera works without them.
NOISY_CATEGORIES = frozenset({"qt.multimedia.symbolsresolver"})


@pytest.fixture(autouse=True)
def qt_warnings_fail() -> Iterator[list[str]]:
    """Any Qt warning or critical message during a test fails it (from any thread)."""
    caught: list[str] = []
    lock = threading.Lock()

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        noise = message in PLATFORM_NOISE or getattr(context, "category", None) in NOISY_CATEGORIES
        if kind in FAILING and not noise:
            with lock:
                caught.append(f"{kind.name}: {message}")

    previous = qInstallMessageHandler(handler)
    try:
        yield caught
    finally:
        qInstallMessageHandler(previous)
    assert not caught, "Qt warnings:\n" + "\n".join(caught)


@pytest.fixture(autouse=True)
def worker_bugs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """A bug in a worker task (not a refusal) fails the test that caused it.

    Every TaskRunner made during the test reports here; a test that provokes a bug on purpose
    asserts on the list and clears it.
    """
    bugs: list[BaseException] = []
    made = TaskRunner.__init__

    def init(self: TaskRunner, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)
        self.unexpected_error.connect(bugs.append)

    monkeypatch.setattr(TaskRunner, "__init__", init)
    yield bugs
    assert not bugs, "a worker task failed with a bug:\n" + "\n".join(repr(b) for b in bugs)


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest, qapp: object) -> Iterator[str]:
    """The test runs twice: with the window in Russian, then in English."""
    assert install_language(qapp, request.param) == request.param
    yield request.param
    install_language(qapp, "ru")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PVZ_DATA_DIR", str(tmp_path))
    for name in ("PVZ_SCANNERS", "PVZ_PRINTER", "PVZ_API_URL", "PVZ_STORAGE_DAYS"):
        monkeypatch.delenv(name, raising=False)
    return Settings(data_dir=tmp_path, scanners="", printer="", point_name="ПВЗ Тверская 1", workstation="counter-1")


@dataclass
class Counter:
    """The window and what a test does with it: scan, wait, read the banner."""

    window: MainWindow
    qtbot: object

    @property
    def feedback(self):
        return self.window.services.feedback

    @property
    def runner(self):
        return self.window.services.runner

    def idle(self, timeout: int = 5000) -> None:
        self.qtbot.waitUntil(lambda: self.runner.idle, timeout=timeout)

    def scan(self, code: str, timeout: int = 5000) -> tuple[str, str]:
        """Inject a scan, wait for its answer on the banner and for the worker to settle."""
        with self.qtbot.waitSignal(self.feedback.shown, timeout=timeout) as blocker:
            self.window.router.inject(code, source="test")
        self.idle(timeout)
        return blocker.args[0], blocker.args[1]

    def act(self, fn, timeout: int = 5000) -> tuple[str, str]:
        """Run a GUI action (a button click) and wait for its answer on the banner."""
        with self.qtbot.waitSignal(self.feedback.shown, timeout=timeout) as blocker:
            fn()
        self.idle(timeout)
        return blocker.args[0], blocker.args[1]

    def place(self, posting: str, cell: str) -> None:
        """Put a received parcel into a cell the way the cashier does: two scans on Размещение."""
        self.window.show_page("placement")
        assert self.scan(posting)[0] == "info"
        assert self.scan(cell)[0] == "ok"

    @property
    def banner(self) -> tuple[str, str]:
        b = self.feedback.banner
        return b.tone.value, b.message

    def page(self, key: str):
        return self.window.page(key)


TEARDOWN_IDLE_MS = 30_000


def make_counter(qtbot, ctx: WorkflowContext, settings: Settings, *, demo: bool = False) -> Iterator[Counter]:
    ensure_app()
    window = build_window(ctx, settings, demo=demo, sound=False)
    qtbot.addWidget(window)
    window.show()
    counter = Counter(window, qtbot)
    counter.idle()
    yield counter
    # What the test left running (a server check, a network call of the settings dialog) ends on
    # its own timeout; a loaded machine can take longer than a scan's 5 s to get there.
    counter.idle(TEARDOWN_IDLE_MS)
    window.devices.stop()
    window.services.runner.shutdown()


@pytest.fixture
def counter(qtbot, ctx: WorkflowContext, settings: Settings) -> Iterator[Counter]:
    yield from make_counter(qtbot, ctx, settings)


@pytest.fixture
def tcp_printer() -> Iterator[FakePrinter]:
    """The printer engineers' loopback ESC/POS printer: a real TCP listener on 127.0.0.1."""
    printer = FakePrinter()
    try:
        yield printer
    finally:
        printer.close()
