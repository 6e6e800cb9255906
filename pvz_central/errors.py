"""The one error answer of the central API: a stable machine code, a Russian ``detail``, field errors.

Every refusal of every route (400, 401, 403, 404, 405, 409, 413, 422, 429) has the shape of
``ApiError``; routes raise ``ApiProblem`` (or a plain ``HTTPException``, which gets the
status's default code) and ``install`` turns it, FastAPI's validation errors and Starlette's own
404/405 into that shape. ``responses`` documents the same shape in the OpenAPI schema. The
models (``ApiError``, ``FieldError``) are wire models in ``pvz_desktop.wire``: the counter reads them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from pvz_desktop.wire import ApiError, FieldError

__all__ = ["ApiError", "ApiProblem", "FieldError", "install", "responses", "unauthorized"]


# The code and Russian text a status gets when the raiser says nothing more specific.
DEFAULTS: dict[int, tuple[str, str]] = {
    400: ("malformed_request", "Запрос не разобран: тело должно быть корректным JSON или формой."),
    401: ("unauthorized", "Нужен вход: нет действующего токена доступа."),
    403: ("forbidden", "Нет доступа."),
    404: ("not_found", "Не найдено."),
    405: ("method_not_allowed", "Этот метод здесь не поддерживается."),
    409: ("conflict", "Запрос отклонён: он противоречит текущему состоянию."),
    413: ("body_too_large", "Запрос слишком большой: отправьте частями."),
    415: ("unsupported_media_type", "Такой тип содержимого не принимается."),
    422: ("invalid_input", "Неверный запрос: проверьте поля."),
    429: ("too_many_attempts", "Слишком много попыток: подождите и повторите."),
}
DESCRIPTIONS = {
    400: "Malformed body (not JSON / not a form)",
    401: "No valid access token (WWW-Authenticate says why)",
    403: "The token's point or role does not allow this",
    404: "Not found",
    409: "Refused: contradicts the current state (the detail says why)",
    413: "Request body too large",
    415: "Unsupported content type (the detail names what is taken)",
    422: "Invalid fields (listed in errors)",
    429: "Too many attempts (Retry-After says when to try again)",
}
BEARER_CHALLENGE = 'Bearer realm="pvz"'
CANDIDATE_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


class ApiProblem(StarletteHTTPException):
    """A refusal with its own machine code (``code``) and Russian ``detail``."""

    def __init__(self, status: int, detail: str, code: str | None = None, headers: Mapping[str, str] | None = None):
        super().__init__(status, detail, dict(headers) if headers else None)
        self.code = code or DEFAULTS.get(status, ("error", ""))[0]


def error_body(
    status: int, detail: str | None = None, code: str | None = None, errors: list[Any] | None = None
) -> dict:
    default_code, default_detail = DEFAULTS.get(status, ("error", "Ошибка запроса."))
    fields = [FieldError.model_validate(e) for e in errors or []]
    return ApiError(code=code or default_code, detail=detail or default_detail, errors=fields).model_dump()


def unauthorized(detail: str, error: str = "invalid_token") -> ApiProblem:
    """401 with the bearer challenge RFC 6750 §3 asks for."""
    return ApiProblem(401, detail, "unauthorized", {"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="{error}"'})


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting ``statuses`` with the error model (429 with Retry-After)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        doc: dict[str, Any] = {"model": ApiError, "description": DESCRIPTIONS[status]}
        if status == 401:
            doc["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer challenge"}}
        if status == 429:
            doc["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}
        out[status] = doc
    return out


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path (a 405's ``Allow``).

    Asked method by method through ``matches`` (routers nest in FastAPI: a partial match of the
    outer one does not say which inner methods exist)."""
    allowed = []
    for method in CANDIDATE_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` with ``ApiError``."""

    @app.exception_handler(RequestValidationError)
    async def invalid_input(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):
            return JSONResponse(error_body(400), 400)
        where = ", ".join(".".join(e["loc"]) for e in errors[:3])
        return JSONResponse(error_body(422, f"Неверный запрос: проверьте поля {where}.", errors=errors), 422)

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        detail = exc.detail if isinstance(exc.detail, str) else None
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
            detail = None  # Starlette's English text
        elif exc.status_code in (400, 404) and detail in ("There was an error parsing the body", "Not Found"):
            detail = None
        return JSONResponse(error_body(exc.status_code, detail, getattr(exc, "code", None)), exc.status_code, headers)
