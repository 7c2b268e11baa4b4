"""``transferbot run`` as a process against the fake Discord: the same run as in production,
with only the two test seams (``DISCORD_API_BASE``, ``DISCORD_GATEWAY_URL``) pointing here."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

import storage
from adapters import cli
from adapters.scheduler import DELIVER_EVERY_S
from adapters.settings import Settings
from bot.model import Channel
from bot.service import Service
from storage.models import DeliveryRow, SubscriptionRow
from tests.discord.test_delivery import APPROACH, PLAYER, FeedSite, _site
from tests.fakes.discord import (
    CHANNEL_ID,
    GUILD_ID,
    OTHER_GUILD_CHANNEL_ID,
    OTHER_GUILD_ID,
    TOKEN,
    FakeDiscord,
    interaction,
)

ROOT = Path(__file__).resolve().parents[2]
HERE = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
THERE = Channel(
    platform="discord", workspace=str(OTHER_GUILD_ID), channel=str(OTHER_GUILD_CHANNEL_ID)
)


async def _transferbot(env: dict[str, str], *args: str, err: Path) -> asyncio.subprocess.Process:
    with err.open("ab") as sink:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli",
            *args,
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=sink,
        )


@pytest.fixture
async def site() -> AsyncIterator[FeedSite]:
    feeds = FeedSite()
    async for url in _site(feeds):
        feeds.url = url
        yield feeds


def _env(fake: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    names = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in names}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_GUILD_ID=str(GUILD_ID),
        FEED_ALLOW_HOSTS="127.0.0.1",
        TRANSFERBOT_SAMPLE_FEED="off",
        TRANSFERBOT_DEFAULT_FEEDS="off",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


async def _followed(env: dict[str, str], site: FeedSite, err: Path, *channels: Channel) -> None:
    """``transferbot feeds add``, then fans follow the player in ``channels`` and the feed's
    first (silent) poll is behind us; the feed then publishes a new claim about him."""
    added = await _transferbot(env, "feeds", "add", site.url, err=err)
    code = await asyncio.wait_for(added.wait(), 30)
    assert code == 0, await asyncio.to_thread(err.read_text)
    engine = cli.make_engine(env["DATABASE_URL"])
    store = storage.SqlStore(engine)
    try:
        for channel in channels:
            Service(store).follow(channel, PLAYER, new=True)
        [feed] = store.list_feeds(None)
        store.save_feed(replace(feed, first_polled=True))
    finally:
        store.close()
        engine.dispose()
    site.publish(APPROACH)


@contextlib.asynccontextmanager
async def _running(env: dict[str, str], err: Path) -> AsyncIterator[None]:
    """``transferbot run`` until the block ends; then SIGTERM, and it must stop cleanly."""
    bot = await _transferbot(env, "run", err=err)
    try:
        yield
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(bot.wait(), 30)
    log = await asyncio.to_thread(err.read_text)
    assert code == 0, log
    assert "Traceback" not in log


@pytest.mark.timeout(90)
async def test_run_as_a_process_posts_an_alert_and_answers_commands(
    fake: FakeDiscord, site: FeedSite, tmp_path: Path
) -> None:
    env = _env(fake, tmp_path)
    err = tmp_path / "stderr.log"
    await _followed(env, site, err, HERE)

    async with _running(env, err):
        await asyncio.wait_for(fake.ready.wait(), 30)
        await fake.wait_for(lambda: str(GUILD_ID) in fake.synced, 20)
        await fake.wait_for(lambda: len(fake.posts_to(CHANNEL_ID)) == 1, 40)
        [post] = fake.posts_to(CHANNEL_ID)
        assert post.body["embeds"][0]["title"] == "Atalanta approach Torino for Marco Rinaldi"
        assert post.body["allowed_mentions"] == {"parse": []}
        answer = await fake.interact(interaction("following"), within_s=20)
        assert answer.data["content"] == f"Following: {PLAYER}"
    assert len(fake.posts_to(CHANNEL_ID)) == 1  # sent once, however many delivery runs


@pytest.mark.timeout(90)
async def test_a_process_holding_one_shard_delivers_only_its_servers_alerts(
    fake: FakeDiscord, site: FeedSite, tmp_path: Path
) -> None:
    fake.guilds = [GUILD_ID, OTHER_GUILD_ID]  # on shards 1 and 0 of 2
    env = _env(fake, tmp_path, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="0")
    err = tmp_path / "stderr.log"
    await _followed(env, site, err, HERE, THERE)

    async with _running(env, err):
        await fake.wait_for(lambda: len(fake.posts_to(OTHER_GUILD_CHANNEL_ID)) == 1, 40)
        await asyncio.sleep(2 * DELIVER_EVERY_S)  # more delivery runs: still nothing for shard 1
        assert [p["shard"] for p in fake.identified] == [[0, 2]]
        answer = await fake.interact(
            interaction("following", guild_id=OTHER_GUILD_ID, channel_id=OTHER_GUILD_CHANNEL_ID)
        )
        assert answer.data["content"] == f"Following: {PLAYER}"
    assert fake.requests_to(CHANNEL_ID) == []  # shard 1's server: another process's
    assert len(fake.posts_to(OTHER_GUILD_CHANNEL_ID)) == 1
    # and its row was never even leased: the process holding shard 1 takes it at once
    engine = cli.make_engine(env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(SubscriptionRow.workspace, DeliveryRow.status, DeliveryRow.leased_until)
                .join(SubscriptionRow, SubscriptionRow.id == DeliveryRow.subscription_id)
                .order_by(SubscriptionRow.workspace)
            ).all()
    finally:
        engine.dispose()
    assert sorted((w, status, lease is None) for w, status, lease in rows) == sorted(
        [(str(GUILD_ID), "pending", True), (str(OTHER_GUILD_ID), "sent", True)]
    )
