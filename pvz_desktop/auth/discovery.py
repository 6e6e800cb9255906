"""Where the server's OAuth endpoints are and who it says it is: RFC 8414 metadata, RFC 9207 ``iss``.

The counter reads ``/.well-known/oauth-authorization-server`` instead of assuming the paths; a
server older than that route (404) gets the fixed paths it has always had. The metadata's
``issuer`` must be the server's own URL (RFC 8414 §3.3), and an authorization response must carry
that issuer as ``iss`` when the server says it does (RFC 9207 §2.4): a response from another
server is refused before its code is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from pvz_desktop.auth.errors import AuthError
from pvz_desktop.core.text import msg

WELL_KNOWN = "/.well-known/oauth-authorization-server"
FALLBACK_STATUSES = (404, 405)  # a server without the route


@dataclass(frozen=True)
class Endpoints:
    issuer: str | None  # None: an older server without metadata
    authorization: str
    token: str
    revocation: str
    iss_required: bool = False  # the server promises iss in every authorization response

    @classmethod
    def fixed(cls, api_url: str) -> Endpoints:
        return cls(None, f"{api_url}/oauth/authorize", f"{api_url}/oauth/token", f"{api_url}/oauth/revoke")


def from_metadata(api_url: str, status: int, body: bytes) -> Endpoints:
    """The endpoints from the metadata answer (``status``, its raw ``body``), validated by the wire
    model ``AuthServerMetadata`` (pydantic: imported here, on the login or checking thread)."""
    if status in FALLBACK_STATUSES:
        return Endpoints.fixed(api_url)
    if status != 200:
        raise AuthError(msg("Сервер входа не сообщил свои адреса (код {status}). Попробуйте позже.", status=status))
    from pydantic import ValidationError

    from pvz_desktop.wire import AuthServerMetadata

    try:
        data = AuthServerMetadata.model_validate_json(body)
    except ValidationError as exc:
        raise AuthError(
            msg("Сервер входа прислал неполные сведения о себе. Обратитесь к администратору сервера.")
        ) from exc
    if data.issuer.rstrip("/") != api_url:
        raise AuthError(
            msg(
                "Сервер входа называет себя {issuer}, а не {url}. Проверьте адрес сервера в настройках.",
                issuer=data.issuer,
                url=api_url,
            )
        )
    if "S256" not in data.code_challenge_methods_supported:
        raise AuthError(msg("Сервер входа не поддерживает PKCE S256: вход с ним небезопасен."))
    return Endpoints(
        issuer=data.issuer,
        authorization=data.authorization_endpoint,
        token=data.token_endpoint,
        revocation=data.revocation_endpoint,
        iss_required=data.authorization_response_iss_parameter_supported,
    )


def check_iss(endpoints: Endpoints, iss: str | None) -> None:
    """Refuse an authorization response that names another server, or none when it must (RFC 9207)."""
    if iss is None:
        if endpoints.iss_required:
            raise AuthError("Ответ сервера входа не назвал сервер (iss): вход отменён.")
        return
    if endpoints.issuer is not None and iss != endpoints.issuer:
        raise AuthError(f"Ответ на вход пришёл от другого сервера ({iss}): вход отменён.")
