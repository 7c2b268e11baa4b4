"""The values that cross the ports: what an ingest did, an outbox row to send, the saga as
``/latest`` reads it, a feed item and what one poll brought back. Plain frozen data, no behaviour;
the Protocols that pass them are in :mod:`bot.ports`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum

from bot.model import (
    UNKNOWN_TIER,
    Channel,
    Claim,
    ClaimRecord,
    Event,
    SagaState,
    Subscription,
)

# --------------------------------------------------------------------------- channels


class DeliveryMode(StrEnum):
    INSTANT = "instant"  # each alert as it comes
    DIGEST = "digest"  # one message a day at the digest hour (bot.delivery)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietHours:
    """A span of the channel's local day with no alerts; ``end`` before ``start`` spans midnight."""

    start: time
    end: time


@dataclass(frozen=True, slots=True, kw_only=True)
class Broken:
    """The platform refused the channel itself (gone, archived, no access): no alert is sent
    there until someone follows a player or changes a setting in it."""

    reason: str
    since: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelSettings:
    """One channel's settings, shared by all its subscriptions (``/settings``). A channel nobody
    configured has these defaults. ``bot.channels`` reads and changes them; the store keeps them."""

    min_tier: int = UNKNOWN_TIER  # alert only on sources of tier <= this (3: every source)
    mode: DeliveryMode = DeliveryMode.INSTANT
    digest_hour: int = 8  # local hour of the daily digest
    quiet_hours: QuietHours | None = None
    timezone: str = "UTC"  # IANA name: the digest hour and quiet hours are in it
    threads: bool = False  # later alerts of a saga go into a thread under its first alert
    broken: Broken | None = None


# --------------------------------------------------------------------------- store


class IngestStatus(StrEnum):
    NEW = "new"  # first time this article was seen
    EDITED = "edited"  # seen before with other content: re-read for new claims
    DUPLICATE = "duplicate"  # seen before, same content: nothing done


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestResult:
    status: IngestStatus
    events: tuple[Event, ...] = ()
    deliveries: int = 0  # outbox rows created
    note: str | None = None  # what went wrong reading it, for its feed's status (poller)


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingDelivery:
    """One outbox row to send: one event for one subscription."""

    id: int
    subscription: Subscription
    event: Event
    article_key: str
    link: str | None
    outlet: str
    published: datetime
    saga_stage: str | None
    saga_id: int = 0
    attempts: int = 0
    settings: ChannelSettings = field(default_factory=ChannelSettings)  # of the row's channel
    due_at: datetime | None = None  # when it became due: made, held until, or retry time


@dataclass(frozen=True, slots=True, kw_only=True)
class Sent:
    """What a platform answered when it accepted an alert."""

    message_id: str | None  # Discord's message id, Slack's ``ts``; None where there is none
    thread_id: str | None = None  # the thread it was posted in, if it went into one


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceView:
    """One report of a fact: which article, which source, which sentence."""

    outlet: str
    source: str | None
    tier: int | None
    seen_at: datetime
    link: str | None
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimView:
    record: ClaimRecord
    claim: Claim  # the newest claim stating this fact (for rendering)
    evidence: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    at: datetime
    event: Event
    outlet: str
    link: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SagaView:
    state: SagaState
    claims: tuple[ClaimView, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()


# --------------------------------------------------------------------------- feeds


#: Caps on a feed item's text, applied by the parser and again by the poller, before the claim
#: engine reads it: a title is a line, a summary or a body a long article.
MAX_TITLE_CHARS = 500
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One entry of a parsed feed, before it becomes an ``Article``."""

    guid: str | None
    link: str | None
    title: str
    summary: str = ""
    content: str = ""
    author: str | None = None
    published: datetime | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResult:
    """What one poll of a feed brought back. ``items`` is None when nothing changed."""

    items: tuple[FeedItem, ...] | None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str | None = None
    min_next_poll_s: int | None = None  # from Retry-After / Cache-Control: max-age
    bozo: str | None = None  # parser complaint on a feed whose complete items were kept
    items_total: int | None = None  # entries in the feed, when the fetcher kept only the newest
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedDelivery:
    """One outbox row that was not delivered and will not be tried again."""

    channel: Channel
    player: str
    title: str  # the article's
    error: str
    attempts: int
    last_try: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokenChannel:
    channel: Channel
    reason: str
    since: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryStatus:
    """What an admin's ``/status`` shows: alerts given up (newest first, at most a page of
    them, ``failed_total`` in all), channels the platform refused, and what is still to go
    (``retrying``: pending after a failed try)."""

    failed: tuple[FailedDelivery, ...]
    failed_total: int
    broken: tuple[BrokenChannel, ...]
    pending: int
    retrying: int

    def lines(self) -> list[str]:
        """The status as plain text lines (the console's; other surfaces escape each)."""
        out = [
            f"Outbox: {self.pending} alert(s) to send, {self.retrying} of them being retried; "
            f"{self.failed_total} given up."
        ]
        for b in self.broken:
            out.append(
                f"Broken channel {b.channel.channel} since {b.since:%Y-%m-%d %H:%M} UTC: {b.reason}"
            )
        for f in self.failed:
            when = f" (last try {f.last_try:%Y-%m-%d %H:%M} UTC)" if f.last_try else ""
            out.append(
                f"Given up: {f.player} in {f.channel.channel}, {f.title!r} after "
                f"{f.attempts} tries{when}: {f.error}"
            )
        if self.failed_total > len(self.failed):
            out.append(f"… and {self.failed_total - len(self.failed)} more given up.")
        return out
