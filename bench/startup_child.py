"""One cold start, in a fresh process: the counter window, or a bare QMainWindow to compare with.

    python -m bench.startup_child app DB [--tabs]
    python -m bench.startup_child bare
    python -m bench.startup_child scan DB PTY CODE    (P4b: the first scan's card)

Prints one JSON line: ``ready`` is time.monotonic() (system-wide, so the parent can subtract its
own clock taken before starting this process) when the event loop processes its first event
after ``show()``; ``rss_ready_kb`` is the peak RSS then; ``attached`` is when the pages are in
(the store opened behind the shown window), not on the clock; with ``--tabs``, every tab is then
visited until its reads have come back, and ``rss_peak_kb`` is the peak RSS after that.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the interpreter is up: what came before is Python's own start

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def until_first_event(app: object, out: dict[str, float]) -> None:
    """Run the loop until it has processed its first event after show(); note when, and the RSS."""
    from PySide6.QtCore import QCoreApplication, QTimer

    assert isinstance(app, QCoreApplication)

    def first_event() -> None:
        out["ready"] = time.monotonic()
        out["rss_ready_kb"] = peak_rss_kb()
        app.exit(0)  # not quit(): in Qt 6 that closes every window, and the counter then stops

    QTimer.singleShot(0, first_event)
    app.exec()


def bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    out: dict[str, float] = {"started": STARTED, "imported": time.monotonic()}
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 860)
    window.show()
    out["shown"] = time.monotonic()
    until_first_event(app, out)
    out["rss_peak_kb"] = peak_rss_kb()
    return out


def counter(db: str, tabs: bool) -> dict[str, float]:
    """The application's own start (``pvz_desktop.app.start_counter``, as ``run`` calls it), less
    the login dialog: the schema check, the window's frame shown, the store and pages behind it."""
    from pathlib import Path

    from pvz_desktop.app import start_counter
    from pvz_desktop.config import Settings

    out: dict[str, float] = {"started": STARTED, "imported": time.monotonic()}
    # The store is ``data_dir / pvz.db``: the benchmark's copy of the demo point.
    settings = Settings(data_dir=Path(db).parent, scanners="", printer="", point_name="ПВЗ Тверская 1")
    out["settings"] = time.monotonic()
    host = start_counter(settings, ask_login=False)  # returns with the window shown
    out["shown"] = time.monotonic()
    app = host.app
    until_first_event(app, out)
    # Not on the clock: how long until the pages are in and the scans are answered.
    from bench.gui_harness import wait_until

    wait_until(lambda: host.ready or host.failure is not None, 120, "the store opened behind the window")
    if host.failure is not None:
        raise host.failure
    out["attached"] = time.monotonic()
    window = host.window
    if tabs:
        from pvz_desktop.gui.pages.registry import PAGE_KEYS

        runner = window.services.runner
        for key in PAGE_KEYS:
            window.show_page(key)
            wait_until(lambda: runner.idle, 60, f"tab {key} loaded")
        for _ in range(3):
            app.processEvents()
        out["rss_peak_kb"] = peak_rss_kb()
    host.stop()
    host.ctx.store.close()
    return out


def first_scan(db: str, pty: str, code: str) -> dict[str, float]:
    """The application's start with a serial scanner on ``pty``, to which the parent writes a
    pickup code right after starting this process: ``painted`` is when Выдача has that customer's
    card and its cells banner was painted after it."""
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    import pvz_desktop.app as counter_app
    from pvz_desktop.config import Settings
    from pvz_desktop.gui.main_window import MainWindow

    # Only what the application's own start imports before the clock's first mark: the harness
    # (bench.gui_harness) and the generator bring in SQLAlchemy, which the counter loads behind its frame.
    class PaintWatch(QObject):
        def __init__(self, widgets: dict[str, QObject]) -> None:
            super().__init__()
            self.painted: dict[str, float] = {}
            self._names = {id(w): name for name, w in widgets.items()}
            for w in widgets.values():
                w.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and id(watched) in self._names:
                self.painted[self._names[id(watched)]] = time.perf_counter()
            return False

    out: dict[str, float] = {"started": STARTED, "imported": time.monotonic()}
    make_context = counter_app.make_context

    def with_demo_key(*args: object, **kwargs: object):
        from pvz_desktop.demo.generator import DEMO_PICKUP_KEY  # behind the frame, with the store

        ctx = make_context(*args, **kwargs)  # type: ignore[arg-type]
        ctx.pickup_key = lambda: DEMO_PICKUP_KEY  # what the login gives a real counter
        return ctx

    counter_app.make_context = with_demo_key  # type: ignore[assignment]
    watch: list[PaintWatch] = []
    build_page = MainWindow._build_page

    def watched(window: MainWindow, key: str):
        page = build_page(window, key)
        if key == "issuance" and not watch:
            watch.append(PaintWatch({"cells": page.cells}))  # type: ignore[attr-defined]
        return page

    MainWindow._build_page = watched  # type: ignore[method-assign]
    settings = Settings(data_dir=Path(db).parent, scanners=f"serial://{pty}", printer="", point_name="ПВЗ Тверская 1")
    host = counter_app.start_counter(settings, ask_login=False)
    assert host is not None
    out["shown"] = time.monotonic()
    cid = code.split("*", 1)[0]
    marks: dict[str, float] = {}

    def card_painted() -> bool:
        if host.ready and "pages_in" not in out:
            out["pages_in"] = time.monotonic()
        page = host.window.page("issuance") if host.ready else None
        state = getattr(page, "state", None)
        if state is not None and state.card.customer_id == cid and "card" not in marks:
            marks["card"] = time.perf_counter()
            out["card"] = time.monotonic()
        painted = watch[0].painted.get("cells") if watch else None
        done = "card" in marks and painted is not None and painted >= marks["card"]
        if done and "painted_at" not in out:
            out["painted_at"] = time.monotonic() - (time.perf_counter() - painted)  # when it was painted
        return done

    app = host.app
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: card_painted() and app.exit(0))
    QTimer.singleShot(120_000, lambda: app.exit(1))
    poll.start()
    if app.exec() != 0:
        raise TimeoutError("the first scan's card was not painted within 120 s")
    poll.stop()
    out["painted"] = out["painted_at"]
    QCoreApplication.processEvents()
    host.stop()
    return out


def main() -> None:
    mode = sys.argv[1]
    if mode == "scan":
        print(json.dumps(first_scan(sys.argv[2], sys.argv[3], sys.argv[4])), flush=True)
        os._exit(0)
    result = bare() if mode == "bare" else counter(sys.argv[2], "--tabs" in sys.argv)
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown: the parent measured what it needs


if __name__ == "__main__":
    main()
