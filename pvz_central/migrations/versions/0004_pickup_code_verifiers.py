"""pickup codes as verifiers: the plaintext PIN dropped from customers and from the change feed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Each (point, customer) that has a shipment gets the verifier of the customer's stored PIN under
the point's key, for the PIN's date (an undated PIN: the day of the upgrade, after which it
expires like any other). Shipment snapshots already in the change feed are rewritten the same
way, so no counter pulls a plaintext PIN again.
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import context, op

from pvz_desktop.core.clock import to_local, utcnow
from pvz_desktop.core.pickup_codes import verifier

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _codes(conn: sa.Connection) -> dict[tuple[str, str], tuple[str, date]]:
    keys = context.config.attributes["point_keys"]
    today = to_local(utcnow()).date()
    rows = conn.execute(
        sa.text(
            "SELECT DISTINCT s.point_id, c.id, c.pickup_pin, c.pickup_pin_date"
            " FROM shipment s JOIN customer c ON c.id = s.customer_id"
        )
    )
    codes = {}
    point_key: dict[str, bytes] = {}
    for point_id, customer_id, pin, pin_date in rows:
        valid_on = pin_date if isinstance(pin_date, date) else date.fromisoformat(pin_date) if pin_date else today
        key = point_key.setdefault(point_id, keys.for_point(point_id))
        codes[(point_id, customer_id)] = (verifier(key, customer_id, pin, valid_on), valid_on)
    return codes


def _rewrite_feed(conn: sa.Connection, codes: dict[tuple[str, str], tuple[str, date]]) -> None:
    change = sa.table("change", sa.column("point_id"), sa.column("entity"), sa.column("key"), sa.column("data"))
    rows = conn.execute(sa.select(change.c.point_id, change.c.key, change.c.data).where(change.c.entity == "shipment"))
    updates = []
    for point_id, key, data in rows:
        snapshot = json.loads(data)
        customer = snapshot.get("customer")
        if not customer or "pickup_pin" not in customer:
            continue
        customer.pop("pickup_pin")
        code = codes.get((point_id, customer["id"]))
        customer["pickup_verifier"] = code[0] if code else None
        customer["pickup_pin_date"] = code[1].isoformat() if code else None
        updates.append({"p": point_id, "k": key, "d": json.dumps(snapshot, ensure_ascii=False)})
    if updates:
        conn.execute(
            change.update()
            .where(
                change.c.point_id == sa.bindparam("p"), change.c.entity == "shipment", change.c.key == sa.bindparam("k")
            )
            .values(data=sa.bindparam("d")),
            updates,
        )


def upgrade() -> None:
    pickup_code = op.create_table(
        "pickup_code",
        sa.Column("point_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=16), nullable=False),
        sa.Column("valid_on", sa.Date(), nullable=False),
        sa.Column("verifier", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"]),
        sa.PrimaryKeyConstraint("point_id", "customer_id"),
    )
    conn = op.get_bind()
    codes = _codes(conn)
    if codes:
        op.bulk_insert(
            pickup_code,
            [
                {"point_id": p, "customer_id": c, "valid_on": valid_on, "verifier": v}
                for (p, c), (v, valid_on) in sorted(codes.items())
            ],
        )
    _rewrite_feed(conn, codes)
    # ALTER TABLE … DROP COLUMN on both databases (SQLite 3.35+): a batch copy would drop a table
    # that shipments refer to. On SQLite secure_delete zeroes the old values (``pvz_central.db``);
    # PostgreSQL leaves them in dead row versions until VACUUM FULL (README).
    op.drop_column("customer", "pickup_pin_date")
    op.drop_column("customer", "pickup_pin")


def downgrade() -> None:
    raise NotImplementedError("pickup PINs cannot be recovered from their verifiers")
