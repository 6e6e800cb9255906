"""A network printer's socket sends each write at once (no Nagle delay before the status query)."""

from __future__ import annotations

import socket

from pvz_desktop.devices.printer.config import parse_printer_url
from pvz_desktop.devices.printer.transport import NetworkTransport


def test_network_printer_socket_has_nodelay() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        port = listener.getsockname()[1]
        transport = NetworkTransport(parse_printer_url(f"tcp://127.0.0.1:{port}"))
        transport.open()
        try:
            sock = transport.printer._device
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            transport.close()
    finally:
        listener.close()
