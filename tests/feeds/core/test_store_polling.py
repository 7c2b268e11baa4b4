"""The poller on the real store: several engines sharing PostgreSQL poll each feed once per
interval (SKIP LOCKED leases); on SQLite with the real service, an edited item is re-read and not
re-alerted."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy
from bot.feeds.polling import Poller, PollSettings, PollStats
from bot.ingest import Ingest
from bot.model import Article, Channel, ClaimKind, Event, EventKind
from bot.records import IngestResult, IngestStatus
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from tests.fakes.feeds import FeedServer, RecordingIngest, make_items, rss

CH = Channel(platform="console", workspace="local", channel="transfers")


def _engine_run(url: str, policy: AddressPolicy, seed: int, rounds: int) -> list[PollStats]:
    """One bot process' polling, on its own thread, event loop, engine and fetcher."""

    async def run() -> list[PollStats]:
        store = SqlStore(make_engine(url))
        out = []
        try:
            async with HttpFeedFetcher(policy, chat_policy=policy, total_timeout_s=10) as fetcher:
                poller = Poller(
                    store,
                    fetcher,
                    RecordingIngest(),
                    rng=random.Random(seed),
                    settings=PollSettings(batch=4, concurrency=4),
                )
                for _ in range(rounds):
                    out.append(await poller.poll_due())
                    await asyncio.sleep(0.01)
        finally:
            store.close()
        return out

    return asyncio.run(run())


@pytest.mark.postgres
async def test_three_engines_poll_each_feed_once_per_interval(
    server: FeedServer, policy: AddressPolicy, pg_url: str
) -> None:
    engine = make_engine(pg_url)
    migrate(engine)
    store = SqlStore(engine)
    for i in range(50):
        server.serve(f"/p{i}", rss(make_items(2, prefix=f"p{i}")), etag=f'"e{i}"')
        store.add_feed(server.url(f"/p{i}"), channel=CH)
    store.close()

    runs = await asyncio.gather(
        *(asyncio.to_thread(_engine_run, pg_url, policy, seed, 6) for seed in range(3))
    )

    polled = [sum(s.feeds for s in run) for run in runs]
    assert sum(polled) == 50, polled
    assert sorted(server.hits[f"/p{i}"] for i in range(50)) == [1] * 50
    assert sum(1 for n in polled if n) >= 2, polled  # the work was really shared

    check = SqlStore(make_engine(pg_url))
    try:
        feeds = check.list_feeds()
        assert len(feeds) == 50
        assert all(f.first_polled and f.items_seen == 2 and f.etag for f in feeds)
        now = datetime.now(UTC)
        assert all(f.next_poll_at is not None and f.next_poll_at > now for f in feeds)
        assert check.claim_due_feeds(now, limit=100, lease_s=60) == []  # nothing due
    finally:
        check.close()


async def test_edited_item_is_reread_and_not_realerted(
    server: FeedServer, fetcher: HttpFeedFetcher, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    store = SqlStore(engine)
    service = Service(store)
    service.follow(CH, "Trent Alexander-Arnold")
    ingestor = Ingest(store)
    now = datetime.now(UTC)
    backlog = [
        {
            "title": "Liverpool win again",
            "link": "http://example.com/old",
            "description": "Slot's side beat Spurs 6-3.",
        }
    ]
    server.serve("/live", rss(backlog))
    store.add_feed(server.url("/live"), channel=CH)
    reports: list[tuple[str, IngestStatus, tuple[Event, ...]]] = []

    def ingest(article: Article, *, silent: bool = False) -> IngestResult:
        result = ingestor.ingest(article, silent=silent)
        reports.append((article.key, result.status, result.events))
        return result

    poller = Poller(store, fetcher, ingest, clock=lambda: now)
    await poller.poll_due()  # first poll: recorded, silent

    story = {
        "title": "Real Madrid approach Liverpool for Trent Alexander-Arnold",
        "link": "http://example.com/trent?utm_source=rss",
        "description": "Real Madrid have approached Liverpool about signing Trent "
        "Alexander-Arnold, according to Fabrizio Romano.",
    }
    server.serve("/live", rss([story, *backlog]))
    now = now.replace(year=now.year + 1)  # long after the first poll: due
    await poller.poll_due()
    first = [r for r in reports if r[0] == "http://example.com/trent"]
    assert first and first[-1][1] is IngestStatus.NEW
    assert ClaimKind.APPROACH in {e.claim.kind for e in first[-1][2]}  # alerted once

    edited = {**story, "description": story["description"] + " Liverpool are not interested."}
    server.serve("/live", rss([edited, *backlog]))
    now = now.replace(year=now.year + 1)
    await poller.poll_due()
    last = [r for r in reports if r[0] == "http://example.com/trent"][-1]
    assert last[1] is IngestStatus.EDITED
    # the approach it already reported is not alerted again; only what the edit adds may be
    assert ClaimKind.APPROACH not in {e.claim.kind for e in last[2]}
    assert EventKind.NEW_SAGA not in {e.kind for e in last[2]}
    store.close()
