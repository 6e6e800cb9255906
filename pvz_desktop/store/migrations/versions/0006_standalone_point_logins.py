"""standalone point: an employee's own password hash, for a point set up without a server

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('employee', sa.Column('password_hash', sa.String(length=128), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE employee DROP COLUMN password_hash")
