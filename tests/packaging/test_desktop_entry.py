"""The Linux desktop entry and the icons the installers use."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest
from PIL import Image

from tests.packaging.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"


def test_desktop_entry_runs_the_installed_command_with_our_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(LINUX / "pvz-desktop.desktop", encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Exec"] == "pvz-desktop"
    assert (LINUX / f"{main['Icon']}.png").is_file()
    assert entry["Desktop Action demo"]["Exec"] == "pvz-desktop --demo"
    assert "demo;" in main["Actions"]


def test_desktop_entry_is_valid_for_the_menu() -> None:
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-utils not installed")
    result = subprocess.run(["desktop-file-validate", LINUX / "pvz-desktop.desktop"], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_windows_icon_has_every_size_the_shell_asks_for() -> None:
    with Image.open(ROOT / "packaging" / "pvz-desktop.ico") as ico:
        sizes = ico.info["sizes"]
    assert {(s, s) for s in (16, 24, 32, 48, 256)} <= sizes


def test_linux_icon_is_a_256_px_png_with_transparency() -> None:
    with Image.open(LINUX / "pvz-desktop.png") as png:
        assert png.format == "PNG" and png.size == (256, 256) and png.mode == "RGBA"
        assert png.getpixel((0, 0))[3] == 0  # rounded corner: transparent
