"""Scale URLs, like the scanners': ``serial:///dev/ttyUSB0?protocol=massak``, ``serial://COM5?protocol=cas&baud=9600``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from pvz_desktop.core.errors import BadInput

# protocol -> the baud rate its scales leave the factory with
PROTOCOL_BAUD = {"massak": 4800, "cas": 9600}


@dataclass(frozen=True, slots=True)
class ScaleConfig:
    port: str
    protocol: str
    baudrate: int

    @property
    def source(self) -> str:
        return f"serial://{self.port}?protocol={self.protocol}"

    @property
    def name(self) -> str:
        return f"{self.port} ({'Масса-К' if self.protocol == 'massak' else 'CAS'})"


def parse_scale_url(url: str) -> ScaleConfig:
    parts = urlsplit(url.strip())
    if parts.scheme != "serial":
        raise BadInput(
            f"Весы «{url}»: нужен адрес вида serial://COM5?protocol=massak или serial:///dev/ttyUSB0?protocol=cas."
        )
    port = parts.netloc + parts.path if parts.netloc else parts.path
    if not port:
        raise BadInput(f"Весы «{url}»: не указан порт.")
    query = dict(parse_qsl(parts.query))
    protocol = query.get("protocol", "").lower()
    if protocol not in PROTOCOL_BAUD:
        raise BadInput(f"Весы «{url}»: протокол должен быть massak (Масса-К, «Протокол 100») или cas (CAS, 22 байта).")
    try:
        baud = int(query.get("baud", PROTOCOL_BAUD[protocol]))
    except ValueError:
        raise BadInput(f"Весы «{url}»: скорость порта должна быть числом.") from None
    if baud <= 0:
        raise BadInput(f"Весы «{url}»: скорость порта должна быть больше нуля.")
    return ScaleConfig(port=port, protocol=protocol, baudrate=baud)
