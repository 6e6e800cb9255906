"""Settings: a JSON file in the data directory, overridden by ``PVZ_*`` environment variables.

Given values win over the environment, the environment over ``config.json``, the file over the
defaults. A plain dataclass read by hand (no pydantic): reading the settings is the first thing
the counter does at start, and importing pydantic-settings cost more than the rest of it.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pvz_desktop.core.server_url import BadServerUrl, check_server_url

APP_NAME = "PVZ Desktop"
CONFIG_NAME = "config.json"
ENV_PREFIX = "pvz_"  # matched without regard to case, as PVZ_PRINTER or pvz_printer


def default_data_dir() -> Path:
    env = os.environ.get("PVZ_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def host_name() -> str:
    """This computer's name, the default workstation id (what socket.gethostname() returns)."""
    if hasattr(os, "uname"):
        return os.uname().nodename  # the same name, without importing socket at start
    import socket

    return socket.gethostname()


class SettingsError(ValueError):
    """A setting that cannot be read as its type: named, in Russian, for the log and the console."""


def _read_file(data_dir: Path) -> dict[str, Any]:
    path = data_dir / CONFIG_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged config falls back to defaults; the app says so in the log
    return data if isinstance(data, dict) else {}


def _coerce(name: str, kind: str, value: Any, origin: str) -> Any:
    """``value`` as the field's type (``kind`` is its annotation); strings from the environment
    become numbers and paths, a wrong type is refused rather than kept."""
    if kind == "Path":
        if isinstance(value, str | os.PathLike):
            return Path(value)
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
    elif kind == "str" and isinstance(value, str):
        return value
    raise SettingsError(f"Настройка {name} ({origin}): значение {value!r} не подходит, нужно {_KIND_RU[kind]}.")


_KIND_RU = {"Path": "путь к папке", "int": "целое число", "str": "строка"}


@dataclass(init=False)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    api_url: str = ""  # https:// (http:// only on loopback): checked when read
    ca_bundle: str = ""  # the point's own CA certificates (a PEM file); empty = the system's trust store
    scanners: str = "wedge"  # comma list of scanner URLs (DESIGN §7)
    printer: str = ""  # printer URL; empty = on-screen preview only
    scale: str = ""  # scale URL (serial://COM5?protocol=massak|cas); empty = weights are typed
    printer_profile: str = "default"
    printer_codepage: int = 17  # CP866 on Epson-profile printers
    paper_width: int = 80  # mm: 58 or 80
    storage_days: int = 7
    fitting_minutes: int = 20  # the fitting room's time per customer
    language: str = "ru"
    workstation: str = field(default_factory=host_name)
    point_name: str = ""  # a standalone point's name (first-run screen); with a server, the login's
    point_address: str = ""

    def __init__(self, **given: Any) -> None:
        fields = {f.name: f for f in dataclasses.fields(self)}
        env = {k.lower(): v for k, v in os.environ.items() if k.lower().startswith(ENV_PREFIX)}
        given = {k: v for k, v in given.items() if k in fields}  # unknown names are ignored
        data_dir = given.get("data_dir")
        from_file = _read_file(Path(data_dir) if data_dir else default_data_dir())
        for name, f in fields.items():
            kind = str(f.type)
            if name in given:
                value, origin = given[name], "задана при запуске"
            elif ENV_PREFIX + name in env:
                value, origin = env[ENV_PREFIX + name], f"переменная {(ENV_PREFIX + name).upper()}"
            elif name in from_file:
                value, origin = from_file[name], CONFIG_NAME
            else:
                setattr(self, name, f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default)
                continue
            value = _coerce(name, kind, value, origin)
            if name == "api_url" and value:
                try:
                    value = check_server_url(value)
                except BadServerUrl as exc:  # said where it was set; the counter never talks to it
                    raise SettingsError(f"Настройка {name} ({origin}): {exc.message}") from exc
            setattr(self, name, value)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "pvz.db"

    @property
    def scanner_urls(self) -> list[str]:
        return [u.strip() for u in self.scanners.split(",") if u.strip()]

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Settings:
        """A copy with some values changed (the settings dialog's candidate), read from nowhere else."""
        fields = {f.name: str(f.type) for f in dataclasses.fields(self)}
        twin = copy.copy(self)
        for name, value in (update or {}).items():
            if name in fields:
                setattr(twin, name, _coerce(name, fields[name], value, "изменена"))
        return twin

    def as_json(self) -> dict[str, Any]:
        """Every setting but the data directory (the file lives in it), as JSON values."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "data_dir"}

    def save(self) -> Path:
        """Write the settings (never secrets: there are none here) to the config file."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / CONFIG_NAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
        return path
