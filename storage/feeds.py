"""Feeds, the channels that use them, and leasing due feeds to pollers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select

from bot.model import Channel, Feed, FeedState
from storage import mapping
from storage.leases import LeaseRepo
from storage.models import FeedChannelRow, FeedRow


class FeedRepo(LeaseRepo):
    def add_feed(
        self, url: str, *, channel: Channel | None, title: str | None = None, interval_s: int = 600
    ) -> Feed:
        """Idempotent per URL. ``channel`` None: added by the operator (kept without channels)."""
        with self._tx(write=True) as s:
            s.execute(
                self._insert_ignore(
                    FeedRow,
                    ["url"],
                    url=url,
                    title=title,
                    interval_s=interval_s,
                    state=FeedState.ACTIVE.value,
                    failures=0,
                    items_seen=0,
                    first_polled=False,
                    pinned=channel is None,
                )
            )
            row = s.execute(
                select(FeedRow).where(FeedRow.url == url).with_for_update()
            ).scalar_one()
            if channel is None:
                row.pinned = True
            if title and not row.title:
                row.title = title
            if channel is not None:
                s.execute(
                    self._insert_ignore(
                        FeedChannelRow,
                        ["feed_id", "platform", "workspace", "channel"],
                        feed_id=row.id,
                        platform=channel.platform,
                        workspace=channel.workspace,
                        channel=channel.channel,
                    )
                )
            s.flush()
            return mapping.feed(row)

    def remove_feed(self, feed_id: int, *, channel: Channel | None) -> bool:
        """Unlink ``channel``; the feed goes when no channel uses it and the operator did not add
        it. ``channel`` None is the operator: the feed goes whoever uses it."""
        with self._tx(write=True) as s:
            row = s.get(FeedRow, feed_id, with_for_update=True)
            if row is None:
                return False
            if channel is None:
                s.delete(row)
                return True
            unlinked = s.execute(
                delete(FeedChannelRow)
                .where(FeedChannelRow.feed_id == feed_id, _in_channel(channel))
                .returning(FeedChannelRow.id)
            ).all()
            if not unlinked:
                return False
            used = s.execute(select(exists().where(FeedChannelRow.feed_id == feed_id))).scalar_one()
            if not used and not row.pinned:
                s.delete(row)
            return True

    def list_feeds(self, channel: Channel | None = None) -> list[Feed]:
        with self._tx() as s:
            stmt = select(FeedRow).order_by(FeedRow.id)
            if channel is not None:
                stmt = stmt.where(
                    exists().where(FeedChannelRow.feed_id == FeedRow.id, _in_channel(channel))
                )
            return [mapping.feed(row) for row in s.execute(stmt).scalars()]

    def get_feed(self, feed_id: int) -> Feed | None:
        with self._tx() as s:
            row = s.get(FeedRow, feed_id)
            return mapping.feed(row) if row else None

    def find_feed(self, url: str) -> Feed | None:
        with self._tx() as s:
            row = s.execute(select(FeedRow).where(FeedRow.url == url)).scalar_one_or_none()
            return mapping.feed(row) if row else None

    def feed_channels(self, feed_id: int) -> list[Channel]:
        with self._tx() as s:
            rows = s.execute(
                select(FeedChannelRow)
                .where(FeedChannelRow.feed_id == feed_id)
                .order_by(FeedChannelRow.id)
            ).scalars()
            return [mapping.channel(row) for row in rows]

    def claim_due_feeds(self, now: datetime, *, limit: int, lease_s: int) -> list[Feed]:
        """Due, unleased, not disabled feeds, leased until ``now + lease_s``. Concurrent callers
        never get the same feed: SKIP LOCKED on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite. The
        lease names this process (``storage.leases``)."""
        if limit <= 0:
            return []
        with self._tx(write=True) as s:
            rows = (
                s.execute(
                    select(FeedRow)
                    .where(
                        FeedRow.state != FeedState.DISABLED.value,
                        or_(FeedRow.next_poll_at.is_(None), FeedRow.next_poll_at <= now),
                        or_(FeedRow.leased_until.is_(None), FeedRow.leased_until <= now),
                    )
                    .order_by(FeedRow.next_poll_at.asc().nulls_first(), FeedRow.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            until = now + timedelta(seconds=lease_s)
            for row in rows:
                row.leased_until = until
                row.lease_owner = self.lease_owner
            return [mapping.feed(row) for row in rows]

    def save_feed(self, feed: Feed) -> None:
        """Write back the poll state and health, and end the lease."""
        with self._tx(write=True) as s:
            row = s.get(FeedRow, feed.id, with_for_update=True)
            if row is None:  # removed while it was being polled
                return
            _copy_state(row, feed)
            row.leased_until = None
            row.lease_owner = None


def _copy_state(row: FeedRow, feed: Feed) -> None:
    if feed.title:
        row.title = feed.title
    row.interval_s = feed.interval_s
    row.state = feed.state.value
    row.etag = feed.etag
    row.last_modified = feed.last_modified
    row.body_hash = feed.body_hash
    row.next_poll_at = feed.next_poll_at
    row.last_poll_at = feed.last_poll_at
    row.last_success_at = feed.last_success_at
    row.last_error = feed.last_error
    row.failures = feed.failures
    row.items_seen = feed.items_seen
    row.first_polled = feed.first_polled
    row.item_error = feed.item_error


def _in_channel(channel: Channel) -> ColumnElement[bool]:
    return and_(
        FeedChannelRow.platform == channel.platform,
        FeedChannelRow.workspace == channel.workspace,
        FeedChannelRow.channel == channel.channel,
    )
