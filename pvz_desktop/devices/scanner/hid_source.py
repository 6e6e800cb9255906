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
from pvz_desktop.devices.scanner.host_ack import HID_PROTOCOLS, HostAck
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
    """``device`` is an opened hid.device or hidraw.device (read(size, timeout_ms); write(report)
    with the report id first, which hidapi pads to the report's length)."""

    def __init__(self, device: Any, source: str, ack: HostAck | None = None) -> None:
        self._device = device
        self._source = source
        self._parser = HidPosParser()
        self._ack = ack
        if ack is not None:
            ack.attach(lambda report: self._written(device.write(report)))

    @staticmethod
    def _written(count: int) -> int:
        if count < 0:  # hidapi reports a failed write as -1, not an exception
            raise OSError("HID output report not written")
        return count

    def read(self) -> list[ScanEvent | DataProblem]:
        report = self._device.read(REPORT_SIZE, READ_TIMEOUT_MS)  # hidapi raises OSError once unplugged
        item = self._parser.feed(report) if report else None
        if item is None or isinstance(item, DataProblem):
            return [] if item is None else [item]
        code = decode_scan(item.data).rstrip("\r\n\x00")  # a configured CR/LF suffix is not part of the code
        if not code:
            return []
        event = ScanEvent(code, item.symbology, self._source, utcnow())
        if self._ack is not None:
            self._ack.scanned(event)  # before the hub sees it: the verdict may come at once
        return [event]

    def close(self) -> None:
        if self._ack is not None:
            self._ack.detach()
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
        self.ack = HostAck(HID_PROTOCOLS[config.ack]) if config.ack else None

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
                return HidConnection(device, self.source, self.ack)
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
