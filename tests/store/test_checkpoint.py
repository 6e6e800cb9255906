"""The write-ahead log reaches the database file on the store's checkpoint thread, not in a commit.

What a commit wrote is read back from the database file alone (a copy without its -wal): it is
there once a checkpoint has copied it, and not before.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from pvz_desktop.store.checkpoint import EVERY
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import UnknownScan
from pvz_desktop.workflows import unknown_scans
from pvz_desktop.workflows.context import Actor, WorkflowContext


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.01)  # polled with a deadline: the checkpoint thread takes what it takes


def _in_file_alone(db: Path, tmp_path: Path) -> list[str]:
    """The unknown scans the database file holds without its log."""
    copy = tmp_path / "file-alone.db"
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    try:
        return [code for (code,) in conn.execute("SELECT code FROM unknown_scan ORDER BY id")]
    finally:
        conn.close()
        copy.unlink()


def test_scans_reach_the_file_after_a_checkpoint_pass(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    store = open_store(db)
    ctx = WorkflowContext(store=store, actor=Actor("emp-1", "counter-1"))
    try:
        codes = [f"JUNK{i:04d}" for i in range(EVERY)]
        for code in codes[:-1]:
            unknown_scans.record(ctx, code, "acceptance")
        assert _in_file_alone(db, tmp_path) == []  # committed, in the log only
        assert store.checkpointer.passes == 0
        unknown_scans.record(ctx, codes[-1], "acceptance")  # the EVERY-th commit wakes the thread
        _wait_for(lambda: store.checkpointer.passes >= 1)
        assert _in_file_alone(db, tmp_path) == codes
    finally:
        store.close()
    assert store.checkpointer.passes >= 1


def test_a_commit_that_grows_the_log_past_sqlites_own_threshold_does_not_checkpoint(tmp_path: Path) -> None:
    """SQLite's default copies the log into the file inside the commit that takes it past 1,000
    pages; here that commit only appends to the log (the checkpoint thread does the copy)."""
    db = tmp_path / "pvz.db"
    store = open_store(db)
    try:
        big = "x" * 1_000_000
        with store.write() as session:  # ~1,250 pages in one commit
            session.add_all(UnknownScan(code=f"{i}{big}", workflow="acceptance", employee_id="emp-1") for i in range(5))
        assert Path(f"{db}-wal").stat().st_size > 5_000_000
        assert _in_file_alone(db, tmp_path) == []
    finally:
        store.close()


def test_a_closed_store_starts_no_checkpoint_thread(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pvz.db")
    ctx = WorkflowContext(store=store, actor=Actor("emp-1", "counter-1"))
    for i in range(EVERY):
        unknown_scans.record(ctx, f"JUNK{i:04d}", "acceptance")
    _wait_for(lambda: store.checkpointer.passes >= 1)
    thread = store.checkpointer._thread
    store.close()
    assert thread is not None and not thread.is_alive()
