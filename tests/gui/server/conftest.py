"""Fixtures of the window-with-a-server tests: the real central server on 127.0.0.1 and a counter
window logged in to it with its sync worker running."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pvz_desktop.auth.session import AuthSession
from pvz_desktop.config import Settings
from pvz_desktop.gui.sync_bridge import OfflineStrip, SyncLink
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows.context import Actor, WorkflowContext
from tests.auth.conftest import memory_keyring  # noqa: F401 - the in-memory keyring fixture, shared
from tests.builders import PointBuilder
from tests.central.harness import POINT, Central, login, start_central
from tests.gui.conftest import Counter, make_counter


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    """The real server; a long-poll waits at most 2 s, so a stopped worker's last request ends soon."""
    server = start_central(f"sqlite:///{tmp_path / 'central.db'}", max_wait=2)
    yield server
    server.close()


# Short waits so an outage and a recovery show within a second or two, not the production 30 s.
SYNC_OPTIONS = {"long_poll": 1.0, "backoff": (0.05, 0.4)}


@dataclass
class ServerCounter:
    counter: Counter
    link: SyncLink
    ctx: WorkflowContext

    @property
    def window(self):
        return self.counter.window

    @property
    def strip(self) -> OfflineStrip:
        strip = self.window.findChild(OfflineStrip, "offline_strip")
        assert strip is not None
        return strip

    @property
    def sync_text(self) -> str:
        return self.window.status.sync.text()


@pytest.fixture
def owner(central: Central) -> AuthSession:
    return login(central.url, "owner1")


@pytest.fixture
def synced(qtbot, tmp_path: Path, settings: Settings, central: Central) -> Iterator[ServerCounter]:
    """The window over its own SQLite file, emp1 logged in; the worker runs until teardown."""
    user = "emp1"
    store = open_store(tmp_path / f"{user}.db")
    PointBuilder(store).add_cells()
    auth = login(central.url, user)
    assert auth.user is not None
    actor = Actor(auth.user.user_id, "counter-1", auth.user.name, POINT, auth.user.point_name)
    ctx = WorkflowContext(store=store, actor=actor, pickup_key=auth.pickup_key)  # as the window sets it
    link = SyncLink(ctx, auth, **SYNC_OPTIONS)
    windows = make_counter(qtbot, ctx, settings.model_copy(update={"api_url": central.url}))
    counter = next(windows)
    link.attach(counter.window)
    link.start()
    try:
        yield ServerCounter(counter, link, ctx)
    finally:
        link.stop()
        next(windows, None)
        store.close()
