"""Ozon-ID-style authorization server on oauthlib: code + PKCE (S256 only), rotating refresh tokens.

Clients are public desktop apps with loopback redirects on any port (RFC 8252 §7.3): the
registered redirect is ``http://127.0.0.1/callback`` and any port matches. Access tokens are
short-lived; a refresh token works once (rotation). Presenting a used refresh token again
revokes the whole login (its family): whoever holds a copy is locked out with the owner.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from oauthlib.common import Request
from oauthlib.oauth2 import RequestValidator, WebApplicationServer
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import code_challenge_method_s256
from sqlalchemy import bindparam, delete, select, update

from pvz_central.db import CentralDB
from pvz_central.models import AuthCode, Point, Token, User
from pvz_central.passwords import token_hash
from pvz_desktop.core.clock import utcnow

SCOPES = ("pvz",)
CODE_TTL = timedelta(minutes=2)
REFRESH_TTL = timedelta(days=30)
LOOPBACK_HOSTS = ("127.0.0.1", "[::1]", "::1")


@dataclass(frozen=True)
class Client:
    client_id: str
    redirect_path: str


CLIENTS = {"pvz-desktop": Client("pvz-desktop", "/callback")}


@dataclass(frozen=True)
class Principal:
    """Who a valid access token speaks for."""

    user_id: str
    name: str
    role: str  # owner / employee
    point_id: str
    point_name: str


def is_loopback_redirect(uri: str, client: Client) -> bool:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and parts.hostname in LOOPBACK_HOSTS
        and parts.path == client.redirect_path
        and not parts.fragment
        and not parts.username
    )


def new_token(_request: Request | None = None) -> str:
    return secrets.token_urlsafe(32)  # 43 characters: small enough for any OS credential store


# Built once: building the statement (and its cache key) cost more than running it.
_PRINCIPAL = (
    select(Token.revoked, Token.access_expires_at, User.active, User.id, User.display_name, User.role)
    .add_columns(Point.id, Point.name)
    .join(User, User.id == Token.user_id)
    .join(Point, Point.id == User.point_id)
    .where(Token.access_hash == bindparam("access_hash"))
)


class Validator(RequestValidator):
    def __init__(self, db: CentralDB) -> None:
        self.db = db

    # Clients: public only, known by id.

    def client_authentication_required(self, request: Request, *args: Any, **kwargs: Any) -> bool:
        return False

    def authenticate_client(self, request: Request, *args: Any, **kwargs: Any) -> bool:
        return False

    def authenticate_client_id(self, client_id: str, request: Request, *args: Any, **kwargs: Any) -> bool:
        client = CLIENTS.get(client_id or "")
        if client is None:
            return False
        request.client = client
        return True

    def validate_client_id(self, client_id: str, request: Request, *args: Any, **kwargs: Any) -> bool:
        return client_id in CLIENTS

    def validate_redirect_uri(self, client_id: str, redirect_uri: str, request: Request, *a: Any, **k: Any) -> bool:
        return client_id in CLIENTS and is_loopback_redirect(redirect_uri, CLIENTS[client_id])

    def get_default_redirect_uri(self, client_id: str, request: Request, *args: Any, **kwargs: Any) -> None:
        return None  # the loopback port differs every time: the client must send it

    def validate_response_type(
        self, client_id: str, response_type: str, client: Client, request: Request, *a: Any, **k: Any
    ) -> bool:
        return response_type == "code"

    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Client, request: Request, *a: Any, **k: Any
    ) -> bool:
        return grant_type in ("authorization_code", "refresh_token")

    def validate_scopes(
        self, client_id: str, scopes: list[str], client: Client, request: Request, *a: Any, **k: Any
    ) -> bool:
        return all(s in SCOPES for s in scopes)

    def get_default_scopes(self, client_id: str, request: Request, *args: Any, **kwargs: Any) -> list[str]:
        return list(SCOPES)

    def is_pkce_required(self, client_id: str, request: Request) -> bool:
        return True

    # Authorization codes.

    def save_authorization_code(
        self, client_id: str, code: dict[str, str], request: Request, *a: Any, **k: Any
    ) -> None:
        with self.db.write() as session:
            session.add(
                AuthCode(
                    code_hash=token_hash(code["code"]),
                    client_id=client_id,
                    user_id=request.user,
                    redirect_uri=request.redirect_uri,
                    scopes=" ".join(request.scopes or SCOPES),
                    code_challenge=request.code_challenge,
                    code_challenge_method=request.code_challenge_method,
                    expires_at=utcnow() + CODE_TTL,
                )
            )

    def _code(self, code: str) -> AuthCode | None:
        with self.db.read() as session:
            row = session.get(AuthCode, token_hash(code or ""))
        return row if row is not None and row.expires_at > utcnow() else None

    def validate_code(self, client_id: str, code: str, client: Client, request: Request, *a: Any, **k: Any) -> bool:
        row = self._code(code)
        if row is None or row.client_id != client_id:
            return False
        if row.used:
            # A second use: whoever holds the code now may have stolen it. End the login made
            # with its first use (RFC 6749 §4.1.2).
            if row.family is not None:
                with self.db.write() as session:
                    session.execute(update(Token).where(Token.family == row.family).values(revoked=True))
            return False
        request.user = row.user_id
        request.scopes = row.scopes.split()
        return True

    def confirm_redirect_uri(
        self, client_id: str, code: str, redirect_uri: str, client: Client, request: Request, *a: Any, **k: Any
    ) -> bool:
        """The last check of a code exchange (after PKCE): here the code is taken, atomically, so of
        two exchanges at once one wins; a wrong verifier before it does not use the code up."""
        row = self._code(code)
        if row is None or row.redirect_uri != redirect_uri:
            return False
        with self.db.write() as session:
            won = session.execute(
                update(AuthCode).where(AuthCode.code_hash == row.code_hash, AuthCode.used.is_(False)).values(used=True)
            ).rowcount
        return won == 1

    def get_code_challenge(self, code: str, request: Request) -> str | None:
        row = self._code(code)
        return row.code_challenge if row is not None else None

    def get_code_challenge_method(self, code: str, request: Request) -> str | None:
        row = self._code(code)
        return row.code_challenge_method if row is not None else None

    def invalidate_authorization_code(self, client_id: str, code: str, request: Request, *a: Any, **k: Any) -> None:
        # Marked used in validate_code; kept until it expires so a second use is recognised.
        with self.db.write() as session:
            session.execute(delete(AuthCode).where(AuthCode.expires_at <= utcnow()))

    # Tokens.

    def save_bearer_token(self, token: dict[str, Any], request: Request, *args: Any, **kwargs: Any) -> None:
        now = utcnow()
        family = getattr(request, "pvz_family", None) or secrets.token_hex(16)
        with self.db.write() as session:
            if request.grant_type == "authorization_code":
                # Remember which login the code made: a second use of the code revokes it.
                session.execute(
                    update(AuthCode).where(AuthCode.code_hash == token_hash(request.code)).values(family=family)
                )
            session.add(
                Token(
                    access_hash=token_hash(token["access_token"]),
                    refresh_hash=token_hash(token["refresh_token"]) if "refresh_token" in token else None,
                    family=family,
                    client_id=request.client_id or request.client.client_id,
                    user_id=request.user,
                    scopes=" ".join(request.scopes or SCOPES),
                    access_expires_at=now + timedelta(seconds=int(token["expires_in"])),
                    refresh_expires_at=now + REFRESH_TTL,
                    created_at=now,
                )
            )

    def validate_refresh_token(
        self, refresh_token: str, client: Client, request: Request, *args: Any, **kwargs: Any
    ) -> bool:
        digest = token_hash(refresh_token or "")
        with self.db.write() as session:
            row = session.scalar(select(Token).where(Token.refresh_hash == digest))
            if row is None or row.client_id != client.client_id:
                return False
            if row.refresh_used or row.revoked:
                # A used refresh token came back: it was copied. End the whole login.
                session.execute(update(Token).where(Token.family == row.family).values(revoked=True))
                return False
            if row.refresh_expires_at is not None and row.refresh_expires_at <= utcnow():
                return False
            # Mark it used atomically: of two concurrent refreshes with one token, one wins.
            won = session.execute(
                update(Token)
                .where(Token.id == row.id, Token.refresh_used.is_(False), Token.revoked.is_(False))
                .values(refresh_used=True)
            ).rowcount
            if won != 1:
                return False
            request.user = row.user_id
            request.pvz_family = row.family
            request.pvz_refresh_scopes = row.scopes.split()
        return self._user_active(row.user_id)

    def get_original_scopes(self, refresh_token: str, request: Request, *args: Any, **kwargs: Any) -> list[str]:
        return getattr(request, "pvz_refresh_scopes", list(SCOPES))

    def rotate_refresh_token(self, request: Request) -> bool:
        return True

    def revoke_token(self, token: str, token_type_hint: str | None, request: Request, *a: Any, **k: Any) -> None:
        digest = token_hash(token)
        with self.db.write() as session:
            row = session.scalar(select(Token).where((Token.access_hash == digest) | (Token.refresh_hash == digest)))
            if row is not None and row.client_id == request.client_id:
                session.execute(update(Token).where(Token.family == row.family).values(revoked=True))

    def validate_bearer_token(self, token: str, scopes: list[str], request: Request) -> bool:
        principal = self.principal_for(token)
        if principal is None:
            return False
        request.principal = principal
        return True

    def principal_for(self, token: str | None) -> Principal | None:
        """Who a valid access token speaks for (None: unknown, revoked, expired, or its user disabled).
        One query of the columns needed, not of three whole rows: every API request makes it."""
        if not token:
            return None
        with self.db.engine.connect() as conn:
            row = conn.execute(_PRINCIPAL, {"access_hash": token_hash(token)}).first()
        if row is None:
            return None
        revoked, expires_at, active, *who = row
        if revoked or expires_at <= utcnow() or not active:
            return None
        return Principal(*who)

    def _user_active(self, user_id: str) -> bool:
        with self.db.read() as session:
            user = session.get(User, user_id)
        return user is not None and user.active


class PvzAuthServer(WebApplicationServer):
    """oauthlib's web application server with PKCE limited to S256 (``plain`` proves nothing)."""

    def __init__(self, validator: Validator, access_ttl: int) -> None:
        super().__init__(
            validator, token_generator=new_token, refresh_token_generator=new_token, token_expires_in=access_ttl
        )
        self.auth_grant._code_challenge_methods = {"S256": code_challenge_method_s256}
