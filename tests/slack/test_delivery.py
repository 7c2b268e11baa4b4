"""Alerts to Slack end to end: a local feed server → poll → claims → outbox → the Slack sender's
``chat.postMessage`` on the fake, with the jobs ``transferbot run`` schedules (called directly);
and what the outbox does with Slack's refusals (``ratelimited`` after ``Retry-After``, a channel
that is gone never retried)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
from sqlalchemy import select

from adapters import cli
from adapters.scheduler import Jobs
from bot.delivery import Delivery
from bot.ingest import Ingest
from storage.models import DeliveryRow
from tests.fakes.slack import (
    ADMIN,
    ADMIN_GROUP_HANDLE,
    FAN,
    FANS,
    GROUPIE,
    OWNER,
    FakeSlack,
    block_kit_problem,
    command_fields,
)
from tests.fakes.slack import post_command as post
from tests.slack.conftest import Bot, BotFactory, FeedServer

PLAYER = "Jude Bellingham"
# Our own sentences: an approach, the same approach retold by another outlet, then a bid.
APPROACH = (
    "Arsenal approach Real Madrid for Bellingham",
    "Arsenal have made an approach to Real Madrid for Jude Bellingham, according to Fabrizio "
    "Romano. <!channel> & <@U0FAN> see <#C0FANS>",
)
RETOLD = (
    "Arsenal contact Real Madrid over Bellingham",
    "Arsenal made contact with Real Madrid about Jude Bellingham, Fabrizio Romano reports.",
)
AGREEMENT = (  # the same saga, one stage on
    "Bellingham agrees terms with Arsenal",
    "Jude Bellingham has agreed personal terms with Arsenal, according to Fabrizio Romano.",
)
BID = (
    "Arsenal bid for Bellingham",
    "Arsenal have submitted a bid of £90m to Real Madrid for Jude Bellingham, according to "
    "Fabrizio Romano.",
)


def rss(*stories: tuple[str, str], title: str = "Sky Sports") -> bytes:
    at = datetime.now(UTC)
    items = "".join(
        f"<item><title>{xml_escape(title)}</title><link>http://news.test/{n}</link>"
        f"<guid>http://news.test/{n}</guid><description>{xml_escape(text)}</description>"
        f"<pubDate>{format_datetime(at - timedelta(minutes=n), usegmt=True)}</pubDate></item>"
        for n, (title, text) in enumerate(stories)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
        f"{xml_escape(title)}</title><link>http://news.test/</link><language>en</language>{items}</channel></rss>"
    ).encode()


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Pipeline:
    bot: Bot
    feeds: FeedServer
    jobs: Jobs
    clock: Clock
    feed_id: int

    title: str = "Sky Sports"

    async def publish(self, *stories: tuple[str, str]) -> None:
        """The feed now carries these stories; poll it once (it is made due)."""
        self.feeds.body = rss(*stories, title=self.title)
        feed = self.bot.store.get_feed(self.feed_id)
        assert feed is not None
        past = datetime.now(UTC) - timedelta(seconds=1)
        self.bot.store.save_feed(replace(feed, next_poll_at=past))
        await self.jobs.poll_due_feeds()

    async def deliver(self, after_s: float = 0) -> int:
        self.clock.now = datetime.now(UTC) + timedelta(seconds=after_s)
        return await self.jobs.deliver_due()


async def pipeline(
    bot: Bot, fake: FakeSlack, feeds: FeedServer, title: str = "Sky Sports"
) -> Pipeline:
    """The bot's channel follows the player; the operator's feed has had its silent first poll."""
    answer = await post(bot.url, command_fields(f"follow {PLAYER}", user=ADMIN))
    assert "Now following" in answer.json["text"]
    feeds.body = rss(("Old news", "Nothing about anyone."), title=title)
    feed = await bot.service.add_feed(None, feeds.url)  # as `transferbot feeds add` does
    senders = {bot.adapter.name: bot.adapter.sender}
    poller = cli.make_poller(bot.store, Ingest(bot.store), bot.fetcher, bot.settings, senders)
    clock = Clock(datetime.now(UTC))
    jobs = Jobs(  # delivery stepped by the test, on its clock, not right after each poll
        deliverer=Delivery(bot.store, clock=clock),
        senders=senders,
        poller=poller,
        deliver_after_poll=False,
    )
    run = Pipeline(bot, feeds, jobs, clock, feed.id, title)
    await run.publish(("Old news", "Nothing about anyone."))  # first poll: recorded silently
    assert await run.deliver() == 0
    return run


def texts(message: dict[str, Any]) -> str:
    out = []
    for block in message["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out.extend(
            e["text"]["text"] if "url" in e else e["text"] for e in block.get("elements", [])
        )
    return "\n".join(out)


async def test_one_block_kit_alert_per_new_claim_none_for_a_rehash(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)
    await run.publish(APPROACH)
    assert await run.deliver() == 1
    [first] = fake.messages
    assert first["channel"] == FANS
    assert block_kit_problem(first["blocks"]) is None
    assert first["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": PLAYER},
    }
    shown = texts(first)
    assert "NEW SAGA" in shown
    assert "Arsenal" in shown
    assert first["text"].startswith(f"{PLAYER} — NEW SAGA: ")  # the notification fallback
    assert first["unfurl_links"] is False
    [button] = first["blocks"][-1]["elements"]
    assert button["url"] == "http://news.test/0"

    await run.publish(APPROACH, RETOLD)  # the same approach, told again
    assert await run.deliver() == 0
    assert len(fake.messages) == 1

    await run.publish(APPROACH, RETOLD, BID)
    assert await run.deliver() == 1
    second = fake.messages[1]
    assert "STAGE: approach → bid" in texts(second)
    assert "£90m" in texts(second)
    # marked sent: nothing goes out twice
    assert await run.deliver(after_s=3600) == 0
    assert len(fake.messages) == 2


async def test_feed_text_never_pings_anyone(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    """The feed's name (the alert's outlet) is hostile: it reaches Slack escaped, so no ``<!``,
    ``<@`` or ``<#`` from a feed is in any text object, and mrkdwn is verbatim."""
    run = await pipeline(bot, fake, feed_server, title="Sky <!channel> <@U0FAN> <#C0FANS> & @here")
    await run.publish(APPROACH)
    await run.deliver()
    [message] = fake.messages
    # (feedparser already drops "<!channel>" from the title, as an unknown HTML tag)
    assert "via Sky &lt;@U0FAN&gt; &lt;#C0FANS&gt; &amp; @\u2060here" in texts(message)
    assert "Read on Sky ‹@U0FAN› ‹#C0FANS› & @\u2060here" in texts(message)  # plain_text button
    assert "<!channel>" not in message["text"]
    for block in message["blocks"]:
        parts = [block.get("text", {}), *block.get("elements", [])]
        for part in parts:
            text = part.get("text") if isinstance(part.get("text"), str) else ""
            assert "<!channel>" not in text and "<@" not in text and "<#" not in text
            if part.get("type") == "mrkdwn":
                assert part["verbatim"] is True


async def test_ratelimited_is_retried_after_retry_after(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)
    await run.publish(APPROACH)
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "30"})
    assert await run.deliver() == 0
    assert len(fake.called("chat.postMessage")) == 1
    assert await run.deliver(after_s=25) == 0  # not before Slack's Retry-After
    assert len(fake.called("chat.postMessage")) == 1
    assert await run.deliver(after_s=31) == 1
    assert len(fake.called("chat.postMessage")) == 2
    assert len(fake.messages) == 1


@pytest.mark.parametrize(
    "error", ["channel_not_found", "not_in_channel", "is_archived", "account_inactive"]
)
async def test_a_channel_that_is_gone_is_broken_its_owner_told_once_and_not_retried(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer, error: str
) -> None:
    run = await pipeline(bot, fake, feed_server)
    fake.channel_errors[FANS] = error
    await run.publish(APPROACH)
    assert await run.deliver() == 0
    for later in (60, 3600, 86_400):
        assert await run.deliver(after_s=later) == 0
    await run.publish(APPROACH, BID)  # news for a broken channel: not even tried
    assert await run.deliver(after_s=86_400) == 0
    to_channel = [c for c in fake.called("chat.postMessage") if c.params["channel"] == FANS]
    assert len(to_channel) == 1
    # the workspace's owner (found with users.list) gets one direct message from the app
    [told] = fake.messages
    assert told["channel"] == OWNER
    assert f"can no longer post in <#{FANS}> (Slack: {error})" in told["text"]
    assert "<!" not in told["text"] and "<@" not in told["text"]
    # `following` and `settings` say so; a settings change here resumes the channel
    listed = await post(bot.url, command_fields("following", user=FAN))
    assert "Alerts to this channel are stopped" in listed.json["text"]
    assert f"(Slack: {error})" in listed.json["text"]
    changed = await post(bot.url, command_fields("settings min_tier 2", user=ADMIN))
    assert "stopped" not in texts(changed.json)
    del fake.channel_errors[FANS]
    await run.publish(APPROACH, BID, AGREEMENT)
    assert await run.deliver(after_s=86_400 + 60) == 1
    assert [m["channel"] for m in fake.messages] == [OWNER, FANS]


async def test_the_admin_group_is_told_when_one_is_configured(
    start_bot: BotFactory, fake: FakeSlack, feed_server: FeedServer
) -> None:
    async with start_bot(slack_admin_group=ADMIN_GROUP_HANDLE) as bot:
        run = await pipeline(bot, fake, feed_server)
        fake.channel_errors[FANS] = "not_in_channel"
        await run.publish(APPROACH)
        assert await run.deliver() == 0
    assert [m["channel"] for m in fake.messages] == [GROUPIE]
    assert fake.called("users.list") == []


def _sent_ids(bot: Bot) -> list[str | None]:
    with bot.store.engine.connect() as conn:
        rows = conn.execute(
            select(DeliveryRow.message_id).where(DeliveryRow.status == "sent").distinct()
        )
        return sorted(row[0] for row in rows)


async def test_with_threads_on_the_next_claim_of_a_saga_is_threaded_under_the_first(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)
    on = await post(bot.url, command_fields("settings threads on", user=ADMIN))
    assert on.json["response_type"] == "ephemeral"
    assert "`threads` on: a saga's later alerts go in a thread" in texts(on.json)
    await run.publish(APPROACH)
    assert await run.deliver() == 1
    await run.publish(APPROACH, BID)
    assert await run.deliver() == 1
    await run.publish(APPROACH, BID, AGREEMENT)
    assert await run.deliver() == 1
    first, second, third = fake.messages
    assert "thread_ts" not in first  # the saga's first alert: in the channel
    assert second["thread_ts"] == first["ts"] and third["thread_ts"] == first["ts"]
    assert "STAGE: approach → bid" in texts(second)
    assert all(m["channel"] == FANS for m in fake.messages)
    # each row is marked sent with the ts Slack gave its message
    assert _sent_ids(bot) == sorted(m["ts"] for m in fake.messages)


async def test_with_threads_off_every_alert_is_in_the_channel(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)
    await run.publish(APPROACH)
    await run.deliver()
    await run.publish(APPROACH, BID)
    await run.deliver()
    assert [("thread_ts" in m) for m in fake.messages] == [False, False]


async def test_a_transient_failure_is_retried(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)
    fake.fail("chat.postMessage", "internal_error", status=500)
    await run.publish(APPROACH)
    assert await run.deliver() == 0
    assert await run.deliver(after_s=37) == 1  # the first backoff: 30 s, jitter up to +20%
    assert len(fake.messages) == 1
