"""Composition root: settings, store, devices and the window are wired together here."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from pvz_desktop.config import Settings, default_data_dir
from pvz_desktop.store.migrate import StoreTooNew, open_store
from pvz_desktop.workflows.context import Actor, Rules, WorkflowContext

log = logging.getLogger("pvz_desktop")


def load_settings(data_dir: str | None = None, *, demo: bool = False) -> Settings:
    base = Path(data_dir) if data_dir else default_data_dir()
    # The demo point keeps its own database, config and log beside the real ones.
    return Settings(data_dir=base / "demo" if demo and not data_dir else base)


def setup_logging(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(data_dir / "pvz-desktop.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def ensure_demo_data(settings: Settings, shipments: int = 2000) -> None:
    if settings.db_path.exists():
        return
    from pvz_desktop.demo.generator import generate

    store = open_store(settings.db_path)
    try:
        generate(store, shipments=shipments, seed=1)
    finally:
        store.close()


def make_context(settings: Settings, employee_id: str, employee_name: str) -> WorkflowContext:
    store = open_store(settings.db_path)
    actor = Actor(
        employee_id=employee_id,
        workstation=settings.workstation,
        employee_name=employee_name,
        point_name=settings.point_name,
    )
    return WorkflowContext(store=store, actor=actor, rules=Rules(storage_days=settings.storage_days))


def verify_ledger(data_dir: str | None = None) -> int:
    from pvz_desktop.workflows.ledger import verify_chain

    settings = load_settings(data_dir)
    ctx = make_context(settings, "system", "")
    report = verify_chain(ctx)
    print(report.message)
    return 0 if report.ok else 1


def run(*, demo: bool = False, data_dir: str | None = None) -> int:
    settings = load_settings(data_dir, demo=demo)
    setup_logging(settings.data_dir)
    try:
        if demo:
            ensure_demo_data(settings)
        ctx = make_context(settings, "emp-1", "Смирнова О.")
    except StoreTooNew as exc:
        print(exc.message, file=sys.stderr)
        return 2
    from pvz_desktop.gui.application import run_window

    return run_window(ctx, settings, demo=demo)
