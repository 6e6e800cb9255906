"""Roles at the counter: the point's settings are the owner's; an employee sees them read-only
with the owner's name, and what they save leaves the point's settings as they were."""

from __future__ import annotations

from pvz_desktop.store.models import Employee


def staff(store, employee_role: str) -> None:
    with store.write() as s:
        s.add(Employee(id="emp-1", display_name="Смирнова О.", role=employee_role))
        s.add(Employee(id="emp-9", display_name="Орлова Т.", role="owner"))


def test_an_employee_sees_the_point_settings_read_only(qtbot, store, settings, ctx):
    from tests.gui.conftest import make_counter

    staff(store, "employee")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        dialog = counter.window.open_settings()
        qtbot.waitUntil(dialog.owner_note.isVisible, timeout=5000)
        assert "Орлова Т." in dialog.owner_note.text()
        for widget in (dialog.api_url, dialog.storage_days, dialog.point_name, dialog.printer_url, dialog.scanner_url):
            assert not widget.isEnabled()
        assert dialog.language.isEnabled()  # the language is the person's own
        with qtbot.waitSignal(dialog.saved) as saved:
            dialog.save()
        kept = saved.args[0]
        assert (kept.point_name, kept.storage_days, kept.api_url) == (
            settings.point_name,
            settings.storage_days,
            settings.api_url,
        )
    finally:
        gen.close()


def test_the_owner_changes_them(qtbot, store, settings, ctx):
    from tests.gui.conftest import make_counter

    staff(store, "owner")
    gen = make_counter(qtbot, ctx, settings)
    counter = next(gen)
    try:
        dialog = counter.window.open_settings()
        counter.idle()
        assert not dialog.owner_note.isVisible()
        assert dialog.point_name.isEnabled() and dialog.storage_days.isEnabled()
    finally:
        gen.close()
