"""Which central server addresses the counter may use: ``https://`` only, plain ``http://`` on
this computer's loopback interface alone (the demo's embedded server, tests).

Over plain HTTP the access and refresh tokens, the customers' data and every operation would
cross the point's network in the clear; OAuth for native apps (RFC 8252 §8.3) and the OAuth
security BCP (RFC 9700 §2.6) allow unencrypted HTTP only on the loopback interface.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.text import msg

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class BadServerUrl(DomainError):
    """A server address the counter will not use; nothing is sent to it."""

    code = "bad_server_url"


class InsecureServerUrl(BadServerUrl):
    """``http://`` to another computer: refused before any request."""

    code = "insecure_server_url"


def is_loopback(host: str) -> bool:
    return host.lower() in LOOPBACK_HOSTS


def check_server_url(url: str) -> str:
    """``url`` without its trailing slash if the counter may talk to it, else raise BadServerUrl."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise BadServerUrl(msg("Адрес сервера «{url}» не подходит: нужен адрес вида https://сервер:порт.", url=text))
    if parts.username is not None or parts.query or parts.fragment:
        raise BadServerUrl(
            msg("Адрес сервера «{url}» не подходит: в нём не должно быть имени, пароля, «?» и «#».", url=text)
        )
    if parts.scheme == "http" and not is_loopback(host):
        raise InsecureServerUrl(
            msg(
                "Адрес сервера «{url}» не защищён: нужен https://. По http:// пароли, вход и данные покупателей "
                "шли бы по сети открытым текстом; http:// допустим только для этого компьютера "
                "(127.0.0.1, [::1], localhost).",
                url=text,
            )
        )
    return text.rstrip("/")
