"""failed-login throttle; authorization codes kept after use

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "subject"),
    )
    with op.batch_alter_table("auth_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("family", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auth_code", schema=None) as batch_op:
        batch_op.drop_column("family")
        batch_op.drop_column("used")
    op.drop_table("login_throttle")
