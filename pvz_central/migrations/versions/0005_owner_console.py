"""owner console: points per owner, console sessions, deductions, cameras, password change, time zone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="Europe/Moscow")
        )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "point_owner",
        sa.Column("user_id", sa.String(length=64), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("point_id", sa.String(length=64), sa.ForeignKey("point.id"), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "point_id"),
    )
    # Every owner owns the point of their account.
    op.execute("INSERT INTO point_owner (user_id, point_id) SELECT id, point_id FROM app_user WHERE role = 'owner'")
    op.create_table(
        "console_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_session_user_id", "console_session", ["user_id"])
    op.create_table(
        "deduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=64), sa.ForeignKey("point.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=False),
        sa.Column("posting_number", sa.String(length=32), nullable=False),
        sa.Column("shift", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=64), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deduction_point_id", "deduction", ["point_id"])
    op.create_table(
        "camera",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=64), sa.ForeignKey("point.id"), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("clock_offset_s", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_camera_point_id", "camera", ["point_id"])


def downgrade() -> None:
    op.drop_index("ix_camera_point_id", table_name="camera")
    op.drop_table("camera")
    op.drop_index("ix_deduction_point_id", table_name="deduction")
    op.drop_table("deduction")
    op.drop_index("ix_console_session_user_id", table_name="console_session")
    op.drop_table("console_session")
    op.drop_table("point_owner")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
