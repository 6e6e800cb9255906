"""Is there a PVZ central server at this address? Asked once, before the counter is pointed at it.

The first-run screen checks the address the owner typed: reachable, its certificate trusted, and
answering as a PVZ central server does — ``/health`` says ``"status": "ok"`` and its OAuth
metadata (RFC 8414) names that very address as the issuer. Anything else is refused with the
reason, and the counter is not pointed at it.
"""

from __future__ import annotations

from pvz_desktop.auth.discovery import WELL_KNOWN, from_metadata
from pvz_desktop.auth.errors import AuthError
from pvz_desktop.core.server_url import check_server_url
from pvz_desktop.core.text import msg

PROBE_TIMEOUT = 10.0


class ServerUnreachable(AuthError):
    code = "server_unreachable"


class NotPvzServer(AuthError):
    code = "not_pvz_server"


def _serving(body: bytes) -> bool:
    """``/health`` answered as the central server does (``wire.Health``) and says it serves."""
    from pydantic import ValidationError

    from pvz_desktop.wire import Health  # pydantic: on the checking thread, not at start-up

    try:
        return Health.model_validate_json(body).status == "ok"
    except ValidationError:
        return False


def identify_server(api_url: str, *, ca_bundle: str | None = None, timeout: float = PROBE_TIMEOUT) -> str:
    """The server's address, normalised, if a PVZ central server answers there; else raise
    BadServerUrl (nothing sent), UntrustedServer, ServerUnreachable or NotPvzServer."""
    url = check_server_url(api_url)
    import requests  # on the checking thread, not at start-up

    from pvz_desktop.auth.tls import trust_context, untrusted, verified

    with verified(requests.Session(), trust_context(ca_bundle)) as http:
        try:
            health = http.get(f"{url}/health", timeout=timeout, allow_redirects=False)
            metadata = http.get(f"{url}{WELL_KNOWN}", timeout=timeout, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise untrusted(exc, url) from exc
        except requests.RequestException as exc:
            raise ServerUnreachable(
                msg("Сервер {url} не отвечает: проверьте адрес, порт и сеть и попробуйте ещё раз.", url=url)
            ) from exc
    not_ours = NotPvzServer(msg("По адресу {url} отвечает не центральный сервер ПВЗ: проверьте адрес и порт.", url=url))
    if health.status_code != 200 or not _serving(health.content) or metadata.status_code != 200:
        raise not_ours
    from_metadata(url, metadata.status_code, metadata.content)  # says what is wrong with its metadata
    return url
