"""drop-off: seller supplies, courier pickups, outbound bags and parcels

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('seller', sa.String(length=128), nullable=False),
    sa.Column('route', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('duplicate_scans', sa.Integer(), nullable=False),
    sa.Column('unexpected', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_table('courier_pickup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('courier', sa.String(length=128), nullable=False),
    sa.Column('route', sa.String(length=32), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('act_number', sa.String(length=16), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('outbound_bag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('barcode', sa.String(length=32), nullable=False),
    sa.Column('route', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('barcode')
    )
    op.create_table('outbound_parcel',
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('supply_id', sa.Integer(), nullable=True),
    sa.Column('send_code', sa.String(length=32), nullable=True),
    sa.Column('party', sa.String(length=128), nullable=False),
    sa.Column('description', sa.String(length=256), nullable=False),
    sa.Column('route', sa.String(length=32), nullable=False),
    sa.Column('recipient_point', sa.String(length=128), nullable=False),
    sa.Column('size_class', sa.String(length=8), nullable=False),
    sa.Column('declared_value', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('weight_typed', sa.Boolean(), nullable=False),
    sa.Column('refuse_reason', sa.String(length=256), nullable=False),
    sa.Column('bag_id', sa.Integer(), nullable=True),
    sa.Column('pickup_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bag_id'], ['outbound_bag.id'], ),
    sa.ForeignKeyConstraint(['pickup_id'], ['courier_pickup.id'], ),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], ),
    sa.ForeignKeyConstraint(['supply_id'], ['supply.id'], ),
    sa.PrimaryKeyConstraint('shipment_id'),
    sa.UniqueConstraint('send_code')
    )
    with op.batch_alter_table('outbound_parcel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_parcel_bag_id'), ['bag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_parcel_supply_id'), ['supply_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbound_parcel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_parcel_supply_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_parcel_bag_id'))
    op.drop_table('outbound_parcel')
    op.drop_table('outbound_bag')
    op.drop_table('courier_pickup')
    op.drop_table('supply')
