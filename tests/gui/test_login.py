"""Login: employees from the local table; switching the cashier signs the next operations."""

from __future__ import annotations

from sqlalchemy import select

from pvz_desktop.gui.login import LoginDialog
from pvz_desktop.store.models import Employee, Event


def add_employees(store):
    with store.write() as s:
        s.add(Employee(id="emp-1", display_name="Смирнова О.", role="owner"))
        s.add(Employee(id="emp-2", display_name="Кузнецов Д.", role="employee"))
        s.add(Employee(id="emp-3", display_name="Уволен У.", active=False))


def test_switching_employee_signs_later_operations(counter, point, qtbot):
    add_employees(point.store)
    point.add_cells()
    posting = point.add_shipment(customer=None, status="received")
    counter.window.switch_user()
    qtbot.waitUntil(lambda: counter.window.findChild(LoginDialog, "login_dialog") is not None)
    dialog = counter.window.findChild(LoginDialog, "login_dialog")
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert names == ["Кузнецов Д. — сотрудник", "Смирнова О. — владелец"]  # the inactive one is not offered
    dialog.list.setCurrentRow(0)
    _tone, text = counter.act(dialog.accept)
    assert "Кузнецов Д." in text
    assert "Кузнецов Д." in counter.window.status.employee.text()
    counter.place(posting, "C-A-01-01")
    with point.store.read() as s:
        assert s.scalar(select(Event.employee_id).where(Event.kind == "place")) == "emp-2"
