"""Scanner URLs to the sources that read them."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Protocol

from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.text import msg
from pvz_desktop.devices.scanner.hid_source import HidPosSource
from pvz_desktop.devices.scanner.lifecycle import Emit, scanner_label
from pvz_desktop.devices.scanner.serial_source import SerialScannerSource
from pvz_desktop.devices.scanner.urls import HidScannerConfig, SerialScannerConfig, parse_scanner_url
from pvz_desktop.devices.scanner.wedge import WedgeSource


class ScannerSource(Protocol):
    source: str  # goes into every ScanEvent and DeviceStatusEvent it produces
    name: str  # for messages: "/dev/ttyACM0", "HID 0c2e:0b8f"

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Read until ``stop`` is set, handing every event to ``emit`` in order."""
        ...


def source_from_url(url: str) -> ScannerSource:
    config = parse_scanner_url(url)
    if isinstance(config, SerialScannerConfig):
        return SerialScannerSource(config)
    if isinstance(config, HidScannerConfig):
        return HidPosSource(config)
    return WedgeSource(config)


def sources_from_urls(urls: Iterable[str]) -> list[ScannerSource]:
    """Every URL parsed before anything is opened: one bad URL refuses the whole list."""
    sources: list[ScannerSource] = []
    for url in urls:
        source = source_from_url(url)
        if any(s.source == source.source for s in sources):
            raise BadInput(msg("Сканер {name} указан дважды", name=scanner_label(source.name)))
        sources.append(source)
    return sources
