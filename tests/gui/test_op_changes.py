"""Views re-read after a write only when what it changed (OpChanges) concerns them."""

from __future__ import annotations

from pvz_desktop.workflows import placement, shift


def _calls(monkeypatch, obj, name: str) -> list[tuple]:
    """Record each call of ``obj.name`` (the real method still runs)."""
    calls: list[tuple] = []
    real = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_the_ledger_tab_rereads_a_shown_shipment_only_when_a_write_changed_it(counter, point, monkeypatch):
    a, b, c = point.add_cells()
    shown = point.add_shipment(customer=None, status="received")
    other = point.add_shipment(customer=None, status="received")
    counter.place(shown, a)
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    counter.scan(shown)
    assert page.timeline_model.rowCount() == 1
    histories = _calls(monkeypatch, page, "show_history")
    deadlines = _calls(monkeypatch, page, "refresh_deadlines")
    runner, ctx = counter.runner, counter.window.services.ctx

    # Unrelated: a shift opened, then another parcel placed. Nothing on this tab is read again
    # for the shift; the other parcel moves the deadline counts but not the shown history.
    with counter.qtbot.waitSignal(runner.write_finished) as done:
        runner.write(lambda: shift.open_shift(ctx))
    assert done.args[0].shift and histories == [] and deadlines == []
    with counter.qtbot.waitSignal(runner.write_finished):
        runner.write(lambda: placement.place(ctx, other, c))
    assert histories == [] and len(deadlines) == 1

    # Related: the shown parcel moved to another cell; its history is read again, with the move.
    with counter.qtbot.waitSignal(page.history_shown, timeout=5000):
        runner.write(lambda: placement.place(ctx, shown, b))
    assert histories == [(shown,)] and page.timeline_model.rowCount() == 2
    counter.idle()


def test_the_status_bar_rereads_after_a_queued_operation_or_a_shift_not_after_a_wrong_code(counter, point):
    status = counter.window.status
    runner, ctx = counter.runner, counter.window.services.ctx
    point.add_customer("41000007")
    with counter.qtbot.waitSignal(runner.write_finished) as done:
        counter.window.router.inject("41000007*0000", source="test")  # a wrong code is counted: a write
    assert not done.args[0].outbox and not status._after_write.isActive()
    counter.idle()
    with counter.qtbot.waitSignal(runner.write_finished) as done:
        runner.write(lambda: shift.open_shift(ctx))
    assert done.args[0].shift and status._after_write.isActive()
    counter.idle()
