"""HTTP client of the central API for the sync threads (operations, change feed, shipments).

Every call goes through ``AuthSession.request`` (bearer token, one refresh on 401). Network
failures, 5xx and 429 become ``ServerUnavailable``: the caller retries later with backoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.core.errors import DomainError

LONG_POLL_SLACK = 10.0  # seconds on top of the long-poll wait before the read times out


class ServerUnavailable(Exception):
    """The server cannot be reached or cannot answer now: try again later."""


class AccessDenied(DomainError):
    """The server refuses this login for the request (another point, wrong role): not retried."""

    code = "access_denied"


@dataclass(frozen=True)
class PushAnswer:
    applied: bool
    reason: str | None = None  # for the cashier, when refused
    code: str | None = None
    replayed: bool = False  # the server had this Idempotency-Key already


@dataclass(frozen=True)
class ChangePage:
    changes: tuple[dict[str, Any], ...]
    cursor: str | None
    has_more: bool
    reset: bool


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"код ответа {response.status_code}"
    return str(body.get("reason") or body.get("detail") or f"код ответа {response.status_code}")


class CentralClient:
    def __init__(self, auth: AuthSession, point_id: str | None = None) -> None:
        self.auth = auth
        self._point_id = point_id

    @property
    def point_id(self) -> str:
        if self._point_id is None:
            user = self.auth.user or self._call(self.auth.load_user)
            self._point_id = user.point_id
        return self._point_id

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except requests.RequestException as exc:
            raise ServerUnavailable("Нет связи с сервером.") from exc
        except AuthError as exc:
            if exc.code == "login_required":
                raise
            raise ServerUnavailable(exc.message) from exc

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = self._call(self.auth.request, method, f"/api/v1/points/{self.point_id}{path}", **kwargs)
        if response.status_code >= 500 or response.status_code == 429:
            raise ServerUnavailable(f"Сервер временно не отвечает ({response.status_code}).")
        if response.status_code == 403:
            raise AccessDenied(_detail(response))
        return response

    def push(self, op_id: str, kind: str, payload: dict[str, Any]) -> PushAnswer:
        response = self._request(
            "POST", "/operations", json={"kind": kind, "payload": payload}, headers={"Idempotency-Key": op_id}
        )
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        if response.status_code == 200:
            return PushAnswer(True, replayed=replayed)
        if response.status_code in (409, 422):
            code = response.json().get("code") if response.status_code == 409 else "invalid"
            return PushAnswer(False, _detail(response), code, replayed)
        raise ServerUnavailable(f"Неожиданный ответ сервера на операцию: {_detail(response)}.")

    def changes(self, cursor: str | None, wait: float = 0) -> ChangePage:
        params: dict[str, Any] = {"wait": wait}
        if cursor:
            params["since"] = cursor
        response = self._request("GET", "/changes", params=params, timeout=wait + LONG_POLL_SLACK)
        if response.status_code != 200:
            raise ServerUnavailable(f"Лента изменений недоступна: {_detail(response)}.")
        body = response.json()
        return ChangePage(tuple(body["changes"]), body["cursor"], bool(body["has_more"]), bool(body["reset"]))

    def shipment(self, posting: str) -> dict[str, Any] | None:
        response = self._request("GET", f"/shipments/{posting}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ServerUnavailable(f"Отправление не прочитано: {_detail(response)}.")
        return response.json()
