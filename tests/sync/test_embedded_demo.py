"""The demo's embedded central server: seeded, served on 127.0.0.1, demo employee logged in."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from pvz_desktop.core.statuses import OUTBOUND
from pvz_desktop.demo.embedded_server import start_embedded_server
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Shipment
from pvz_desktop.sync.client import CentralClient
from pvz_desktop.sync.puller import pull_all
from pvz_desktop.workflows.context import Actor, WorkflowContext


def test_the_demo_counter_logs_in_and_pulls_the_demo_point(tmp_path: Path):
    server = start_embedded_server(tmp_path / "demo", shipments=40)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert (server.user.user_id, server.user.role, server.user.point_id) == ("emp-2", "employee", "demo")
        assert server.tokens.access_token and server.auth.vault.load() == server.tokens.refresh_token
        store = open_store(tmp_path / "demo" / "pvz.db")
        ctx = WorkflowContext(store=store, actor=Actor("emp-2", "demo-counter", point_id="demo"))
        assert pull_all(ctx, CentralClient(server.auth)) >= 40
        with store.read() as s:
            # 40 parcels to hand out, and the demo's drop-off: a supply of 5 and 2 C2C parcels.
            assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.not_in(OUTBOUND))) == 40
            assert s.scalar(select(func.count()).select_from(Shipment).where(Shipment.status.in_(OUTBOUND))) == 7
        store.close()
    finally:
        server.stop()
    # A second start reuses the seeded database.
    again = start_embedded_server(tmp_path / "demo", shipments=40)
    again.stop()
