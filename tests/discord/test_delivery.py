"""Alerts end to end: a local feed publishes a claim about a followed player → poll → claims →
outbox → ``POST /channels/{id}/messages`` on the fake Discord, through the real client. A row
is sent once, only after Discord accepted it; rate limits wait; a gone channel is not retried."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from aiohttp import web

from adapters import cli
from adapters.scheduler import Jobs
from bot.delivery import Delivery
from bot.feeds.polling import Poller
from bot.ingest import Ingest
from bot.model import Feed
from tests.discord.conftest import Bot
from tests.fakes.discord import (
    CHANNEL_ID,
    FakeDiscord,
    interaction,
    option,
    rate_limited,
    refused,
)

PLAYER = "Marco Rinaldi"  # nobody knows him: `/follow … --new` creates him
APPROACH = (
    "Atalanta approach Torino for Marco Rinaldi",
    "Atalanta have made an approach to Torino about signing Marco Rinaldi, according to "
    "Fabrizio Romano.",
)
REPEAT = (  # the same approach in other words: a rehash, no alert
    "Rinaldi: Atalanta move",
    "Atalanta made an approach to Torino for Marco Rinaldi this week, says Fabrizio Romano.",
)
BID = (
    "Atalanta bid for Rinaldi",
    "Atalanta have submitted a bid of €30m for Marco Rinaldi, Fabrizio Romano reports.",
)


@dataclass
class FeedSite:
    """One RSS feed on 127.0.0.1 whose items the test publishes."""

    title: str = "Calcio Daily"
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, title, body)
    url: str = ""

    def publish(self, story: tuple[str, str]) -> None:
        self.items.append((f"story-{len(self.items)}", *story))

    async def handle(self, request: web.Request) -> web.Response:
        when = format_datetime(datetime.now(UTC), usegmt=True)
        entries = "".join(
            f"<item><guid>http://127.0.0.1/{guid}</guid><link>https://news.example/{guid}</link>"
            f"<title>{title}</title><description>{body}</description><pubDate>{when}</pubDate></item>"
            for guid, title, body in self.items
        )
        xml = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{self.title}</title><link>https://news.example/</link>"
            f"<language>en</language>{entries}</channel></rss>"
        )
        return web.Response(body=xml.encode(), content_type="application/rss+xml")


@dataclass
class Pipeline:
    bot: Bot
    fake: FakeDiscord
    site: FeedSite
    feed: Feed
    poller: Poller
    jobs: Jobs
    offset: list[timedelta]  # the outbox's clock runs this far ahead of the wall clock

    async def poll(self) -> None:
        feed = self.bot.store.get_feed(self.feed.id)
        assert feed is not None
        await self.poller.poll_feed(feed)

    async def deliver(self) -> int:
        return await self.jobs.deliver_due()

    def later(self, seconds: float) -> None:
        self.offset[0] += timedelta(seconds=seconds)


async def _site(site: FeedSite) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/feed.xml", site.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/feed.xml"
    finally:
        await runner.cleanup()


@pytest.fixture
async def pipeline(bot: Bot, fake: FakeDiscord) -> AsyncIterator[Pipeline]:
    site = FeedSite()
    async for url in _site(site):
        site.url = url
        feed = await bot.service.add_feed(None, url)  # the operator's feed (FEED_ALLOW_HOSTS)
        senders = {"discord": bot.adapter.sender}
        store = bot.store
        poller = cli.make_poller(store, Ingest(store), bot.fetcher, bot.settings, senders)
        offset = [timedelta(0)]

        def clock(ahead: list[timedelta] = offset) -> datetime:
            return datetime.now(UTC) + ahead[0]

        outbox = Delivery(store, clock=clock)
        jobs = Jobs(deliverer=outbox, senders=senders, poller=poller)
        line = Pipeline(bot, fake, site, feed, poller, jobs, offset)
        await line.poll()  # a feed's first poll is silent
        answer = await fake.interact(interaction("follow", option("player", f"{PLAYER} --new")))
        assert "Now following" in answer.data["content"]
        yield line


def _embed(post: Any) -> dict[str, Any]:
    [embed] = post.body["embeds"]
    return embed  # type: ignore[no-any-return]


async def test_a_new_claim_posts_one_embed_and_a_rehash_posts_nothing(pipeline: Pipeline) -> None:
    fake = pipeline.fake
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    [post] = fake.posts_to(CHANNEL_ID)
    assert post.body["allowed_mentions"] == {"parse": []}
    assert post.headers["Authorization"].startswith("Bot ")
    embed = _embed(post)
    assert embed["author"]["name"] == PLAYER
    assert embed["title"] == "Atalanta approach Torino for Marco Rinaldi"
    assert embed["url"] == "https://news.example/story-0"
    assert "**NEW SAGA**" in embed["description"]
    assert "Fabrizio Romano · tier 1" in embed["description"]
    assert embed["footer"]["text"] == "via Calcio Daily"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Saga stage"] == "approach"
    assert "timestamp" in embed

    pipeline.site.publish(REPEAT)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    assert len(fake.posts_to(CHANNEL_ID)) == 1

    pipeline.site.publish(BID)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    second = _embed(fake.posts_to(CHANNEL_ID)[1])
    assert "STAGE: approach → bid" in second["description"]
    assert "NEW FEE" in second["description"]
    assert await pipeline.deliver() == 0  # sent rows are never sent again


async def test_hostile_feed_text_pings_nobody(pipeline: Pipeline) -> None:
    store = pipeline.bot.store
    pipeline.site.title = "@everyone <@&740000000000000005> [free](https://evil.example) **news**"
    hostile = await pipeline.bot.service.add_feed(None, pipeline.site.url + "?edition=2")
    assert hostile.title == pipeline.site.title  # the outlet's name is the feed's own title
    await pipeline.poller.poll_feed(hostile)  # its first poll: silent
    pipeline.site.publish(APPROACH)
    again = store.get_feed(hostile.id)
    assert again is not None
    await pipeline.poller.poll_feed(again)
    assert await pipeline.deliver() == 1
    [post] = pipeline.fake.posts_to(CHANNEL_ID)
    assert post.body["allowed_mentions"] == {"parse": []}
    assert not post.body.get("content")
    embed = _embed(post)
    outlet = {f["name"]: f["value"] for f in embed["fields"]}["Outlet"]
    assert "@everyone" not in outlet and "@\u200beveryone" in outlet
    assert "<@&" not in outlet and "[free](" not in outlet and "**news**" not in outlet
    assert "\\[free\\]" in outlet  # shown as typed, inert
    # the footer is never rendered as markdown and cannot ping: the name as the feed wrote it
    assert embed["footer"]["text"] == f"via {pipeline.site.title}"


async def test_a_429_with_via_is_waited_out_and_sent_once(pipeline: Pipeline) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, rate_limited(0.3))
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    started = time.monotonic()
    assert await pipeline.deliver() == 1
    assert time.monotonic() - started >= 0.3  # discord.py slept retry_after, then sent again
    assert len(fake.refusals) == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1
    pipeline.later(3600)
    assert await pipeline.deliver() == 0


async def test_a_long_rate_limit_is_retried_by_the_outbox_after_retry_after(
    pipeline: Pipeline,
) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, rate_limited(45.0))  # longer than the client sleeps through
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    assert len(fake.refusals) == 1 and fake.posts_to(CHANNEL_ID) == []
    pipeline.later(40)
    assert await pipeline.deliver() == 0  # not before retry_after
    assert len(fake.requests_to(CHANNEL_ID)) == 1
    pipeline.later(6)
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1


async def test_a_429_without_via_is_a_transient_failure(pipeline: Pipeline) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, rate_limited(0.1, via=False))  # Cloudflare: discord.py raises
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    pipeline.later(31)  # the outbox's first backoff
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(refused(403, 50001, "Missing Access"), id="403-missing-access"),
        pytest.param(refused(403, 50013, "Missing Permissions"), id="403-missing-permissions"),
        pytest.param(refused(404, 10003, "Unknown Channel"), id="404-unknown-channel"),
    ],
)
async def test_a_channel_gone_or_closed_is_not_retried(
    pipeline: Pipeline, answer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, answer, answer, answer)
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    for hours in (1, 24, 24 * 7):
        pipeline.later(hours * 3600)
        assert await pipeline.deliver() == 0
    assert len(fake.requests_to(CHANNEL_ID)) == 1  # one try, never again
    assert "giving up on alert" in caplog.text


async def test_op7_reconnect_loses_and_repeats_nothing(pipeline: Pipeline) -> None:
    fake = pipeline.fake
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    await fake.reconnect()
    assert await pipeline.deliver() == 1  # REST does not wait for the gateway
    await fake.wait_for(lambda: fake.resumes == 1)
    assert fake.identifies == 1  # resumed, not a new session
    answer = await fake.interact(interaction("following"))  # the gateway works again
    assert answer.data["content"] == f"Following: {PLAYER}"
    pipeline.site.publish(BID)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    await asyncio.sleep(0)
    assert len(fake.posts_to(CHANNEL_ID)) == 2
