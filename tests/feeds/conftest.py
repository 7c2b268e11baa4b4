"""Fixtures of the feed tests: a local feed server on 127.0.0.1, the loopback policy and a
fetcher that trusts it (the stand-ins themselves are in ``tests/fakes/feeds.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy
from tests.fakes.feeds import FeedServer


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


@pytest.fixture
async def fetcher(policy: AddressPolicy) -> AsyncIterator[HttpFeedFetcher]:
    """Trusts the local server for every feed (the chat/operator split is in test_ssrf*)."""
    async with HttpFeedFetcher(
        policy, chat_policy=policy, total_timeout_s=5, connect_timeout_s=2
    ) as f:
        yield f
