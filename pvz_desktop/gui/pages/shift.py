"""Смена: open and close the shift at this counter; the running report from the ledger."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QVBoxLayout, QWidget

from pvz_desktop.core.clock import to_local
from pvz_desktop.core.money import format_rub
from pvz_desktop.gui.dialogs import confirm
from pvz_desktop.gui.pages.base import Page
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.widgets import action_button, caption
from pvz_desktop.workflows import cash_drawer, shift
from pvz_desktop.workflows.shift import ShiftCounts, ShiftReport, ShiftView


class ShiftPage(Page):
    key = "shift"
    changed = Signal(object)  # ShiftView | ShiftReport

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.current: ShiftView | None = None
        self.report: ShiftReport | None = None
        self._build()
        self._render()

    def title(self) -> str:
        return self.tr("Смена")

    def prompt(self) -> str:
        return self.tr("F3 — открыть смену, F10 — закрыть её с отчётом")

    def _labels(self) -> dict[str, str]:
        return {
            "accepted": self.tr("Принято отправлений"),
            "unexpected": self.tr("из них без накладной"),
            "placed": self.tr("Размещено"),
            "issued": self.tr("Выдано"),
            "refused": self.tr("Отказов"),
            "refused_lines": self.tr("Отказано строк товара"),
            "inventory_lost": self.tr("Инвентаризация: утеряно"),
            "inventory_found": self.tr("Инвентаризация: найдено"),
            "returns_accepted": self.tr("Принято возвратов"),
            "expired": self.tr("Срок хранения истёк"),
            "boxes_handed_over": self.tr("Передано тары"),
            "returned_to_carrier": self.tr("Передано перевозчику отправлений"),
            "dropped_off": self.tr("Принято к отправке"),
            "dropoff_refused": self.tr("Не принято к отправке"),
            "handed_to_courier": self.tr("Передано курьеру отправок"),
            "courier_handovers": self.tr("Передач курьерам"),
            "drawer_openings": self.tr("Ящик открывался"),
            "drawer_opened_by_owner": self.tr("из них без оплаты"),
            "fitting_handed": self.tr("Отдано на примерку"),
            "on_fitting_now": self.tr("На примерке сейчас"),
            "cash_total": self.tr("Наличными"),
            "card_total": self.tr("Картой"),
        }

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = caption("", "shift_heading", 20)
        layout.addWidget(self.heading)
        box = QGroupBox(self.tr("Отчёт за смену"))
        # Two columns of figures: in one, the report alone was taller than a 768 px screen allows.
        form = QGridLayout(box)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.values: dict[str, QLabel] = {}
        for n, (name, label) in enumerate(self._labels().items()):
            value = QLabel("—")
            value.setObjectName(f"shift_{name}")
            value.setStyleSheet("font-size: 16pt; font-weight: bold;")
            row, column = divmod(n, 2)
            form.addWidget(QLabel(label), row, 2 * column)
            form.addWidget(value, row, 2 * column + 1)
            self.values[name] = value
        self.takings = QLabel("—")
        self.takings.setObjectName("shift_takings")
        self.takings.setStyleSheet("font-size: 20pt; font-weight: bold;")
        last = form.rowCount()
        form.addWidget(QLabel(self.tr("Выручка")), last, 0)
        form.addWidget(self.takings, last, 1, 1, 3)
        layout.addWidget(box)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.open_button = action_button(self.tr("F3 Открыть смену"), "F3", "shift_open", primary=True)
        self.refresh_button = action_button(self.tr("F5 Обновить отчёт"), "F5", "shift_refresh")
        self.close_button = action_button(self.tr("F10 Закрыть смену"), "F10", "shift_close")
        self.drawer_button = action_button(self.tr("F6 Открыть ящик…"), "F6", "open_drawer")
        self.drawer_button.setToolTip(self.tr("Открыть денежный ящик без оплаты (только владелец; причина — в журнал)"))
        for b in (self.open_button, self.refresh_button, self.drawer_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_shift)
        self.refresh_button.clicked.connect(self.on_shown)
        self.close_button.clicked.connect(self.close_shift)
        self.drawer_button.clicked.connect(self.ask_open_drawer)

    def on_shown(self) -> None:
        ctx = self.ctx

        def load() -> tuple[ShiftView | None, ShiftReport | None]:
            current = shift.current_shift(ctx)
            return current, shift.shift_report(ctx) if current is not None else None

        def done(result: tuple[ShiftView | None, ShiftReport | None]) -> None:
            self.current, report = result
            if report is not None:
                self.report = report
            self._render()

        self.read(load, done)

    def open_shift(self) -> None:
        ctx = self.ctx

        def done(view: ShiftView) -> None:
            self.current, self.report = view, None
            self._render()
            self.on_shown()  # the report from the opening on
            self.services.feedback.ok(
                self.tr("Смена открыта в {time}").format(time=view.opened_at_local.strftime("%H:%M"))
            )
            self.changed.emit(view)

        self.write(lambda: shift.open_shift(ctx), done)

    def ask_open_drawer(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Открыть денежный ящик"), self.tr("Причина (попадёт в журнал):")
        )
        if ok:
            self.open_drawer(reason)

    def open_drawer(self, reason: str) -> None:
        """The owner opens the drawer without a sale: recorded first, then the printer kicks it."""
        ctx = self.ctx

        def done(opening: cash_drawer.DrawerOpening) -> None:
            printer = self.services.printer
            if printer is not None and printer.open_drawer():
                self.services.feedback.ok(self.tr("Денежный ящик открыт: {reason}").format(reason=opening.reason))
            else:
                self.services.feedback.error(
                    self.tr("Записано в журнал, но принтер не подключён: откройте ящик ключом")
                )
            self.on_shown()

        self.write(lambda: cash_drawer.open_without_sale(ctx, reason), done)

    def close_shift(self) -> None:
        confirm(
            self,
            "confirm_shift_close",
            self.tr("Закрытие смены"),
            self.tr("Закрыть смену и напечатать отчёт?"),
            self._close,
        )

    def _close(self) -> None:
        ctx = self.ctx

        def done(report: ShiftReport) -> None:
            self.current, self.report = None, report
            self._render()
            self.services.feedback.ok(
                self.tr("Смена закрыта. Выручка {amount}").format(amount=format_rub(report.counts.takings))
            )
            if self.services.printer is not None:
                self.services.printer.shift_report(report)
            self.changed.emit(report)

        self.write(lambda: shift.close_shift(ctx), done)

    def _render(self) -> None:
        if self.current is None:
            self.heading.setText(self.tr("Смена не открыта"))
        else:
            self.heading.setText(
                self.tr("Смена открыта с {time} · {name}").format(
                    time=self.current.opened_at_local.strftime("%d.%m.%Y %H:%M"), name=self.current.employee_name
                )
            )
        self.open_button.setEnabled(self.current is None)
        self.close_button.setEnabled(self.current is not None)
        self.refresh_button.setEnabled(self.current is not None)
        counts = self.report.counts if self.report is not None else None
        for f in fields(ShiftCounts):
            value = getattr(counts, f.name) if counts is not None else None
            text = "—" if value is None else format_rub(value) if f.name.endswith("_total") else str(value)
            self.values[f.name].setText(text)
        self.takings.setText(format_rub(counts.takings) if counts is not None else "—")
        if self.report is not None and self.report.shift.closed_at is not None:
            closed = to_local(self.report.shift.closed_at).strftime("%H:%M")
            self.heading.setText(
                self.heading.text() + self.tr(" · последняя смена закрыта в {time}").format(time=closed)
            )
