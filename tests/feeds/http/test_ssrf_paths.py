"""SSRF end to end: every written form of a loopback address is refused from chat (even with the
operator's allow-list), from the operator's CLI without it, directly and after a redirect, and not
one request reaches the local server. Only loopback addresses are ever targeted."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from adapters.cli import main, make_fetcher
from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy, parse_url
from adapters.settings import load_settings
from bot.errors import FeedError, FeedRejectedError, UnsafeAddressError
from bot.feeds.feedops import add_feed
from bot.feeds.polling import Poller
from bot.model import Channel, Feed, FeedState
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from tests.fakes.feeds import FeedServer, MemoryFeedStore, RecordingIngest, make_items, rss

CHAT = Channel(platform="console", workspace="local", channel="transfers")

#: Every way of writing 127.0.0.1 that a URL library or a C resolver may turn into it.
LOOPBACK_FORMS = [
    pytest.param("\uff11\uff12\uff17.\uff10.\uff10.\uff11", id="fullwidth-digits"),
    pytest.param("127\u30020\u30020\u30021", id="ideographic-dot"),
    pytest.param("127\uff0e0\uff0e0\uff0e1", id="fullwidth-dot"),
    pytest.param("127\uff610\uff610\uff611", id="halfwidth-ideographic-dot"),
    pytest.param("\u2460\u2461\u2466.0.0.1", id="enclosed-digits"),
    pytest.param("2130706433", id="integer"),
    pytest.param("0177.0.0.1", id="octal"),
    pytest.param("0x7f.0.0.1", id="hex"),
    pytest.param("127.1", id="short"),
    pytest.param("[::ffff:127.0.0.1]", id="v4-mapped-v6"),
    pytest.param("loopback.test", id="name-resolving-to-loopback"),
]


class LoopbackResolver(AbstractResolver):
    """The tests' DNS: ``loopback.test`` and ``redirector.test`` are 127.0.0.1, nothing else
    exists (so a form that slipped through to DNS fails loudly instead of resolving)."""

    NAMES = ("loopback.test", "redirector.test")

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        if host not in self.NAMES:
            raise OSError(f"no such name in the test DNS: {host!r}")
        return [
            ResolveResult(
                hostname=host, host="127.0.0.1", port=port, family=socket.AF_INET, proto=0, flags=0
            )
        ]

    async def close(self) -> None:
        return None


def port_of(server: FeedServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


def serve_feed(server: FeedServer) -> None:
    server.serve("/x.xml", rss(make_items(2)))


# --------------------------------------------------------------------------- chat


@pytest.mark.parametrize("host", LOOPBACK_FORMS)
async def test_chat_add_refused_even_with_operator_allow_list(
    server: FeedServer, host: str
) -> None:
    serve_feed(server)
    store = MemoryFeedStore()
    # The operator allows everything these forms mean; a chat user gets none of it.
    operator = AddressPolicy.from_setting("127.0.0.1,::ffff:127.0.0.1,loopback.test")
    async with HttpFeedFetcher(operator, resolver=LoopbackResolver()) as fetcher:
        with pytest.raises(FeedRejectedError, match="refused"):
            await add_feed(store, fetcher, CHAT, f"http://{host}:{port_of(server)}/x.xml")
    assert store.list_feeds() == []
    assert server.requests == []


async def test_chat_refused_and_operator_allowed_through_the_service(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The composition root's fetcher: FEED_ALLOW_HOSTS is the operator's, never a chat user's."""
    monkeypatch.delenv("FEED_ALLOW_HOSTS", raising=False)
    serve_feed(server)
    url = server.url("/x.xml")
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    store = SqlStore(engine)
    async with make_fetcher(load_settings(feed_allow_hosts="127.0.0.1")) as fetcher:
        service = Service(store, fetcher=fetcher)
        with pytest.raises(FeedRejectedError, match=r"127\.0\.0\.1 is a loopback address"):
            await service.add_feed(CHAT, url)
        assert server.requests == [] and store.list_feeds() == []
        feed = await service.add_feed(None, url)  # the operator's `transferbot feeds add`
    assert feed.operator and server.hits["/x.xml"] == 1
    store.close()
    engine.dispose()


# --------------------------------------------------------------------------- operator


@pytest.mark.parametrize("host", LOOPBACK_FORMS)
async def test_operator_add_refused_without_allow_list(server: FeedServer, host: str) -> None:
    serve_feed(server)
    store = MemoryFeedStore()
    async with HttpFeedFetcher(AddressPolicy.from_setting(""), resolver=LoopbackResolver()) as f:
        with pytest.raises(FeedRejectedError, match="refused"):
            await add_feed(store, f, None, f"http://{host}:{port_of(server)}/x.xml")
    assert store.list_feeds() == []
    assert server.requests == []


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("127.0.0.1", id="canonical"),
        pytest.param("\uff11\uff12\uff17.\uff10.\uff10.\uff11", id="fullwidth-digits"),
        pytest.param("127\u30020\u30020\u30021", id="ideographic-dot"),
    ],
)
async def test_operator_allow_list_applies_to_the_normalised_host(
    server: FeedServer, host: str
) -> None:
    """What the operator allowed is the address connected to, however the URL spells it."""
    serve_feed(server)
    store = MemoryFeedStore()
    async with HttpFeedFetcher(AddressPolicy.from_setting("127.0.0.1")) as f:
        feed = await add_feed(store, f, None, f"http://{host}:{port_of(server)}/x.xml")
    assert feed.operator
    assert server.hits["/x.xml"] == 1


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("who", [pytest.param(CHAT, id="chat"), pytest.param(None, id="cli")])
@pytest.mark.parametrize("host", LOOPBACK_FORMS)
async def test_redirect_to_a_loopback_form_refused(
    server: FeedServer, host: str, who: Channel | None
) -> None:
    """An allowed host (``redirector.test``: it stands for a public one) redirects to a form of
    127.0.0.1; the hop is refused before any connection to it."""
    serve_feed(server)
    target = f"http://{host}:{port_of(server)}/x.xml"

    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": target})

    server.routes["/go"] = redirect
    allowed = AddressPolicy.from_setting("redirector.test")
    store = MemoryFeedStore()
    async with HttpFeedFetcher(allowed, chat_policy=allowed, resolver=LoopbackResolver()) as f:
        with pytest.raises(FeedRejectedError, match="refused"):
            await add_feed(store, f, who, f"http://redirector.test:{port_of(server)}/go")
    assert store.list_feeds() == []
    assert [path for path, _ in server.requests] == ["/go"]  # the redirect only, never /x.xml


# --------------------------------------------------------------------------- connect guard


@pytest.mark.parametrize("host", LOOPBACK_FORMS)
async def test_connect_guard_holds_when_the_url_check_misses(
    server: FeedServer, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the URL check to miss a form, the address of the connection is checked itself."""
    serve_feed(server)
    monkeypatch.setattr(AddressPolicy, "check_url", lambda self, url, files=True: parse_url(url))
    async with HttpFeedFetcher(AddressPolicy.public(), resolver=LoopbackResolver()) as f:
        with pytest.raises(FeedError) as caught:
            await f.fetch(Feed(id=1, url=f"http://{host}:{port_of(server)}/x.xml"))
    if caught.type is UnsafeAddressError:
        assert "loopback" in caught.value.reason
    else:  # aiohttp or the test DNS refused the legacy numeric form itself: still no request
        assert host[0].isdigit()
    assert server.requests == []


# --------------------------------------------------------------------------- polls


async def test_a_chat_feed_is_polled_public_only_until_the_operator_adopts_it(
    server: FeedServer, tmp_path: Path
) -> None:
    """A feed only chat users added is never fetched under the operator's allow-list, even when
    what it points at changed since it was added (here: stored without a probe)."""
    serve_feed(server)
    url = server.url("/x.xml")
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    store = SqlStore(engine)
    store.add_feed(url, channel=CHAT)
    now = datetime.now(UTC)
    async with make_fetcher(load_settings(feed_allow_hosts="127.0.0.1")) as fetcher:
        poller = Poller(store, fetcher, RecordingIngest(), clock=lambda: now)
        await poller.poll_due()
        (feed,) = store.list_feeds()
        assert not feed.operator and feed.failures == 1
        assert "127.0.0.1 is a loopback address" in (feed.last_error or "")
        assert server.requests == []

        store.add_feed(url, channel=None)  # the operator adds it too: now the operator's feed
        now += timedelta(days=1)
        await poller.poll_due()
    (feed,) = store.list_feeds()
    assert feed.operator and feed.state is FeedState.ACTIVE and feed.failures == 0
    assert server.hits["/x.xml"] == 1
    store.close()
    engine.dispose()


# --------------------------------------------------------------------------- the CLI itself


@dataclass
class ThreadServer:
    """A feed server on 127.0.0.1 in its own thread, for commands that run their own loop."""

    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)


@pytest.fixture
def thread_server() -> Iterator[ThreadServer]:
    ts = ThreadServer()
    body = rss(make_items(2))
    ready = threading.Event()
    stop: asyncio.Event | None = None
    loop = asyncio.new_event_loop()

    async def handle(request: web.Request) -> web.Response:
        ts.hits[request.path] += 1
        return web.Response(body=body, content_type="application/rss+xml")

    async def run() -> None:
        nonlocal stop
        stop = asyncio.Event()
        app = web.Application()
        app.router.add_get("/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ts.port = runner.addresses[0][1]
        ready.set()
        await stop.wait()
        await runner.cleanup()

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield ts
    finally:
        assert stop is not None
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


@pytest.mark.parametrize(
    "host",
    [
        *[form for form in LOOPBACK_FORMS if form.id != "name-resolving-to-loopback"],
        pytest.param("localhost", id="name-resolving-to-loopback"),  # the system's resolver
    ],
)
def test_cli_feeds_add_refuses_every_loopback_form(
    thread_server: ThreadServer,
    host: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.delenv("FEED_ALLOW_HOSTS", raising=False)
    assert main(["feeds", "add", f"http://{host}:{thread_server.port}/x.xml"]) != 0
    assert "refused" in capsys.readouterr().err
    assert thread_server.hits == Counter()
    monkeypatch.setenv("FEED_ALLOW_HOSTS", "127.0.0.1")  # the control: the operator allows it
    assert main(["feeds", "add", f"http://127.0.0.1:{thread_server.port}/x.xml"]) == 0
    assert thread_server.hits["/x.xml"] == 1
