"""Settings: a JSON file in the data directory, overridden by ``PVZ_*`` environment variables."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

APP_NAME = "PVZ Desktop"
CONFIG_NAME = "config.json"


def default_data_dir() -> Path:
    return Path(os.environ.get("PVZ_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


class _JsonFileSource(PydanticBaseSettingsSource):
    """Reads ``config.json`` from the data directory; the environment still wins over it."""

    def __init__(self, settings_cls: type[BaseSettings], data_dir: Path | str | None) -> None:
        super().__init__(settings_cls)
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = self.data_dir / CONFIG_NAME
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged config falls back to defaults; the app says so in the log
        return data if isinstance(data, dict) else {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PVZ_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    api_url: str = ""
    scanners: str = "wedge"  # comma list of scanner URLs (DESIGN §7)
    printer: str = ""  # printer URL; empty = on-screen preview only
    printer_profile: str = "default"
    printer_codepage: int = 17  # CP866 on Epson-profile printers
    paper_width: int = 80  # mm: 58 or 80
    storage_days: int = 7
    language: str = "ru"
    workstation: str = Field(default_factory=socket.gethostname)
    point_name: str = "ПВЗ"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file lives in the data directory the settings are made for (``--data-dir`` too).
        data_dir = getattr(init_settings, "init_kwargs", {}).get("data_dir")
        return (init_settings, env_settings, _JsonFileSource(settings_cls, data_dir))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "pvz.db"

    @property
    def scanner_urls(self) -> list[str]:
        return [u.strip() for u in self.scanners.split(",") if u.strip()]

    def save(self) -> Path:
        """Write the settings (never secrets: there are none here) to the config file."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / CONFIG_NAME
        data = self.model_dump(mode="json", exclude={"data_dir"})
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
        return path
