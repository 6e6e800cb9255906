"""drop-off: seller supplies, courier pickups, outbound parcels

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("seller", sa.String(length=128), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("unexpected", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index(op.f("ix_supply_point_id"), "supply", ["point_id"], unique=False)
    op.create_table(
        "courier_pickup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("courier", sa.String(length=128), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("act_number", sa.String(length=16), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index(op.f("ix_courier_pickup_point_id"), "courier_pickup", ["point_id"], unique=False)
    op.create_table(
        "outbound_parcel",
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("supply_id", sa.Integer(), nullable=True),
        sa.Column("send_code", sa.String(length=32), nullable=True),
        sa.Column("party", sa.String(length=128), nullable=False),
        sa.Column("description", sa.String(length=256), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("recipient_point", sa.String(length=128), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=False),
        sa.Column("declared_value", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("weight_typed", sa.Boolean(), nullable=False),
        sa.Column("refuse_reason", sa.String(length=256), nullable=False),
        sa.Column("bag", sa.String(length=32), nullable=True),
        sa.Column("pickup", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipment.id"]),
        sa.ForeignKeyConstraint(["supply_id"], ["supply.id"]),
        sa.PrimaryKeyConstraint("shipment_id"),
        sa.UniqueConstraint("send_code"),
    )
    op.create_index(op.f("ix_outbound_parcel_supply_id"), "outbound_parcel", ["supply_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbound_parcel_supply_id"), table_name="outbound_parcel")
    op.drop_table("outbound_parcel")
    op.drop_index(op.f("ix_courier_pickup_point_id"), table_name="courier_pickup")
    op.drop_table("courier_pickup")
    op.drop_index(op.f("ix_supply_point_id"), table_name="supply")
    op.drop_table("supply")
