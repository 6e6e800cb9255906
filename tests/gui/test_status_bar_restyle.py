"""The status bar re-polishes a label only when its colour changes, not on every poll."""

from __future__ import annotations

from PySide6.QtCore import QEvent

from pvz_desktop.workflows.counter_status import StatusSnapshot, SyncSummary
from tests.gui.event_count import EventCount


def test_the_same_snapshot_twice_restyles_nothing_and_a_refusal_turns_it_red(counter):
    status = counter.window.status
    calm = StatusSnapshot(SyncSummary(pending=3, refused=0, last_push_at=None), None)
    refused = StatusSnapshot(SyncSummary(pending=3, refused=2, last_push_at=None), None)
    status._render(calm)
    changes = EventCount((QEvent.Type.StyleChange,), status.sync)
    for _ in range(3):
        status._render(calm)
    assert changes.total() == 0 and status.sync.styleSheet() == ""
    status._render(refused)
    assert "c62828" in status.sync.styleSheet() and "отклонено 2" in status.sync.text()
    assert changes.total() >= 1
    seen = changes.total()
    status._render(refused)
    assert changes.total() == seen
    status._render(calm)
    assert status.sync.styleSheet() == ""
