"""The outbox: due deliveries leased to one sender at a time, then marked sent or failed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    SQLColumnExpression,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.model import Channel, Subscription
from bot.ports import Shards
from bot.records import (
    BrokenChannel,
    ChannelSettings,
    DeliveryStatus,
    FailedDelivery,
    PendingDelivery,
)
from storage import mapping
from storage.channels import load_settings
from storage.codec import event_from_dict
from storage.leases import LeaseRepo
from storage.models import (
    ArticleRow,
    ChannelRow,
    DeliveryRow,
    EventRow,
    PlayerRow,
    SagaRow,
    SubscriptionRow,
)
from storage.players import PlayerRepo, load_players

#: How long a sender owns the rows it took before another may take them again.
DELIVERY_LEASE_S = 120


class OutboxRepo(PlayerRepo, LeaseRepo):
    def __init__(self, engine: Engine, *, delivery_lease_s: int = DELIVERY_LEASE_S) -> None:
        super().__init__(engine)
        self._delivery_lease = timedelta(seconds=delivery_lease_s)

    def pending_deliveries(
        self,
        now: datetime,
        *,
        platform: str | None = None,
        shards: Shards | None = None,
        limit: int = 100,
    ) -> list[PendingDelivery]:
        if limit <= 0:
            return []
        with self._tx(write=True) as s:
            stmt = (
                select(DeliveryRow)
                .where(
                    DeliveryRow.status == "pending",
                    DeliveryRow.next_attempt_at <= now,
                    or_(DeliveryRow.leased_until.is_(None), DeliveryRow.leased_until <= now),
                )
                .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=DeliveryRow)
            )
            if platform is not None or shards is not None:
                stmt = stmt.join(SubscriptionRow, SubscriptionRow.id == DeliveryRow.subscription_id)
            if platform is not None:
                stmt = stmt.where(SubscriptionRow.platform == platform)
            if shards is not None:
                shard = _shard_of(SubscriptionRow.workspace, shards.count)
                stmt = stmt.where(shard.in_(sorted(shards.ids)))
            rows = s.execute(stmt).scalars().all()
            if not rows:
                return []
            for row in rows:
                row.leased_until = now + self._delivery_lease
                row.lease_owner = self.lease_owner
            subs = {
                sub.id: sub
                for sub in s.execute(
                    select(SubscriptionRow).where(
                        SubscriptionRow.id.in_({r.subscription_id for r in rows})
                    )
                ).scalars()
            }
            players = load_players(s, (sub.player_id for sub in subs.values()))
            settings = load_settings(
                s, ((sub.platform, sub.workspace, sub.channel) for sub in subs.values())
            )
            details = {
                event_id: (payload, key, link, outlet, published, stage, saga_id)
                for event_id, payload, key, link, outlet, published, stage, saga_id in s.execute(
                    select(
                        EventRow.id,
                        EventRow.payload,
                        ArticleRow.key,
                        ArticleRow.link,
                        ArticleRow.outlet,
                        ArticleRow.published,
                        SagaRow.stage,
                        SagaRow.id,
                    )
                    .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                    .join(SagaRow, SagaRow.id == EventRow.saga_id)
                    .where(EventRow.id.in_({r.event_id for r in rows}))
                )
            }
            out: list[PendingDelivery] = []
            for row in rows:
                sub = subs[row.subscription_id]
                payload, key, link, outlet, published, stage, saga_id = details[row.event_id]
                out.append(
                    PendingDelivery(
                        id=row.id,
                        subscription=Subscription(
                            id=sub.id, channel=mapping.channel(sub), player=players[sub.player_id]
                        ),
                        event=event_from_dict(payload),
                        article_key=key,
                        link=link,
                        outlet=outlet,
                        published=published,
                        saga_stage=stage,
                        saga_id=saga_id,
                        attempts=row.attempts,
                        settings=settings.get(
                            (sub.platform, sub.workspace, sub.channel), ChannelSettings()
                        ),
                        due_at=row.next_attempt_at,
                    )
                )
            return out

    def mark_delivered(
        self, delivery_ids: Sequence[int], now: datetime, *, message_id: str | None = None
    ) -> None:
        if not delivery_ids:
            return
        with self._tx(write=True) as s:
            s.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(list(delivery_ids)))
                .values(
                    status="sent",
                    sent_at=now,
                    attempts=DeliveryRow.attempts + 1,
                    leased_until=None,
                    lease_owner=None,
                    error=None,
                    message_id=message_id,
                )
            )

    def mark_skipped(self, delivery_ids: Sequence[int], reason: str) -> None:
        if not delivery_ids:
            return
        self._update_pending(
            delivery_ids, status="skipped", leased_until=None, lease_owner=None, error=reason[:2000]
        )

    def mark_failed(
        self, delivery_ids: Sequence[int], error: str, retry_at: datetime | None
    ) -> None:
        if not delivery_ids:
            return
        values: dict[str, object] = {
            "attempts": DeliveryRow.attempts + 1,
            "leased_until": None,
            "lease_owner": None,
            "error": error[:2000],
        }
        if retry_at is None:
            values["status"] = "failed"
        else:
            values["status"] = "pending"
            values["next_attempt_at"] = retry_at
        self._update_pending(delivery_ids, **values)

    def sent_since(self, channel: Channel, since: datetime) -> list[datetime]:
        with self._tx() as s:
            rows = s.execute(
                select(DeliveryRow.sent_at, DeliveryRow.message_id)
                .join(SubscriptionRow, SubscriptionRow.id == DeliveryRow.subscription_id)
                .where(
                    SubscriptionRow.platform == channel.platform,
                    SubscriptionRow.workspace == channel.workspace,
                    SubscriptionRow.channel == channel.channel,
                    DeliveryRow.status == "sent",
                    DeliveryRow.sent_at >= since,
                )
            ).all()
        # one message, one time: the rows of a message share its id (or, with none, its time)
        sent = sorted(((at, mid) for at, mid in rows if at is not None), key=lambda r: r[0])
        firsts: dict[str, datetime] = {}
        for at, message_id in sent:
            firsts.setdefault(message_id or at.isoformat(), at)
        return sorted(firsts.values())

    def hold(self, delivery_ids: Sequence[int], until: datetime) -> None:
        if not delivery_ids:
            return
        self._update_pending(
            delivery_ids, next_attempt_at=until, leased_until=None, lease_owner=None
        )

    def delivery_status(self, channel: Channel | None = None, *, limit: int = 10) -> DeliveryStatus:
        """What ``/status`` shows, for one channel or (``None``) every channel: the alerts
        given up, newest first (``limit`` of them), the broken channels, what is still to go."""

        here: list[ColumnElement[bool]] = []
        if channel is not None:
            here = [
                SubscriptionRow.platform == channel.platform,
                SubscriptionRow.workspace == channel.workspace,
                SubscriptionRow.channel == channel.channel,
            ]

        counted = (
            select(
                func.count().filter(DeliveryRow.status == "failed"),
                func.count().filter(DeliveryRow.status == "pending"),
                func.count().filter(DeliveryRow.status == "pending", DeliveryRow.attempts > 0),
            )
            .join(SubscriptionRow, SubscriptionRow.id == DeliveryRow.subscription_id)
            .where(*here)
        )
        failed_rows = (
            select(
                SubscriptionRow,
                PlayerRow.name,
                ArticleRow.title,
                DeliveryRow.error,
                DeliveryRow.attempts,
                DeliveryRow.next_attempt_at,
            )
            .join(SubscriptionRow, SubscriptionRow.id == DeliveryRow.subscription_id)
            .join(PlayerRow, PlayerRow.id == SubscriptionRow.player_id)
            .join(EventRow, EventRow.id == DeliveryRow.event_id)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(DeliveryRow.status == "failed", *here)
            .order_by(DeliveryRow.next_attempt_at.desc(), DeliveryRow.id.desc())
            .limit(limit)
        )
        broken_rows = select(ChannelRow).where(ChannelRow.broken_at.is_not(None))
        if channel is not None:
            broken_rows = broken_rows.where(
                ChannelRow.platform == channel.platform,
                ChannelRow.workspace == channel.workspace,
                ChannelRow.channel == channel.channel,
            )
        with self._tx() as s:
            failed_total, pending, retrying = s.execute(counted).one()
            failed = tuple(
                FailedDelivery(
                    channel=mapping.channel(sub),
                    player=player,
                    title=title,
                    error=error or "",
                    attempts=attempts,
                    last_try=last_try,
                )
                for sub, player, title, error, attempts, last_try in s.execute(failed_rows)
            )
            broken = tuple(
                BrokenChannel(
                    channel=Channel(
                        platform=row.platform, workspace=row.workspace, channel=row.channel
                    ),
                    reason=row.broken_reason or "refused",
                    since=row.broken_at,
                )
                for row in s.execute(broken_rows.order_by(ChannelRow.broken_at)).scalars()
                if row.broken_at is not None
            )
        return DeliveryStatus(
            failed=failed,
            failed_total=failed_total,
            broken=broken,
            pending=pending,
            retrying=retrying,
        )

    def _update_pending(self, delivery_ids: Sequence[int], **values: object) -> None:
        """Set ``values`` on those of the rows that are still pending."""
        with self._tx(write=True) as s:
            s.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(list(delivery_ids)), DeliveryRow.status == "pending")
                .values(**values)
            )


def _shard_of(workspace: SQLColumnExpression[str], count: int) -> ColumnElement[int]:
    """``Shards.shard_of`` in SQL (SQLite and PostgreSQL): ``(guild_id >> 22) % count``, 0 for a
    workspace that is no guild id: 1-19 decimal digits below 9×10¹⁸, so that it fits a BIGINT
    (the CASE keeps PostgreSQL from casting the others). String functions, not a regex: SQLite
    has none of its own, and they cost PostgreSQL less per row."""
    digits = func.length(workspace)
    is_guild = and_(
        digits.between(1, 19),
        func.ltrim(workspace, "0123456789") == "",
        or_(digits < 19, func.substr(workspace, 1, 1) != "9"),
    )
    guild = case((is_guild, cast(workspace, BigInteger)), else_=0)
    return guild.op(">>", return_type=BigInteger)(literal_column("22")) % count
