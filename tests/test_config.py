"""Settings: config file in the data directory, environment over file, saved settings read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvz_desktop.app import load_settings
from pvz_desktop.config import Settings


def test_saved_settings_are_read_back_from_the_same_data_dir(tmp_path: Path) -> None:
    Settings(data_dir=tmp_path, printer="tcp://127.0.0.1:9100", storage_days=5).save()
    again = load_settings(str(tmp_path))
    assert (again.printer, again.storage_days, again.data_dir) == ("tcp://127.0.0.1:9100", 5, tmp_path)


def test_environment_wins_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Settings(data_dir=tmp_path, printer="tcp://127.0.0.1:9100").save()
    monkeypatch.setenv("PVZ_PRINTER", "file:///tmp/out.bin")
    assert load_settings(str(tmp_path)).printer == "file:///tmp/out.bin"


def test_demo_keeps_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVZ_DATA_DIR", str(tmp_path))
    Settings(data_dir=tmp_path, point_name="Настоящий пункт").save()
    demo = load_settings(demo=True)
    assert demo.data_dir == tmp_path / "demo" and demo.point_name == "ПВЗ"
    assert load_settings().point_name == "Настоящий пункт"


def test_a_damaged_config_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    assert load_settings(str(tmp_path)).storage_days == 7
