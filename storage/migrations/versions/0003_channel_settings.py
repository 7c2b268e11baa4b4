"""Settings are a channel's (``channels``), not each subscription's: ``subscriptions.min_tier``
moves there (a channel keeps the widest of its subscriptions' values). Sent deliveries keep the
platform's message id; ``saga_threads`` keeps each saga's first alert per channel and its thread.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    channels = op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("workspace", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=128), nullable=False),
        sa.Column("min_tier", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("quiet_start", sa.String(length=5), nullable=True),
        sa.Column("quiet_end", sa.String(length=5), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("threads", sa.Boolean(), nullable=False),
        sa.Column("broken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("broken_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint(
            "platform",
            "workspace",
            "channel",
            name=op.f("uq_channels_platform_workspace_channel"),
        ),
    )
    assert channels is not None
    rows = op.get_bind().execute(
        sa.text(
            "SELECT platform, workspace, channel, MAX(min_tier) FROM subscriptions "
            "GROUP BY platform, workspace, channel"
        )
    )
    op.bulk_insert(
        channels,
        [
            {
                "platform": platform,
                "workspace": workspace,
                "channel": channel,
                "min_tier": min_tier,
                "mode": "instant",
                "digest_hour": 8,
                "timezone": "UTC",
                "threads": False,
            }
            for platform, workspace, channel, min_tier in rows
        ],
    )
    # a plain ALTER TABLE (SQLite 3.35+), not batch mode: batch mode copies the table and drops
    # the old one, which with foreign keys on would cascade into every delivery of it
    op.drop_column("subscriptions", "min_tier")

    op.add_column("deliveries", sa.Column("message_id", sa.String(length=64), nullable=True))

    op.create_table(
        "saga_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("workspace", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=128), nullable=False),
        sa.Column("saga_id", sa.Integer(), nullable=False),
        sa.Column("root_message_id", sa.String(length=64), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["saga_id"],
            ["sagas.id"],
            name=op.f("fk_saga_threads_saga_id_sagas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saga_threads")),
        sa.UniqueConstraint(
            "platform",
            "workspace",
            "channel",
            "saga_id",
            name=op.f("uq_saga_threads_platform_workspace_channel_saga_id"),
        ),
    )
    op.create_index(op.f("ix_saga_threads_saga_id"), "saga_threads", ["saga_id"])


def downgrade() -> None:
    op.drop_table("saga_threads")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("message_id")
    # (not batch mode, for the same reason as above; the server default stays)
    op.add_column(
        "subscriptions", sa.Column("min_tier", sa.Integer(), nullable=False, server_default="3")
    )
    op.execute(
        "UPDATE subscriptions SET min_tier = (SELECT channels.min_tier FROM channels WHERE "
        "channels.platform = subscriptions.platform AND channels.workspace = "
        "subscriptions.workspace AND channels.channel = subscriptions.channel) WHERE EXISTS "
        "(SELECT 1 FROM channels WHERE channels.platform = subscriptions.platform AND "
        "channels.workspace = subscriptions.workspace AND channels.channel = "
        "subscriptions.channel)"
    )
    op.drop_table("channels")
