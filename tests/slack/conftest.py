"""Fixtures of the Slack tests: the fake Slack (``tests/fakes/slack.py``), a bot built by the code
``transferbot run`` uses (settings → registry → ``SlackAdapter``, a SQLite file) and serving on
127.0.0.1, and a local feed server whose one feed the tests rewrite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

import storage
from adapters import cli
from adapters.chat.base import AdapterContext
from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.registry import build_adapters
from adapters.settings import Settings
from adapters.slack import EVENTS_PATH, SlackAdapter
from bot.service import Service
from tests.fakes.slack import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    try:
        yield slack
    finally:
        await slack.close()


def bot_settings(fake: FakeSlack, tmp_path: Path, **extra: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_base_url": fake.api_base_url,
        "slack_http_host": "127.0.0.1",
        "slack_http_port": 0,
        "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
        "feed_allow_hosts": ("127.0.0.1",),
        "transferbot_sample_feed": False,
        **extra,
    }
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class Bot:
    adapter: SlackAdapter
    store: storage.SqlStore
    service: Service
    fetcher: HttpFeedFetcher
    settings: Settings

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}{EVENTS_PATH}"


BotFactory = Callable[..., "contextlib.AbstractAsyncContextManager[Bot]"]


@pytest.fixture
def start_bot(fake: FakeSlack, tmp_path: Path) -> BotFactory:
    @contextlib.asynccontextmanager
    async def start(**extra: object) -> AsyncIterator[Bot]:
        settings = bot_settings(fake, tmp_path, **extra)
        engine = cli.make_engine(settings.database_url)
        store = storage.SqlStore(engine)
        fetcher = cli.make_fetcher(settings)
        service = Service(store, fetcher=fetcher, feed_interval_s=settings.poll_interval_s)
        [adapter] = build_adapters(AdapterContext(settings=settings, service=service))
        assert isinstance(adapter, SlackAdapter)
        task = asyncio.create_task(adapter.run())
        try:
            await asyncio.wait_for(adapter.ready.wait(), 10)
            yield Bot(adapter, store, service, fetcher, settings)
        finally:
            await adapter.close()
            await asyncio.wait_for(task, 10)
            await fetcher.aclose()
            store.close()
            engine.dispose()

    return start


@pytest.fixture
async def bot(start_bot: BotFactory) -> AsyncIterator[Bot]:
    async with start_bot() as running:
        yield running


@pytest.fixture
async def socket_bot(start_bot: BotFactory) -> AsyncIterator[Bot]:
    async with start_bot(slack_app_token=APP_TOKEN, slack_signing_secret=None) as running:
        yield running


@dataclass
class FeedServer:
    """Serves one RSS document at ``/feed.xml``; tests replace ``body`` between polls."""

    base: str = ""
    body: bytes = b""
    hits: int = 0

    @property
    def url(self) -> str:
        return f"{self.base}/feed.xml"

    async def handle(self, request: web.Request) -> web.Response:
        self.hits += 1
        return web.Response(body=self.body, content_type="application/rss+xml")


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_get("/feed.xml", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    server.base = f"http://{host}:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()
