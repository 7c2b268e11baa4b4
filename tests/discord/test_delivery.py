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
from sqlalchemy import select

from adapters import cli
from adapters.scheduler import Jobs
from bot.delivery import Delivery
from bot.feeds.polling import Poller
from bot.ingest import Ingest
from bot.model import Channel, Feed
from storage.models import DeliveryRow
from tests.discord.conftest import Bot
from tests.fakes.discord import (
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MEMBER,
    SYSTEM_CHANNEL_ID,
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
AGREEMENT = (  # the same saga, one stage on
    "Rinaldi agrees terms with Atalanta",
    "Marco Rinaldi has agreed personal terms with Atalanta, according to Fabrizio Romano.",
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
    pipeline.later(37)  # the outbox's first backoff, at its longest (30 s + 20% jitter)
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
async def test_a_channel_gone_or_closed_is_broken_told_once_and_not_retried(
    pipeline: Pipeline, answer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, answer)  # the posts after it are accepted: the channel is fixed
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    for hours in (1, 24, 24 * 7):
        pipeline.later(hours * 3600)
        assert await pipeline.deliver() == 0
    pipeline.site.publish(BID)  # news for a broken channel: not even tried
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    assert len(fake.requests_to(CHANNEL_ID)) == 1  # one try, never again
    assert "marked broken" in caplog.text
    # the server's admins are told once, in its system channel, pinging nobody
    [notice] = fake.posts_to(SYSTEM_CHANNEL_ID)
    assert f"can no longer post in <#{CHANNEL_ID}>" in notice.body["content"]
    assert str(answer.body["code"]) in notice.body["content"]
    assert notice.body["allowed_mentions"] == {"parse": []}
    # /following and /settings say so; a follow here resumes the channel
    listed = await fake.interact(interaction("following"))
    assert "Alerts to this channel are stopped" in listed.data["content"] and listed.ephemeral
    shown = await fake.interact(interaction("settings", permissions=MEMBER | MANAGE_GUILD))
    [embed] = shown.data["embeds"]
    assert "Alerts to this channel are stopped" in embed["description"]
    await fake.interact(interaction("follow", option("player", PLAYER)))
    pipeline.site.publish(AGREEMENT)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1
    assert len(fake.posts_to(SYSTEM_CHANNEL_ID)) == 1


async def test_a_refused_message_is_not_retried_but_the_channel_is_not_broken(
    pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, refused(400, 50035, "Invalid Form Body"))
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    pipeline.later(3600)
    assert await pipeline.deliver() == 0
    assert "giving up on alert" in caplog.text
    [notice] = fake.posts_to(SYSTEM_CHANNEL_ID)  # the admins are told of the one alert given up
    assert f"could not deliver an alert to <#{CHANNEL_ID}> ({PLAYER})" in notice.body["content"]
    assert "other alerts go on" in notice.body["content"]
    pipeline.site.publish(BID)  # the next alert is tried, and sent
    await pipeline.poll()
    assert await pipeline.deliver() == 1


def _message_ids(pipeline: Pipeline) -> list[str | None]:
    with pipeline.bot.store.engine.connect() as conn:
        rows = conn.execute(select(DeliveryRow.message_id).where(DeliveryRow.status == "sent"))
        return [row[0] for row in rows]


async def test_a_sent_alert_keeps_the_discord_message_id(pipeline: Pipeline) -> None:
    fake = pipeline.fake
    fake.script(CHANNEL_ID, rate_limited(45.0))
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0
    assert _message_ids(pipeline) == []  # refused: nothing marked sent
    pipeline.later(46)
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1
    [message_id] = [m for m, where in fake.message_ids.items() if where == str(CHANNEL_ID)]
    assert _message_ids(pipeline) == [message_id]


async def test_with_threads_on_a_new_claim_on_the_same_saga_goes_to_its_thread(
    pipeline: Pipeline,
) -> None:
    fake = pipeline.fake
    on = await fake.interact(
        interaction("settings", option("threads", "on"), permissions=MEMBER | MANAGE_GUILD)
    )
    assert on.ephemeral and on.data["embeds"][0]["title"] == "Set threads"
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1
    [root] = [m for m, where in fake.message_ids.items() if where == str(CHANNEL_ID)]
    assert fake.threads == {}  # the first alert of a saga: in the channel

    pipeline.site.publish(BID)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1  # not in the channel ...
    [thread] = fake.threads.values()  # ... but in a public thread started on the first alert
    assert thread["id"] == root and thread["parent_id"] == str(CHANNEL_ID)
    assert thread["name"] == f"{PLAYER} · Atalanta"
    [in_thread] = fake.posts_to(int(root))
    assert "STAGE: approach → bid" in _embed(in_thread)["description"]
    assert in_thread.body["allowed_mentions"] == {"parse": []}

    pipeline.site.publish(AGREEMENT)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert len(fake.posts_to(int(root))) == 2  # the same thread, not started again
    starts = [r for r in fake.requests if r.path.endswith("/threads")]
    assert len(starts) == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 1
    assert len(set(_message_ids(pipeline))) == 3


async def test_a_deleted_first_alert_sends_the_next_to_the_channel_and_threads_under_it(
    pipeline: Pipeline,
) -> None:
    fake = pipeline.fake
    await fake.interact(
        interaction("settings", option("threads", "on"), permissions=MEMBER | MANAGE_GUILD)
    )
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    fake.message_ids.clear()  # someone deleted the alert: Discord answers Unknown Message
    pipeline.site.publish(BID)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert fake.threads == {} and len(fake.posts_to(CHANNEL_ID)) == 2
    [second] = fake.message_ids  # the alert posted in its place is the saga's first now
    pipeline.site.publish(AGREEMENT)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    assert list(fake.threads) == [second] and len(fake.posts_to(int(second))) == 1


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


async def test_without_the_thread_permissions_threaded_alerts_go_to_the_channel(
    pipeline: Pipeline,
) -> None:
    fake = pipeline.fake
    fake.threads_allowed = False
    await fake.interact(
        interaction("settings", option("threads", "on"), permissions=MEMBER | MANAGE_GUILD)
    )
    for story in (APPROACH, BID, AGREEMENT):
        pipeline.site.publish(story)
        await pipeline.poll()
        assert await pipeline.deliver() == 1
    assert len(fake.posts_to(CHANNEL_ID)) == 3  # every alert delivered, in the channel
    assert fake.threads == {} and fake.posts_to(SYSTEM_CHANNEL_ID) == []  # not broken


@pytest.mark.parametrize(
    ("guild", "channel"),
    [
        pytest.param(720000000000000099, 730000000000000077, id="server-not-cached-unknown"),
        pytest.param(GUILD_ID, SYSTEM_CHANNEL_ID, id="the-system-channel-itself"),
    ],
)
async def test_with_no_other_system_channel_the_refusal_is_only_logged(
    bot: Bot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture, guild: int, channel: int
) -> None:
    refused_here = Channel(platform="discord", workspace=str(guild), channel=str(channel))
    await bot.adapter.sender.tell_admins(refused_here, "Discord 403 (code 50001)")
    assert fake.posts == []
    assert "has no other system channel to tell" in caplog.text
    if guild != GUILD_ID:  # not in the client's cache: Discord was asked
        assert any(r.path == f"guilds/{guild}" for r in fake.requests)
