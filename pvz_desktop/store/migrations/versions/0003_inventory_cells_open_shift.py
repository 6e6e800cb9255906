"""inventory cells visited; one open shift per employee and workstation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A cell counted in an inventory: shortage is judged only in cells that were visited.
    op.create_table('inventory_cell',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('cell_id', sa.Integer(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cell_id'], ['cell.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['inventory_session.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'cell_id')
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(
            'ux_shift_open', ['employee_id', 'workstation'], unique=True, sqlite_where=sa.text('closed_at IS NULL')
        )


def downgrade() -> None:
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('ux_shift_open')
    op.drop_table('inventory_cell')
