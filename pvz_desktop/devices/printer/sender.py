"""Sending one job: check the printer, write the bytes, confirm the printer took them.

The confirmation is a DLE EOT query after the data: a printer answers it only once it has read
everything sent before, so an answer means the job reached the printer, and silence means it
went away during the job (the job must stay in the queue).
"""

from __future__ import annotations

from pvz_desktop.devices.printer.config import PrinterConfig
from pvz_desktop.devices.printer.errors import PrinterLost
from pvz_desktop.devices.printer.status import PrinterNotReady, PrinterStatus, query_status
from pvz_desktop.devices.printer.transport import Transport, make_transport


def send(transport: Transport, data: bytes, status_timeout: float = 1.0) -> PrinterStatus:
    """Send one job over an open transport; returns the status after it. Raises PrinterNotReady
    (nothing was sent) or PrinterLost (the job may be partly printed)."""
    before = query_status(transport, status_timeout)
    if not before.can_print:
        raise PrinterNotReady(before)
    transport.write(data)
    if not transport.can_read:
        return before
    after = query_status(transport, status_timeout)
    if after is PrinterStatus.OFFLINE:
        raise PrinterLost("Принтер перестал отвечать во время печати: задание будет напечатано снова")
    return after


def print_now(
    config: PrinterConfig, data: bytes, *, status_timeout: float = 1.0, io_timeout: float = 5.0
) -> PrinterStatus:
    """Open the printer, send one job, close. For the test page; receipts go through the queue."""
    with make_transport(config, io_timeout) as transport:
        return send(transport, data, status_timeout)
