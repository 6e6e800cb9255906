"""Status bar: employee, point, shift, outbox queue, devices."""

from __future__ import annotations

from sqlalchemy import select, update

from pvz_desktop.core.clock import utcnow
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent
from pvz_desktop.store.models import Outbox


def test_outbox_count_follows_operations(counter, point, qtbot):
    status = counter.window.status
    assert "Смирнова О." in status.employee.text() and status.point.text() == "ПВЗ Тверская 1"
    qtbot.waitUntil(lambda: "в очереди 0" in status.sync.text())
    assert "сервер не настроен" in status.sync.text()
    point.add_cells()
    posting = point.add_shipment(customer=None, status="received")
    counter.place(posting, "C-A-01-01")
    qtbot.waitUntil(lambda: "в очереди 1" in status.sync.text())
    with point.store.write() as s:
        s.execute(update(Outbox).values(state="refused"))
    status.refresh()
    qtbot.waitUntil(lambda: "отклонено 1" in status.sync.text())


def test_refused_operations_are_listed_from_the_status_bar_until_read(counter, point, qtbot):
    """A refusal stays on the status bar (a red button) and in «Отклонённые операции» with its
    reason and parcel until the cashier presses «Прочитано»."""
    status = counter.window.status
    point.add_cells()
    posting = point.add_shipment(customer=None, status="received")
    counter.place(posting, "C-A-01-01")
    reason = "Отправление уже выдано на другой стойке."
    with point.store.write() as s:
        s.execute(update(Outbox).values(state="refused", last_error=reason))
    status.refresh()
    qtbot.waitUntil(status.refused_button.isVisible)
    assert "Отклонено: 1" in status.refused_button.text()
    dialog = status.show_refusals()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    shown = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert shown[1] == "Размещение" and shown[2] == posting and shown[3] == reason
    dialog.ack_button.click()
    qtbot.waitUntil(lambda: not status.refused_button.isVisible())
    with point.store.read() as s:
        assert s.scalar(select(Outbox.state)) == "refused_seen"
    assert "отклонено" not in status.sync.text()


def test_shift_and_devices_are_shown(counter, qtbot):
    status = counter.window.status
    assert status.shift.text() == "Смена не открыта"
    page = counter.page("shift")
    counter.window.show_page("shift")
    counter.act(page.open_button.click)
    qtbot.waitUntil(lambda: status.shift.text().startswith("Смена с "))
    status.device_status(DeviceStatusEvent("serial:///dev/ttyACM0", DeviceState.ENABLED, "Сканер готов", utcnow()))
    assert "✓ Сканер готов" in status.scanners.text()
    status.device_status(
        DeviceStatusEvent("serial:///dev/ttyACM0", DeviceState.DISCONNECTED, "Сканер отключён", utcnow())
    )
    assert "✗ Сканер отключён" in status.scanners.text()
    assert "c62828" in status.scanners.styleSheet()
