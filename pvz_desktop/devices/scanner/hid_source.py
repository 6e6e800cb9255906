"""A USB scanner in HID-POS mode, read through hidapi. Kept thin: parsing lives in hidpos.py."""

from __future__ import annotations

import errno
import threading
from typing import Any

from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.text import Text, msg
from pvz_desktop.devices.scanner.decoding import decode_scan
from pvz_desktop.devices.scanner.events import DataProblem, ScanEvent
from pvz_desktop.devices.scanner.hid_backend import find_hidpos, load_backends
from pvz_desktop.devices.scanner.hidpos import REPORT_SIZE, HidPosParser
from pvz_desktop.devices.scanner.lifecycle import (
    POLL_INTERVAL,
    Connection,
    DeviceUnavailable,
    Emit,
    Opener,
    StatusReporter,
    run_with_reconnect,
)
from pvz_desktop.devices.scanner.urls import HidScannerConfig

READ_TIMEOUT_MS = 100  # one read waits this long, so stop() is noticed quickly


class HidConnection:
    """``device`` is an opened hid.device or hidraw.device (anything with read(size, timeout_ms))."""

    def __init__(self, device: Any, source: str) -> None:
        self._device = device
        self._source = source
        self._parser = HidPosParser()

    def read(self) -> list[ScanEvent | DataProblem]:
        report = self._device.read(REPORT_SIZE, READ_TIMEOUT_MS)  # hidapi raises OSError once unplugged
        item = self._parser.feed(report) if report else None
        if item is None or isinstance(item, DataProblem):
            return [] if item is None else [item]
        code = decode_scan(item.data).rstrip("\r\n\x00")  # a configured CR/LF suffix is not part of the code
        return [ScanEvent(code, item.symbology, self._source, utcnow())] if code else []

    def close(self) -> None:
        self._device.close()


def listing_of(notes: list[Text]) -> Text:
    """The backends' notes as one text, each translated."""
    text = notes[0]
    for note in notes[1:]:
        text = msg("{one}; {other}", one=text, other=note)
    return text


class HidPosSource:
    def __init__(
        self, config: HidScannerConfig, opener: Opener | None = None, poll_interval: float = POLL_INTERVAL
    ) -> None:
        self.config = config
        self.source = config.source
        self.name = config.name
        self._opener = opener or self.open
        self._poll_interval = poll_interval

    def open(self) -> Connection:
        cfg = self.config
        modules, notes = load_backends(cfg.backend)
        if not modules:
            raise DeviceUnavailable(listing_of(notes))
        failure: OSError = FileNotFoundError(errno.ENOENT, "HID-POS scanner not found")
        for _, module in modules:
            paths = (
                [cfg.path.encode()]
                if cfg.path
                else [i["path"] for i in find_hidpos(module, cfg.vendor_id, cfg.product_id)]
            )
            for path in paths:
                device = module.device()
                try:
                    device.open_path(path)
                except OSError as exc:
                    failure = exc
                    continue
                return HidConnection(device, self.source)
        if (
            cfg.vendor_id is not None
            and not cfg.path
            and any(m.enumerate(cfg.vendor_id, cfg.product_id) for _, m in modules)
        ):
            raise DeviceUnavailable(
                msg(
                    "найден, но работает не в режиме HID-POS; переключите его в HID-POS "
                    "или настройте как клавиатурный (wedge)"
                )
            )
        raise failure

    def run(self, emit: Emit, stop: threading.Event) -> None:
        run_with_reconnect(self._opener, StatusReporter(self.source, self.name, emit), emit, stop, self._poll_interval)
