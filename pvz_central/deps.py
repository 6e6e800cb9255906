"""Shared services of one server instance and the access checks every route depends on.

Access: a valid bearer token (401 otherwise); a route under ``/points/{point_id}`` only for a
token of that point (403); owner routes only for the owner role (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2AuthorizationCodeBearer

from pvz_central.db import CentralDB
from pvz_central.errors import ApiProblem, unauthorized
from pvz_central.feed import ChangeNotifier
from pvz_central.oauth import Principal, PvzAuthServer, Validator

POINT_ID = Path(min_length=1, max_length=64, description="The pickup point of the token")

# Declared so the OpenAPI schema says how to get and send a token; the check itself is below.
OAUTH2 = OAuth2AuthorizationCodeBearer(
    authorizationUrl="/oauth/authorize",
    tokenUrl="/oauth/token",
    refreshUrl="/oauth/token",
    scopes={"pvz": "Work at the counter of the user's pickup point"},
    scheme_name="pvzLogin",
    description="Authorization code with PKCE (S256 only), public client pvz-desktop, loopback redirect "
    "(RFC 8252). Metadata: /.well-known/oauth-authorization-server.",
    auto_error=False,
)
BEARER = HTTPBearer(scheme_name="bearerToken", description="An access token from /oauth/token", auto_error=False)


@dataclass(frozen=True)
class Services:
    db: CentralDB
    validator: Validator
    oauth: PvzAuthServer
    notifier: ChangeNotifier
    max_wait: float  # longest long-poll, seconds
    issuer: str | None = None  # OAuth issuer URL; None: the base URL each request came to


# The checks that only look at what they are given are ``async``: FastAPI runs a plain ``def``
# dependency in its thread pool, a hand-off per dependency per request.


async def services(request: Request) -> Services:
    return request.app.state.services


def bearer_principal(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    _login: Annotated[str | None, Security(OAUTH2, scopes=["pvz"])],
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        # No error code: the request simply had no credentials (RFC 6750 §3.1).
        raise ApiProblem(
            401, "Нужен вход: нет токена доступа.", "unauthorized", {"WWW-Authenticate": 'Bearer realm="pvz"'}
        )
    # The validator's own check (what oauthlib's resource endpoint would call), without building
    # oauthlib's request around it: that was a third of the check's time.
    principal = svc.validator.principal_for(token)
    if principal is None:
        raise unauthorized("Токен доступа недействителен или истёк: войдите снова.")
    return principal


async def point_principal(
    point_id: Annotated[str, POINT_ID], principal: Annotated[Principal, Depends(bearer_principal)]
) -> Principal:
    if principal.point_id != point_id:
        raise ApiProblem(403, f"Нет доступа к пункту {point_id}: вы вошли в пункт {principal.point_id}.", "other_point")
    return principal


async def owner_principal(principal: Annotated[Principal, Depends(point_principal)]) -> Principal:
    if principal.role != "owner":
        raise ApiProblem(403, "Это действие доступно только владельцу пункта.", "owner_only")
    return principal
