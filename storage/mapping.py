"""ORM rows → ``bot.model`` values, at the store's boundary (rows never leave ``storage/``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Row

from bot.model import (
    Channel,
    ClaimKind,
    ClaimRecord,
    DealKind,
    Feed,
    FeedState,
    FeeKind,
    Player,
    SagaKey,
    SagaState,
    SagaStatus,
)
from storage.codec import fee_from_dict
from storage.models import FeedChannelRow, FeedRow, PlayerRow, SagaRow, SubscriptionRow


def player(row: PlayerRow | Row[Any], aliases: tuple[str, ...], *, followed: bool) -> Player:
    """A player of his row (an ORM object or a plain row with ``id``, ``name``, ``attributes``)."""
    return Player(
        id=row.id,
        name=row.name,
        aliases=aliases,
        followed=followed,
        attributes={str(k): str(v) for k, v in (row.attributes or {}).items()},
    )


def channel(row: FeedChannelRow | SubscriptionRow) -> Channel:
    return Channel(platform=row.platform, workspace=row.workspace, channel=row.channel)


def channel_values(channel: Channel) -> dict[str, str]:
    """The three columns that name a channel in every table that has them."""
    return {
        "platform": channel.platform,
        "workspace": channel.workspace,
        "channel": channel.channel,
    }


def feed(row: FeedRow) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        title=row.title,
        interval_s=row.interval_s,
        state=FeedState(row.state),
        etag=row.etag,
        last_modified=row.last_modified,
        body_hash=row.body_hash,
        next_poll_at=row.next_poll_at,
        last_poll_at=row.last_poll_at,
        last_success_at=row.last_success_at,
        last_error=row.last_error,
        failures=row.failures,
        items_seen=row.items_seen,
        first_polled=row.first_polled,
        item_error=row.item_error,
        operator=row.pinned,
    )


def saga_state(row: SagaRow, player_name: str) -> SagaState:
    return SagaState(
        key=SagaKey(player=player_name, counterpart=row.counterpart, deal=DealKind(row.deal)),
        stage=ClaimKind(row.stage) if row.stage else None,
        status=SagaStatus(row.status),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        best_tier=row.best_tier,
        last_fee=fee_from_dict(row.last_fee) if row.last_fee else None,
    )


class ClaimColumns(Protocol):
    """What :func:`claim_record` reads of a fact: a ``ClaimRow``, or the ingest's own copy of
    one (``storage.ingest``, which reads and writes facts without the ORM)."""

    @property
    def fact_key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def polarity(self) -> bool: ...
    @property
    def fee_eur_min(self) -> float | None: ...
    @property
    def fee_eur_max(self) -> float | None: ...
    @property
    def fee_kind(self) -> str | None: ...
    @property
    def first_seen(self) -> datetime: ...
    @property
    def last_seen(self) -> datetime: ...
    @property
    def times_seen(self) -> int: ...
    @property
    def best_tier(self) -> int | None: ...
    @property
    def related_player(self) -> str | None: ...


def claim_record(row: ClaimColumns, outlets: int) -> ClaimRecord:
    fee_eur = (
        (row.fee_eur_min, row.fee_eur_max)
        if row.fee_eur_min is not None and row.fee_eur_max is not None
        else None
    )
    return ClaimRecord(
        fact_key=row.fact_key,
        kind=ClaimKind(row.kind),
        polarity=row.polarity,
        fee_eur=fee_eur,
        fee_kind=FeeKind(row.fee_kind) if row.fee_kind else None,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        times_seen=row.times_seen,
        best_tier=row.best_tier,
        outlets=max(outlets, 1),
        related_player=row.related_player,
    )
