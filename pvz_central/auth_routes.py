"""HTTP side of the authorization server: login page, token, revocation, userinfo.

oauthlib does the protocol; this module turns FastAPI requests into its calls and back.
"""

from __future__ import annotations

import html
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from oauthlib.oauth2 import FatalClientError, OAuth2Error
from starlette.concurrency import run_in_threadpool

from pvz_central.deps import Services, bearer_principal, services
from pvz_central.models import User
from pvz_central.oauth import Principal
from pvz_central.passwords import check_password
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
<button type="submit">Войти</button>
</form></body></html>"""


def _page(query: str, *, error: str = "", login: str = "", status: int = 200) -> HTMLResponse:
    err = f'<p class="err" role="alert">{html.escape(error)}</p>' if error else ""
    body = PAGE.format(error=err, query=html.escape(query, quote=True), login=html.escape(login, quote=True))
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _error_page(message: str, status: int = 400) -> HTMLResponse:
    body = f'<!doctype html><html lang="ru"><meta charset="utf-8"><p role="alert">{html.escape(message)}</p></html>'
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _authorize_uri(request: Request, query: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/oauth/authorize?{query}"


def _check(svc: Services, uri: str) -> Response | None:
    """None if the authorization request is acceptable, else the page or redirect to answer with."""
    try:
        _scopes, credentials = svc.oauth.validate_authorization_request(uri, "GET")
    except FatalClientError as exc:
        # A bad client or redirect must not redirect anywhere (RFC 6749 §4.1.2.1).
        return _error_page(f"Неверный запрос входа: {exc.description or exc.error}.")
    except OAuth2Error as exc:
        if exc.redirect_uri:
            return RedirectResponse(exc.in_uri(exc.redirect_uri), status_code=302)
        return _error_page(f"Неверный запрос входа: {exc.description or exc.error}.")
    except ValueError:  # oauthlib refuses a query that is not proper form encoding
        return _error_page("Неверный запрос входа: адрес страницы повреждён.")
    if credentials.get("code_challenge_method") != "S256":
        return _error_page("Неверный запрос входа: нужен PKCE с методом S256.")
    return None


@router.get("/authorize", response_class=HTMLResponse, summary="Login page (authorization code + PKCE)")
def authorize_page(request: Request, svc: Annotated[Services, Depends(services)]) -> Response:
    query = request.url.query
    return _check(svc, _authorize_uri(request, query)) or _page(query)


@router.post("/authorize", response_class=HTMLResponse, summary="Submit the login form")
def authorize_submit(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    q: Annotated[str, Form()] = "",
    login: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    uri = _authorize_uri(request, q)
    refused = _check(svc, uri)
    if refused is not None:
        return refused
    with svc.db.read() as session:
        user = session.get(User, login.strip())
    if user is None or not user.active or not check_password(password, user.password_hash):
        return _page(q, error="Неверный логин или пароль.", login=login, status=401)
    headers, _body, status = svc.oauth.create_authorization_response(
        uri, "GET", scopes=None, credentials={"user": user.id}
    )
    return Response(status_code=status, headers={**headers, "Cache-Control": "no-store"})


def _oauth_response(headers: dict[str, str], body: str, status: int) -> Response:
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def _form(**fields: str | None) -> str:
    return urlencode({k: v for k, v in fields.items() if v is not None})


@router.post("/token", summary="Exchange a code (with the PKCE verifier) or a refresh token")
async def token(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    grant_type: Annotated[str, Form(max_length=64)],
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    code: Annotated[str | None, Form(max_length=256)] = None,
    redirect_uri: Annotated[str | None, Form(max_length=512)] = None,
    code_verifier: Annotated[str | None, Form(max_length=256)] = None,
    refresh_token: Annotated[str | None, Form(max_length=256)] = None,
) -> Response:
    body = _form(
        grant_type=grant_type,
        client_id=client_id,
        code=code,
        redirect_uri=redirect_uri,
        code_verifier=code_verifier,
        refresh_token=refresh_token,
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    uri = f"{str(request.base_url).rstrip('/')}/oauth/token"
    return _oauth_response(*await run_in_threadpool(svc.oauth.create_token_response, uri, "POST", body, headers))


@router.post("/revoke", summary="Revoke a token (the whole login it belongs to)")
async def revoke(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    token: Annotated[str, Form(max_length=256)],
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    token_type_hint: Annotated[str | None, Form(max_length=32)] = None,
) -> Response:
    body = _form(token=token, client_id=client_id, token_type_hint=token_type_hint)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    uri = f"{str(request.base_url).rstrip('/')}/oauth/revoke"
    result = await run_in_threadpool(svc.oauth.create_revocation_response, uri, "POST", body, headers)
    return _oauth_response(*result)


@router.get("/userinfo", response_model=UserInfoAnswer, summary="Who the access token belongs to")
def userinfo(principal: Annotated[Principal, Depends(bearer_principal)]) -> JSONResponse:
    answer = UserInfoAnswer(
        sub=principal.user_id,
        name=principal.name,
        role=principal.role,
        point_id=principal.point_id,
        point_name=principal.point_name,
    )
    return JSONResponse(answer.model_dump(), headers={"Cache-Control": "no-store"})
