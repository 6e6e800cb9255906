"""where a defect record was made (card, refusal, return, acceptance, dropoff)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The records before this were all made from the customer card.
    with op.batch_alter_table("defect", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place", sa.String(length=16), nullable=False, server_default="card"))


def downgrade() -> None:
    with op.batch_alter_table("defect", schema=None) as batch_op:
        batch_op.drop_column("place")
