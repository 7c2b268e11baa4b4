"""Feed management use cases: add (validated by a first fetch), re-enable, status lines."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bot.errors import FeedError, FeedNotAFeedError, FeedRejectedError, UnsafeAddressError
from bot.model import Channel, Feed, FeedState
from bot.ports import FeedFetcher, FeedStore

logger = logging.getLogger(__name__)

MIN_INTERVAL_S = 60
DEFAULT_INTERVAL_S = 600
MAX_URL_LENGTH = 2000


def clamp_interval(interval_s: int) -> int:
    return max(MIN_INTERVAL_S, int(interval_s))


async def add_feed(
    store: FeedStore,
    fetcher: FeedFetcher,
    channel: Channel | None,
    url: str,
    *,
    interval_s: int = DEFAULT_INTERVAL_S,
) -> Feed:
    """Link ``channel`` to the feed at ``url``, after a first fetch proves it is a safe feed.

    Raises ``FeedRejectedError`` with a message for the user, and stores nothing, when the URL is
    not http(s), points at a non-public address, does not answer, or is not RSS/Atom/RDF. Adding a
    disabled feed again re-enables it. The first poll (by the poller) records the items silently.
    """
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise FeedRejectedError("Give the full address of an RSS or Atom feed.")
    if urlsplit(url).scheme.lower() not in ("http", "https", "file"):
        raise FeedRejectedError(f"Only http(s) feed addresses are accepted, not {url!r}.")
    existing = store.find_feed(url)
    if existing is not None and existing.state is not FeedState.DISABLED:
        return store.add_feed(
            url, channel=channel, title=existing.title, interval_s=existing.interval_s
        )
    # A chat user's feed is probed (and later polled) under the public-only policy, whatever
    # the operator's allow-list says; ``channel`` None is the operator (CLI, config).
    operator = channel is None or (existing is not None and existing.operator)
    probe = replace(existing, operator=operator) if existing else None
    probe = probe or Feed(id=0, url=url, interval_s=clamp_interval(interval_s), operator=operator)
    try:
        # No validators: the probe must see the body, even if a disabled feed had an ETag.
        result = await fetcher.fetch(replace(probe, etag=None, last_modified=None, body_hash=None))
    except UnsafeAddressError as exc:
        raise FeedRejectedError(f"{url}: {exc.reason}") from exc
    except FeedNotAFeedError as exc:
        raise FeedRejectedError(f"{url} is not an RSS/Atom feed ({exc.reason}).") from exc
    except FeedError as exc:
        raise FeedRejectedError(f"{url} could not be fetched: {exc.reason}") from exc
    if existing is not None:
        enabled = enable_feed(store, existing, datetime.now(UTC))
        return store.add_feed(
            url, channel=channel, title=enabled.title, interval_s=enabled.interval_s
        )
    feed = store.add_feed(
        url, channel=channel, title=result.title, interval_s=clamp_interval(interval_s)
    )
    logger.info("feed %s added (%d items on first fetch)", url, len(result.items or ()))
    return feed


def enable_feed(store: FeedStore, feed: Feed, now: datetime) -> Feed:
    """Start a disabled or failing feed clean: active, no failures or error, due now.

    ``first_polled`` is kept, so a feed that was polled before does not flood its channels with
    everything it published while it was down (the store dedups what was already seen).
    """
    fresh = replace(feed, state=FeedState.ACTIVE, failures=0, last_error=None, next_poll_at=now)
    store.save_feed(fresh)
    return fresh


def _when(at: datetime | None, now: datetime | None) -> str:
    if at is None:
        return "never"
    if now is None:
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    seconds = int((now - at).total_seconds())
    if seconds < 0:
        return "in " + _span(-seconds)
    return _span(seconds) + " ago"


def _span(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} d"


def feed_status_lines(feeds: Sequence[Feed], now: datetime | None = None) -> list[str]:
    """One line per feed for ``/feeds list``: state, schedule, last poll/success/error, items,
    and the items the last poll could not ingest."""
    if not feeds:
        return ["No feeds yet. Add one with /feeds add <url>."]
    lines = []
    for feed in sorted(feeds, key=lambda f: f.id):
        name = f"{feed.title} <{feed.url}>" if feed.title else feed.url
        state = feed.state.value.replace("_", " ")
        if feed.state is FeedState.DISABLED:
            state = f"DISABLED ({feed.last_error or 'unknown reason'})"
        elif feed.state is FeedState.BACKING_OFF:
            state = f"backing off after {feed.failures} failure(s)"
        parts = [
            f"#{feed.id} {name}",
            state,
            f"every {_span(feed.interval_s)}",
            f"last poll {_when(feed.last_poll_at, now)}",
            f"last success {_when(feed.last_success_at, now)}",
            f"items seen {feed.items_seen}",
        ]
        if feed.last_error and feed.state is not FeedState.DISABLED:
            parts.append(f"last error: {feed.last_error}")
        if feed.item_error:
            parts.append(feed.item_error)
        if feed.state is not FeedState.DISABLED and feed.next_poll_at is not None:
            parts.append(f"next poll {_when(feed.next_poll_at, now)}")
        lines.append(" · ".join(parts))
    return lines
