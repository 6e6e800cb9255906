"""Alembic environment of the central server: run with a connection handed in by ``pvz_central.db``."""

from __future__ import annotations

from alembic import context

from pvz_central.models import Base

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
