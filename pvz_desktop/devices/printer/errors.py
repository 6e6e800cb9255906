"""Printer errors. Each message is shown to the cashier as is (Russian)."""

from __future__ import annotations

from pvz_desktop.core.errors import DomainError


class PrinterError(DomainError):
    code = "printer_error"


class PrinterUnavailable(PrinterError):
    """The printer cannot be opened: not connected, switched off, or no driver on this system."""

    code = "printer_unavailable"


class PrinterLost(PrinterError):
    """The printer went away while a job was being sent: the job may be incomplete."""

    code = "printer_lost"
