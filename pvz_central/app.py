"""The FastAPI application of the central server, built around one database.

``create_app(db)`` for a process that has its database at hand (tests, the demo, ``serve``);
``app_from_environment`` is the factory for any ASGI server and for each process of
``serve --workers N`` (``uvicorn --factory pvz_central.app:app_from_environment``)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from pvz_central import api, auth_routes, dropoff_routes, errors, oauth_metadata
from pvz_central.console import routes as console
from pvz_central.db import CentralDB
from pvz_central.deps import Services
from pvz_central.feed import ChangeNotifier
from pvz_central.hsts import StrictTransportSecurity
from pvz_central.oauth import PvzAuthServer, Validator
from pvz_central.settings import ACCESS_TTL_ENV, ISSUER_ENV, database_url, secret_file
from pvz_central.wakeups import PgListener
from pvz_desktop.wire import Health

ACCESS_TTL = 600  # seconds: a stolen access token is worth little for long
MAX_WAIT = 25.0  # seconds: longest long-poll, under common proxy idle timeouts
MAX_BODY = 32 * 1024 * 1024  # bytes: a full batch of large operations is far below; anything bigger is refused (413)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _answer_long_polls_on_stop(notifier: ChangeNotifier) -> Callable[[], None]:
    """Wake the long-polls as soon as the ASGI server is told to stop, before it waits for open
    requests: otherwise they wait out its graceful timeout and are cut off. The server's own signal
    handlers are installed by then (uvicorn: before lifespan startup); ours runs first, then theirs.
    Returns the undo. Only the main thread may set handlers: a server in a thread uses ``CentralServer``."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

    def handler(sig: int, frame: Any) -> None:
        loop.call_soon_threadsafe(notifier.close)  # no lock taken inside a signal handler
        chained = previous[signal.Signals(sig)]
        if callable(chained):
            chained(sig, frame)
        else:  # the default action (or none) as if we had never been here
            signal.signal(sig, chained)
            signal.raise_signal(sig)

    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)

    def undo() -> None:
        for sig, old in previous.items():
            if signal.getsignal(sig) is handler:
                signal.signal(sig, old)

    return undo


def create_app(
    db: CentralDB | str, *, access_ttl: int = ACCESS_TTL, max_wait: float = MAX_WAIT, issuer: str | None = None
) -> FastAPI:
    # oauthlib logs whole token responses at DEBUG: never let them reach a log file.
    logging.getLogger("oauthlib").setLevel(logging.INFO)
    if isinstance(db, str):
        db = CentralDB(db)
        db.upgrade()
    validator = Validator(db)
    notifier = ChangeNotifier()
    central_db = db

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # One listening connection per process, for as long as the app serves (PostgreSQL only).
        listener = None if central_db.is_sqlite else PgListener(central_db.url, notifier).start()
        undo = _answer_long_polls_on_stop(notifier)
        try:
            yield
        finally:
            undo()
            notifier.close()
            if listener is not None:
                await asyncio.to_thread(listener.stop)

    app = FastAPI(
        title="PVZ Central API",
        version="1",
        description="Reference central server of PVZ Desktop: Ozon-ID-style login (OAuth 2 code + PKCE), "
        "idempotent counter operations, change feed with long-poll. Every refusal is an `ApiError`: "
        "a stable `code`, a Russian `detail` and, for 422, the field `errors`.",
        max_body_size=MAX_BODY,
        lifespan=lifespan,
    )
    errors.install(app)
    app.state.services = Services(db, validator, PvzAuthServer(validator, access_ttl), notifier, max_wait, issuer)
    app.include_router(oauth_metadata.router)
    app.add_middleware(StrictTransportSecurity)
    app.include_router(auth_routes.router)
    app.include_router(api.router)
    app.include_router(api.admin)
    app.include_router(dropoff_routes.router)
    console.install(app)

    @app.get("/health", tags=["service"], summary="Liveness; this process's waiting long-polls and wake-ups")
    def health() -> Health:
        wakeups = "sqlite" if central_db.is_sqlite else ("listening" if notifier.listening else "re-polling")
        return Health(status="ok", long_polls=notifier.waiting(), wakeups=wakeups)

    return app


class SchemaNotReady(RuntimeError):
    """The database's schema is not the one this version serves (the message says what to run)."""


def app_from_environment() -> FastAPI:
    """The app over ``PVZ_CENTRAL_DB`` (the secret from ``PVZ_CENTRAL_SECRET_FILE`` or beside it, the
    token lifetime from ``PVZ_CENTRAL_ACCESS_TTL``, the issuer from ``PVZ_CENTRAL_ISSUER``). The
    schema must be at head already: a process never migrates here (``pvz-central migrate``)."""
    from pvz_central.pickup_keys import PointKeys

    url = database_url()
    db = CentralDB(url, PointKeys.from_file(secret_file(url, None)))
    problem = db.schema_problem()
    if problem:
        db.close()
        raise SchemaNotReady(problem)
    ttl = int(os.environ.get(ACCESS_TTL_ENV) or ACCESS_TTL)
    return create_app(db, access_ttl=ttl, issuer=os.environ.get(ISSUER_ENV) or None)
