"""Polling the due feeds: lease, fetch concurrently and politely, ingest, schedule, back off.

:meth:`Poller.poll_due` is the job body the scheduler calls. It claims due feeds from the store
with a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so N processes poll each feed once per
interval), fetches them under a global and a per-host limit, turns items into ``Article``s and
hands them to the ingest use case, then saves each feed's state:

* success: next poll after its interval ± jitter, or later if the server asked (``Retry-After``,
  ``Cache-Control: max-age``); a feed's first successful poll records its items silently, and
  items older than ``max_age`` are recorded silently too; only the ``max_items`` newest items of
  a poll are read (the rest are counted, in ``PollStats.over_cap`` and the log);
* one item that cannot be ingested (the store refuses it, the engine raises) is that item's
  error: the others are ingested, the poll still counts (first poll done, validators advance),
  and ``Feed.item_error`` says "1 item failed: …" in ``/feeds list`` until a poll that reads the
  feed again ingests every item. The failed item is tried again when the feed's body changes;
* failure: exponential backoff 5·2ⁿ min capped at a day; after ``max_failures`` in a row the feed
  is disabled with its reason, and the channels using it are told once.

The store is synchronous (it reads and writes the database): every call to it, like every
ingest, runs in a worker thread, so a poll never holds the event loop that chat heartbeats and
acks share (issue 16).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot.errors import FeedError
from bot.feeds.feedops import MIN_INTERVAL_S
from bot.feeds.urls import article_key
from bot.model import Article, Channel, Feed, FeedState
from bot.ports import ArticleIngest, FeedFetcher, FeedStore
from bot.records import (
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    FeedItem,
    FetchResult,
    IngestResult,
    IngestStatus,
)

__all__ = [
    "PollSettings",
    "PollStats",
    "Poller",
    "backoff_s",
    "next_interval_s",
    "to_article",
]

logger = logging.getLogger(__name__)

INGEST_TURN_S = 0.05  # a feed holds the store this long at most (plus one item), then yields

Notify = Callable[[Channel, str], Awaitable[None]]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class PollSettings:
    jitter: float = 0.1  # ± fraction of the interval
    max_age: timedelta = timedelta(days=3)  # older items at first sight are recorded silently
    lease_s: int = 300  # a claimed feed is someone else's to poll after this
    batch: int = 100  # feeds claimed per round
    max_rounds: int = 20  # rounds per poll_due call
    concurrency: int = 20  # fetches at once
    per_host: int = 2  # fetches at once to one host
    backoff_base_s: int = 300
    backoff_cap_s: int = 86_400
    max_failures: int = 10
    max_items: int = 200  # items read per poll of a feed: the newest


@dataclass(slots=True, kw_only=True)
class PollStats:
    feeds: int = 0
    changed: int = 0  # parsed a new body
    not_modified: int = 0  # 304, or the same body
    failed: int = 0
    disabled: int = 0
    items: int = 0
    new: int = 0
    edited: int = 0
    duplicate: int = 0
    silent: int = 0  # items recorded without alerts (first poll, too old)
    over_cap: int = 0  # items not read: beyond the newest ``max_items`` of their feed
    ingest_errors: int = 0
    events: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # url -> reason
    # url -> what went wrong reading an item that was still stored (``IngestResult.note``)
    notes: dict[str, list[str]] = field(default_factory=dict)


def backoff_s(failures: int, *, base_s: int = 300, cap_s: int = 86_400) -> int:
    """Delay before retrying a feed that failed ``failures`` times in a row: 5·2ⁿ⁻¹ min, capped."""
    if failures <= 0:
        return 0
    return int(min(cap_s, base_s * 2 ** min(failures - 1, 32)))


def next_interval_s(
    interval_s: int, rng: random.Random, *, jitter: float = 0.1, min_next_poll_s: int | None = None
) -> float:
    """Seconds to the next poll: the interval ± jitter, but not sooner than the server asked."""
    interval = max(MIN_INTERVAL_S, interval_s)
    delay = interval * (1 + rng.uniform(-jitter, jitter))
    return max(delay, float(min_next_poll_s or 0))


def to_article(item: FeedItem, feed: Feed, now: datetime) -> Article:
    """The article a feed item is; undated items are dated when first seen."""
    published = item.published or now
    if published > now + timedelta(days=1):  # a clock far ahead: do not trust it
        published = now
    outlet = feed.title or urlsplit(feed.url).hostname or feed.url
    title, summary = item.title[:MAX_TITLE_CHARS], item.summary[:MAX_TEXT_CHARS]
    return Article(
        key=article_key(item.link, item.guid, fallback=f"{feed.url}\n{title}\n{summary}"),
        title=title,
        summary=summary,
        content=item.content[:MAX_TEXT_CHARS],
        published=published,
        outlet=outlet,
        journalist=item.author,
        lang=item.lang,
        link=item.link,
        feed_id=feed.id or None,
    )


def newest_first_cap(articles: Sequence[Article], limit: int) -> list[Article]:
    """The ``limit`` newest articles (ties: feed order), oldest first: the order of ingest."""
    ranked = sorted(enumerate(articles), key=lambda p: (p[1].published, -p[0]), reverse=True)
    return [a for _, a in sorted(ranked[: max(0, limit)], key=lambda p: (p[1].published, p[0]))]


def describe_failures(failures: Sequence[tuple[Article, BaseException]]) -> str | None:
    """``Feed.item_error``: how many items failed, and the first one's why."""
    if not failures:
        return None
    article, exc = failures[0]
    name = " ".join((article.title or article.key).split())[:80]
    why = (str(exc).strip().splitlines() or [""])[0][:200]
    why = f"{type(exc).__name__}: {why}" if why else type(exc).__name__
    count = len(failures)
    head = "1 item failed" if count == 1 else f"{count} items failed, the first"
    return f"{head}: {name!r}: {why}"


def _noted(notes: Sequence[str]) -> str | None:
    """A successful poll's ``last_error``: what went wrong with items it still stored."""
    if not notes:
        return None
    return notes[0] if len(notes) == 1 else f"{len(notes)} items noted, the first: {notes[0]}"


class _Tail:
    """Counts a round's feeds down; ``reached`` once no more than ``room`` are left (all of
    them can be under way: the gate has a place for each)."""

    def __init__(self, feeds: int, room: int) -> None:
        self.left, self.room = feeds, room
        self.reached = asyncio.Event()
        if self.left <= self.room:
            self.reached.set()

    def done(self, _task: asyncio.Task[None]) -> None:
        self.left -= 1
        if self.left <= self.room:
            self.reached.set()


class Poller:
    """Polls due feeds; one per process. ``poll_due`` is safe to call from several processes."""

    def __init__(
        self,
        store: FeedStore,
        fetcher: FeedFetcher,
        ingest: ArticleIngest,
        *,
        notify: Notify | None = None,
        settings: PollSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.ingest = ingest
        self.notify = notify
        self.settings = settings or PollSettings()
        self.clock = clock
        self.rng = rng or random.Random()
        self._ingest_lock = asyncio.Lock()  # one item at a time into the store (FIFO: fair)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        # called (on the loop) when a feed's turn at the store put alerts in the outbox, so
        # they can go out while the rest of the poll goes on (``run`` delivers them at once)
        self.on_news: Callable[[], None] | None = None

    async def poll_due(self) -> PollStats:
        """Claim and poll every due feed (several rounds of ``batch``); the stats of this run."""
        stats = PollStats()
        gate = asyncio.Semaphore(self.settings.concurrency)
        async with asyncio.TaskGroup() as group:
            for _ in range(self.settings.max_rounds):
                now = self.clock()
                feeds = await asyncio.to_thread(
                    self.store.claim_due_feeds,
                    now,
                    limit=self.settings.batch,
                    lease_s=self.settings.lease_s,
                )
                feeds = [f for f in feeds if f.state is not FeedState.DISABLED]
                tail = _Tail(len(feeds), self.settings.concurrency)
                for feed in feeds:
                    task = group.create_task(self._guarded(feed, gate, stats))
                    task.add_done_callback(tail.done)
                if len(feeds) < self.settings.batch:
                    break
                # the next round is claimed once this one's last feeds are all under way, not
                # after its slowest feed: the fetches and parses of the two overlap
                await tail.reached.wait()
        if stats.feeds:
            logger.info(
                "polled %d feed(s): %d changed, %d unchanged, %d failed; %d new item(s)",
                stats.feeds,
                stats.changed,
                stats.not_modified,
                stats.failed,
                stats.new,
            )
        return stats

    async def _guarded(self, feed: Feed, gate: asyncio.Semaphore, stats: PollStats) -> None:
        host = (urlsplit(feed.url).hostname or "").lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with gate, per_host:
            try:
                await self.poll_feed(feed, stats)
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad feed never stops the others
                logger.exception("polling feed %s failed unexpectedly", feed.url)

    async def poll_feed(self, feed: Feed, stats: PollStats | None = None) -> Feed:
        """Poll one feed now and save its new state; the saved feed."""
        stats = stats if stats is not None else PollStats()
        stats.feeds += 1
        try:
            result = await self.fetcher.fetch(feed)
        except FeedError as exc:
            return await self._failed(feed, exc.reason, exc.retry_after_s, stats)
        except Exception as exc:
            logger.exception("fetching %s raised", feed.url)
            return await self._failed(feed, f"internal error ({type(exc).__name__})", None, stats)
        now = self.clock()
        new_items, item_error = 0, feed.item_error  # a 304 says nothing new about the items
        if result.items is None:
            stats.not_modified += 1
        else:
            stats.changed += 1
            new_items, failures = await self._ingest_items(feed, result, now, stats)
            item_error = describe_failures(failures)
            if item_error:
                logger.warning("feed %s: %s", feed.url, item_error)
        delay = next_interval_s(
            feed.interval_s,
            self.rng,
            jitter=self.settings.jitter,
            min_next_poll_s=result.min_next_poll_s,
        )
        saved = replace(
            feed,
            title=feed.title or result.title,
            state=FeedState.ACTIVE,
            failures=0,
            last_error=_noted(stats.notes.get(feed.url, [])),  # None on a clean poll
            last_poll_at=now,
            last_success_at=now,
            next_poll_at=now + timedelta(seconds=delay),
            items_seen=feed.items_seen + new_items,
            first_polled=feed.first_polled or result.items is not None,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=result.body_hash,
            item_error=item_error,
        )
        await asyncio.to_thread(self.store.save_feed, saved)
        return saved

    async def _ingest_items(
        self, feed: Feed, result: FetchResult, now: datetime, stats: PollStats
    ) -> tuple[int, list[tuple[Article, BaseException]]]:
        """Ingest the newest ``max_items`` of a poll, oldest first, each on its own: an item that
        fails is recorded and the others go on. (new items, failures)."""
        items = result.items or ()
        every = [to_article(item, feed, now) for item in items]
        articles = newest_first_cap(every, self.settings.max_items)
        over = max(result.items_total or 0, len(every)) - len(articles)
        if over:
            stats.over_cap += over
            logger.info(
                "feed %s: %d items, the newest %d read",
                feed.url,
                len(articles) + over,
                len(articles),
            )
        cutoff = now - self.settings.max_age
        new = 0
        failures: list[tuple[Article, BaseException]] = []
        pending = [(a, not feed.first_polled or a.published < cutoff) for a in articles]
        news = False
        while pending:
            async with self._ingest_lock:  # one item at a time into the store, feeds in turn
                outcomes = await asyncio.to_thread(self._ingest_turn, pending)
            for (article, silent), outcome in zip(pending, outcomes, strict=False):
                stats.items += 1
                if isinstance(outcome, BaseException):
                    logger.error("ingesting %s failed", article.key, exc_info=outcome)
                    failures.append((article, outcome))
                    stats.ingest_errors += 1
                    continue
                if outcome.status is IngestStatus.NEW:
                    new += 1
                    stats.new += 1
                    stats.silent += silent
                elif outcome.status is IngestStatus.EDITED:
                    stats.edited += 1
                else:
                    stats.duplicate += 1
                stats.events += len(outcome.events)
                news = news or outcome.deliveries > 0
                if outcome.note:
                    stats.notes.setdefault(feed.url, []).append(outcome.note)
            pending = pending[len(outcomes) :]
            if news and self.on_news is not None:
                self.on_news()
                news = False
        return new, failures

    def _ingest_turn(
        self, pending: Sequence[tuple[Article, bool]]
    ) -> list[IngestResult | Exception]:
        """A feed's turn at the store, in a worker thread: its items one after the other, until
        ``INGEST_TURN_S`` has passed (at least one item), each its result or its error. One hop
        per turn instead of one per item: the hop, not a cheap ingest, was a poll's pace."""
        deadline = time.monotonic() + INGEST_TURN_S
        outcomes: list[IngestResult | Exception] = []
        for article, silent in pending:
            try:
                outcomes.append(self.ingest(article, silent=silent))
            except Exception as exc:
                outcomes.append(exc)
            if time.monotonic() >= deadline:
                break
        return outcomes

    async def _failed(
        self, feed: Feed, reason: str, retry_after_s: int | None, stats: PollStats
    ) -> Feed:
        now = self.clock()
        failures = feed.failures + 1
        stats.failed += 1
        stats.errors[feed.url] = reason
        s = self.settings
        disable = failures >= s.max_failures
        delay = max(
            backoff_s(failures, base_s=s.backoff_base_s, cap_s=s.backoff_cap_s),
            min(retry_after_s or 0, s.backoff_cap_s),
        )
        saved = replace(
            feed,
            state=FeedState.DISABLED if disable else FeedState.BACKING_OFF,
            failures=failures,
            last_error=reason,
            last_poll_at=now,
            next_poll_at=now + timedelta(seconds=delay),
        )
        await asyncio.to_thread(self.store.save_feed, saved)  # persisted before anyone is told
        logger.warning("feed %s failed (%d in a row): %s", feed.url, failures, reason)
        if disable and feed.state is not FeedState.DISABLED:
            stats.disabled += 1
            await self._tell_disabled(saved, reason)
        return saved

    async def _tell_disabled(self, feed: Feed, reason: str) -> None:
        if self.notify is None:
            return
        name = feed.title or feed.url
        text = (
            f"Feed {name} was disabled after {feed.failures} failed polls in a row: {reason}. "
            f"Add it again with /feeds add {feed.url} to re-enable it."
        )
        for channel in await asyncio.to_thread(self.store.feed_channels, feed.id):
            try:
                await self.notify(channel, text)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("could not tell %s that feed %s is disabled", channel, feed.url)
