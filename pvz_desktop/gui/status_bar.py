"""Status bar: who works where, the shift, what waits for the server, and every device's state."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from pvz_desktop.core.clock import to_local
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent
from pvz_desktop.gui import palette
from pvz_desktop.gui.refused_dialog import RefusedOperationsDialog
from pvz_desktop.gui.services import Services
from pvz_desktop.gui.texts import render
from pvz_desktop.gui.widgets import ElidedLabel
from pvz_desktop.sync.worker import SyncStatus
from pvz_desktop.workflows.changes import OpChanges
from pvz_desktop.workflows.counter_status import StatusSnapshot, status_snapshot
from pvz_desktop.workflows.fitting import Fitting, FittingTimer, FittingWatch

POLL_MS = 5000
# After a write the re-read waits this long, at most one per interval: it no longer runs on the
# reader thread at the moment the GUI thread paints the answer to a scan, and a burst of scans
# costs one re-read, not one per scan.
AFTER_WRITE_MS = 300
GOOD_STATES = (DeviceState.ENABLED, DeviceState.CLAIMED, DeviceState.OPENED)


def _restyle(label: QLabel, sheet: str) -> None:
    """Set a style sheet only when it changes: each set re-polishes the label (every poll did)."""
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)


def _label(name: str, min_chars: int = 6) -> QLabel:
    # Elided, the whole text in its tooltip: a long device message or point name never widens
    # the window (the status bar alone used to need 1,950 px).
    label = ElidedLabel(min_chars=min_chars)
    label.setObjectName(name)
    return label


class CounterStatusBar(QStatusBar):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.services = services
        # Who, where and the shift stay readable (up to 26 characters); the rest gives way.
        self.employee = _label("status_employee", 26)
        self.point = _label("status_point", 26)
        self.shift = _label("status_shift", 26)
        self.sync = _label("status_sync")
        self.scanners = _label("status_scanners")
        self.printer = _label("status_printer")
        self.drawer = _label("status_drawer")  # shown once the printer reports the drawer's switch
        self.drawer.hide()
        # Customers in the fitting room: shown while there are any, red once one is overdue.
        self.fitting = _label("status_fitting", 20)
        self.fitting.hide()
        self._watch = FittingWatch()
        # Stretch factors share the width that is left: the sync line and the devices say most.
        for w, stretch in ((self.employee, 2), (self.point, 2), (self.shift, 1), (self.fitting, 3), (self.sync, 4)):
            self.addWidget(w, stretch)
        # Refusals the cashier has not read: a red button that opens «Отклонённые операции».
        self.refused_button = QToolButton()
        self.refused_button.setObjectName("status_refused")
        self.refused_button.setStyleSheet(f"color: {palette.ERROR}; font-weight: bold;")
        self.refused_button.clicked.connect(self.show_refusals)
        self.refused_button.hide()
        self.addWidget(self.refused_button)
        self.addPermanentWidget(self.scanners, 3)
        self.addPermanentWidget(self.printer, 2)
        self.addPermanentWidget(self.drawer, 1)
        self._devices: dict[str, DeviceStatusEvent] = {}
        self._polling = False
        self._live: SyncStatus | None = None  # the sync worker's last word, once it runs
        self._snap: StatusSnapshot | None = None
        self.set_printer(self.tr("Принтер: просмотр на экране"), ok=True)
        self._render_scanners()
        self.show_actor()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._after_write = QTimer(self)
        self._after_write.setSingleShot(True)
        self._after_write.setInterval(AFTER_WRITE_MS)
        self._after_write.timeout.connect(self.refresh)
        services.runner.write_finished.connect(self._refresh_after_write)
        self.refresh()

    def add_toggle(self, action: QAction) -> QToolButton:
        """A small checkable button at the right end (the collapsed receipt dock's handle)."""
        button = QToolButton()
        button.setObjectName(f"status_toggle_{action.objectName() or 'dock'}")
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        self.addPermanentWidget(button)
        return button

    def _refresh_after_write(self, changes: OpChanges) -> None:
        # Only the queue (an operation for the server), the shift and the fittings (each sends an
        # operation) are shown here.
        if (changes.outbox or changes.shift) and not self._after_write.isActive():
            self._after_write.start()

    def show_actor(self) -> None:
        actor = self.services.ctx.actor
        self.employee.setText(self.tr("Сотрудник: {name}").format(name=actor.employee_name or actor.employee_id))
        self.point.setText(actor.point_name or self.services.settings.point_name)

    def refresh(self) -> None:
        """Re-read the outbox and the shift off the GUI thread; one poll at a time."""
        if self._polling:
            return
        self._polling = True
        ctx = self.services.ctx
        actor = ctx.actor

        def done(snap: StatusSnapshot) -> None:
            self._polling = False
            self._render(snap)

        def failed(_exc: BaseException) -> None:
            self._polling = False
            self.sync.setText(self.tr("Синхронизация: база недоступна"))

        self.services.runner.read(lambda: status_snapshot(ctx, actor.employee_id, actor.workstation), done, failed)

    def show_sync(self, status: SyncStatus) -> None:
        """The sync worker's status (on the GUI thread): online or not, last sync, the queue."""
        self._live = status
        if self._snap is not None:
            # Whichever count arrived last is the freshest: the worker's, until the next poll.
            sync = replace(self._snap.sync, pending=status.pending)
            self._render(replace(self._snap, sync=sync))

    def show_refusals(self) -> RefusedOperationsDialog:
        dialog = RefusedOperationsDialog(self.services, self.window())
        dialog.finished.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _render_fittings(self, open_now: tuple[Fitting, ...]) -> None:
        """Who is in the fitting room and for how long; a warning, then an alert, once each."""
        now = self.services.ctx.now()
        for f, stage in self._watch.news(open_now, now):
            if stage is FittingTimer.OVERDUE:
                self.services.feedback.alert(
                    self.tr("Время примерки вышло: {name} — отпр. на примерке: {n}").format(
                        name=f.customer_name, n=len(f.postings)
                    )
                )
            else:
                self.services.feedback.warn(
                    self.tr("Примерка {name} заканчивается в {time}").format(
                        name=f.customer_name, time=to_local(f.due).strftime("%H:%M")
                    )
                )
        self.fitting.setVisible(bool(open_now))
        if not open_now:
            return
        parts = []
        for f in open_now:
            minutes = int(f.remaining(now).total_seconds() // 60)
            if f.timer(now) is FittingTimer.OVERDUE:
                parts.append(self.tr("{name} — просрочено {n} мин").format(name=f.customer_name, n=-minutes))
            else:
                parts.append(self.tr("{name} — {n} мин").format(name=f.customer_name, n=minutes))
        self.fitting.setText(self.tr("Примерка: {who}").format(who="; ".join(parts)))
        overdue = any(f.timer(now) is FittingTimer.OVERDUE for f in open_now)
        _restyle(self.fitting, f"color: {palette.ERROR}; font-weight: bold;" if overdue else "")

    def _render(self, snap: StatusSnapshot) -> None:
        self._snap = snap
        self._render_fittings(snap.fittings)
        refused = snap.sync.refused
        self.refused_button.setText(self.tr("Отклонено: {n} — открыть").format(n=refused))
        self.refused_button.setVisible(refused > 0)
        if snap.shift_opened_at is None:
            self.shift.setText(self.tr("Смена не открыта"))
        else:
            self.shift.setText(self.tr("Смена с {time}").format(time=to_local(snap.shift_opened_at).strftime("%H:%M")))
        sync = snap.sync
        if self._live is not None:
            self._render_live(self._live, snap)
            return
        if not self.services.settings.api_url:
            state = self.tr("сервер не настроен")
        elif sync.last_push_at is None:
            state = self.tr("ещё не было связи")
        else:
            state = self.tr("отправлено в {time}").format(time=to_local(sync.last_push_at).strftime("%H:%M"))
        text = self.tr("Синхронизация: {state} · в очереди {n}").format(state=state, n=sync.pending)
        if sync.refused:
            text += self.tr(" · отклонено {n}").format(n=sync.refused)
        self.sync.setText(text)
        _restyle(self.sync, f"color: {palette.ERROR};" if sync.refused else "")

    def _render_live(self, live: SyncStatus, snap: StatusSnapshot) -> None:
        # The outbox count read after the last write is at least as fresh as the worker's.
        text = self.tr("Синхронизация: {state}").format(state=self._live_state(live, snap.sync.pending))
        if snap.sync.refused:
            text += self.tr(" · отклонено {n}").format(n=snap.sync.refused)
        self.sync.setText(text)
        self.sync.setAccessibleName(text)
        bad = live.online is False or live.login_required or live.disk_full or snap.sync.refused
        _restyle(self.sync, f"color: {palette.ERROR}; font-weight: bold;" if bad else "")

    def _live_state(self, live: SyncStatus, pending: int) -> str:
        """The worker's state in the window's language (the worker's own line is for the log)."""
        if live.login_required:
            return self.tr("Нужен вход: синхронизация остановлена")
        if live.disk_full:
            state = self.tr("Нет места на диске — синхронизация ждёт")
        elif live.online is None:
            state = self.tr("Подключение к серверу…")
        elif not live.online and live.untrusted:
            state = self.tr("Сертификат сервера не принят — работаем локально")
        elif not live.online:
            state = self.tr("Нет связи с сервером — работаем локально")
        elif live.last_sync_at is not None:
            state = self.tr("Синхронизировано в {time}").format(time=to_local(live.last_sync_at).strftime("%H:%M:%S"))
        else:
            state = self.tr("Синхронизировано")
        return state + (self.tr(", в очереди: {n}").format(n=pending) if pending else "")

    # --- devices -------------------------------------------------------------------------

    def device_status(self, event: DeviceStatusEvent) -> None:
        self._devices[event.source] = event
        self._render_scanners()

    def _render_scanners(self) -> None:
        urls = self.services.settings.scanner_urls
        if not urls and not self._devices:
            self.scanners.setText(self.tr("Сканер: не настроен"))
            return
        parts = []
        bad = False
        for source in dict.fromkeys([*urls, *self._devices]):
            event = self._devices.get(source)
            if event is None:
                parts.append(self.tr("{source}: ожидание").format(source=source))
                continue
            ok = event.state in GOOD_STATES
            bad = bad or not ok
            parts.append(f"{source}: {'✓' if ok else '✗'} {render(event.text)}")
        self.scanners.setText(self.tr("Сканеры — {list}").format(list="; ".join(parts)))
        _restyle(self.scanners, f"color: {palette.ERROR}; font-weight: bold;" if bad else "")

    def set_printer(self, text: str, *, ok: bool) -> None:
        self.printer.setText(text)
        _restyle(self.printer, "" if ok else f"color: {palette.ERROR}; font-weight: bold;")

    def set_drawer(self, is_open: bool) -> None:
        """The cash drawer's switch as the printer reports it: an open drawer is hard to miss."""
        self.drawer.setText(self.tr("Ящик открыт") if is_open else self.tr("Ящик закрыт"))
        _restyle(self.drawer, f"color: {palette.ATTENTION}; font-weight: bold;" if is_open else "")
        self.drawer.show()
