"""The server's settings from the environment: what ``uvicorn --factory pvz_central.app:app_from_environment``
and each process of ``pvz-central serve --workers N`` read (the CLI's options set the same variables)."""

from __future__ import annotations

import os
from pathlib import Path

from pvz_central.pickup_keys import DEFAULT_SECRET_FILE, SECRET_ENV

DEFAULT_DB = "sqlite:///pvz-central.db"
DB_ENV = "PVZ_CENTRAL_DB"
ACCESS_TTL_ENV = "PVZ_CENTRAL_ACCESS_TTL"
ISSUER_ENV = "PVZ_CENTRAL_ISSUER"


def database_url(given: str | None = None) -> str:
    return given or os.environ.get(DB_ENV) or DEFAULT_DB


def secret_file(url: str, given: str | None) -> Path:
    """Where the server's secret is: given, PVZ_CENTRAL_SECRET_FILE, beside a SQLite file, or here."""
    from pvz_central.db import normalise_url  # the database layer only when it is needed (--help stays quick)

    if given or os.environ.get(SECRET_ENV):
        return Path(given or os.environ[SECRET_ENV])
    url = normalise_url(url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).with_suffix(".secret")
    return Path(DEFAULT_SECRET_FILE)
