"""OAuth 2.0 Authorization Server Metadata (RFC 8414) and the issuer it names (RFC 9207).

The issuer is the server's own base URL as the client reached it (``pvz-central serve
--issuer`` fixes it behind a proxy); the authorization response carries it as ``iss`` so the
counter can tell which server answered.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from oauthlib.common import add_params_to_uri

from pvz_central.deps import Services, services
from pvz_central.oauth import SCOPES
from pvz_desktop.wire import AuthServerMetadata

WELL_KNOWN = "/.well-known/oauth-authorization-server"
router = APIRouter(tags=["auth"])


def issuer(request: Request, svc: Services) -> str:
    return svc.issuer or str(request.base_url).rstrip("/")


def with_iss(location: str, iss: str) -> str:
    """The redirect of an authorization response (success or error) with ``iss`` (RFC 9207 §2)."""
    return add_params_to_uri(location, [("iss", iss)])


def metadata(iss: str) -> AuthServerMetadata:
    return AuthServerMetadata(
        issuer=iss,
        authorization_endpoint=f"{iss}/oauth/authorize",
        token_endpoint=f"{iss}/oauth/token",
        revocation_endpoint=f"{iss}/oauth/revoke",
        userinfo_endpoint=f"{iss}/oauth/userinfo",
        response_types_supported=["code"],
        response_modes_supported=["query"],
        grant_types_supported=["authorization_code", "refresh_token"],
        code_challenge_methods_supported=["S256"],
        token_endpoint_auth_methods_supported=["none"],  # public clients (desktop apps)
        revocation_endpoint_auth_methods_supported=["none"],
        scopes_supported=list(SCOPES),
        authorization_response_iss_parameter_supported=True,
    )


@router.get(WELL_KNOWN, response_model=AuthServerMetadata, summary="OAuth 2.0 server metadata (RFC 8414)")
def server_metadata(request: Request, svc: Annotated[Services, Depends(services)]) -> JSONResponse:
    body = metadata(issuer(request, svc)).model_dump()
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=3600"})
