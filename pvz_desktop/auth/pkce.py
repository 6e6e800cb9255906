"""PKCE (RFC 7636): a random verifier and its S256 challenge."""

from __future__ import annotations

import base64
import hashlib
import secrets


def make_verifier() -> str:
    return secrets.token_urlsafe(64)[:96]  # 43..128 characters of the unreserved set


def s256_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
