"""One cold start, in a fresh process: the counter window, or a bare QMainWindow to compare with.

    python -m bench.startup_child app DB [--tabs]
    python -m bench.startup_child bare

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


def main() -> None:
    mode = sys.argv[1]
    result = bare() if mode == "bare" else counter(sys.argv[2], "--tabs" in sys.argv)
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown: the parent measured what it needs


if __name__ == "__main__":
    main()
