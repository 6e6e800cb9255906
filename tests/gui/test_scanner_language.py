"""Every state of a real scanner (a pty behind a port path that can be unplugged) reaches the status
bar in the window's language: absent, ready, a runaway code, unplugged, closed, a wrong address;
in English not one Cyrillic letter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.main_window import MainWindow
from tests.devices.scanner.ports import PluggablePort

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def pluggable(tmp_path: Path) -> Iterator[PluggablePort]:
    port = PluggablePort(tmp_path / "ttyACM-scanner")
    yield port
    port.unplug()


@contextmanager
def open_window(qtbot, ctx, settings, scanners: str) -> Iterator[MainWindow]:
    ensure_app()
    window = build_window(ctx, settings.model_copy(update={"scanners": scanners}), demo=False, sound=False)
    qtbot.addWidget(window)
    window.show()
    window.start_devices()
    try:
        yield window
    finally:
        window.devices.stop()
        window.services.runner.shutdown()


def shows(qtbot, window: MainWindow, language: str, ru: str, en: str) -> str:
    """Wait for the scanners' indicator to say ``ru`` (or ``en``); in English, no Cyrillic in it."""
    label = window.status.scanners
    want = en if language == "en" else ru
    qtbot.waitUntil(lambda: want in label.toolTip() or want in label.text(), timeout=5000)
    whole = label.toolTip() or label.text()
    if language == "en":
        assert not CYRILLIC.search(whole), whole
        assert not CYRILLIC.search(label.text()), label.text()
    return whole


def test_a_serial_scanners_states_in_the_windows_language(qtbot, ctx, settings, language, pluggable):
    with open_window(qtbot, ctx, settings, f"serial://{pluggable.link}") as window:
        shows(qtbot, window, language, "не найден", "not found")
        pluggable.plug()
        shows(qtbot, window, language, "готов", "ready")
        pluggable.write(b"7" * 2000 + b"\r\n")  # a runaway stream: over the framing's limit
        shows(qtbot, window, language, "слишком длинный", "too long")
        pluggable.unplug()
        shows(qtbot, window, language, "отключён", "disconnected")


def test_a_keyboard_scanner_and_a_wrong_address_in_the_windows_language(qtbot, ctx, settings, language):
    with open_window(qtbot, ctx, settings, "wedge") as window:
        shows(qtbot, window, language, "Сканер в режиме клавиатуры готов", "Scanner in keyboard mode ready")
    with open_window(qtbot, ctx, settings, "serial://?baud=fast") as window:
        shows(qtbot, window, language, "не указан порт", "has no port")
