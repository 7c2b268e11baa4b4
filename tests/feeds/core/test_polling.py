"""Poller over the real fetcher and a local server, with an in-memory FeedStore and a recording
ingest: first poll silent, 304, schedule and jitter, backoff, disable with reason, re-enable."""

from __future__ import annotations

import asyncio
import random
import re
import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from aiohttp import web

from adapters.feeds.fetcher import HttpFeedFetcher
from bot.errors import FeedRejectedError
from bot.feeds import polling
from bot.feeds.feedops import add_feed, enable_feed, feed_status_lines
from bot.feeds.polling import Poller, PollSettings, backoff_s, next_interval_s
from bot.model import Article, Channel, Feed, FeedState
from bot.records import FeedItem, FetchResult, IngestResult
from tests.fakes.feeds import (
    FakeClock,
    FeedServer,
    MemoryFeedStore,
    RecordingIngest,
    make_items,
    rss,
)

CH1 = Channel(platform="console", workspace="w", channel="transfers")
CH2 = Channel(platform="slack", workspace="T1", channel="C1")


def make_poller(
    store: MemoryFeedStore,
    fetcher: HttpFeedFetcher,
    ingest: RecordingIngest,
    clock: FakeClock,
    notes: list[tuple[Channel, str]] | None = None,
) -> Poller:
    async def notify(channel: Channel, text: str) -> None:
        if notes is not None:
            notes.append((channel, text))

    return Poller(store, fetcher, ingest, notify=notify, clock=clock, rng=random.Random(7))


async def test_first_poll_records_silently_then_alerts_only_new_items(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    server.serve("/f", rss(make_items(3, at=clock.now)))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    feed = store.add_feed(server.url("/f"), channel=CH1)
    poller = make_poller(store, fetcher, ingest, clock)

    stats = await poller.poll_due()
    assert (stats.feeds, stats.new, stats.silent) == (1, 3, 3)
    assert ingest.alerted() == []  # the backlog is recorded, nobody is alerted
    saved = store.feeds[feed.id]
    assert saved.first_polled and saved.items_seen == 3 and saved.title == "Test Sport"
    assert saved.last_success_at == clock.now and saved.state is FeedState.ACTIVE

    clock.advance(minutes=12)
    fresh = make_items(2, prefix="new", at=clock.now)
    server.serve("/f", rss(fresh + make_items(3, at=clock.now - timedelta(minutes=12))))
    stats = await poller.poll_due()
    assert (stats.new, stats.duplicate, stats.silent) == (2, 3, 0)
    loud_new = [k for k in ingest.alerted() if "/new/" in k]
    assert loud_new == ["http://example.com/new/1", "http://example.com/new/0"]  # oldest first
    assert store.feeds[feed.id].items_seen == 5


async def test_not_modified_and_not_due(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    clock = FakeClock()
    server.serve("/e", rss(make_items(2, at=clock.now)), etag='"abc"')
    store, ingest = MemoryFeedStore(), RecordingIngest()
    store.add_feed(server.url("/e"), channel=CH1)
    poller = make_poller(store, fetcher, ingest, clock)
    await poller.poll_due()
    clock.advance(minutes=5)  # not due yet: interval 10 min ± 10%
    assert (await poller.poll_due()).feeds == 0
    assert server.hits["/e"] == 1
    clock.advance(minutes=6)
    stats = await poller.poll_due()
    assert (stats.feeds, stats.not_modified, stats.items) == (1, 1, 0)
    assert server.hits["/e"] == 2
    assert server.requests[-1][1]["If-None-Match"] == '"abc"'
    assert len(ingest.calls) == 2  # only the first poll's items


async def test_old_items_are_silent_at_first_sight(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    items = make_items(1, prefix="old", at=clock.now - timedelta(days=5))
    items += make_items(1, prefix="today", at=clock.now - timedelta(hours=2))
    server.serve("/o", rss(items))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    feed = store.add_feed(server.url("/o"), channel=CH1)
    store.save_feed(replace(feed, first_polled=True))  # not the first poll
    await make_poller(store, fetcher, ingest, clock).poll_due()
    assert ingest.alerted() == ["http://example.com/today/0"]
    assert {a.key: s for a, s in ingest.calls}["http://example.com/old/0"] is True


async def test_edited_item_is_reread_not_new(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    clock = FakeClock()
    items = make_items(2, at=clock.now)
    server.serve("/ed", rss(items))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    store.add_feed(server.url("/ed"), channel=CH1)
    poller = make_poller(store, fetcher, ingest, clock)
    await poller.poll_due()
    items[0] = {**items[0], "description": "Update: a bid of 30m was rejected."}
    server.serve("/ed", rss(items))
    clock.advance(minutes=15)
    stats = await poller.poll_due()
    assert (stats.edited, stats.duplicate, stats.new) == (1, 1, 0)
    # NOTE: that an EDITED article alerts only on claims it did not make before is the store's
    # job (same key, other content hash); covered by the service/store tests.


async def test_backoff_then_disable_with_reason_and_one_notice(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500)

    server.routes["/down"] = broken
    clock = FakeClock()
    store, ingest = MemoryFeedStore(), RecordingIngest()
    feed = store.add_feed(server.url("/down"), channel=CH1)
    store.add_feed(server.url("/down"), channel=CH2)
    notes: list[tuple[Channel, str]] = []
    poller = make_poller(store, fetcher, ingest, clock, notes)

    delays = []
    for _ in range(10):
        await poller.poll_due()
        saved = store.feeds[feed.id]
        assert saved.next_poll_at is not None
        delays.append((saved.next_poll_at - clock.now).total_seconds())
        clock.now = saved.next_poll_at
    assert delays == [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 76800, 86400]
    saved = store.feeds[feed.id]
    assert saved.state is FeedState.DISABLED and saved.failures == 10
    assert saved.last_error == "HTTP 500 Internal Server Error"
    assert [c for c, _ in notes] == [CH1, CH2]
    assert "disabled after 10 failed polls" in notes[0][1] and "HTTP 500" in notes[0][1]

    clock.advance(days=3)
    assert (await poller.poll_due()).feeds == 0  # disabled feeds are not polled
    assert server.hits["/down"] == 10 and len(notes) == 2  # told once

    server.serve("/down", rss(make_items(1, at=clock.now)))
    enabled = enable_feed(store, saved, clock.now)
    assert (enabled.state, enabled.failures, enabled.last_error) == (FeedState.ACTIVE, 0, None)
    stats = await poller.poll_due()
    assert stats.feeds == 1 and stats.failed == 0
    assert store.feeds[feed.id].state is FeedState.ACTIVE


async def test_retry_after_lengthens_the_backoff(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    async def busy(request: web.Request) -> web.Response:
        return web.Response(status=503, headers={"Retry-After": "3600"})

    server.routes["/busy"] = busy
    clock = FakeClock()
    store = MemoryFeedStore()
    feed = store.add_feed(server.url("/busy"), channel=CH1)
    await make_poller(store, fetcher, RecordingIngest(), clock).poll_due()
    saved = store.feeds[feed.id]
    assert saved.state is FeedState.BACKING_OFF
    assert saved.next_poll_at == clock.now + timedelta(seconds=3600)


async def test_cache_control_max_age_is_a_lower_bound(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    server.serve("/cc", rss(make_items(1, at=clock.now)), **{"Cache-Control": "max-age=7200"})
    store = MemoryFeedStore()
    feed = store.add_feed(server.url("/cc"), channel=CH1)
    await make_poller(store, fetcher, RecordingIngest(), clock).poll_due()
    assert store.feeds[feed.id].next_poll_at == clock.now + timedelta(seconds=7200)


async def test_one_failed_item_is_its_error_and_the_poll_still_counts(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    items = make_items(3, at=clock.now)
    server.serve("/r", rss(items), etag='"x"')
    store, ingest = MemoryFeedStore(), RecordingIngest(fail_on={"http://example.com/story/1"})
    feed = store.add_feed(server.url("/r"), channel=CH1)
    poller = make_poller(store, fetcher, ingest, clock)
    stats = await poller.poll_due()
    assert (stats.ingest_errors, stats.new) == (1, 2)  # the others were ingested
    saved = store.feeds[feed.id]
    # the first poll counts: validators advance, nothing of the backlog alerts later
    assert saved.first_polled and saved.etag == '"x"' and saved.body_hash is not None
    assert saved.state is FeedState.ACTIVE and saved.last_error is None and saved.failures == 0
    assert saved.item_error == (
        "1 item failed: 'story 1: Real Madrid approach Liverpool': RuntimeError: store down"
    )
    assert saved.item_error in feed_status_lines([saved], clock.now)[0]

    clock.advance(minutes=11)  # a 304 says nothing about the items: the error stays
    assert (await poller.poll_due()).not_modified == 1
    assert store.feeds[feed.id].item_error == saved.item_error

    ingest.fail_on.clear()  # the feed changes: the failed item is read again, loud now
    fresh = make_items(1, prefix="new", at=clock.now)
    server.serve("/r", rss(fresh + items), etag='"y"')
    clock.advance(minutes=11)
    stats = await poller.poll_due()
    assert (stats.new, stats.duplicate, stats.ingest_errors) == (2, 2, 0)
    assert store.feeds[feed.id].item_error is None
    loud = {a.key for a, silent in ingest.calls[-4:] if not silent}
    assert {"http://example.com/new/0", "http://example.com/story/1"} <= loud


async def test_several_failed_items_name_the_count_and_the_first(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    server.serve("/s", rss(make_items(4, at=clock.now)))
    failing = {f"http://example.com/story/{i}" for i in (1, 2, 3)}
    store, ingest = MemoryFeedStore(), RecordingIngest(fail_on=failing)
    feed = store.add_feed(server.url("/s"), channel=CH1)
    await make_poller(store, fetcher, ingest, clock).poll_due()
    error = store.feeds[feed.id].item_error or ""
    # oldest first: story 3 is the first to fail
    assert error.startswith("3 items failed, the first: 'story 3: Real Madrid approach")
    assert [a.key for a, _ in ingest.calls] == ["http://example.com/story/0"]


class ExplodingFetcher:
    def __init__(self, good: HttpFeedFetcher) -> None:
        self.good = good

    async def fetch(self, feed: Feed) -> FetchResult:
        if "boom" in feed.url:
            raise RuntimeError("bug")
        return await self.good.fetch(feed)


async def test_one_bad_feed_does_not_stop_the_others(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    clock = FakeClock()
    server.serve("/good", rss(make_items(1, at=clock.now)))
    store, ingest = MemoryFeedStore(), RecordingIngest()
    bad = store.add_feed(server.url("/boom"), channel=CH1)
    good = store.add_feed(server.url("/good"), channel=CH1)
    poller = Poller(store, ExplodingFetcher(fetcher), ingest, clock=clock)
    stats = await poller.poll_due()
    assert (stats.feeds, stats.failed) == (2, 1)
    assert store.feeds[bad.id].last_error == "internal error (RuntimeError)"
    assert store.feeds[good.id].last_success_at == clock.now


async def test_many_feeds_polled_in_rounds(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    clock = FakeClock()
    store, ingest = MemoryFeedStore(), RecordingIngest()
    for i in range(25):
        server.serve(f"/m{i}", rss(make_items(1, prefix=f"m{i}", at=clock.now)))
        store.add_feed(server.url(f"/m{i}"), channel=CH1)
    settings = PollSettings(batch=10, concurrency=4)
    stats = await Poller(store, fetcher, ingest, clock=clock, settings=settings).poll_due()
    assert stats.feeds == 25 and stats.new == 25
    assert all(server.hits[f"/m{i}"] == 1 for i in range(25))


class ItemsFetcher:
    """Answers every feed at once with four items named after its path."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    async def fetch(self, feed: Feed) -> FetchResult:
        name = feed.url.rsplit("/", 1)[1]
        items = tuple(
            FeedItem(
                guid=f"http://example.com/{name}/{i}",
                link=None,
                title=f"{name} {i}",
                published=self.clock.now,
            )
            for i in range(4)
        )
        return FetchResult(items=items)


async def test_feeds_take_turns_at_the_store_and_cheap_items_share_a_hop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    store, inner = MemoryFeedStore(), RecordingIngest()
    for name in ("a", "b"):
        store.add_feed(f"http://example.com/{name}", channel=CH1)
    seen: list[tuple[str, int]] = []

    def ingest(article: Article, *, silent: bool = False) -> IngestResult:
        seen.append((article.title.split()[0], threading.get_ident()))
        return inner(article, silent=silent)

    poller = Poller(store, ItemsFetcher(clock), ingest, clock=clock)
    monkeypatch.setattr(polling, "INGEST_TURN_S", 0.0)  # every item is a turn: feeds alternate
    assert (await poller.poll_due()).new == 8
    assert [feed for feed, _ in seen] == ["a", "b"] * 4

    monkeypatch.setattr(polling, "INGEST_TURN_S", 10.0)  # cheap items: a feed's items, one hop
    seen.clear()
    clock.advance(hours=1)
    assert (await poller.poll_due()).duplicate == 8
    assert [feed for feed, _ in seen] == ["a"] * 4 + ["b"] * 4
    assert len({ident for feed, ident in seen if feed == "a"}) == 1


class WaitingFetcher(ItemsFetcher):
    """Feed ``a`` answers only once feed ``c`` has been fetched."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.c_fetched = asyncio.Event()

    async def fetch(self, feed: Feed) -> FetchResult:
        name = feed.url.rsplit("/", 1)[1]
        if name == "a":
            await self.c_fetched.wait()
        if name == "c":
            self.c_fetched.set()
        return await super().fetch(feed)


async def test_the_next_round_is_claimed_while_the_slowest_feed_of_the_last_is_under_way() -> None:
    clock = FakeClock()
    store, ingest = MemoryFeedStore(), RecordingIngest()
    for name in ("a", "b", "c"):
        store.add_feed(f"http://example.com/{name}", channel=CH1)
    settings = PollSettings(batch=2, concurrency=2)
    poller = Poller(store, WaitingFetcher(clock), ingest, clock=clock, settings=settings)
    async with asyncio.timeout(5):  # a round that waited for its slowest feed: never ends
        stats = await poller.poll_due()
    assert (stats.feeds, stats.new) == (3, 12)


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        pytest.param(0, 0, id="none"),
        pytest.param(1, 300, id="first"),
        pytest.param(2, 600, id="second"),
        pytest.param(9, 76800, id="ninth"),
        pytest.param(10, 86400, id="capped"),
        pytest.param(500, 86400, id="huge"),
    ],
)
def test_backoff_table(failures: int, expected: int) -> None:
    assert backoff_s(failures) == expected


def test_jitter_stays_within_ten_percent_and_respects_hints() -> None:
    rng = random.Random(1)
    delays = [next_interval_s(600, rng) for _ in range(500)]
    assert 540 <= min(delays) < 560 and 640 < max(delays) <= 660
    assert len({round(d) for d in delays}) > 50  # actually jittered
    assert next_interval_s(600, rng, min_next_poll_s=3600) == 3600
    assert 54 <= next_interval_s(5, rng) <= 66  # a minimum interval of one minute


async def test_add_feed_validates_by_fetching(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    server.serve("/ok", rss(make_items(2)))

    async def html(request: web.Request) -> web.Response:
        return web.Response(text="<html><p>hello</p></html>", content_type="text/html")

    server.routes["/page"] = html
    store = MemoryFeedStore()
    feed = await add_feed(store, fetcher, CH1, server.url("/ok"), interval_s=10)
    assert feed.title == "Test Sport" and feed.interval_s == 60
    assert store.feed_channels(feed.id) == [CH1]
    assert store.feeds[feed.id].etag is None and not store.feeds[feed.id].first_polled

    with pytest.raises(FeedRejectedError, match="is not an RSS/Atom feed"):
        await add_feed(store, fetcher, CH1, server.url("/page"))
    private = re.escape("refused: 10.0.0.5 is a private address")
    with pytest.raises(FeedRejectedError, match=private):
        await add_feed(store, fetcher, CH1, "http://10.0.0.5/rss")
    with pytest.raises(FeedRejectedError, match="HTTP 404"):
        await add_feed(store, fetcher, CH1, server.url("/missing"))
    with pytest.raises(FeedRejectedError, match="Only http"):
        await add_feed(store, fetcher, CH1, "javascript:alert(1)")
    assert [f.url for f in store.list_feeds()] == [server.url("/ok")]

    again = await add_feed(store, fetcher, CH2, server.url("/ok"))  # one row per URL
    assert again.id == feed.id and store.feed_channels(feed.id) == [CH1, CH2]

    store.save_feed(replace(store.feeds[feed.id], state=FeedState.DISABLED, failures=10))
    await add_feed(store, fetcher, CH1, server.url("/ok"))
    assert store.feeds[feed.id].state is FeedState.ACTIVE and store.feeds[feed.id].failures == 0


def test_status_lines() -> None:
    clock = FakeClock()
    feeds = [
        Feed(
            id=2,
            url="http://x.test/rss",
            title="X",
            state=FeedState.DISABLED,
            last_error="timeout after 30 s",
            failures=10,
            last_poll_at=clock.now - timedelta(minutes=3),
        ),
        Feed(
            id=1,
            url="http://y.test/rss",
            items_seen=42,
            last_poll_at=clock.now - timedelta(minutes=2),
            last_success_at=clock.now - timedelta(minutes=2),
            next_poll_at=clock.now + timedelta(minutes=8),
        ),
    ]
    lines = feed_status_lines(feeds, clock.now)
    assert lines[0].startswith("#1 http://y.test/rss · active · every 10 min")
    assert "last poll 2 min ago" in lines[0] and "items seen 42" in lines[0]
    assert "next poll in 8 min" in lines[0]
    assert lines[1].startswith("#2 X <http://x.test/rss> · DISABLED (timeout after 30 s)")
    assert "last success never" in lines[1]
    assert feed_status_lines([]) == ["No feeds yet. Add one with /feeds add <url>."]


class NewsAfterFetcher(ItemsFetcher):
    """Feed ``b`` answers only once the poller has said it has news (from feed ``a``)."""

    def __init__(self, clock: FakeClock, news: asyncio.Event) -> None:
        super().__init__(clock)
        self.news = news

    async def fetch(self, feed: Feed) -> FetchResult:
        if feed.url.endswith("/b"):
            await asyncio.wait_for(self.news.wait(), timeout=5)
        return await super().fetch(feed)


async def test_a_feed_s_alerts_are_announced_while_the_poll_goes_on() -> None:
    """``on_news`` fires when a feed's turn at the store put alerts in the outbox, before the
    other feeds of the poll are read (``run`` delivers them then); items that alert nobody, and
    a first poll's silent backlog, do not fire it."""
    clock, news = FakeClock(), asyncio.Event()
    store, inner = MemoryFeedStore(), RecordingIngest()
    for name in ("a", "b"):
        store.add_feed(f"http://example.com/{name}", channel=CH1)
    store.feeds = {i: replace(f, first_polled=True) for i, f in store.feeds.items()}
    calls: list[str] = []

    def ingest(article: Article, *, silent: bool = False) -> IngestResult:
        result = inner(article, silent=silent)
        alerts = 1 if article.title.startswith("a ") and not silent else 0
        return replace(result, deliveries=alerts)

    poller = Poller(store, NewsAfterFetcher(clock, news), ingest, clock=clock)

    def on_news() -> None:
        calls.append("news")
        news.set()

    poller.on_news = on_news
    stats = await poller.poll_due()  # b's fetch waits for a's news: it would time out without
    assert stats.new == 8 and calls == ["news"]  # one call for a's turn, none for b

    calls.clear()
    clock.advance(hours=1)
    quiet = Poller(store, ItemsFetcher(clock), inner, clock=clock)
    quiet.on_news = on_news
    await quiet.poll_due()  # duplicates, no alerts
    assert calls == []
