"""Status bar: employee, point, shift, outbox queue, devices."""

from __future__ import annotations

from sqlalchemy import update

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
