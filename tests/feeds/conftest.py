"""Fixtures of the feed tests: a local aiohttp feed server, an in-memory FeedStore, a recording
ingest, and feed bodies built on the fly."""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import web
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.feeds import HttpFeedFetcher
from adapters.parsepool import ParsePool
from adapters.ssrf import AddressPolicy
from bot.model import Article, Channel, Feed, FeedState
from bot.ports import IngestResult, IngestStatus

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# --------------------------------------------------------------------------- feed bodies


def rss(items: list[dict[str, str]], *, title: str = "Test Sport") -> bytes:
    parts = []
    for it in items:
        fields = "".join(
            f"<{k}>{v}</{k}>"
            for k, v in it.items()
            if k in ("title", "link", "guid", "description")
        )
        if "date" in it:
            fields += f"<pubDate>{it['date']}</pubDate>"
        parts.append(f"<item>{fields}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.com/</link><language>en-gb</language>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


def rfc822(at: datetime) -> str:
    return format_datetime(at.astimezone(UTC), usegmt=True)


def make_items(
    n: int, *, prefix: str = "story", at: datetime | None = None
) -> list[dict[str, str]]:
    at = at or datetime.now(UTC)
    return [
        {
            "title": f"{prefix} {i}: Real Madrid approach Liverpool",
            "link": f"http://example.com/{prefix}/{i}?utm_source=rss",
            "guid": f"http://example.com/{prefix}/{i}",
            "description": f"Body of {prefix} {i}.",
            "date": rfc822(at - timedelta(minutes=i)),
        }
        for i in range(n)
    ]


# --------------------------------------------------------------------------- the local server


@dataclass
class FeedServer:
    """An aiohttp server on 127.0.0.1 whose routes tests set; it counts what it is asked."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def serve(self, path: str, body: bytes, *, etag: str | None = None, **headers: str) -> None:
        """Serve ``body`` at ``path`` with ETag/304 support."""

        async def handler(request: web.Request) -> web.StreamResponse:
            if etag is not None and request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag, **headers})
            extra = {"ETag": etag} if etag else {}
            return web.Response(
                body=body, content_type="application/rss+xml", headers={**extra, **headers}
            )

        self.routes[path] = handler

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] += 1
        self.requests.append((request.path, dict(request.headers)))
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404)
        return await handler(request)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    fs = FeedServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fs.dispatch)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fs.base = f"http://{host}:{port}"
    try:
        yield fs
    finally:
        fs.release.set()
        await runner.cleanup()


@pytest.fixture
def policy() -> AddressPolicy:
    return AddressPolicy.from_setting("127.0.0.1,localhost")


@pytest.fixture(scope="session")
def parse_pool() -> Iterator[ParsePool]:
    """One pool of parser processes for the session (a worker takes ~0.3 s to start), with a
    time limit generous enough for a 10,000-item feed on a busy machine."""
    pool = ParsePool(timeout_s=45)
    yield pool
    pool.close()


@pytest.fixture
async def fetcher(policy: AddressPolicy, parse_pool: ParsePool) -> AsyncIterator[HttpFeedFetcher]:
    """Trusts the local server for every feed (the chat/operator split is in test_ssrf*)."""
    async with HttpFeedFetcher(
        policy, chat_policy=policy, total_timeout_s=5, connect_timeout_s=2, parser=parse_pool
    ) as f:
        yield f


PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped after; skip (FAIL when CI=true) when
    no server answers."""
    admin_url = make_url(PG_URL).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"tb_feeds_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required when CI=true: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_URL}: {type(exc).__name__}")
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --------------------------------------------------------------------------- fakes


class MemoryFeedStore:
    """The FeedStore protocol in memory (single process), leases included."""

    def __init__(self) -> None:
        self.feeds: dict[int, Feed] = {}
        self.links: dict[int, list[Channel]] = {}
        self.saves: list[Feed] = []
        self._ids = itertools.count(1)

    def add_feed(
        self, url: str, *, channel: Channel | None, title: str | None = None, interval_s: int = 600
    ) -> Feed:
        feed = self.find_feed(url)
        if feed is None:
            feed = Feed(id=next(self._ids), url=url, title=title, interval_s=interval_s)
            self.feeds[feed.id] = feed
            self.links[feed.id] = []
        if channel is None:  # the operator's feed, as the real store pins it
            self.feeds[feed.id] = replace(self.feeds[feed.id], operator=True)
        if channel is not None and channel not in self.links[feed.id]:
            self.links[feed.id].append(channel)
        return self.feeds[feed.id]

    def remove_feed(self, feed_id: int, *, channel: Channel | None) -> bool:
        if feed_id not in self.feeds:
            return False
        if channel in self.links[feed_id]:
            self.links[feed_id].remove(channel)
        if not self.links[feed_id]:
            del self.feeds[feed_id], self.links[feed_id]
        return True

    def list_feeds(self, channel: Channel | None = None) -> list[Feed]:
        return [f for f in self.feeds.values() if channel is None or channel in self.links[f.id]]

    def get_feed(self, feed_id: int) -> Feed | None:
        return self.feeds.get(feed_id)

    def find_feed(self, url: str) -> Feed | None:
        return next((f for f in self.feeds.values() if f.url == url), None)

    def feed_channels(self, feed_id: int) -> list[Channel]:
        return list(self.links.get(feed_id, []))

    def claim_due_feeds(self, now: datetime, *, limit: int, lease_s: int) -> list[Feed]:
        due = [
            f
            for f in self.feeds.values()
            if f.state is not FeedState.DISABLED
            and (f.next_poll_at is None or f.next_poll_at <= now)
        ][:limit]
        for f in due:
            self.feeds[f.id] = replace(f, next_poll_at=now + timedelta(seconds=lease_s))
        return due

    def save_feed(self, feed: Feed) -> None:
        self.saves.append(feed)
        self.feeds[feed.id] = feed


@dataclass
class RecordingIngest:
    """Stands in for ``Service.ingest``: records calls, dedups by key, edits by content."""

    calls: list[tuple[Article, bool]] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    fail_on: set[str] = field(default_factory=set)

    def __call__(self, article: Article, *, silent: bool = False) -> IngestResult:
        if article.key in self.fail_on:
            raise RuntimeError("store down")
        self.calls.append((article, silent))
        content = f"{article.title}\x1f{article.summary}\x1f{article.content}"
        before = self.seen.get(article.key)
        self.seen[article.key] = content
        if before is None:
            return IngestResult(status=IngestStatus.NEW)
        if before != content:
            return IngestResult(status=IngestStatus.EDITED)
        return IngestResult(status=IngestStatus.DUPLICATE)

    def alerted(self) -> list[str]:
        """Keys of articles ingested loud (could alert)."""
        return [a.key for a, silent in self.calls if not silent]


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2025, 1, 6, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)
