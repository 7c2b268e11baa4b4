"""Hostile feeds through the real fetcher and poller (local server, in-memory store): each is
bounded, its error is on the feed, which backs off, and a good feed of the same poll is polled;
a feed of 10,000 items is read to its newest 200; a megabyte title reaches the engine capped."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.parsepool import ParsePool
from adapters.feeds.ssrf import AddressPolicy
from bot.feeds.feedops import feed_status_lines
from bot.feeds.polling import Poller, PollSettings
from bot.model import Channel, Feed, FeedState
from bot.records import MAX_TEXT_CHARS, MAX_TITLE_CHARS, FeedItem, FetchResult
from tests.fakes import hostile_feeds as hostile
from tests.fakes.feeds import (
    FakeClock,
    FeedServer,
    MemoryFeedStore,
    RecordingIngest,
    make_items,
    rss,
)

CH = Channel(platform="console", workspace="w", channel="transfers")


@pytest.mark.parametrize(
    ("make_body", "limits", "error"),
    [
        pytest.param(
            hostile.billion_laughs,
            (20, 64),
            r"^refused: .*nested XML entities",
            id="billion-laughs",
        ),
        pytest.param(
            hostile.nested_near_cap, (20, 16), r"^refused: .*nested XML entities", id="nested-5MiB"
        ),
        pytest.param(
            hostile.slow_parse, (1, 64), r"^parsing stopped after 1 s \(", id="slow-huge-parse"
        ),
        pytest.param(
            hostile.flat_entity_near_cap,
            (30, 16),
            r"^parsing stopped: over the parser's 16 MB memory cap",
            id="over-the-memory-cap",
        ),
    ],
)
async def test_a_hostile_feed_fails_backs_off_and_the_next_feed_is_polled(
    server: FeedServer,
    policy: AddressPolicy,
    make_body: Callable[[], bytes],
    limits: tuple[float, int],
    error: str,
) -> None:
    clock = FakeClock()
    server.serve("/evil", make_body())
    server.serve("/good", rss(make_items(2, at=clock.now)))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    evil = store.add_feed(server.url("/evil"), channel=CH)
    good = store.add_feed(server.url("/good"), channel=CH)
    timeout_s, memory_mb = limits
    async with HttpFeedFetcher(
        policy, chat_policy=policy, parse_timeout_s=timeout_s, parse_memory_mb=memory_mb
    ) as fetcher:
        stats = await Poller(store, fetcher, ingest, clock=clock, rng=random.Random(1)).poll_due()

    bad = store.feeds[evil.id]
    assert bad.last_error is not None and re.search(error, bad.last_error), bad.last_error
    assert (bad.state, bad.failures) == (FeedState.BACKING_OFF, 1)
    assert bad.next_poll_at == clock.now + timedelta(seconds=300)
    assert "backing off after 1 failure(s)" in feed_status_lines([bad], clock.now)[0]
    assert bad.last_error in feed_status_lines([bad], clock.now)[0]
    ok = store.feeds[good.id]
    assert ok.last_success_at == clock.now and ok.first_polled and ok.items_seen == 2
    assert (stats.feeds, stats.failed, stats.new) == (2, 1, 2)


async def test_ten_thousand_items_are_read_to_the_newest_200(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock(hostile.AT)
    server.serve("/big", hostile.many_items(10_000))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    feed = store.add_feed(server.url("/big"), channel=CH)
    stats = await Poller(store, fetcher, ingest, clock=clock).poll_due()
    assert (stats.items, stats.new, stats.over_cap) == (200, 200, 9800)
    keys = [a.key for a, _ in ingest.calls]
    assert keys == [f"http://example.com/s/{i}" for i in reversed(range(200))]  # oldest first
    saved = store.feeds[feed.id]
    assert saved.first_polled and saved.items_seen == 200 and saved.last_error is None


async def test_a_megabyte_title_reaches_the_engine_capped(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    server.serve("/long", hostile.huge_title())
    store, ingest = MemoryFeedStore(), RecordingIngest()
    store.add_feed(server.url("/long"), channel=CH)
    await Poller(store, fetcher, ingest, clock=FakeClock(hostile.AT)).poll_due()
    ((article, _),) = ingest.calls
    assert len(article.title) == MAX_TITLE_CHARS and len(article.summary) == MAX_TEXT_CHARS


class ListFetcher:
    """A fetcher that hands the poller whatever items it is given (no parser cap)."""

    def __init__(self, items: list[FeedItem]) -> None:
        self.items = items

    async def fetch(self, feed: Feed) -> FetchResult:
        return FetchResult(items=tuple(self.items), etag='"v1"')


async def test_the_poller_caps_items_whatever_the_fetcher_sends() -> None:
    clock = FakeClock()
    base: datetime = clock.now
    items = [
        FeedItem(
            guid=f"g{i}",
            link=f"http://example.com/{i}",
            title="t" * 2000,
            summary="s" * 50_000,
            published=base - timedelta(minutes=(i * 7) % 1000),  # not in date order
        )
        for i in range(1000)
    ]
    store, ingest = MemoryFeedStore(), RecordingIngest()
    store.add_feed("http://example.com/feed", channel=CH)
    poller = Poller(
        store, ListFetcher(items), ingest, clock=clock, settings=PollSettings(max_items=100)
    )
    stats = await poller.poll_due()
    assert (stats.items, stats.over_cap) == (100, 900)
    dates = [a.published for a, _ in ingest.calls]
    assert dates == sorted(dates)  # oldest first
    newest_100 = sorted((it.published for it in items if it.published), reverse=True)[:100]
    assert set(dates) == set(newest_100)
    assert all(
        len(a.title) == MAX_TITLE_CHARS and len(a.summary) == MAX_TEXT_CHARS
        for a, _ in ingest.calls
    )


async def test_the_shared_parser_outlives_a_fetcher(
    policy: AddressPolicy, server: FeedServer
) -> None:
    pool = ParsePool(workers=1)
    server.serve("/f", rss(make_items(1)))
    feed = Feed(id=1, url=server.url("/f"))
    try:
        for _ in range(2):
            async with HttpFeedFetcher(policy, chat_policy=policy, parser=pool) as f:
                assert (await f.fetch(feed)).items is not None
        assert len(pool._idle) == 1  # a given pool is not closed with the fetcher
    finally:
        pool.close()
