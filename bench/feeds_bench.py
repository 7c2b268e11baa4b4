"""Feed engine throughput: items/s parsed (feedparser in this process) and the wall time to poll
1,000 feeds, half answering 304, from an aiohttp server on loopback through the real fetcher and
poller (in-memory feed store, no-op ingest, so the figure is the engine's own cost)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import resource
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

from adapters.feeds.fetcher import HttpFeedFetcher, parse_feed
from adapters.feeds.ssrf import AddressPolicy
from bot.errors import FeedNotAFeedError
from bot.feeds.polling import Poller, PollSettings, PollStats
from bot.model import Article
from bot.records import IngestResult, IngestStatus
from storage import SqlStore, make_engine, migrate

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "feedparser_corpus"
FEEDS = 1000
RUNS = 3
CONCURRENCY = 50
ITEMS_PER_FEED = 20


def _feed_body(n: int, tag: str) -> bytes:
    now = datetime(2025, 1, 6, 12, tzinfo=UTC)
    items = "".join(
        f"<item><title>{tag} {i}: Real Madrid make &lt;b&gt;approach&lt;/b&gt; for defender</title>"
        f"<link>https://news.example/{tag}/{i}?utm_source=rss</link>"
        f"<guid>https://news.example/{tag}/{i}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=i), usegmt=True)}</pubDate>"
        "<description>&lt;p&gt;Real Madrid have approached Liverpool about the England "
        "international, according to reports, with the club ready to pay just over £20m in "
        "January. Liverpool insist the player is not for sale.&lt;/p&gt;</description></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench {tag}</title><link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


def bench_parse() -> list[tuple[str, str]]:
    body = _feed_body(200, "p")
    parse_feed(body)
    rounds = 10
    started = time.perf_counter()
    for _ in range(rounds):
        _, items, _ = parse_feed(body)
    elapsed = time.perf_counter() - started
    rows = [
        (
            "parse: RSS 2.0, 200 items, HTML summaries",
            f"{rounds * len(items) / elapsed:,.0f} items/s",
        )
    ]
    files = sorted(CORPUS.rglob("*.xml"))
    if files:
        started = time.perf_counter()
        n = 0
        for path in files:
            with contextlib.suppress(FeedNotAFeedError):  # a refusal counts as parsed
                n += len(parse_feed(path.read_bytes())[1])
        elapsed = time.perf_counter() - started
        rows.append(
            (
                f"parse: feedparser corpus ({len(files)} files)",
                f"{len(files) / elapsed:,.0f} files/s",
            )
        )
    return rows


class LoopLag:
    """How late the event loop wakes a coroutine that sleeps 10 ms at a time: what a Discord
    heartbeat or a Slack ack waiting on the same loop would suffer."""

    TICK = 0.010

    def __init__(self) -> None:
        self.samples: list[float] = []

    async def watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.TICK)
            self.samples.append(max(0.0, loop.time() - before - self.TICK))

    @property
    def worst(self) -> float:
        return max(self.samples, default=0.0)

    def p99(self) -> float:
        ordered = sorted(self.samples)
        return ordered[int(len(ordered) * 0.99)] if ordered else 0.0


def _noop_ingest(article: Article, *, silent: bool = False) -> IngestResult:
    return IngestResult(status=IngestStatus.NEW)


async def bench_poll() -> list[tuple[str, str]]:
    hits = itertools.count()
    bodies = {i: _feed_body(ITEMS_PER_FEED, f"f{i}") for i in range(FEEDS)}

    async def handler(request: web.Request) -> web.Response:
        next(hits)
        i = int(request.match_info["i"])
        etag = f'"v{i}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=bodies[i], content_type="application/rss+xml", headers={"ETag": etag}
        )

    app = web.Application()
    app.router.add_get("/feed/{i}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        runs = [await _poll_once(f"http://{host}:{port}/feed") for _ in range(RUNS)]
    finally:
        await runner.cleanup()
    walls = sorted(r.wall for r in runs)
    lags = sorted(r.lag.worst for r in runs)
    stats = runs[0].stats
    return [
        (
            f"poll {FEEDS} feeds on loopback, SQLite store (half 304, "
            f"{ITEMS_PER_FEED} items each, {CONCURRENCY} at once), best/median of {RUNS}",
            f"{walls[0]:.2f} / {walls[len(walls) // 2]:.2f} s wall (goal: ≤ 3 s), "
            f"{stats.feeds / walls[0]:,.0f} feeds/s",
        ),
        (
            "  … of which",
            f"{stats.not_modified} not modified, {stats.changed} parsed, "
            f"{stats.items} items, {stats.failed} failed, {next(hits) // RUNS} requests",
        ),
        (
            "  CPU: the poller's process / its parse workers (best)",
            f"{min(r.cpu for r in runs):.2f} / {min(r.workers_cpu for r in runs):.2f} s "
            f"(2 cores: the wall cannot be under half their sum)",
        ),
        (
            "  event loop lag during the poll (10 ms ticks), best/worst run",
            f"max {lags[0] * 1000:.0f} / {lags[-1] * 1000:.0f} ms (goal: ≤ 100 ms), "
            f"p99 {max(r.lag.p99() for r in runs) * 1000:.0f} ms",
        ),
    ]


@dataclass(frozen=True, slots=True)
class _Run:
    wall: float
    cpu: float  # this process, every thread
    workers_cpu: float  # the parse workers (reaped when the fetcher closes)
    lag: LoopLag
    stats: PollStats


async def _poll_once(base: str) -> _Run:
    """One poll of every feed, on a fresh store and a fresh fetcher (its parse workers too)."""
    engine = make_engine("sqlite://")  # the real store: its leases are part of the cost
    migrate(engine)
    store = SqlStore(engine)
    for i in range(FEEDS):
        feed = store.add_feed(f"{base}/{i}", channel=None)
        odd = i % 2  # odd feeds answer 304
        store.save_feed(replace(feed, etag=f'"v{i}"' if odd else None, first_polled=True))
    settings = PollSettings(batch=200, concurrency=CONCURRENCY, per_host=CONCURRENCY)
    policy = AddressPolicy.from_setting("127.0.0.1")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    async with HttpFeedFetcher(policy, per_host=CONCURRENCY, max_connections=CONCURRENCY) as f:
        poller = Poller(store, f, _noop_ingest, settings=settings, rng=random.Random(1))
        lag = LoopLag()
        watcher = asyncio.create_task(lag.watch())
        cpu, started = time.process_time(), time.perf_counter()
        stats = await poller.poll_due()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        watcher.cancel()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    engine.dispose()
    return _Run(wall=elapsed, cpu=cpu, workers_cpu=workers, lag=lag, stats=stats)


def main() -> None:
    rows = bench_parse() + asyncio.run(bench_poll())
    width = max(len(k) for k, _ in rows)
    print(f"{'feeds benchmark'.ljust(width)}  result")
    print(f"{'-' * width}  {'-' * 30}")
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
