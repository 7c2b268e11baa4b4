"""Fixtures of the feed tests: a local feed server on 127.0.0.1, the loopback policy and a
fetcher that trusts it (the stand-ins themselves are in ``tests/fakes/feeds.py``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.parsepool import ParsePool
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
