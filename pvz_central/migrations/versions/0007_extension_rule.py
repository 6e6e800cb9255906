"""the network's rule for extending storage at the counter (days, times per parcel)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extension_days", sa.Integer(), nullable=False, server_default="3"))
        batch_op.add_column(sa.Column("extensions_per_parcel", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.drop_column("extensions_per_parcel")
        batch_op.drop_column("extension_days")
