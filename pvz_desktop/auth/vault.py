"""Where the refresh token and the point's pickup-code key live between runs: the OS credential
store through ``keyring``.

Only the refresh token is kept of the login (43 characters: far under the 2560-byte cap of a
Windows credential); the access token is never written anywhere. The point's key (64 hex
characters) checks pickup codes against their verifiers; it is the point's, not the person's,
so a logout keeps it: the counter still checks codes while offline.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

SERVICE = "PVZ Desktop"


class TokenVault(Protocol):
    def load(self) -> str | None: ...
    def save(self, refresh_token: str) -> None: ...
    def clear(self) -> None: ...
    def load_pickup_key(self) -> bytes | None: ...
    def save_pickup_key(self, key: bytes) -> None: ...


def _key(text: str | None) -> bytes | None:
    try:
        return bytes.fromhex(text) if text else None
    except ValueError:  # damaged entry: as if none, the next login stores it again
        return None


class KeyringVault:
    """The refresh token of one server, under the service «PVZ Desktop» and the server URL."""

    def __init__(self, api_url: str, service: str = SERVICE) -> None:
        self.service = service
        self.account = api_url.rstrip("/")

    # keyring (and its backend's discovery) is imported on first use, not at the counter's start.

    def load(self) -> str | None:
        import keyring

        return keyring.get_password(self.service, self.account)

    def save(self, refresh_token: str) -> None:
        import keyring

        keyring.set_password(self.service, self.account, refresh_token)

    def clear(self) -> None:
        import keyring
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored: already logged out
            keyring.delete_password(self.service, self.account)

    @property
    def key_account(self) -> str:
        return f"{self.account} pickup-key"

    def load_pickup_key(self) -> bytes | None:
        import keyring

        return _key(keyring.get_password(self.service, self.key_account))

    def save_pickup_key(self, key: bytes) -> None:
        import keyring

        keyring.set_password(self.service, self.key_account, key.hex())


class MemoryVault:
    """For the embedded demo server: the login lasts as long as the program runs."""

    def __init__(self) -> None:
        self._token: str | None = None
        self._pickup_key: bytes | None = None

    def load(self) -> str | None:
        return self._token

    def save(self, refresh_token: str) -> None:
        self._token = refresh_token

    def clear(self) -> None:
        self._token = None

    def load_pickup_key(self) -> bytes | None:
        return self._pickup_key

    def save_pickup_key(self, key: bytes) -> None:
        self._pickup_key = key
