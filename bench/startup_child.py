"""One cold start, in a fresh process: the counter window, or a bare QMainWindow to compare with.

    python -m bench.startup_child app DB [--tabs]
    python -m bench.startup_child bare

Prints one JSON line: ``ready`` is time.monotonic() (system-wide, so the parent can subtract its
own clock taken before starting this process) when the event loop processes its first event
after ``show()``; ``rss_ready_kb`` is the peak RSS then; with ``--tabs``, every tab is then
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
        app.quit()

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
    """What ``pvz_desktop.app.run`` does, less the login dialog: settings, store, window, devices."""
    from pathlib import Path

    from pvz_desktop.app import make_context
    from pvz_desktop.config import Settings
    from pvz_desktop.gui.application import build_window, ensure_app
    from pvz_desktop.gui.i18n import install_language

    out: dict[str, float] = {"started": STARTED, "imported": time.monotonic()}
    # The store is ``data_dir / pvz.db``: the benchmark's copy of the demo point.
    settings = Settings(data_dir=Path(db).parent, scanners="", printer="", point_name="ПВЗ Тверская 1")
    ctx = make_context(settings, "emp-1", "Смирнова О.")
    out["store_open"] = time.monotonic()
    app = ensure_app()
    install_language(app, settings.language)
    window = build_window(ctx, settings, demo=False)
    window.start_devices()
    out["window_built"] = time.monotonic()
    window.show()
    out["shown"] = time.monotonic()
    until_first_event(app, out)
    if tabs:
        from bench.gui_harness import wait_until
        from pvz_desktop.gui.main_window import PAGE_ORDER

        runner = window.services.runner
        for key in PAGE_ORDER:
            window.show_page(key)
            wait_until(lambda: runner.idle, 60, f"tab {key} loaded")
        for _ in range(3):
            app.processEvents()
        out["rss_peak_kb"] = peak_rss_kb()
    window.devices.stop()
    window.services.runner.shutdown()
    ctx.store.close()
    return out


def main() -> None:
    mode = sys.argv[1]
    result = bare() if mode == "bare" else counter(sys.argv[2], "--tabs" in sys.argv)
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown: the parent measured what it needs


if __name__ == "__main__":
    main()
