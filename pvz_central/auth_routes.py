"""HTTP side of the authorization server: login page, token, revocation, userinfo.

oauthlib does the protocol; this module turns FastAPI requests into its calls and back.
"""

from __future__ import annotations

import html
import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from oauthlib.oauth2 import FatalClientError, OAuth2Error
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from pvz_central import login_throttle
from pvz_central.db import CentralDB
from pvz_central.deps import Services, bearer_principal, services
from pvz_central.errors import responses
from pvz_central.models import User
from pvz_central.oauth import Principal
from pvz_central.oauth_metadata import issuer, with_iss
from pvz_central.passwords import check_password_or_dummy, hash_password, needs_rehash
from pvz_desktop.wire import UserInfoAnswer

router = APIRouter(prefix="/oauth", tags=["auth"])

# The login page must not be framed by another site (clickjacking of the password form).
PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; default-src 'self'; style-src 'unsafe-inline'",
    "Cache-Control": "no-store",
}

PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Вход в PVZ</title>
<style>body{{font-family:sans-serif;max-width:22em;margin:4em auto}}input{{width:100%;margin:.3em 0;padding:.4em}}
.err{{color:#b00020}}</style></head>
<body><h1>Вход для сотрудников ПВЗ</h1>{error}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="q" value="{query}">
<label>Логин <input name="login" autocomplete="username" required autofocus value="{login}"></label>
<label>Пароль <input name="password" type="password" autocomplete="current-password" required></label>
{new_password}<button type="submit">Войти</button>
</form></body></html>"""


WRONG_LOGIN = "Неверный логин или пароль."  # the same for an unknown login: no telling which logins exist
MAX_LOGIN, MAX_PASSWORD = 64, 256
S256_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
FIELD_LIMIT = 512  # characters of one OAuth form field; longer is not a real request
HTML = {"text/html": {"schema": {"type": "string"}}}
REDIRECT = {"description": "To the client's redirect URI with code (or error), state and iss (RFC 9207)"}
JSON_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
_PORT = r"([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])"


def _query(name: str, schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string", **schema}}


# The authorization request (RFC 6749 §4.1.1 + PKCE). Documented only: the handler gives the whole
# query to oauthlib, which answers a bad one with an error page or an error redirect, not a 422.
AUTHORIZE_QUERY = [
    _query("response_type", {"enum": ["code"]}),
    _query("client_id", {"enum": ["pvz-desktop"]}),
    _query("redirect_uri", {"pattern": rf"^http://(127\.0\.0\.1|\[::1\]):{_PORT}/callback$"}),
    _query("scope", {"enum": ["pvz"]}, required=False),
    _query("state", {}, required=False),  # any text: the client's own (RFC 6749 §4.1.1)
    _query("code_challenge", {"pattern": f"^{S256_CHALLENGE.pattern}$"}),
    _query("code_challenge_method", {"enum": ["S256"]}),
]


class OAuthError(BaseModel):
    """Error answer of the token and revocation endpoints (RFC 6749 §5.2)."""

    error: str
    error_description: str | None = None


class TokenAnswer(BaseModel):
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    scope: str


OAUTH_ERRORS: dict[int | str, dict] = {
    400: {"model": OAuthError, "description": "OAuth error (invalid_request, invalid_grant, …)"},
    401: {"model": OAuthError, "description": "OAuth error: invalid_client"},
}


# Asked for when the owner reset the password: the employee chooses their own before the login goes on.
NEW_PASSWORD = """<label>Новый пароль
<input name="new_password" type="password" autocomplete="new-password" required></label>
<label>Новый пароль ещё раз
<input name="new_password2" type="password" autocomplete="new-password" required></label>
"""
MIN_NEW_PASSWORD = 6


def _page(
    query: str,
    *,
    error: str = "",
    login: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
    new_password: bool = False,
) -> HTMLResponse:
    err = f'<p class="err" role="alert">{html.escape(error)}</p>' if error else ""
    body = PAGE.format(
        error=err,
        query=html.escape(query, quote=True),
        login=html.escape(login, quote=True),
        new_password=NEW_PASSWORD if new_password else "",
    )
    return HTMLResponse(body, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})


def _error_page(message: str, status: int = 400) -> HTMLResponse:
    body = f'<!doctype html><html lang="ru"><meta charset="utf-8"><p role="alert">{html.escape(message)}</p></html>'
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _authorize_uri(request: Request, query: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/oauth/authorize?{query}"


def _check(svc: Services, uri: str, iss: str) -> Response | None:
    """None if the authorization request is acceptable, else the page or redirect to answer with."""
    try:
        _scopes, credentials = svc.oauth.validate_authorization_request(uri, "GET")
    except FatalClientError as exc:
        # A bad client or redirect must not redirect anywhere (RFC 6749 §4.1.2.1).
        return _error_page(f"Неверный запрос входа: {exc.description or exc.error}.")
    except OAuth2Error as exc:
        if exc.redirect_uri:
            return RedirectResponse(with_iss(exc.in_uri(exc.redirect_uri), iss), status_code=302)
        return _error_page(f"Неверный запрос входа: {exc.description or exc.error}.")
    except ValueError:  # oauthlib refuses a query that is not proper form encoding
        return _error_page("Неверный запрос входа: адрес страницы повреждён.")
    if credentials.get("code_challenge_method") != "S256":
        return _error_page("Неверный запрос входа: нужен PKCE с методом S256.")
    # An S256 challenge is 43 base64url characters (RFC 7636 §4.2); oauthlib lets an empty one
    # through, and a code bound to it would need no verifier at all.
    if not S256_CHALLENGE.fullmatch(credentials.get("code_challenge") or ""):
        return _error_page("Неверный запрос входа: неверный код PKCE.")
    return None


@router.get(
    "/authorize",
    response_class=HTMLResponse,
    summary="Login page (authorization code + PKCE)",
    responses={302: REDIRECT, 400: {"description": "Bad authorization request (page)", "content": HTML}},
    openapi_extra={"parameters": AUTHORIZE_QUERY},
)
def authorize_page(request: Request, svc: Annotated[Services, Depends(services)]) -> Response:
    query = request.url.query
    return _check(svc, _authorize_uri(request, query), issuer(request, svc)) or _page(query)


@router.post(
    "/authorize",
    response_class=HTMLResponse,
    summary="Submit the login form",
    description="A wrong login or password answers the form again with a message (200). Too many failures "
    "for the login or the client address answer 429 with Retry-After and the form with a message.",
    responses={
        302: REDIRECT,
        400: {"description": "Bad authorization request (page)", "content": HTML},
        429: {
            "description": "Too many failed logins (page)",
            "content": HTML,
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
        413: {"description": "Request body too large", **JSON_ERROR},
        422: {"description": "Not a form", **JSON_ERROR},
    },
)
def authorize_submit(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    q: Annotated[str, Form()] = "",
    login: Annotated[str, Form(description="Up to 64 characters")] = "",
    password: Annotated[str, Form(description="Up to 256 characters")] = "",
    new_password: Annotated[str, Form(description="Only when the password was reset: the new one")] = "",
    new_password2: Annotated[str, Form(description="The new password again")] = "",
) -> Response:
    uri = _authorize_uri(request, q)
    iss = issuer(request, svc)
    refused = _check(svc, uri, iss)
    if refused is not None:
        return refused
    login = login.strip()[:MAX_LOGIN]
    password = password[:MAX_PASSWORD]  # a longer one is wrong anyway: cut before it is hashed
    address = request.client.host if request.client else ""
    limited = login_throttle.begin_attempt(svc.db, login, address)
    if limited is not None:
        minutes = max(1, -(-limited.retry_after // 60))
        why = "Вход временно заблокирован после многих неудачных попыток" if limited.locked else "Слишком много попыток"
        return _page(
            q,
            error=f"{why}: повторите через {_wait_text(limited.retry_after, minutes)}.",
            login=login,
            status=429,
            headers={"Retry-After": str(limited.retry_after)},
        )
    user = verify_login(svc.db, login, password)
    if user is None:
        return _page(q, error=WRONG_LOGIN, login=login)
    if user.must_change_password:
        problem = _new_password_problem(password, new_password[:MAX_PASSWORD], new_password2[:MAX_PASSWORD])
        if problem:
            return _page(q, error=problem, login=login, new_password=True)
        with svc.db.write() as session:
            changed = session.get(User, user.id)
            assert changed is not None
            changed.password_hash, changed.must_change_password = hash_password(new_password), False
    headers, _body, status = svc.oauth.create_authorization_response(
        uri, "GET", scopes=None, credentials={"user": user.id}
    )
    headers["Location"] = with_iss(headers["Location"], iss)
    return Response(status_code=status, headers={**headers, "Cache-Control": "no-store"})


def _new_password_problem(old: str, new: str, again: str) -> str | None:
    if not new:
        return "Владелец сбросил ваш пароль: задайте новый."
    if len(new) < MIN_NEW_PASSWORD:
        return f"Новый пароль — не короче {MIN_NEW_PASSWORD} знаков."
    if new != again:
        return "Новые пароли не совпадают."
    if new == old:
        return "Новый пароль должен отличаться от выданного владельцем."
    return None


def verify_login(db: CentralDB, login: str, password: str) -> User | None:
    """The active account whose password this is, or None (the same work for an unknown login).
    A success clears the login's failures and remakes an older, cheaper hash. The counter's login
    page and the owner console both log in with it."""
    with db.read() as session:
        user = session.get(User, login)
    stored = user.password_hash if user is not None and user.active else None
    if not check_password_or_dummy(password, stored) or user is None:
        return None
    login_throttle.succeeded(db, login)
    if needs_rehash(stored or ""):  # the only moment the plain password is at hand
        with db.write() as session:
            session.get(User, login).password_hash = hash_password(password)  # type: ignore[union-attr]
    return user


def _wait_text(seconds: int, minutes: int) -> str:
    return f"{seconds} с" if seconds < 60 else f"{minutes} мин"


def _oauth_response(headers: dict[str, str], body: str, status: int) -> Response:
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def _form(**fields: str | None) -> str:
    return urlencode({k: v for k, v in fields.items() if v is not None})


def _invalid_request(description: str) -> Response:
    body = OAuthError(error="invalid_request", error_description=description).model_dump_json(exclude_none=True)
    return Response(body, 400, {"Cache-Control": "no-store"}, media_type="application/json")


def _too_long(fields: dict[str, str | None]) -> str | None:
    return next((k for k, v in fields.items() if v is not None and len(v) > FIELD_LIMIT), None)


# Every field is optional to FastAPI: whatever is missing or wrong, oauthlib answers with the
# OAuth error body a client expects (RFC 6749 §5.2), never FastAPI's 422.
@router.post(
    "/token",
    summary="Exchange a code (with the PKCE verifier) or a refresh token",
    response_model=TokenAnswer,
    responses={**OAUTH_ERRORS, **responses(413, 422)},
)
async def token(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    grant_type: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    code: Annotated[str | None, Form()] = None,
    redirect_uri: Annotated[str | None, Form()] = None,
    code_verifier: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
) -> Response:
    fields = {
        "grant_type": grant_type,
        "client_id": client_id,
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
        "refresh_token": refresh_token,
    }
    if (name := _too_long(fields)) is not None:
        return _invalid_request(f"{name} is too long")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    uri = f"{str(request.base_url).rstrip('/')}/oauth/token"
    answer = await run_in_threadpool(svc.oauth.create_token_response, uri, "POST", _form(**fields), headers)
    return _oauth_response(*answer)


@router.post(
    "/revoke",
    summary="Revoke a token (the whole login it belongs to)",
    responses={
        200: {"description": "Revoked (or unknown: RFC 7009 §2.2)"},
        **OAUTH_ERRORS,
        **responses(413, 422),
    },
)
async def revoke(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    token: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    token_type_hint: Annotated[str | None, Form()] = None,
) -> Response:
    fields = {"token": token, "client_id": client_id, "token_type_hint": token_type_hint}
    if (name := _too_long(fields)) is not None:
        return _invalid_request(f"{name} is too long")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    uri = f"{str(request.base_url).rstrip('/')}/oauth/revoke"
    result = await run_in_threadpool(svc.oauth.create_revocation_response, uri, "POST", _form(**fields), headers)
    return _oauth_response(*result)


@router.get(
    "/userinfo", summary="Who the access token belongs to", response_model=UserInfoAnswer, responses=responses(401)
)
def userinfo(principal: Annotated[Principal, Depends(bearer_principal)]) -> JSONResponse:
    answer = UserInfoAnswer(
        sub=principal.user_id,
        name=principal.name,
        role=principal.role,
        point_id=principal.point_id,
        point_name=principal.point_name,
    )
    return JSONResponse(answer.model_dump(), headers={"Cache-Control": "no-store"})
