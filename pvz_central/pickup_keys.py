"""Each point's pickup-code key, derived from the server's secret; the secret is never in the database.

A point's key is HMAC-SHA-256(server secret, label ‖ point id): one secret file serves every
point, each counter gets only its own point's key (at login), and a copy of the database alone
holds verifiers nobody can check (``pvz_desktop.core.pickup_codes``). Losing the secret file
makes the stored verifiers useless: the network sends the next day's codes again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from pvz_desktop.core.errors import BadInput

SECRET_BYTES = 32
SECRET_ENV = "PVZ_CENTRAL_SECRET_FILE"
DEFAULT_SECRET_FILE = "pvz-central.secret"
_LABEL = b"pvz-point-pickup-key-v1\x00"


class PointKeys:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < SECRET_BYTES:
            raise BadInput(f"Секрет сервера короче {SECRET_BYTES} байт: создайте новый файл секрета.")
        self._secret = secret

    def __repr__(self) -> str:  # never the secret itself, whatever prints this object
        return "PointKeys(<secret>)"

    def for_point(self, point_id: str) -> bytes:
        return hmac.new(self._secret, _LABEL + point_id.encode("utf-8"), hashlib.sha256).digest()

    @classmethod
    def ephemeral(cls) -> PointKeys:
        """A secret for this process only (tests): verifiers stored with it die with the process."""
        return cls(secrets.token_bytes(SECRET_BYTES))

    @classmethod
    def from_file(cls, path: Path) -> PointKeys:
        """The secret in ``path``, made there (readable by its owner only) on first use."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_hex(SECRET_BYTES) + "\n")
        try:
            secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (UnicodeDecodeError, ValueError):
            raise BadInput(f"Файл секрета {path} повреждён: ожидались шестнадцатеричные цифры.") from None
        return cls(secret)
