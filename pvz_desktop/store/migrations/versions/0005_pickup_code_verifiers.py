"""pickup codes as verifiers: the plaintext PIN dropped, the codes pulled again from the server

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:40:00.000000

The counter has no point key during the upgrade (it arrives at the next login), so it cannot
compute verifiers itself: the PINs are dropped and the change feed is read again from the
start, which brings every customer's verifier from the server (upgraded first). The column is
dropped with ``secure_delete`` on (``store.engine``): the old rows' pages are zeroed, and the
pre-upgrade backups that still hold PINs are deleted after the upgrade (``store.migrate``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite's own ALTER TABLE (3.35+), not a batch copy: the copy would drop a table that
    # shipments refer to, which foreign keys refuse inside the upgrade's transaction.
    op.add_column('customer', sa.Column('pickup_verifier', sa.String(length=64), nullable=True))
    op.execute("ALTER TABLE customer DROP COLUMN pickup_pin")
    op.execute("UPDATE customer SET pickup_pin_date = NULL")
    op.execute("UPDATE sync_state SET cursor = NULL")


def downgrade() -> None:
    op.add_column('customer', sa.Column('pickup_pin', sa.String(length=8), nullable=False, server_default=''))
    op.execute("ALTER TABLE customer DROP COLUMN pickup_verifier")
