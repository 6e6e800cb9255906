"""Shared services of one server instance and the access checks every route depends on.

Access: a valid bearer token (401 otherwise); a route under ``/points/{point_id}`` only for a
token of that point (403); owner routes only for the owner role (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request

from pvz_central.db import CentralDB
from pvz_central.feed import ChangeNotifier
from pvz_central.oauth import Principal, PvzAuthServer, Validator

POINT_ID = Path(min_length=1, max_length=64, description="The pickup point of the token")


@dataclass(frozen=True)
class Services:
    db: CentralDB
    validator: Validator
    oauth: PvzAuthServer
    notifier: ChangeNotifier
    max_wait: float  # longest long-poll, seconds


def services(request: Request) -> Services:
    return request.app.state.services


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": 'Bearer realm="pvz", error="invalid_token"'})


def bearer_principal(request: Request, svc: Annotated[Services, Depends(services)]) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Нужен вход: нет токена доступа.")
    valid, req = svc.oauth.verify_request(str(request.url), request.method, None, {"Authorization": header}, ["pvz"])
    if not valid:
        raise _unauthorized("Токен доступа недействителен или истёк: войдите снова.")
    return req.principal


def point_principal(
    point_id: Annotated[str, POINT_ID], principal: Annotated[Principal, Depends(bearer_principal)]
) -> Principal:
    if principal.point_id != point_id:
        raise HTTPException(403, f"Нет доступа к пункту {point_id}: вы вошли в пункт {principal.point_id}.")
    return principal


def owner_principal(principal: Annotated[Principal, Depends(point_principal)]) -> Principal:
    if principal.role != "owner":
        raise HTTPException(403, "Это действие доступно только владельцу пункта.")
    return principal
