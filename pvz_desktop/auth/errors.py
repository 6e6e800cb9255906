"""Login errors, with messages the cashier can read."""

from __future__ import annotations

from pvz_desktop.core.errors import DomainError


class AuthError(DomainError):
    code = "auth_error"


class LoginRequired(AuthError):
    """No valid login: the refresh token is missing, expired or revoked. Show the login screen."""

    code = "login_required"
