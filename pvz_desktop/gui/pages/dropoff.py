"""Отправка: parcels handed in for sending, driven by what is scanned.

A supply's code opens the supply (then each parcel is taken in, with live counters); a send code
shows a C2C parcel to weigh and take in (F4 card, F5 cash); a bag's label opens the bag (then
each parcel goes into it); a courier's code opens the handover (then each bag or loose parcel is
kept for him the moment it is scanned, F10 hands them over; a handover left open comes back after a
restart). The scale's weight is shown live; only a stable one is taken.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pvz_desktop.core.barcodes import Barcode, BarcodeKind
from pvz_desktop.core.money import format_rub
from pvz_desktop.core.parcel_sizes import Weight, parse_typed_weight
from pvz_desktop.devices.scale.readings import ScaleReading, disconnected
from pvz_desktop.gui import palette
from pvz_desktop.gui.defect_dialog import DefectDialog, open_defect_dialog
from pvz_desktop.gui.dropoff_print import DropoffPrinting
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.scan_log import ScanLog
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.texts import reason, render
from pvz_desktop.gui.widgets import CounterTile, ElidedLabel, action_button, caption, huge_label, make_table
from pvz_desktop.workflows.defects import DefectPlace
from pvz_desktop.workflows.dropoff import bags, c2c, courier, supply
from pvz_desktop.workflows.dropoff.bags import Bagged, BagView
from pvz_desktop.workflows.dropoff.c2c import C2CReceipt, C2CRefusal
from pvz_desktop.workflows.dropoff.common import ParcelView, find_parcel
from pvz_desktop.workflows.dropoff.courier import CourierAct, HandoverItem, HandoverScanned, PickupView
from pvz_desktop.workflows.dropoff.supply import SupplyAct, SupplyCounts, SupplyScan
from pvz_desktop.workflows.issuance import PaymentMethod

K = BarcodeKind
OPENERS = frozenset({K.SUPPLY, K.SEND_CODE, K.BAG, K.COURIER_PICKUP})


class DropoffPage(Page):
    key = "dropoff"
    counted = Signal(object)  # SupplyCounts, after the tiles are painted (the benchmark waits for it)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.mode: str | None = None  # supply / c2c / bag / courier
        self.supply: SupplyCounts | None = None
        self.send: ParcelView | None = None
        self.bag: BagView | None = None
        self.pickup: PickupView | None = None
        self.handover: dict[str, HandoverItem] = {}
        self.reading: ScaleReading = disconnected(self.tr("Весы не подключены: введите вес вручную (F8)"))
        self.typed: Weight | None = None
        self.refuse_next = False  # F7 in a supply: the next parcel scanned is refused with the reason
        self.unscan_next = False  # F7 at the courier: the next bag or parcel scanned comes off the handover
        self._resumed = False  # the handover left open is looked for once, when the tab is first shown
        self._build()
        self._render()

    def title(self) -> str:
        return self.tr("Отправка")

    def prompt(self) -> str:
        if self.mode == "supply" and self.supply is not None:
            return self.tr("Поставка {n}: сканируйте отправления, F7 — отказ, F10 — закрыть").format(
                n=self.supply.supply
            )
        if self.mode == "c2c" and self.send is not None:
            return self.tr("Взвесьте посылку {p}: F4 — принять картой, F5 — наличными, F7 — отказ").format(
                p=self.send.posting_number
            )
        if self.mode == "bag" and self.bag is not None:
            return self.tr("Мешок {b}: сканируйте отправления").format(b=self.bag.barcode)
        if self.mode == "courier" and self.pickup is not None:
            return self.tr("Курьер {c}: сканируйте мешки и посылки, F7 — убрать из передачи, F10 — передать").format(
                c=self.pickup.courier
            )
        return self.tr("Сканируйте поставку (SP-…), код отправки (SN-…), мешок (BG-…) или код курьера (CP-…)")

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        # The page lives in a body without a layout above it (as Выдача): a scan changes a tile,
        # the log and the heading, and through a layout on the page itself every scan re-laid out
        # the tab widget and the window. The body fills the page by hand (resizeEvent).
        self._body = QWidget(self)
        self._body.setObjectName("dropoff_body")
        layout = QVBoxLayout(self._body)
        self.heading = ElidedLabel()
        self.heading.setObjectName("dropoff_heading")
        self.heading.setFont(caption("").font())
        layout.addWidget(self.heading)

        tiles = QGroupBox(self.tr("Поставка"))
        grid = QGridLayout(tiles)
        self.tiles = {
            "expected": CounterTile(self.tr("ожидается"), "dropoff_expected"),
            "received": CounterTile(self.tr("принято"), "dropoff_received", palette.COUNT_GOOD),
            "refused": CounterTile(self.tr("не принято"), "dropoff_refused", palette.COUNT_BAD),
            "missing": CounterTile(self.tr("не хватает"), "dropoff_missing", palette.COUNT_BAD),
            "unexpected": CounterTile(self.tr("нет в поставке"), "dropoff_unexpected", palette.ATTENTION),
            "duplicates": CounterTile(self.tr("повторные сканы"), "dropoff_duplicates", palette.COUNT_REPEAT),
        }
        for col, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, 0, col)
        layout.addWidget(tiles)

        middle = QHBoxLayout()
        self.log_model = ScanLog(self)
        self.log = make_table(self.log_model, "dropoff_log", stretch_column=2)
        box = QGroupBox(self.tr("Сканы"))
        scans = QVBoxLayout(box)
        scans.addWidget(self.log)
        # Under the log, not in the bottom row: it is about the scan chosen here (the row fits 1366 px).
        self.defect_button = action_button(self.tr("F6 Брак (фото)…"), "F6", "dropoff_defect")
        scans.addWidget(self.defect_button)
        middle.addWidget(box, 3)

        parcel = QGroupBox(self.tr("Посылка и весы"))
        form = QVBoxLayout(parcel)
        self.weight_label = huge_label("dropoff_weight", 22)
        form.addWidget(self.weight_label)
        self.parcel_label = ElidedLabel(min_chars=20)
        self.parcel_label.setObjectName("dropoff_parcel")
        self.parcel_label.setWordWrap(True)
        form.addWidget(self.parcel_label)
        fields = QFormLayout()
        self.weight_edit = QLineEdit()
        self.weight_edit.setObjectName("dropoff_weight_edit")
        self.weight_edit.setPlaceholderText(self.tr("кг, например 1,25"))
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setObjectName("dropoff_tendered")
        self.tendered_edit.setPlaceholderText(self.tr("без сдачи"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("dropoff_reason")
        self.reason_edit.setPlaceholderText(self.tr("повреждена, не та упаковка…"))
        fields.addRow(self.tr("Вес вручную"), self.weight_edit)
        fields.addRow(self.tr("Получено, ₽"), self.tendered_edit)
        fields.addRow(self.tr("Причина отказа"), self.reason_edit)
        form.addLayout(fields)
        middle.addWidget(parcel, 2)
        layout.addLayout(middle, 1)

        buttons = QHBoxLayout()
        self.bag_button = action_button(self.tr("F3 Новый мешок"), "F3", "dropoff_new_bag")
        self.card_button = action_button(self.tr("F4 Принять, картой"), "F4", "dropoff_card", primary=True)
        self.cash_button = action_button(self.tr("F5 Принять, наличными"), "F5", "dropoff_cash")
        self.refuse_button = action_button(self.tr("F7 Отказ"), "F7", "dropoff_refuse")
        self.typed_button = action_button(self.tr("F8 Вес вручную"), "F8", "dropoff_typed_weight")
        self.close_button = action_button(self.tr("F10 Закрыть"), "F10", "dropoff_close", primary=True)
        for b in (
            self.bag_button,
            self.card_button,
            self.cash_button,
            self.refuse_button,
            self.typed_button,
            self.close_button,
        ):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.bag_button.clicked.connect(lambda: self.open_bag(None))
        self.card_button.clicked.connect(lambda: self.take_send(PaymentMethod.CARD))
        self.cash_button.clicked.connect(lambda: self.take_send(PaymentMethod.CASH))
        self.refuse_button.clicked.connect(self.refuse)
        self.typed_button.clicked.connect(self.use_typed_weight)
        self.defect_button.clicked.connect(self.open_defect)
        self.close_button.clicked.connect(self.close_current)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._body.setGeometry(self.rect())

    def sizeHint(self) -> QSize:
        return self._body.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._body.minimumSizeHint()

    @property
    def printing(self) -> DropoffPrinting:
        point = self.ctx.actor.point_name or self.services.settings.point_name
        return DropoffPrinting(self.services.printer, point)

    def open_defect(self) -> DefectDialog | None:
        """A parcel handed in damaged: the C2C parcel on the scale, else the scan chosen in the log
        (else the last one)."""
        posting = self.send.posting_number if self.mode == "c2c" and self.send is not None else None
        posting = posting or self.log_model.chosen_code(self.log)
        return open_defect_dialog(self, posting, DefectPlace.DROPOFF)

    # --- scans ---------------------------------------------------------------------------

    def scan_kinds(self) -> frozenset[BarcodeKind]:
        return OPENERS | {K.OUTBOUND}

    def handle_scan(self, code: Barcode) -> None:
        ctx, raw = self.ctx, code.raw
        if code.kind is K.SUPPLY:
            self.write(lambda: supply.open_supply(ctx, raw), self._supply_opened)
        elif code.kind is K.SEND_CODE or (code.kind is K.OUTBOUND and self.mode == "c2c"):
            self.read(lambda: c2c.find_send(ctx, raw), self._send_found)
        elif code.kind is K.OUTBOUND and self.mode is None:
            self.read(lambda: find_parcel(ctx, raw), lambda view: self.services.feedback.info(view.describe()))
        elif code.kind is K.COURIER_PICKUP:
            self.read(lambda: courier.open_pickup(ctx, raw), self._pickup_opened)
        elif self.mode == "courier" and self.pickup is not None:
            pickup = self.pickup.code
            if self.unscan_next:
                self.unscan_next = False
                self._run(lambda: courier.unscan(ctx, pickup, raw), self._unscanned, code.code)
            else:
                self._run(lambda: courier.scan(ctx, pickup, raw), self._handover_item, code.code)
        elif code.kind is K.BAG:
            self.open_bag(raw)
        elif self.mode == "supply" and self.supply is not None:
            number, reason = self.supply.supply, self.reason_edit.text()
            if self.refuse_next:
                self.refuse_next = False
                self._run(lambda: supply.refuse(ctx, number, raw, reason), self._supply_scanned, code.code)
            else:
                self._run(lambda: supply.scan(ctx, number, raw), self._supply_scanned, code.code)
        elif self.mode == "bag" and self.bag is not None:
            barcode = self.bag.barcode
            self._run(lambda: bags.put(ctx, barcode, raw), self._bagged, code.code)

    def _run(self, fn: Any, done: Any, code: str) -> None:
        def failed(exc: BaseException) -> None:
            self._log(code, reason(exc), False)
            self.services.feedback.fail(exc)

        self.services.runner.write(fn, done, failed)

    # --- supply --------------------------------------------------------------------------

    def _supply_opened(self, counts: SupplyCounts) -> None:
        self._enter("supply")
        self.supply = counts
        self.log_model.set_rows([])
        self.services.feedback.ok(
            self.tr("Поставка {n} от {s}: ожидается {e}. Сканируйте отправления.").format(
                n=counts.supply, s=counts.seller, e=counts.expected
            )
        )
        self._render()

    def _supply_scanned(self, result: SupplyScan) -> None:
        self.supply = result.counts
        # The counters first, painted at once: the numbers are what the cashier watches. Only the
        # tiles that changed are painted, before the log and the banner mark their parts of the
        # window, which the next paint pass draws.
        for tile in self._paint_counts():
            tile.repaint()
        self._log(result.code, render(result.message), result.outcome.ok)
        if result.outcome.ok:
            self.services.feedback.ok(result.message)
        elif result.outcome.value in ("unexpected", "refused"):
            self.services.feedback.warn(result.message)
        else:
            self.services.feedback.info(result.message)

    def _paint_counts(self) -> list[CounterTile]:
        """Set the tiles to the supply's counters; the tiles whose number changed."""
        counts = self.supply
        changed = [
            tile
            for name, tile in self.tiles.items()
            if tile.set_value(getattr(counts, name) if counts is not None else "—")
        ]
        if counts is not None:
            self.counted.emit(counts)
        return changed

    # --- C2C -----------------------------------------------------------------------------

    def _send_found(self, send: ParcelView) -> None:
        self._enter("c2c")
        self.send, self.typed = send, None
        due = (
            self.tr("оплачено")
            if send.amount_due == 0
            else self.tr("к оплате {a}").format(a=format_rub(send.amount_due))
        )
        self.services.feedback.ok(
            self.tr("Посылка {p}: размер {s}, {due}. Положите на весы.").format(
                p=send.posting_number, s=send.size_class, due=due
            )
        )
        self._render()

    def set_reading(self, reading: ScaleReading) -> None:
        """A new reading from the scale (the devices call this on the GUI thread)."""
        self.reading = reading
        self._paint_weight()

    def use_typed_weight(self) -> None:
        try:
            self.typed = parse_typed_weight(self.weight_edit.text())
        except ValueError as exc:
            self.services.feedback.error(reason(exc))
            return
        self._paint_weight()
        self.services.feedback.info(
            self.tr("Вес {w} введён вручную: так и будет записано.").format(w=self.typed.kg_text)
        )

    def current_weight(self) -> Weight | None:
        return self.typed if self.typed is not None else self.reading.weight

    def take_send(self, method: PaymentMethod) -> None:
        if self.mode != "c2c" or self.send is None:
            self.services.feedback.error(self.tr("Сначала отсканируйте код отправки посылки (SN-…)."))
            return
        ctx, code, weight = self.ctx, self.send.send_code or self.send.posting_number, self.current_weight()
        tendered = self._tendered()
        if tendered is False:
            return
        self._run(lambda: c2c.intake(ctx, code, weight, method, tendered or None), self._send_taken, code)

    def _tendered(self) -> int | bool | None:
        text = self.tendered_edit.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return round(float(text) * 100)
        except ValueError:
            self.services.feedback.error(self.tr("«Получено» — сумма в рублях, например 500."))
            return False

    def _send_taken(self, result: C2CReceipt | C2CRefusal) -> None:
        if isinstance(result, C2CRefusal):
            self._log(result.posting_number, result.reason, False)
            self.services.feedback.error(self.tr("Не принято: {r}").format(r=result.reason))
            return
        self._log(result.posting_number, self.tr("Принято, {w}").format(w=result.weight.kg_text), True)
        self.printing.c2c(result)
        change = self.tr(", сдача {c}").format(c=format_rub(result.change)) if result.change else ""
        self.services.feedback.ok(
            self.tr("Посылка {p} принята{change}. Наклейте этикетку.").format(p=result.posting_number, change=change)
        )
        self.send, self.typed = None, None
        self.tendered_edit.clear()
        self.weight_edit.clear()
        self._enter(None)
        self._render()

    # --- refusal -------------------------------------------------------------------------

    def refuse(self) -> None:
        if self.mode == "courier":
            self.unscan_next = True
            self.services.feedback.warn(self.tr("Отсканируйте мешок или посылку, которую курьер не забирает."))
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.services.feedback.error(self.tr("Напишите причину отказа в поле «Причина отказа»."))
            return
        if self.mode == "supply":
            self.refuse_next = True
            self.services.feedback.warn(
                self.tr("Отсканируйте отправление, которое не принимаете: {r}").format(r=reason)
            )
        elif self.mode == "c2c" and self.send is not None:
            ctx, code, weight = self.ctx, self.send.send_code or self.send.posting_number, self.current_weight()
            self._run(lambda: c2c.refuse(ctx, code, reason, weight), self._send_taken, code)

    # --- bags and the courier ------------------------------------------------------------

    def open_bag(self, raw: str | None) -> None:
        ctx = self.ctx

        def done(bag: BagView) -> None:
            self._enter("bag")
            self.bag = bag
            if raw is None:
                self.printing.bag_label(bag)
            self.services.feedback.ok(self.tr("Мешок {b}: сканируйте отправления.").format(b=bag.barcode))
            self._render()

        self.write(lambda: bags.open_bag(ctx, raw), done)

    def _bagged(self, result: Bagged) -> None:
        self.bag = result.bag
        self._log(
            result.parcel.posting_number,
            self.tr("в мешке {b} ({n})").format(b=result.bag.barcode, n=result.bag.count),
            True,
        )
        self.services.feedback.ok(
            self.tr("{p} — в мешок {b}").format(p=result.parcel.posting_number, b=result.bag.barcode)
        )
        self._render()

    def _pickup_opened(self, pickup: PickupView) -> None:
        """The courier's pickup, with what was scanned for it before (kept across a restart)."""
        self._enter("courier")
        self.pickup, self.handover = pickup, {item.code: item for item in pickup.scanned}
        self.log_model.set_rows([])
        for item in pickup.scanned:
            self._log_item(item)
        for stale in pickup.stale:
            self._log(stale.code, render(stale.reason), False)
        if pickup.scanned or pickup.stale:
            self.services.feedback.ok(
                self.tr("Курьер {c}, маршрут {r}: передача продолжается, отсканировано мест {n}.").format(
                    c=pickup.courier, r=pickup.route, n=len(pickup.scanned) + len(pickup.stale)
                )
            )
        else:
            self.services.feedback.ok(
                self.tr("Курьер {c}, маршрут {r}: к передаче мешков {b}, посылок без мешка {l}.").format(
                    c=pickup.courier, r=pickup.route, b=len(pickup.bags_due), l=len(pickup.loose_due)
                )
            )
        if pickup.stale:
            self.services.feedback.warn(
                self.tr("{c}: уже не к передаче. F7 и скан — убрать из передачи.").format(c=pickup.stale[0].code)
            )
        self._render()

    def _log_item(self, item: HandoverItem) -> None:
        self._log(item.code, self.tr("курьеру: {n} отправл.").format(n=len(item.postings)), True)

    def _handover_item(self, result: HandoverScanned) -> None:
        item = result.item
        if not result.added:
            self.services.feedback.info(self.tr("{c} уже отсканирован для курьера.").format(c=item.code))
            return
        self.handover[item.code] = item
        self._log_item(item)
        self.services.feedback.ok(self.tr("{c} — курьеру ({n})").format(c=item.code, n=len(item.postings)))
        self._render()

    def _unscanned(self, code: str) -> None:
        self.handover.pop(code, None)
        self._log(code, self.tr("убрано из передачи курьеру"), True)
        self.services.feedback.ok(self.tr("{c} убран из передачи курьеру.").format(c=code))
        self._render()

    def close_current(self) -> None:
        ctx = self.ctx
        if self.mode == "supply" and self.supply is not None:
            number = self.supply.supply
            self.write(lambda: supply.close_supply(ctx, number), self._supply_closed)
        elif self.mode == "courier" and self.pickup is not None:
            code = self.pickup.code
            self.write(lambda: courier.hand_over(ctx, code), self._handed_over)
        else:
            self.services.feedback.error(self.tr("Закрывать нечего: откройте поставку или передачу курьеру."))

    def _supply_closed(self, act: SupplyAct) -> None:
        self.printing.supply_act(act)
        self.services.feedback.ok(
            self.tr("Поставка {n} закрыта: принято {r}, не хватает {m}. Акт печатается в двух экземплярах.").format(
                n=act.supply, r=act.counts.received, m=act.counts.missing
            )
        )
        self.supply = act.counts
        self._paint_counts()
        self._enter(None)
        self._render()

    def _handed_over(self, act: CourierAct) -> None:
        self.printing.courier_act(act)
        self.services.feedback.ok(
            self.tr("Передано курьеру {c}: {n} отправлений. Акт печатается в двух экземплярах.").format(
                c=act.courier, n=act.total_parcels
            )
        )
        self.handover = {}
        self._enter(None)
        self._render()

    # --- painting ------------------------------------------------------------------------

    def on_shown(self) -> None:
        """First shown after the start: a courier handover left open (the program closed or the PC
        restarted mid-handover) comes back with its scans."""
        if self._resumed:
            return
        self._resumed = True
        ctx = self.ctx

        def resumed(pickup: PickupView | None) -> None:
            if pickup is not None and self.mode is None:  # not if a scan opened something meanwhile
                self._pickup_opened(pickup)

        self.read(lambda: courier.current(ctx), resumed)

    def _enter(self, mode: str | None) -> None:
        self.mode = mode
        self.refuse_next = self.unscan_next = False
        if mode != "courier":
            self.pickup = None
        if mode != "bag":
            self.bag = None

    def _log(self, code: str, message: str, ok: bool) -> None:
        self.log_model.add(code, message, ok)

    def _paint_weight(self) -> None:
        if self.typed is not None:
            self.weight_label.setText(self.tr("{w} (вручную)").format(w=self.typed.kg_text))
        else:
            self.weight_label.setText(self.reading.describe())

    def _render(self) -> None:
        headings = {
            "supply": lambda: self.tr("Поставка {n} · {s}").format(n=self.supply.supply, s=self.supply.seller),
            "c2c": lambda: self.tr("Посылка {p} · {who}").format(p=self.send.posting_number, who=self.send.party),
            "bag": lambda: self.tr("Мешок {b} · {r} · {n} отправл.").format(
                b=self.bag.barcode, r=self.bag.route or "—", n=self.bag.count
            ),
            "courier": lambda: self.tr("Курьер {c} · {r} · отсканировано мест: {n}").format(
                c=self.pickup.courier, r=self.pickup.route, n=len(self.handover)
            ),
        }
        self.heading.setText(headings[self.mode]() if self.mode in headings else self.tr("Отправка: сканируйте код"))
        send = self.send
        if send is not None and self.mode == "c2c":
            due = (
                self.tr("предоплачено")
                if send.amount_due == 0
                else self.tr("к оплате {a}").format(a=format_rub(send.amount_due))
            )
            self.parcel_label.setText(
                self.tr("{p}: размер {s}, ценность {v}, {due}. Куда: {to}").format(
                    p=send.posting_number,
                    s=send.size_class,
                    v=format_rub(send.declared_value),
                    due=due,
                    to=send.recipient_point,
                )
            )
        else:
            self.parcel_label.setText("")
        c2c_mode = self.mode == "c2c"
        self.card_button.setEnabled(c2c_mode)
        self.cash_button.setEnabled(c2c_mode)
        self.close_button.setEnabled(self.mode in ("supply", "courier"))
        self._paint_counts()
        self._paint_weight()
