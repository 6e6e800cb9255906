"""Strict-Transport-Security on every answer that went out over https (RFC 6797).

Whether a request came over https is the ASGI scope's scheme: uvicorn sets it for its own TLS,
and from ``X-Forwarded-Proto`` when the request came from a trusted proxy (``forwarded_allow_ips``).
Over plain http the header is not sent: browsers ignore it there (RFC 6797 §7.2).
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = (b"strict-transport-security", b"max-age=31536000")  # a year; no includeSubDomains: other hosts are not ours


class StrictTransportSecurity:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.append(HSTS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_hsts)
