"""Fixtures for scanner tests: real ptys and a hub reading them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.devices.scanner.hub import ScannerHub
from pvz_desktop.devices.scanner.serial_source import SerialScannerSource
from pvz_desktop.devices.scanner.urls import SerialScannerConfig
from tests.devices.scanner.ports import PluggablePort, PtyPort

FAST_POLL = 0.05  # reopen attempts in tests; the product polls every 0.25 s


@pytest.fixture
def pty_port() -> Iterator[PtyPort]:
    with PtyPort() as port:
        yield port


@pytest.fixture
def pluggable(tmp_path: Path) -> Iterator[PluggablePort]:
    port = PluggablePort(tmp_path / "ttyScanner")
    yield port
    port.unplug()


@pytest.fixture
def serial_hub() -> Iterator[Callable[..., ScannerHub]]:
    """``serial_hub(path, **config)`` starts a queue-mode hub on one serial scanner; stopped at teardown."""
    hubs: list[ScannerHub] = []

    def start(
        path: str, poll_interval: float = FAST_POLL, debouncer: Debouncer | None = None, **config: object
    ) -> ScannerHub:
        source = SerialScannerSource(SerialScannerConfig(path, **config), poll_interval=poll_interval)  # type: ignore[arg-type]
        hub = ScannerHub([source], debouncer=debouncer)
        hubs.append(hub)
        hub.start()
        return hub

    yield start
    for hub in hubs:
        hub.stop()
