"""Printing from the window: documents go to the persistent print queue (when a printer is
set) and to the on-screen preview; the queue's events become a Qt signal for the status bar."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import parse_qsl, urlsplit

from PySide6.QtCore import QObject, Signal

from pvz_desktop.config import Settings
from pvz_desktop.core.errors import DomainError
from pvz_desktop.devices.printer.config import PageSetup, PrinterConfig, parse_printer_url
from pvz_desktop.devices.printer.decoder import CODEPAGE_ENCODINGS, decode_escpos
from pvz_desktop.devices.printer.layouts import (
    cell_labels,
    discrepancy_act,
    handover_act,
    issuance_slip,
    return_box_label,
    return_receipt,
    shift_report,
)
from pvz_desktop.devices.printer.print_queue import PrintEvent, PrintEventKind, PrintQueue
from pvz_desktop.devices.printer.status import PrinterStatus
from pvz_desktop.gui.main_thread import run_on_main
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.slips import (
    box_label_data,
    discrepancy_act_data,
    handover_act_data,
    return_receipt_data,
    shift_report_data,
    slip_data,
)
from pvz_desktop.gui.texts import reason
from pvz_desktop.workflows.acceptance import DiscrepancyActView
from pvz_desktop.workflows.issuance import IssuanceSlip, PaymentMethod
from pvz_desktop.workflows.return_boxes import BoxView, HandoverAct
from pvz_desktop.workflows.returns import ReturnReceipt
from pvz_desktop.workflows.shift import ShiftReport

log = logging.getLogger(__name__)
STATUS_POLL_SECONDS = 15.0


@dataclass(frozen=True)
class PrintedDoc:
    kind: str
    title: str
    data: bytes
    setup: PageSetup
    job_id: int | None = None  # None: shown on screen only

    def preview_text(self) -> str:
        codepages = {**CODEPAGE_ENCODINGS, self.setup.codepage: "cp866"}
        return decode_escpos(self.data, codepages).preview(self.setup.columns)


def printer_config(settings: Settings) -> PrinterConfig | None:
    """The configured printer, the settings' profile, code page and width filling what the URL leaves out."""
    url = settings.printer.strip()
    if not url:
        return None
    query = dict(parse_qsl(urlsplit(url).query))
    if "profile" not in query and settings.printer_profile not in ("", "default"):
        url += ("&" if "?" in url else "?") + f"profile={settings.printer_profile}"
    return parse_printer_url(url, default_codepage=settings.printer_codepage, default_width=settings.paper_width)


class PrinterService(QObject):
    printed = Signal(object)  # PrintedDoc: for the preview
    status_changed = Signal(str, bool)  # message, ok
    drawer_changed = Signal(bool)  # the cash drawer's switch: open

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.queue: PrintQueue | None = None
        self.setup = PageSetup(services.settings.printer_codepage, services.settings.paper_width)
        self.last: PrintedDoc | None = None

    def start(self) -> None:
        try:
            config = printer_config(self.services.settings)
        except DomainError as exc:
            self.status_changed.emit(self.tr("Принтер: {error}").format(error=reason(exc)), False)
            return
        if config is None:
            self.status_changed.emit(self.tr("Принтер не подключён: чеки на экране"), True)
            return
        self.setup = config.setup
        self.queue = PrintQueue(
            self.services.ctx.store, config, on_event=self._from_queue, status_poll=STATUS_POLL_SECONDS
        )
        self.queue.start()
        self.status_changed.emit(self.tr("Принтер: {what}").format(what=config.description), True)

    def stop(self) -> None:
        if self.queue is not None:
            self.queue.stop()
            self.queue = None

    # --- documents -----------------------------------------------------------------------

    def issuance_slip(self, slip: IssuanceSlip) -> None:
        if slip.payment_method is PaymentMethod.CASH and slip.total > 0:
            self.open_drawer()  # cash was taken: the change is in the drawer (never on a reprint)
        data = issuance_slip(slip_data(slip), self.setup)
        self.print_bytes("issuance_slip", self.tr("Выдача: {name}").format(name=slip.customer_name), data)

    def return_receipt(self, receipt: ReturnReceipt) -> None:
        data = return_receipt(return_receipt_data(receipt), self.setup)
        if receipt.rejection_reason:
            title = self.tr("Отказ в возврате: {posting}").format(posting=receipt.posting_number)
            self.print_bytes("return_rejection", title, data)
        else:
            self.print_bytes(
                "return_receipt", self.tr("Возврат: {posting}").format(posting=receipt.posting_number), data
            )

    def box_label(self, box: BoxView) -> None:
        point = self.services.ctx.actor.point_name or self.services.settings.point_name
        data = return_box_label(box_label_data(box, point), self.setup)
        self.print_bytes("return_box_label", self.tr("Этикетка тары {box}").format(box=box.barcode), data)

    def handover_act(self, act: HandoverAct) -> None:
        data = handover_act(handover_act_data(act), self.setup)
        self.print_bytes("handover_act", self.tr("Акт передачи {number}").format(number=act.act_number), data)

    def discrepancy_act(self, act: DiscrepancyActView) -> None:
        point = self.services.ctx.actor.point_name or self.services.settings.point_name
        data = discrepancy_act(discrepancy_act_data(act, point), self.setup)
        self.print_bytes("discrepancy_act", self.tr("Акт расхождений {number}").format(number=act.waybill), data)

    def cell_labels(self, codes: list[str]) -> None:
        data = cell_labels(codes, self.setup)
        title = self.tr("Этикетки ячеек: {n}").format(n=len(codes))
        self.print_bytes("cell_labels", title, data)

    def shift_report(self, report: ShiftReport) -> None:
        point = self.services.ctx.actor.point_name or self.services.settings.point_name
        data = shift_report(shift_report_data(report, point), self.setup)
        self.print_bytes("shift_report", self.tr("Отчёт за смену"), data)

    def print_bytes(self, kind: str, title: str, data: bytes) -> None:
        doc = PrintedDoc(kind, title, data, self.setup)
        queue = self.queue
        if queue is None:
            self._show(doc)
            return
        self.services.runner.write(
            lambda: queue.submit(kind, title, data),
            lambda job_id: self._show(replace(doc, job_id=job_id)),
            self.services.feedback.fail,
        )

    def open_drawer(self) -> bool:
        """Kick the cash drawer on the printer's DK port; False without a printer queue."""
        if self.queue is None:
            return False
        self.queue.open_drawer()
        return True

    def reprint(self) -> None:
        doc = self.last
        if doc is None:
            return
        self.print_bytes(doc.kind, doc.title, doc.data)

    def _show(self, doc: PrintedDoc) -> None:
        self.last = doc
        self.printed.emit(doc)

    # --- queue events --------------------------------------------------------------------

    def _from_queue(self, event: PrintEvent) -> None:
        """Called on the print queue's thread: handed to the GUI thread."""
        run_on_main(partial(self._on_event, event), self)

    def _on_event(self, event: PrintEvent) -> None:
        if event.kind is PrintEventKind.DRAWER:
            if event.drawer_open is not None:
                self.drawer_changed.emit(event.drawer_open)
            return
        ok = event.status is None or event.status.can_print
        if event.kind in (PrintEventKind.QUEUED, PrintEventKind.PRINTED):
            ok = True
        if event.kind is PrintEventKind.STATUS and event.status is PrinterStatus.OK:
            ok = True
        self.status_changed.emit(self.tr("Принтер: {message}").format(message=event.message), ok)
        if event.kind in (PrintEventKind.FAILED, PrintEventKind.WAITING):
            self.services.feedback.error(event.message)
