"""courier handover: each bag or parcel scanned for an open pickup is kept until the act

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('courier_handover_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pickup_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('is_bag', sa.Boolean(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pickup_id'], ['courier_pickup.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pickup_id', 'code')
    )


def downgrade() -> None:
    op.drop_table('courier_handover_scan')
