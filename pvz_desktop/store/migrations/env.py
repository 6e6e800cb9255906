"""Alembic environment: always run with a connection handed in by ``store.migrate``."""

from __future__ import annotations

from alembic import context

from pvz_desktop.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app never runs alembic without a connection
    from pvz_desktop.store.engine import create_store_engine

    engine = create_store_engine(config.get_main_option("sqlalchemy.url").removeprefix("sqlite:///"))
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy
    transactional_ddl=True,  # the whole upgrade is one transaction: all or nothing
    on_version_apply=config.attributes.get("on_version_apply", ()),
)
with context.begin_transaction():
    context.run_migrations()
