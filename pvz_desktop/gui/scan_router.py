"""One router for every scan, whatever the source: the active page first, then global rules.

A pickup code opens Выдача from any page; a waybill opens Приёмка; a shipment scanned where
it makes no sense gets an answer saying where it is and in what status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from pvz_desktop.core.barcodes import KIND_LABELS, MAX_CODE_LENGTH, NOT_A_PARCEL_LABEL, Barcode, BarcodeKind
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.product_codes import ProductCodeKind, recognise
from pvz_desktop.devices.scanner.events import ScanEvent
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.pages.registry import HOME_PAGE
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.texts import render
from pvz_desktop.workflows import placement, unknown_scans

# How much of an unknown code the banner repeats: enough to recognise it, never a wall of text.
ECHO_CHARS = 40


def shortened(code: str, limit: int = ECHO_CHARS) -> str:
    return code if len(code) <= limit else code[: limit - 1] + "…"


class PageHost(Protocol):
    def current_page(self) -> Page: ...

    def page(self, key: str) -> Page | None: ...

    def show_page(self, key: str) -> Page: ...


class ScanRouter(QObject):
    scan_received = Signal(object)  # every ScanEvent, before routing (demo panel, settings test)
    routed = Signal(str, str)  # page key that took it ("" = answered by the router), barcode kind

    def __init__(self, services: Services, host: PageHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.host = host
        self._capture: Callable[[ScanEvent], None] | None = None

    def inject(self, code: str, source: str = "manual") -> None:
        """A scan typed by hand, clicked in the demo panel, or sent by a test."""
        self.route(ScanEvent(code=code, symbology="", source=source, received_at=utcnow()))

    def capture_next(self, callback: Callable[[ScanEvent], None] | None) -> None:
        """Hand the next scan to ``callback`` instead of a page (the settings' test scan)."""
        self._capture = callback

    def route(self, event: ScanEvent) -> None:
        self.services.ctx.foreground.touch()  # the sync pull steps aside until its answer is shown
        self.scan_received.emit(event)
        if self._capture is not None:
            callback, self._capture = self._capture, None
            callback(event)
            return
        page = self.host.current_page()
        if len(event.code.strip()) > MAX_CODE_LENGTH:
            self._unreadable(event.code.strip(), page)
            return
        code = self.services.ctx.profile.classify(event.code)
        if not code.code:
            return  # an empty read (a lone Enter from a scanner) is not a scan
        if code.kind in page.scan_kinds():
            self.routed.emit(page.key, code.kind.value)
            page.handle_scan(code)
            return
        home = HOME_PAGE.get(code.kind)
        if home is not None:
            target = self.host.page(home)
            if target is not None:
                self.host.show_page(home)
                if code.kind in target.scan_kinds():
                    self.routed.emit(home, code.kind.value)
                    target.handle_scan(code)
                    return
        self.routed.emit("", code.kind.value)
        self._answer(code, page)

    def _not_a_label(self, code: Barcode) -> str:
        """What a code on the box that is not a parcel's label is, and what to scan instead."""
        if code.kind is BarcodeKind.OZON_LABEL:
            which = self.tr("верхний") if code.code.startswith("%") else self.tr("нижний")
            return self.tr(
                "Это {which} штрихкод маркировки отправления Ozon ({code}), а не номер отправления. "
                "Отсканируйте на той же этикетке штрихкод с номером отправления."
            ).format(which=which, code=code.code)
        if code.kind is BarcodeKind.WB_STICKER:
            what = self.tr("Это стикер сборочного задания Wildberries ({code})").format(code=code.code)
        elif code.kind is BarcodeKind.OZON_SKU:
            what = self.tr("Это штрихкод товара Ozon {code}").format(code=code.code)
        else:
            product = recognise(code.code)
            assert product is not None  # classified as one
            if product.kind is ProductCodeKind.MARKING:
                what = self.tr("Это код маркировки «Честный знак» товара (GTIN {gtin}, серийный № {serial})").format(
                    gtin=product.gtin, serial=shortened(product.serial, 24)
                )
            else:
                what = self.tr("Это штрихкод товара {kind} {code}").format(kind=product.kind.value, code=code.code)
        return what + self.tr(", а не этикетка отправления. Отсканируйте этикетку ПВЗ на упаковке.")

    def _answer(self, code: Barcode, page: Page) -> None:
        """A scan the page cannot use: say what it is, so the cashier is never left guessing."""
        feedback = self.services.feedback
        if code.kind is BarcodeKind.SHIPMENT:
            ctx = self.services.ctx

            def describe(view: placement.ShipmentView) -> None:
                feedback.info(
                    self.tr("{where}. На вкладке «{page}» оно не нужно.").format(
                        where=render(view.describe()), page=page.title()
                    )
                )

            self.services.runner.read(lambda: placement.where_is(ctx, code.code), describe, feedback.fail)
            return
        if code.kind in NOT_A_PARCEL_LABEL:
            feedback.error(self._not_a_label(code))
            return
        if code.kind is BarcodeKind.UNKNOWN:
            ctx, text = self.services.ctx, code.code
            message = self.tr("Штрихкод «{code}» не распознан: сохранён в «Зависшие ШК».").format(code=shortened(text))
            self.services.runner.write(
                lambda: unknown_scans.record(ctx, text, page.key),
                lambda _view: feedback.error(message),
                feedback.fail,
            )
            return
        feedback.info(
            self.tr("Это {kind} {code}: на вкладке «{page}» он не нужен.").format(
                kind=KIND_LABELS[code.kind], code=code.code, page=page.title()
            )
        )

    def _unreadable(self, text: str, page: Page) -> None:
        """A read longer than any code (a misread, a runaway scanner): kept cut, never echoed."""
        feedback, ctx = self.services.feedback, self.services.ctx
        message = self.tr(
            "Нечитаемый код: {n} знаков, а штрихкоды не длиннее {limit}. "
            "Его начало сохранено в «Зависшие ШК»; отсканируйте ещё раз."
        ).format(n=len(text), limit=MAX_CODE_LENGTH)
        self.routed.emit("", BarcodeKind.UNKNOWN.value)
        self.services.runner.write(
            lambda: unknown_scans.record(ctx, text[:MAX_CODE_LENGTH], page.key),
            lambda _view: feedback.error(message),
            feedback.fail,
        )
