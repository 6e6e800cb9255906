"""Verified TLS to the central server: the trust store, the HTTP session, and what a refused
certificate means to the cashier.

The server's certificate is checked against the system's trust store (Windows' certificate
store, OpenSSL's default paths elsewhere), or, when the point runs its own certificate
authority, against that CA bundle file alone. requests' own bundle (certifi) and its ``verify``
switch are not used: there is no way to turn the check off.
"""

from __future__ import annotations

import ssl
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from pvz_desktop.auth.errors import AuthError
from pvz_desktop.core.text import Text, msg

# OpenSSL's X509_V_ERR_* codes, as ssl.SSLCertVerificationError.verify_code.
_EXPIRED = {10}  # certificate has expired
_NOT_YET_VALID = {9}
_WRONG_NAME = {62, 64}  # host name / IP address mismatch
_UNKNOWN_ISSUER = {2, 18, 19, 20, 21}  # issuer not found, self-signed, chain not trusted

S = TypeVar("S", bound=requests.Session)
NOTHING_SENT = msg("Соединение не установлено, на сервер ничего не отправлено.")


class UntrustedServer(AuthError):
    """The server's certificate did not pass the check (or the CA bundle cannot be read)."""

    code = "untrusted_server"


def trust_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """The client context: the system store, or only ``ca_bundle`` (a PEM file) when given.
    Raises UntrustedServer when the bundle cannot be read."""
    if not ca_bundle:
        context = ssl.create_default_context()
    else:
        try:
            context = ssl.create_default_context(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UntrustedServer(
                msg(
                    "Файл сертификатов «{path}» не читается ({reason}). Проверьте «Настройки → Сервер → Сертификаты».",
                    path=ca_bundle,
                    reason=reason,
                )
            ) from exc
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class _VerifiedAdapter(HTTPAdapter):
    """Every https connection made with one client context, certificate and host name required."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host, pool = super().build_connection_pool_key_attributes(request, True, cert)
        pool.pop("ca_certs", None)
        pool.pop("ca_cert_dir", None)
        pool["cert_reqs"] = "CERT_REQUIRED"
        pool["ssl_context"] = self._context
        return host, pool

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, False, cert)  # drops requests' own bundle; the context checks
        conn.cert_reqs = "CERT_REQUIRED"


def verified(session: S, context: ssl.SSLContext) -> S:
    """``session`` with every https connection checked with ``context``."""
    session.mount("https://", _VerifiedAdapter(context))
    return session


def _verify_error(exc: BaseException) -> ssl.SSLCertVerificationError | ssl.SSLError | None:
    """The ssl module's error somewhere inside requests' and urllib3's wrappers."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLError):
            return e
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        todo.extend(x for x in (e.__cause__, e.__context__, getattr(e, "reason", None)) if x is not None)
    return None


def untrusted(exc: requests.exceptions.SSLError, url: str) -> UntrustedServer:
    """The cashier's reason for a refused TLS connection to ``url``."""
    host = urlsplit(url).hostname or url
    error = _verify_error(exc)
    code = getattr(error, "verify_code", None)
    text: Text
    if code in _EXPIRED:
        text = msg("Сертификат сервера {host} просрочен.", host=host)
    elif code in _NOT_YET_VALID:
        text = msg("Сертификат сервера {host} ещё не действует: проверьте дату и время на этом компьютере.", host=host)
    elif code in _WRONG_NAME:
        text = msg("Сертификат сервера выдан не для {host}: проверьте адрес сервера в настройках.", host=host)
    elif code in _UNKNOWN_ISSUER:
        text = msg(
            "Сертификат сервера {host} выдан неизвестным центром сертификации. Если у пункта свой центр "
            "сертификации, укажите его файл в «Настройки → Сервер → Сертификаты».",
            host=host,
        )
    else:
        detail = getattr(error, "verify_message", None) or getattr(error, "reason", None) or "TLS"
        text = msg("Защищённое соединение с сервером {host} не установлено ({detail}).", host=host, detail=str(detail))
    return UntrustedServer(msg("{problem} {nothing_sent}", problem=text, nothing_sent=NOTHING_SENT))
