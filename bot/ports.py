"""What the core needs from the outside world, as small Protocols.

``storage/`` implements the store protocols, ``adapters/`` the fetcher and the chat senders. The
core never imports either: the composition root (``adapters/cli.py``) wires them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import (
    Alert,
    Article,
    Channel,
    Claim,
    Event,
    Feed,
    Player,
    SagaHistory,
    SagaState,
    ThreadRef,
)
from bot.records import (
    ChannelSettings,
    DeliveryStatus,
    FetchResult,
    IngestResult,
    PendingDelivery,
    SagaView,
    Sent,
)

# --------------------------------------------------------------------------- novelty seam


class NoveltyRules(Protocol):
    """The pure rules the store applies inside its ingest transaction (``bot.novelty``)."""

    def fact_key(self, claim: Claim) -> str:
        """A structured identity of the fact a claim states (not its text)."""
        ...

    def judge(self, claim: Claim, history: SagaHistory, now: datetime) -> Event | None:
        """The event this claim is, or None for a rehash."""
        ...

    def advance(self, saga: SagaState | None, claim: Claim, now: datetime) -> SagaState:
        """The saga's state once this claim is recorded."""
        ...


# --------------------------------------------------------------------------- store protocols


class PlayerStore(Protocol):
    def find_player(self, alias: str) -> Player | None:
        """The player one of whose aliases equals ``alias`` after normalisation, if any."""
        ...

    def players(self, *, followed_only: bool = False) -> list[Player]: ...

    def add_player(
        self,
        name: str,
        aliases: Iterable[str],
        *,
        attributes: Mapping[str, str] | None = None,
    ) -> Player:
        """Create the player (or return the existing one of that name) with these aliases."""
        ...


class SubscriptionStore(Protocol):
    def subscribe(self, channel: Channel, player_id: int) -> bool:
        """True when created, False when the channel already followed the player."""
        ...

    def unsubscribe(self, channel: Channel, player_id: int) -> bool: ...

    def channel_players(self, channel: Channel) -> list[Player]: ...


class ChannelStore(Protocol):
    """Each channel's settings and whether the platform still takes its alerts."""

    def channel_settings(self, channel: Channel) -> ChannelSettings:
        """The channel's settings (the defaults when it has none stored)."""
        ...

    def save_channel_settings(self, channel: Channel, settings: ChannelSettings) -> None:
        """Store every field of ``settings``, ``broken`` included."""
        ...

    def mark_channel_broken(self, channel: Channel, reason: str, now: datetime) -> bool:
        """Record that the platform refused the channel; True when it was not broken before."""
        ...

    def clear_channel_broken(self, channel: Channel) -> bool:
        """The channel takes alerts again; True when it had been broken."""
        ...


class FeedStore(Protocol):
    def add_feed(
        self, url: str, *, channel: Channel | None, title: str | None = None, interval_s: int = 600
    ) -> Feed:
        """Idempotent per URL; links ``channel`` (None: operator-configured) to the feed."""
        ...

    def remove_feed(self, feed_id: int, *, channel: Channel | None) -> bool:
        """Unlink the channel; the feed itself goes when nothing uses it any more."""
        ...

    def list_feeds(self, channel: Channel | None = None) -> list[Feed]: ...

    def get_feed(self, feed_id: int) -> Feed | None: ...

    def find_feed(self, url: str) -> Feed | None: ...

    def feed_channels(self, feed_id: int) -> list[Channel]: ...

    def claim_due_feeds(self, now: datetime, *, limit: int, lease_s: int) -> list[Feed]:
        """Due feeds, each leased to this caller until ``now + lease_s`` (SKIP LOCKED on PG)."""
        ...

    def save_feed(self, feed: Feed) -> None:
        """Persist the feed's poll state (validators, schedule, health)."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Shards:
    """The gateway shards one process holds, of ``count``: it delivers only their servers' rows.

    Discord's rule: server ``g`` is on shard ``(g >> 22) % count``. A row with no server id (a
    DM, or anything but a decimal id below 9×10¹⁸, which every snowflake is) is shard 0's. The
    store applies the same rule in SQL.
    """

    count: int
    ids: frozenset[int]

    def holds(self, workspace: str) -> bool:
        """Whether the server ``workspace`` (a Discord guild id) is on one of these shards."""
        return self.shard_of(workspace) in self.ids

    def shard_of(self, workspace: str) -> int:
        numeric = workspace.isascii() and workspace.isdigit() and len(workspace) <= 19
        guild = int(workspace) if numeric else 0
        return (guild >> 22) % self.count if guild < 9 * 10**18 else 0


class Outbox(Protocol):
    def pending_deliveries(
        self,
        now: datetime,
        *,
        platform: str | None = None,
        shards: Shards | None = None,
        limit: int = 100,
    ) -> list[PendingDelivery]:
        """Due outbox rows (of ``platform``; with ``shards``, of the servers on those shards),
        leased to this caller (SKIP LOCKED on PG)."""
        ...

    def mark_delivered(
        self, delivery_ids: Sequence[int], now: datetime, *, message_id: str | None = None
    ) -> None:
        """The platform accepted the rows' message; ``message_id`` is its id there."""
        ...

    def mark_skipped(self, delivery_ids: Sequence[int], reason: str) -> None:
        """Rows the channel's settings do not want (a source above its ``min_tier``)."""
        ...

    def mark_failed(
        self, delivery_ids: Sequence[int], error: str, retry_at: datetime | None
    ) -> None:
        """Record a failed send; ``retry_at`` None gives up on the rows."""
        ...

    def hold(self, delivery_ids: Sequence[int], until: datetime) -> None:
        """Rows not to send before ``until`` (quiet hours, digest, pacing): still pending, their
        lease released, no attempt counted."""
        ...

    def sent_since(self, channel: Channel, since: datetime) -> list[datetime]:
        """When each message sent to ``channel`` at or after ``since`` was sent, oldest first
        (one time per message, however many rows it carried): pacing's window, shared by every
        process and kept across restarts."""
        ...


class ThreadStore(Protocol):
    """Where each saga's alerts go in each channel: its first alert there, and its thread."""

    def saga_thread(self, channel: Channel, saga_id: int) -> ThreadRef | None: ...

    def save_saga_thread(
        self, channel: Channel, saga_id: int, ref: ThreadRef, *, replace: bool = False
    ) -> None:
        """Keep the first root recorded; a thread id, once known, is kept too. ``replace``: the
        old root is gone, ``ref`` takes its place."""
        ...


class SagaStore(Protocol):
    def saga_views(self, player_id: int) -> list[SagaView]: ...


class DeliveryStore(Outbox, ChannelStore, ThreadStore, Protocol):
    """What the outbox worker (``bot.delivery``) reads and writes."""


class ChatStore(PlayerStore, SubscriptionStore, ChannelStore, FeedStore, SagaStore, Protocol):
    """What the chat use cases (``bot.service``) read and write."""

    def known_players(self, *, limit: int = 500) -> list[str]:
        """Known players' names, most often seen first (autocomplete, "did you mean")."""
        ...

    def delivery_status(self, channel: Channel | None = None, *, limit: int = 10) -> DeliveryStatus:
        """What ``/status`` shows: the alerts given up, the broken channels, what is to go."""
        ...


class IngestStore(PlayerStore, SagaStore, Protocol):
    """What ingest (``bot.ingest``) reads and writes."""

    def followed_version(self) -> tuple[object, ...]:
        """A value that changes whenever a subscription or a followed player's alias is added
        or removed, or a player is added or renamed through this store (at once; what another
        process writes, within a second): ingest reads the followed players again only when it
        moves."""
        ...

    def players_with_sagas(self) -> set[int]:
        """The ids of the players that have a saga (ingest reads the sagas of those only)."""
        ...

    def remember_players(self, names: Iterable[str]) -> None:
        """Record names seen next to transfer cues as known (not followed) players."""
        ...

    def note_spellings(self, spellings: Mapping[int, Iterable[str]]) -> dict[int, str]:
        """Count the spellings of these players' names an article wrote; a player takes the
        one the news uses most as his name. The players renamed -> their new names."""
        ...

    def known_players(self, *, limit: int = 500) -> list[str]:
        """The names remembered so, most often seen first (their claims are kept too)."""
        ...

    def find_near_duplicate(self, signature: Sequence[int], *, since: datetime) -> str | None:
        """Key of an article seen since ``since`` whose MinHash signature matches, if any."""
        ...

    def ingest(
        self,
        article: Article,
        claims: Sequence[Claim],
        rules: NoveltyRules,
        now: datetime,
        *,
        content_hash: str,
        silent: bool = False,
        signature: Sequence[int] = (),
        near_duplicate_of: str | None = None,
        near_duplicate_since: datetime | None = None,
        remember: Iterable[str] = (),
        spellings: Mapping[int, Iterable[str]] | None = None,
    ) -> IngestResult:
        """Record the article and its claims, judge them, store events and outbox rows.

        One transaction, resting on unique constraints: the same article ingested twice at once
        yields its events once. ``silent`` records history without events (a feed's first poll).
        ``near_duplicate_of`` (an article key) marks a syndicated copy: evidence only, no events;
        without it, ``near_duplicate_since`` looks for one (:meth:`find_near_duplicate`, the
        article itself left out). ``remember`` (:meth:`remember_players`) and ``spellings``
        (:meth:`note_spellings`, after the claims) are recorded in the same transaction, even
        for an article seen before (issue 16: one transaction where there were four).
        """
        ...


class Store(ChatStore, IngestStore, DeliveryStore, Protocol):
    """Everything the bot needs from storage (``storage.SqlStore`` is one)."""

    def close(self) -> None: ...


# --------------------------------------------------------------------------- feeds and chat


class ArticleIngest(Protocol):
    """``bot.ingest.Ingest.ingest``: reads one article into the store. Synchronous (it works the
    database); the poller runs it in a worker thread, off the event loop."""

    def __call__(self, article: Article, *, silent: bool = False) -> IngestResult: ...


class FeedFetcher(Protocol):
    async def fetch(self, feed: Feed) -> FetchResult:
        """Conditional GET and parse. Raises ``bot.errors.FeedError`` subclasses on failure."""
        ...


class ChatSender(Protocol):
    platform: str

    async def send(self, alert: Alert) -> Sent:
        """Deliver one alert (in ``alert.thread`` when set); what the platform answered. Raises
        ``bot.errors.DeliveryError`` when it refused (``ChannelGoneError``: the channel itself)."""
        ...

    async def send_notice(self, channel: Channel, text: str) -> None:
        """Deliver a plain operational notice (a feed disabled …) to one channel."""
        ...

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        """Tell the people who run ``channel``'s server or workspace, elsewhere than in it, that
        its alerts stopped (``reason``: what the platform said); with ``alert`` (its title),
        that this one alert to the channel was given up, the others go on. Best effort: never
        raises."""
        ...
