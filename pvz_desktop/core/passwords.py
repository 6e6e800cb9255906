"""Password hashing with PBKDF2-SHA256 from the standard library (salted, slow on purpose).

The central server keeps its users' passwords this way; a standalone point (no server) keeps its
owner's and employees' the same way in its own store. 600,000 iterations: OWASP's Password Storage
Cheat Sheet figure for PBKDF2-HMAC-SHA256.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 600_000
MIN_LENGTH = 6


def hash_password(password: str, *, iterations: int | None = None) -> str:
    iterations = iterations or ITERATIONS
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    got = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(got, base64.b64decode(digest))


def iterations_of(stored: str) -> int:
    """How many iterations made ``stored``; 0 for another scheme or a damaged hash."""
    kind, _, rest = stored.partition("$")
    iterations = rest.partition("$")[0]
    return int(iterations) if kind == "pbkdf2_sha256" and iterations.isdigit() else 0
