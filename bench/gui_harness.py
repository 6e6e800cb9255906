"""The real counter window on the offscreen platform, with a pty as its serial scanner.

Built the way the application builds it (``build_window`` + ``start_devices``), over a copy of
the cached demo database. Waits spin the Qt event loop until a condition holds, with a deadline.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer, QtMsgType, qInstallMessageHandler

from pvz_desktop.config import Settings
from pvz_desktop.demo.generator import DEMO_PICKUP_KEY
from pvz_desktop.devices.scanner.events import DeviceState
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.devices.scanner.ports import PtyPort  # the tests' pty serial scanner

# The offscreen platform says this for every dock widget; anything else Qt says is printed.
PLATFORM_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    if message not in PLATFORM_NOISE and kind != QtMsgType.QtDebugMsg:
        print(f"Qt {kind.name}: {message}", file=sys.stderr)


qInstallMessageHandler(_qt_message)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Run the event loop until ``predicate()``; raise TimeoutError after ``timeout`` s."""
    if predicate():
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: predicate() and loop.quit())
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    poll.start()
    guard.start(int(timeout * 1000))
    loop.exec()
    poll.stop()
    if not predicate():
        raise TimeoutError(f"{what}: not reached within {timeout} s")


class PaintWatch(QObject):
    """Remembers when each watched widget last received a Paint event (perf_counter seconds)."""

    def __init__(self, widgets: dict[str, QObject]) -> None:
        super().__init__()
        self.painted: dict[str, float] = {}
        self._names = {id(w): name for name, w in widgets.items()}
        for w in widgets.values():
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            name = self._names.get(id(watched))
            if name is not None:
                self.painted[name] = time.perf_counter()
        return False


@dataclass
class Counter:
    window: MainWindow
    ctx: WorkflowContext
    scanner: PtyPort

    def idle(self, timeout: float = 20.0) -> None:
        wait_until(lambda: self.window.services.runner.idle, timeout, "worker idle")

    def close(self) -> None:
        self.window.devices.stop()
        self.window.services.runner.shutdown()
        self.window.close()
        self.ctx.store.close()
        self.scanner.close()
        QCoreApplication.processEvents()


def open_counter(
    db: Path,
    data_dir: Path,
    *,
    actor: Actor | None = None,
    pickup_key: Callable[[], bytes | None] = lambda: DEMO_PICKUP_KEY,
) -> Counter:
    """The window over ``db`` with a pty serial scanner, shown, scanner enabled, worker idle.
    The demo point's employee and key unless given (a counter logged in to a server)."""
    app = ensure_app()
    install_language(app, "ru")
    scanner = PtyPort()
    settings = Settings(
        data_dir=data_dir,
        scanners=f"serial://{scanner.path}",
        printer="",
        point_name="ПВЗ Тверская 1",
        workstation="counter-1",
    )
    store = open_store(db)
    actor = actor or Actor("emp-1", "counter-1", "Смирнова О.", point_name=settings.point_name)
    ctx = WorkflowContext(store=store, actor=actor, pickup_key=pickup_key)
    window = build_window(ctx, settings, demo=False, sound=False)
    window.resize(1366, 860)
    window.show()
    devices = window.start_devices()
    source = f"serial://{scanner.path}"
    wait_until(
        lambda: devices.hub is not None and devices.hub.state(devices.hub.sources[0]) == DeviceState.ENABLED,
        10,
        f"scanner {source} enabled",
    )
    counter = Counter(window, ctx, scanner)
    counter.idle()
    return counter
