"""Where the refresh token lives between runs: the OS credential store through ``keyring``.

Only the refresh token is kept (43 characters: far under the 2560-byte cap of a Windows
credential). The access token is never written anywhere.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

SERVICE = "PVZ Desktop"


class TokenVault(Protocol):
    def load(self) -> str | None: ...
    def save(self, refresh_token: str) -> None: ...
    def clear(self) -> None: ...


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


class MemoryVault:
    """For the embedded demo server: the login lasts as long as the program runs."""

    def __init__(self) -> None:
        self._token: str | None = None

    def load(self) -> str | None:
        return self._token

    def save(self, refresh_token: str) -> None:
        self._token = refresh_token

    def clear(self) -> None:
        self._token = None
