"""Fixtures of the Discord tests: the fake Discord (``tests/fakes/discord.py``) and a bot built
by the same code ``transferbot run`` uses (settings → registry → adapter), on a SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

import storage
from adapters import cli
from adapters.chat.base import AdapterContext
from adapters.discord import adapter as discord_adapter
from adapters.discord.adapter import DiscordAdapter
from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.registry import build_adapters
from adapters.settings import Settings
from bot.service import Service
from tests.fakes.discord import ADMIN_ROLE_ID, GUILD_ID, TOKEN, FakeDiscord
from tests.storage.conftest import (  # noqa: F401 - the store on every backend (test_shard_outbox)
    backend,
    engine,
    pg_url,
    sqlite_template,
    store,
)


@pytest.fixture(autouse=True)
def discord_seams(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test sets on discord.py's two process-global seams is undone after it."""
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setattr(discord_adapter, "GUILD_READY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(discord_adapter, "IDENTIFY_GAP_S", 0.05)  # between two shards


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@dataclass
class Bot:
    adapter: DiscordAdapter
    store: storage.SqlStore
    service: Service
    fetcher: HttpFeedFetcher
    settings: Settings
    task: asyncio.Task[None]


def bot_settings(fake: FakeDiscord, tmp_path: Path, **extra: object) -> Settings:
    values: dict[str, object] = {
        "discord_token": TOKEN,
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "discord_guild_id": GUILD_ID,
        "discord_admin_role": str(ADMIN_ROLE_ID),
        "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
        "feed_allow_hosts": ("127.0.0.1",),
        "transferbot_sample_feed": False,
        **extra,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Bot]:
    async with running_bot(fake, tmp_path) as started:
        yield started


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, tmp_path: Path, **extra: object) -> AsyncIterator[Bot]:
    """A bot with ``bot_settings(…, **extra)``, connected and ready."""
    settings = bot_settings(fake, tmp_path, **extra)
    db = cli.make_engine(settings.database_url)
    sql = storage.SqlStore(db)
    fetcher = cli.make_fetcher(settings)
    service = Service(sql, fetcher=fetcher, feed_interval_s=settings.poll_interval_s)
    [adapter] = build_adapters(AdapterContext(settings=settings, service=service))
    assert isinstance(adapter, DiscordAdapter)
    task = asyncio.create_task(adapter.run())
    try:
        await asyncio.wait_for(fake.ready.wait(), 10)
        await asyncio.wait_for(adapter.client.wait_until_ready(), 10)
        yield Bot(adapter, sql, service, fetcher, settings, task)
    finally:
        await adapter.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await fetcher.aclose()
        sql.close()
        db.dispose()
