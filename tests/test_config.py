"""Settings: config file in the data directory, environment over file, saved settings read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pvz_desktop.app import load_settings
from pvz_desktop.config import Settings, SettingsError


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
    assert demo.data_dir == tmp_path / "demo" and demo.point_name == ""  # not the real point's
    assert load_settings().point_name == "Настоящий пункт"


def test_a_damaged_config_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    assert load_settings(str(tmp_path)).storage_days == 7


def test_environment_values_are_read_as_their_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVZ_STORAGE_DAYS", " 12 ")
    monkeypatch.setenv("pvz_paper_width", "58")  # the name is matched without regard to case
    settings = Settings(data_dir=str(tmp_path))
    assert (settings.storage_days, settings.paper_width, settings.data_dir) == (12, 58, tmp_path)


def test_a_value_of_the_wrong_type_is_refused_with_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVZ_STORAGE_DAYS", "неделя")
    with pytest.raises(SettingsError) as err:
        Settings(data_dir=tmp_path)
    assert "PVZ_STORAGE_DAYS" in str(err.value) and "целое число" in str(err.value)
    monkeypatch.delenv("PVZ_STORAGE_DAYS")
    (tmp_path / "config.json").write_text('{"paper_width": "широкая"}', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"config\.json"):
        Settings(data_dir=tmp_path)


def test_every_saved_setting_is_read_back_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    saved = Settings(
        data_dir=tmp_path,
        api_url="https://central.example",
        scanners="serial:///dev/ttyUSB0?baud=9600,wedge",
        printer="tcp://10.0.0.5:9100",
        printer_profile="TM-T20II",
        printer_codepage=46,
        paper_width=58,
        storage_days=3,
        language="en",
        workstation="counter-2",
        point_name="ПВЗ Ленина 5",
    )
    data = json.loads(saved.save().read_text(encoding="utf-8"))
    assert "data_dir" not in data
    data["retired_option"] = True  # from an older version: not an error
    (tmp_path / "config.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_settings(str(tmp_path)) == saved


def test_a_copy_changes_only_what_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(data_dir=tmp_path, printer="tcp://127.0.0.1:9100")
    monkeypatch.setenv("PVZ_PRINTER", "file:///tmp/out.bin")  # a copy is not read again
    copy = settings.model_copy(update={"storage_days": 4})
    assert (copy.printer, copy.storage_days, settings.storage_days) == ("tcp://127.0.0.1:9100", 4, 7)


def test_reading_the_settings_does_not_import_pydantic(tmp_path: Path) -> None:
    probe = (
        "import sys; from pvz_desktop.app import load_settings; "
        f"load_settings({str(tmp_path)!r}); print(any(m.split('.')[0] == 'pydantic' for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_the_default_workstation_is_the_host_name(tmp_path: Path) -> None:
    import socket

    assert Settings(data_dir=tmp_path).workstation == socket.gethostname()


def test_a_plain_http_server_address_is_refused_wherever_it_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PVZ_API_URL", raising=False)
    (tmp_path / "config.json").write_text('{"api_url": "http://192.168.1.5:8765"}', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"api_url \(config\.json\).*нужен https://"):
        Settings(data_dir=tmp_path)
    (tmp_path / "config.json").write_text('{"api_url": "https://pvz.example.ru/"}', encoding="utf-8")
    assert Settings(data_dir=tmp_path).api_url == "https://pvz.example.ru"
    monkeypatch.setenv("PVZ_API_URL", "http://pvz.example.ru")
    with pytest.raises(SettingsError, match=r"PVZ_API_URL.*открытым текстом"):
        Settings(data_dir=tmp_path)
    monkeypatch.setenv("PVZ_API_URL", "http://127.0.0.1:8765")  # this computer: the demo, tests
    assert Settings(data_dir=tmp_path).api_url == "http://127.0.0.1:8765"
    with pytest.raises(SettingsError, match="задана при запуске"):
        Settings(data_dir=tmp_path, api_url="http://10.0.0.2")


def test_the_counter_does_not_start_with_an_insecure_server_address(tmp_path: Path):
    env = {**os.environ, "PVZ_DATA_DIR": str(tmp_path), "PVZ_API_URL": "http://pvz.example.ru:8765"}
    done = subprocess.run(
        [sys.executable, "-m", "pvz_desktop"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "PVZ_API_URL" in done.stderr and "нужен https://" in done.stderr
    assert not (tmp_path / "pvz.db").exists()  # nothing started
