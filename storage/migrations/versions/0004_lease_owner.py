"""Leases name their holder (``feeds.lease_owner``, ``deliveries.lease_owner``: ``host:pid:start``),
so that a restarted process frees at once the leases a stopped one left (``storage.leases``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("feeds", "deliveries")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("lease_owner", sa.String(length=160), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:  # SQLite drops a column by copying the table
            batch.drop_column("lease_owner")
