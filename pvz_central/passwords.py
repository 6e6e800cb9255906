"""Password hashing with PBKDF2-SHA256 (the scheme is the counter's core, ``core.passwords``,
shared with a standalone point's local logins), and token hashes.

600,000 iterations: OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256. A hash
made with fewer (older installs had 120,000) is remade at the next successful login
(``needs_rehash``), so raising the figure needs no reset of anyone's password.
"""

from __future__ import annotations

import hashlib

from pvz_desktop.core import passwords as scheme
from pvz_desktop.core.passwords import check_password

__all__ = ["ITERATIONS", "check_password", "check_password_or_dummy", "hash_password", "needs_rehash", "token_hash"]

ITERATIONS = scheme.ITERATIONS  # the server's figure (tests raise or lower it here)


def hash_password(password: str, *, iterations: int | None = None) -> str:
    return scheme.hash_password(password, iterations=iterations or ITERATIONS)


def needs_rehash(stored: str) -> bool:
    """The hash was made with fewer iterations than the server uses now (or another scheme)."""
    return scheme.iterations_of(stored) < ITERATIONS


_dummy: dict[int, str] = {}


def check_password_or_dummy(password: str, stored: str | None) -> bool:
    """``check_password``, and for an unknown login the same work against a dummy hash: the answer
    time must not tell whether the login exists."""
    if stored is None:
        iterations = ITERATIONS
        dummy = _dummy.get(iterations) or _dummy.setdefault(iterations, hash_password("", iterations=iterations))
        check_password(password, dummy)
        return False
    return check_password(password, stored)


def token_hash(token: str) -> str:
    """Tokens and codes are looked up by this hash; the plain value is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()
