"""``transferbot run`` as a process against the fake Discord: the same run as in production,
with only the two test seams (``DISCORD_API_BASE``, ``DISCORD_GATEWAY_URL``) pointing here."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

import storage
from adapters import cli
from adapters.settings import Settings
from bot.model import Channel
from bot.service import Service
from tests.discord.test_delivery import APPROACH, PLAYER, FeedSite, _site
from tests.fakes.discord import CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord, interaction

ROOT = Path(__file__).resolve().parents[2]
HERE = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))


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


@pytest.mark.timeout(90)
async def test_run_as_a_process_posts_an_alert_and_answers_commands(
    fake: FakeDiscord, site: FeedSite, tmp_path: Path
) -> None:
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
        PYTHONUNBUFFERED="1",
    )
    err = tmp_path / "stderr.log"
    added = await _transferbot(env, "feeds", "add", site.url, err=err)
    assert await asyncio.wait_for(added.wait(), 30) == 0, err.read_text()

    # a fan followed him earlier, and the feed's first (silent) poll is behind us
    engine = cli.make_engine(env["DATABASE_URL"])
    store = storage.SqlStore(engine)
    try:
        Service(store).follow(HERE, PLAYER, new=True)
        [feed] = store.list_feeds(None)
        store.save_feed(replace(feed, first_polled=True))
    finally:
        store.close()
        engine.dispose()
    site.publish(APPROACH)

    bot = await _transferbot(env, "run", err=err)
    try:
        await asyncio.wait_for(fake.ready.wait(), 30)
        await fake.wait_for(lambda: str(GUILD_ID) in fake.synced, 20)
        await fake.wait_for(lambda: len(fake.posts_to(CHANNEL_ID)) == 1, 40)
        [post] = fake.posts_to(CHANNEL_ID)
        assert post.body["embeds"][0]["title"] == "Atalanta approach Torino for Marco Rinaldi"
        assert post.body["allowed_mentions"] == {"parse": []}
        answer = await fake.interact(interaction("following"), within_s=20)
        assert answer.data["content"] == f"Following: {PLAYER}"
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(bot.wait(), 30)
    log = err.read_text()
    assert code == 0, log
    assert "Traceback" not in log
    assert len(fake.posts_to(CHANNEL_ID)) == 1  # sent once, however many delivery runs
