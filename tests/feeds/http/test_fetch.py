"""HttpFeedFetcher against a local aiohttp server: conditional GET, limits, errors."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from dataclasses import replace

import pytest
from aiohttp import web

from adapters.feeds.fetcher import USER_AGENT, HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy
from bot.errors import (
    FeedError,
    FeedHTTPError,
    FeedNotAFeedError,
    FeedTimeoutError,
    FeedTooLargeError,
)
from bot.model import Feed
from tests.fakes.feeds import FeedServer, make_items, rss


async def test_first_get_then_304_with_validators_sent(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    server.serve(
        "/feed",
        rss(make_items(3)),
        etag='"v1"',
        **{"Last-Modified": "Mon, 06 Jan 2025 10:00:00 GMT"},
    )
    feed = Feed(id=1, url=server.url("/feed"))
    first = await fetcher.fetch(feed)
    assert first.items is not None and len(first.items) == 3
    assert first.etag == '"v1"'
    assert first.last_modified == "Mon, 06 Jan 2025 10:00:00 GMT"
    assert first.title == "Test Sport"

    _, sent = server.requests[0]
    assert sent["User-Agent"] == USER_AGENT
    assert "gzip" in sent["Accept-Encoding"]
    assert "application/rss+xml" in sent["Accept"]
    assert "If-None-Match" not in sent

    polled = replace(
        feed, etag=first.etag, last_modified=first.last_modified, body_hash=first.body_hash
    )
    second = await fetcher.fetch(polled)
    assert second.items is None  # 304: nothing to parse
    assert second.etag == '"v1"'
    assert second.body_hash == first.body_hash
    _, sent = server.requests[1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 06 Jan 2025 10:00:00 GMT"
    assert server.hits["/feed"] == 2


async def test_unchanged_body_is_not_parsed_again(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    body = rss(make_items(2))
    server.serve("/plain", body)  # no validators at all
    feed = Feed(id=1, url=server.url("/plain"))
    first = await fetcher.fetch(feed)
    assert first.body_hash == hashlib.sha256(body).hexdigest()
    second = await fetcher.fetch(replace(feed, body_hash=first.body_hash))
    assert second.items is None
    server.serve("/plain", rss(make_items(3)))
    third = await fetcher.fetch(replace(feed, body_hash=first.body_hash))
    assert third.items is not None and len(third.items) == 3


async def test_gzip_body_is_decoded(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    body = rss(make_items(4))

    async def handler(request: web.Request) -> web.Response:
        assert "gzip" in request.headers.get("Accept-Encoding", "")
        return web.Response(
            body=gzip.compress(body),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"},
        )

    server.routes["/gz"] = handler
    result = await fetcher.fetch(Feed(id=1, url=server.url("/gz")))
    assert result.items is not None and len(result.items) == 4


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"Cache-Control": "public, max-age=1800"}, 1800, id="max-age"),
        pytest.param({"Retry-After": "120"}, 120, id="retry-after-seconds"),
        pytest.param({"Retry-After": "120", "Cache-Control": "max-age=60"}, 120, id="largest-wins"),
        pytest.param({"Cache-Control": "max-age=9999999"}, 86400, id="capped-at-a-day"),
        pytest.param({"Cache-Control": "no-store, max-age=600"}, None, id="no-store-ignored"),
        pytest.param({}, None, id="none"),
    ],
)
async def test_poll_hints(
    server: FeedServer, fetcher: HttpFeedFetcher, headers: dict[str, str], expected: int | None
) -> None:
    server.serve("/hint", rss(make_items(1)), **headers)
    result = await fetcher.fetch(Feed(id=1, url=server.url("/hint")))
    assert result.min_next_poll_s == expected


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [
        pytest.param(404, {}, None, id="404"),
        pytest.param(500, {}, None, id="500"),
        pytest.param(429, {"Retry-After": "300"}, 300, id="429-retry-after"),
        pytest.param(503, {"Retry-After": "30"}, 30, id="503-retry-after"),
    ],
)
async def test_http_errors(
    server: FeedServer,
    fetcher: HttpFeedFetcher,
    status: int,
    headers: dict[str, str],
    retry_after: int | None,
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers=headers)

    server.routes["/err"] = handler
    with pytest.raises(FeedHTTPError) as info:
        await fetcher.fetch(Feed(id=1, url=server.url("/err")))
    assert info.value.status == status
    assert info.value.reason.startswith(f"HTTP {status}")
    assert info.value.retry_after_s == retry_after


async def test_size_cap_declared_and_streamed(server: FeedServer, policy: AddressPolicy) -> None:
    big = rss(make_items(200))

    async def chunked(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        for i in range(0, len(big), 4096):
            await resp.write(big[i : i + 4096])
        await resp.write_eof()
        return resp

    server.serve("/big", big)
    server.routes["/chunked"] = chunked
    async with HttpFeedFetcher(policy, chat_policy=policy, max_bytes=len(big) - 1) as small:
        with pytest.raises(FeedTooLargeError, match="too large"):
            await small.fetch(Feed(id=1, url=server.url("/big")))
        with pytest.raises(FeedTooLargeError, match="too large"):
            await small.fetch(Feed(id=2, url=server.url("/chunked")))
    async with HttpFeedFetcher(policy, chat_policy=policy, max_bytes=len(big)) as enough:
        result = await enough.fetch(Feed(id=1, url=server.url("/chunked")))
        assert result.items is not None and len(result.items) == 200


async def test_gzip_bomb_is_capped_after_decompression(
    server: FeedServer, policy: AddressPolicy
) -> None:
    inflated = b"<rss>" + b" " * 2_000_000 + b"</rss>"

    async def bomb(request: web.Request) -> web.Response:
        return web.Response(
            body=gzip.compress(inflated),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"},
        )

    server.routes["/bomb"] = bomb
    async with HttpFeedFetcher(policy, chat_policy=policy, max_bytes=100_000) as f:
        with pytest.raises(FeedTooLargeError):
            await f.fetch(Feed(id=1, url=server.url("/bomb")))


async def test_total_timeout(server: FeedServer, policy: AddressPolicy) -> None:
    async def slow(request: web.Request) -> web.Response:
        await server.release.wait()  # released at teardown so cleanup does not wait
        return web.Response(body=rss([]))

    server.routes["/slow"] = slow
    async with HttpFeedFetcher(policy, chat_policy=policy, total_timeout_s=0.3) as f:
        with pytest.raises(FeedTimeoutError, match="timeout"):
            await f.fetch(Feed(id=1, url=server.url("/slow")))


async def test_connection_refused_is_a_feed_error(policy: AddressPolicy) -> None:
    # A port nobody listens on: bind one, read it, close it.
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    async with HttpFeedFetcher(policy, chat_policy=policy, total_timeout_s=2) as f:
        with pytest.raises(FeedError, match="connection failed"):
            await f.fetch(Feed(id=1, url=f"http://127.0.0.1:{port}/feed"))


async def test_redirects_followed_up_to_the_cap(
    server: FeedServer, fetcher: HttpFeedFetcher
) -> None:
    server.serve("/final", rss(make_items(1)))

    def hop(target: str, status: int = 302) -> None:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(status=status, headers={"Location": target})

        server.routes[f"/r{target}"] = handler

    # /r/r/r/r/r/final -> 5 redirects: allowed
    target = "/final"
    for status in (301, 302, 303, 307, 308):
        hop(target, status)
        target = f"/r{target}"
    result = await fetcher.fetch(Feed(id=1, url=server.url(target)))
    assert result.items is not None and len(result.items) == 1
    # one more hop: refused
    hop(target)
    with pytest.raises(FeedHTTPError, match="too many redirects"):
        await fetcher.fetch(Feed(id=1, url=server.url(f"/r{target}")))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b"<html><body><p>Hello</p></body></html>", "text/html", id="html-page"),
        pytest.param(b'{"items": []}', "application/json", id="json"),
        pytest.param(b"", "application/rss+xml", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", id="binary"),
    ],
)
async def test_not_a_feed(
    server: FeedServer, fetcher: HttpFeedFetcher, body: bytes, content_type: str
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": content_type})

    server.routes["/x"] = handler
    with pytest.raises(FeedNotAFeedError, match="not a feed"):
        await fetcher.fetch(Feed(id=1, url=server.url("/x")))


async def test_per_host_concurrency_limit(server: FeedServer, policy: AddressPolicy) -> None:
    active = peak = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return web.Response(body=rss(make_items(1)), content_type="application/rss+xml")

    server.routes["/c"] = handler
    async with HttpFeedFetcher(policy, chat_policy=policy, per_host=2) as f:
        await asyncio.gather(*(f.fetch(Feed(id=i, url=server.url("/c"))) for i in range(8)))
    assert server.hits["/c"] == 8
    assert peak == 2


async def test_file_feed_under_allowed_root_only(tmp_path, policy: AddressPolicy) -> None:
    (tmp_path / "sample.xml").write_bytes(rss(make_items(2)))
    allowed = AddressPolicy.from_setting(f"file://{tmp_path}")
    async with HttpFeedFetcher(allowed, chat_policy=allowed) as f:
        result = await f.fetch(Feed(id=1, url=f"file://{tmp_path}/sample.xml"))
        assert result.items is not None and len(result.items) == 2
    async with HttpFeedFetcher(policy, chat_policy=policy) as f:  # tmp_path is not under seeds/
        with pytest.raises(FeedError, match="not under an allowed directory"):
            await f.fetch(Feed(id=1, url=f"file://{tmp_path}/sample.xml"))
