"""Hostile items on the real store, SQLite and PostgreSQL: a NUL (which PostgreSQL refuses in
text), control characters and an over-long outlet are stored clean and the rest of the feed is
judged; an item that still cannot be stored is the feed's ``item_error`` and the poll counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.feeds.fetcher import HttpFeedFetcher
from bot.feeds.feedops import feed_status_lines
from bot.feeds.polling import Poller
from bot.ingest import Ingest, IngestReport
from bot.model import Article, Channel, Feed
from bot.records import FeedItem, FetchResult
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from storage.models import ArticleRow, EvidenceRow
from tests.fakes import hostile_feeds as hostile
from tests.fakes.feeds import FeedServer

CH = Channel(platform="console", workspace="local", channel="transfers")
NOW = datetime(2025, 1, 6, 12, tzinfo=UTC)
STORY = (
    "Real Madrid have approached Liverpool about signing Trent Alexander-Arnold, "
    "according to Fabrizio Romano."
)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bot.db'}"
    else:
        url = request.getfixturevalue("pg_url")  # skips, or fails with CI=true, without a server
    engine = make_engine(url)
    migrate(engine)
    s = SqlStore(engine)
    Service(s).follow(CH, "Trent Alexander-Arnold")
    yield s
    s.close()
    engine.dispose()


class ItemsFetcher:
    """Hands the poller these items as they are: the storage boundary is what is under test."""

    def __init__(self, items: list[FeedItem], title: str = "Hostile") -> None:
        self.items, self.title = items, title

    async def fetch(self, feed: Feed) -> FetchResult:
        return FetchResult(items=tuple(self.items), title=self.title, etag='"v1"')


def _item(i: int, title: str, summary: str = STORY, guid: str | None = None) -> FeedItem:
    return FeedItem(
        guid=guid or f"http://example.com/s/{i}",
        link=f"http://example.com/s/{i}",
        title=title,
        summary=summary,
        published=NOW - timedelta(minutes=i),
    )


def _polled_before(store: SqlStore, url: str, title: str | None = None) -> Feed:
    feed = store.add_feed(url, channel=CH)
    store.save_feed(Feed(id=feed.id, url=url, title=title, first_polled=True))  # polls alert
    return feed


async def test_nul_and_control_characters_are_stored_clean(store: SqlStore) -> None:
    items = [
        _item(0, "Trent Alexander-Arnold: Real Madrid make their move"),
        _item(
            1,
            "Real\x00 Madrid \x1b[31mapproach\x07 Liverpool",
            STORY.replace("signing", "sign\x00ing"),
            guid="g\x00nul",
        ),
        _item(2, "Liverpool say Trent Alexander-Arnold is not for sale", "Liverpool say no."),
    ]
    outlet = "O" * 300  # the feed's title is the outlet: longer than its column on PostgreSQL
    feed = _polled_before(store, "http://example.com/hostile.xml", outlet)
    stats = await Poller(
        store, ItemsFetcher(items, outlet), Ingest(store).ingest, clock=lambda: NOW
    ).poll_due()

    assert (stats.items, stats.ingest_errors, stats.new) == (3, 0, 3)
    assert stats.events >= 1  # the rest of the feed was judged (and the NUL item with it)
    saved = store.get_feed(feed.id)
    assert saved is not None and saved.item_error is None and saved.last_error is None
    with store.engine.connect() as conn:
        titles = set(conn.execute(select(ArticleRow.title)).scalars())
        keys = set(conn.execute(select(ArticleRow.key)).scalars())
        sentences = list(conn.execute(select(EvidenceRow.sentence)).scalars())
        outlets = set(conn.execute(select(EvidenceRow.outlet)).scalars())
    assert "Real Madrid [31mapproach Liverpool" in titles
    assert all("\x00" not in k for k in keys) and any(k.endswith("gnul") for k in keys)
    assert sentences and all("\x00" not in s and "\x1b" not in s for s in sentences)
    assert outlets == {"O" * 200}


async def test_nul_references_over_http_end_to_end(
    store: SqlStore, server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    server.serve("/nul", hostile.nul_items())
    feed = _polled_before(store, server.url("/nul"))
    stats = await Poller(store, fetcher, Ingest(store).ingest, clock=lambda: NOW).poll_due()
    assert (stats.items, stats.ingest_errors) == (5, 0)
    saved = store.get_feed(feed.id)
    assert saved is not None and saved.first_polled and saved.etag is None and saved.body_hash


class FailingOne:
    """Ingest that fails on one article as a store would (the rest go to the real store)."""

    def __init__(self, ingest: Ingest, key: str) -> None:
        self.inner, self.key = ingest, key
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, article: Article, *, silent: bool = False) -> IngestReport:
        self.calls.append((article.key, silent))
        if article.key == self.key:
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return self.inner.ingest(article, silent=silent)


async def test_an_item_that_cannot_be_stored_is_the_feeds_item_error(store: SqlStore) -> None:
    items = [
        _item(0, "Trent Alexander-Arnold: Real Madrid make their move"),
        _item(1, "Broken item"),
        _item(
            2,
            "Liverpool reject Real Madrid approach for Trent Alexander-Arnold",
            "Liverpool reject it.",
        ),
    ]
    feed = store.add_feed("http://example.com/first.xml", channel=CH)  # never polled
    ingest = FailingOne(Ingest(store), "http://example.com/s/1")
    poller = Poller(store, ItemsFetcher(items), ingest, clock=lambda: NOW)
    stats = await poller.poll_due()
    assert (stats.new, stats.ingest_errors) == (2, 1)
    saved = store.get_feed(feed.id)
    assert saved is not None
    assert saved.first_polled and saved.etag == '"v1"'  # the first poll counts
    assert saved.item_error == (
        "1 item failed: 'Broken item': "
        "ValueError: A string literal cannot contain NUL (0x00) characters."
    )
    assert "1 item failed: 'Broken item'" in feed_status_lines([saved], NOW)[0]

    # the next poll is loud: the failed item, ingested now, is judged like any new one
    ingest.key, ingest.calls = "", []
    fresh = _item(3, "Real Madrid approach for Trent Alexander-Arnold confirmed")
    poller.fetcher = ItemsFetcher([fresh, *items])
    later = NOW + timedelta(hours=1)
    poller.clock = lambda: later
    stats = await poller.poll_due()
    assert (stats.new, stats.duplicate, stats.ingest_errors) == (2, 2, 0)
    again = store.get_feed(feed.id)
    assert again is not None and again.item_error is None
    assert ("http://example.com/s/1", False) in ingest.calls  # judged, not recorded silently
