"""Pickup-code verifiers: what the server keeps and sends, and the counter checks, instead of the PIN.

A pickup code is ``<customer id>*<PIN>``; the PIN rotates (daily by default) and is 4–8 digits.
The verifier is HMAC-SHA-256 under the point's secret key of (customer id, PIN, the date the
PIN is valid on). Why HMAC and not a slow KDF (scrypt, Argon2):

- With the database alone (a copied ``pvz.db``, a backup, the change feed) nothing can be
  recovered: without the 256-bit key a verifier says nothing about the PIN, and the key is
  never in a database (the counter keeps it in the OS keyring, the server derives it from a
  secret kept outside its database).
- With the database *and* the key, a 4–8 digit PIN falls to any construction the counter can
  check quickly: the counter's own check is the attacker's guess. A KDF slow enough to matter
  (say 50 ms) would put 50 ms on every scan and still give up a 4-digit PIN in minutes. What
  the attacker does pay is one HMAC per guess per customer per date: the customer id and the
  date are in the message, so there is no table to precompute, and a code recovered that way
  is worth one day (the verifier is valid on its date only).
- A check costs about a microsecond (one HMAC, constant-time compare), far inside P1.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

KEY_BYTES = 32
VERIFIER_CHARS = 64  # hex of SHA-256
_LABEL = b"pvz-pickup-code-v1\x00"


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def verifier(key: bytes, customer_id: str, pin: str, valid_on: date) -> str:
    """The verifier of ``customer_id*pin`` on ``valid_on`` under the point's ``key``."""
    message = _LABEL + f"{customer_id}*{pin}@{valid_on.isoformat()}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def matches(key: bytes, customer_id: str, pin: str, today: date, stored: str | None, valid_on: date | None) -> bool:
    """True if ``pin`` is the customer's code for ``today``: a code of another date or without a
    date never matches (the date is inside the verifier too, so an edited date gains nothing)."""
    if stored is None or valid_on is None or valid_on != today:
        return False
    return hmac.compare_digest(verifier(key, customer_id, pin, today), stored)
