"""The FastAPI application of the central server, built around one database."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from pvz_central import api, auth_routes, dropoff_routes, errors, oauth_metadata
from pvz_central.console import routes as console
from pvz_central.db import CentralDB
from pvz_central.deps import Services
from pvz_central.feed import ChangeNotifier
from pvz_central.hsts import StrictTransportSecurity
from pvz_central.oauth import PvzAuthServer, Validator

ACCESS_TTL = 600  # seconds: a stolen access token is worth little for long
MAX_WAIT = 25.0  # seconds: longest long-poll, under common proxy idle timeouts
MAX_BODY = 32 * 1024 * 1024  # bytes: a full batch of large operations is far below; anything bigger is refused (413)


def create_app(
    db: CentralDB | str, *, access_ttl: int = ACCESS_TTL, max_wait: float = MAX_WAIT, issuer: str | None = None
) -> FastAPI:
    # oauthlib logs whole token responses at DEBUG: never let them reach a log file.
    logging.getLogger("oauthlib").setLevel(logging.INFO)
    if isinstance(db, str):
        db = CentralDB(db)
        db.upgrade()
    validator = Validator(db)
    app = FastAPI(
        title="PVZ Central API",
        version="1",
        description="Reference central server of PVZ Desktop: Ozon-ID-style login (OAuth 2 code + PKCE), "
        "idempotent counter operations, change feed with long-poll. Every refusal is an `ApiError`: "
        "a stable `code`, a Russian `detail` and, for 422, the field `errors`.",
        max_body_size=MAX_BODY,
    )
    errors.install(app)
    app.state.services = Services(
        db, validator, PvzAuthServer(validator, access_ttl), ChangeNotifier(), max_wait, issuer
    )
    app.include_router(oauth_metadata.router)
    app.add_middleware(StrictTransportSecurity)
    app.include_router(auth_routes.router)
    app.include_router(api.router)
    app.include_router(api.admin)
    app.include_router(dropoff_routes.router)
    console.install(app)

    @app.get("/health", tags=["service"], summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
