"""Password hashing with PBKDF2-SHA256 from the standard library (salted, slow on purpose).

600,000 iterations: OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256. A hash
made with fewer (older installs had 120,000) is remade at the next successful login
(``needs_rehash``), so raising the figure needs no reset of anyone's password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 600_000


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


def needs_rehash(stored: str) -> bool:
    """The hash was made with fewer iterations than the server uses now (or another scheme)."""
    scheme, _, rest = stored.partition("$")
    iterations = rest.partition("$")[0]
    return scheme != "pbkdf2_sha256" or not iterations.isdigit() or int(iterations) < ITERATIONS


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
