"""SQLAlchemy 2 typed models. Rows stay inside ``storage/``: the store maps them to ``bot.model``.

Every dedup decision rests on a unique constraint here (article key, claim per saga and fact,
evidence per claim and article, delivery per subscription and event). Times are stored in UTC
(``UTCDateTime``: aware in, aware out, on SQLite too). Text is stored clean (``CleanText``,
``CleanString``, ``CleanJSON`` of :mod:`storage.cleantext`: no NUL or control character, which
PostgreSQL would refuse or a terminal would obey). Alembic owns the schema
(``storage/migrations``); a test checks the migrations match these models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from storage.cleantext import CleanJSON, CleanString, CleanText

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always hands back aware UTC datetimes (SQLite drops tz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # naive: taken as UTC already
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        datetime: UTCDateTime(),
        dict[str, Any]: CleanJSON(),
        list[int]: JSON(),
    }


# --------------------------------------------------------------------------- feeds


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(CleanText, unique=True)
    title: Mapped[str | None] = mapped_column(CleanText)
    interval_s: Mapped[int] = mapped_column(Integer, default=600)
    state: Mapped[str] = mapped_column(CleanString(16), default="active")
    etag: Mapped[str | None] = mapped_column(CleanText)
    last_modified: Mapped[str | None] = mapped_column(CleanText)
    body_hash: Mapped[str | None] = mapped_column(CleanString(128))
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    leased_until: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(CleanString(160))  # storage.leases
    last_poll_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(CleanText)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    first_polled: Mapped[bool] = mapped_column(Boolean, default=False)
    # the items the last poll that read the feed could not ingest ("1 item failed: …")
    item_error: Mapped[str | None] = mapped_column(CleanText)
    # added by the operator (configuration), not by a channel: kept when no channel uses it
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedChannelRow(Base):
    __tablename__ = "feed_channels"
    __table_args__ = (UniqueConstraint("feed_id", "platform", "workspace", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(CleanString(32))
    workspace: Mapped[str] = mapped_column(CleanString(128))
    channel: Mapped[str] = mapped_column(CleanString(128))


# --------------------------------------------------------------------------- articles


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(CleanText, unique=True)
    link: Mapped[str | None] = mapped_column(CleanText)
    title: Mapped[str] = mapped_column(CleanText, default="")
    outlet: Mapped[str] = mapped_column(CleanText, default="")
    journalist: Mapped[str | None] = mapped_column(CleanText)
    lang: Mapped[str | None] = mapped_column(CleanString(16))
    published: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(CleanString(128))
    feed_id: Mapped[int | None] = mapped_column(
        ForeignKey("feeds.id", ondelete="SET NULL"), index=True
    )
    first_seen: Mapped[datetime] = mapped_column(index=True)
    near_duplicate_of: Mapped[str | None] = mapped_column(CleanText)
    signature: Mapped[list[int] | None]


class ArticleBandRow(Base):
    """One LSH band hash of an article's MinHash signature (16 bands × 4 rows)."""

    __tablename__ = "article_bands"
    __table_args__ = (UniqueConstraint("article_id", "band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    band: Mapped[int] = mapped_column(Integer)
    band_hash: Mapped[int] = mapped_column(BigInteger, index=True)


# --------------------------------------------------------------------------- players


class PlayerRow(Base):
    __tablename__ = "players"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(200), unique=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PlayerAliasRow(Base):
    __tablename__ = "player_aliases"
    __table_args__ = (UniqueConstraint("player_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(CleanString(200))
    alias_norm: Mapped[str] = mapped_column(CleanString(200), index=True)


class KnownPlayerRow(Base):
    """A name seen next to transfer cues: offered in autocomplete, not followed."""

    __tablename__ = "known_players"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_norm: Mapped[str] = mapped_column(CleanString(200), unique=True)
    name: Mapped[str] = mapped_column(CleanString(200))
    times_seen: Mapped[int] = mapped_column(Integer, default=0)
    last_seen: Mapped[datetime]


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "player_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(32))
    workspace: Mapped[str] = mapped_column(CleanString(128))
    channel: Mapped[str] = mapped_column(CleanString(128))
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


class ChannelRow(Base):
    """One channel's settings (``bot.records.ChannelSettings``), shared by its subscriptions; a
    channel without a row has the defaults. ``broken_at``: the platform refused the channel."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(32))
    workspace: Mapped[str] = mapped_column(CleanString(128))
    channel: Mapped[str] = mapped_column(CleanString(128))
    min_tier: Mapped[int] = mapped_column(Integer, default=3)
    mode: Mapped[str] = mapped_column(CleanString(16), default="instant")
    digest_hour: Mapped[int] = mapped_column(Integer, default=8)
    quiet_start: Mapped[str | None] = mapped_column(CleanString(5))  # "22:00", local time
    quiet_end: Mapped[str | None] = mapped_column(CleanString(5))
    timezone: Mapped[str] = mapped_column(CleanString(64), default="UTC")
    threads: Mapped[bool] = mapped_column(Boolean, default=False)
    broken_at: Mapped[datetime | None]
    broken_reason: Mapped[str | None] = mapped_column(CleanText)


class SagaThreadRow(Base):
    """A saga's first alert in one channel (its platform message id) and the thread under it."""

    __tablename__ = "saga_threads"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "saga_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(32))
    workspace: Mapped[str] = mapped_column(CleanString(128))
    channel: Mapped[str] = mapped_column(CleanString(128))
    saga_id: Mapped[int] = mapped_column(ForeignKey("sagas.id", ondelete="CASCADE"), index=True)
    root_message_id: Mapped[str] = mapped_column(CleanString(64))
    thread_id: Mapped[str | None] = mapped_column(CleanString(64))
    created_at: Mapped[datetime]


# --------------------------------------------------------------------------- sagas and claims


class SagaRow(Base):
    __tablename__ = "sagas"
    __table_args__ = (UniqueConstraint("player_id", "counterpart", "deal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    counterpart: Mapped[str] = mapped_column(CleanString(200))
    deal: Mapped[str] = mapped_column(CleanString(16))
    stage: Mapped[str | None] = mapped_column(CleanString(32))
    status: Mapped[str] = mapped_column(CleanString(16), default="open")
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    best_tier: Mapped[int | None] = mapped_column(Integer)
    last_fee: Mapped[dict[str, Any] | None]


class ClaimRow(Base):
    """One fact of a saga (``rules.fact_key``): its history and the newest claim stating it."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("saga_id", "fact_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saga_id: Mapped[int] = mapped_column(ForeignKey("sagas.id", ondelete="CASCADE"))
    fact_key: Mapped[str] = mapped_column(CleanText)
    kind: Mapped[str] = mapped_column(CleanString(32))
    polarity: Mapped[bool] = mapped_column(Boolean)
    fee_text: Mapped[str | None] = mapped_column(CleanText)
    fee_eur_min: Mapped[float | None] = mapped_column(Float)
    fee_eur_max: Mapped[float | None] = mapped_column(Float)
    fee_kind: Mapped[str | None] = mapped_column(CleanString(16))
    window_key: Mapped[str | None] = mapped_column(CleanString(64))
    related_player: Mapped[str | None] = mapped_column(CleanString(200))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    times_seen: Mapped[int] = mapped_column(Integer, default=0)
    best_tier: Mapped[int | None] = mapped_column(Integer)
    last_claim: Mapped[dict[str, Any]]


class EvidenceRow(Base):
    """One article reporting one fact: extra sources, never counted twice."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("claim_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str | None] = mapped_column(CleanString(200))
    tier: Mapped[int | None] = mapped_column(Integer)
    carrier: Mapped[str | None] = mapped_column(CleanString(200))
    outlet: Mapped[str] = mapped_column(CleanString(200), default="")
    sentence: Mapped[str] = mapped_column(CleanText, default="")
    seen_at: Mapped[datetime]


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saga_id: Mapped[int] = mapped_column(ForeignKey("sagas.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(CleanString(32))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class DeliveryRow(Base):
    """The outbox: one row per (subscription, event), sent once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index(None, "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(CleanString(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    leased_until: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(CleanString(160))  # storage.leases
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(CleanText)
    message_id: Mapped[str | None] = mapped_column(CleanString(64))  # the platform's, once sent
