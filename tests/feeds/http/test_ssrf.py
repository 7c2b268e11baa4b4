"""SSRF guard: non-public addresses are refused on the address actually connected to."""

from __future__ import annotations

import ipaddress
import re
import socket

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy, SafeResolver, address_problem, connect_host
from bot.errors import UnsafeAddressError
from bot.model import Feed
from tests.fakes.feeds import FeedServer, make_items, rss


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        pytest.param("127.0.0.1", "loopback", id="loopback"),
        pytest.param("127.9.9.9", "loopback", id="loopback-range"),
        pytest.param("10.0.0.5", "private", id="rfc1918-10"),
        pytest.param("172.16.3.4", "private", id="rfc1918-172"),
        pytest.param("192.168.1.1", "private", id="rfc1918-192"),
        pytest.param("169.254.169.254", "link-local", id="cloud-metadata"),
        pytest.param("100.64.0.1", "CGNAT", id="cgnat"),
        pytest.param("224.0.0.251", "multicast", id="multicast"),
        pytest.param("0.0.0.0", "unspecified", id="unspecified"),
        pytest.param("240.0.0.1", "reserved", id="reserved"),
        pytest.param("::1", "loopback", id="v6-loopback"),
        pytest.param("::", "unspecified", id="v6-unspecified"),
        pytest.param("fd12:3456::1", "private", id="v6-ula"),
        pytest.param("fe80::1", "link-local", id="v6-link-local"),
        pytest.param("ff02::1", "multicast", id="v6-multicast"),
        pytest.param("::ffff:127.0.0.1", "loopback", id="v4-mapped-loopback"),
        pytest.param("::ffff:10.0.0.1", "private", id="v4-mapped-private"),
        pytest.param("64:ff9b::a9fe:a9fe", "link-local", id="nat64-metadata"),
        pytest.param("2002:7f00:1::", "loopback", id="6to4-loopback"),
        pytest.param("8.8.8.8", None, id="public-v4"),
        pytest.param("151.101.0.81", None, id="public-v4-cdn"),
        pytest.param("2606:4700:4700::1111", None, id="public-v6"),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    found = address_problem(ipaddress.ip_address(address))
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


LOOP = "refused: 127.0.0.1 is a loopback address"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param(
            "http://10.0.0.5/feed", "refused: 10.0.0.5 is a private address", id="private"
        ),
        pytest.param("http://[::1]:8080/", "refused: ::1 is a loopback address", id="v6-literal"),
        pytest.param(
            "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local", id="meta"
        ),
        pytest.param("ftp://example.com/feed.xml", "only http and https", id="ftp"),
        pytest.param("gopher://example.com/", "only http and https", id="gopher"),
        pytest.param("file:///etc/passwd", "not under an allowed directory", id="file-outside"),
        pytest.param("http:///feed", "no host", id="no-host"),
        # the host yarl (and so aiohttp) connects to, not the text typed: IDNA/UTS-46 + NFKC
        pytest.param("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", LOOP, id="fullwidth"),
        pytest.param("http://127\u30020\u30020\u30021/", LOOP, id="ideographic-dot"),
        pytest.param("http://127\uff0e0\uff0e0\uff0e1/", LOOP, id="fullwidth-dot"),
        pytest.param("http://127\uff610\uff610\uff611/", LOOP, id="halfwidth-ideographic-dot"),
        pytest.param("http://\u2460\u2461\u2466.0.0.1/", LOOP, id="enclosed-digits"),
        pytest.param("http://127.0.0.1./", LOOP, id="trailing-dot"),
        pytest.param("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a loopback", id="v4-mapped"),
        pytest.param("http://[0:0:0:0:0:0:0:1]/", "::1 is a loopback", id="v6-long-form"),
        pytest.param("http://2130706433/", "127.0.0.1 is a loopback", id="integer"),
        pytest.param("http://0177.0.0.1/", "127.0.0.1 is a loopback", id="octal"),
        pytest.param("http://0x7f.0.0.1/", "127.0.0.1 is a loopback", id="hex"),
        pytest.param("http://127.1/", "127.0.0.1 is a loopback", id="short"),
        pytest.param("http://127%2e0%2e0%2e1/", "not a valid host name", id="percent-dots"),
        pytest.param("http://[fe80::1%25eth0]/", "fe80::1 is a link-local", id="v6-zone"),
        pytest.param("http://exa mple.com/", "not a valid host name", id="space-in-host"),
    ],
)
def test_check_url_refusals(url: str, message: str) -> None:
    with pytest.raises(UnsafeAddressError, match=re.escape(message)):
        AddressPolicy.from_setting("").check_url(url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        pytest.param("http://Feeds.Example.COM./rss", "feeds.example.com", id="case-and-dot"),
        pytest.param("http://\uff46\uff45\uff45\uff44\uff53.example/", "feeds.example", id="nfkc"),
        pytest.param("https://b\u00fccher.example/", "xn--bcher-kva.example", id="idna"),
        pytest.param("http://127.0.0.1:8080/", "127.0.0.1", id="ipv4"),
    ],
)
def test_checked_url_is_what_aiohttp_connects_to(url: str, host: str) -> None:
    checked = AddressPolicy.from_setting("127.0.0.1").check_url(url)
    assert connect_host(checked) == host
    assert checked.raw_host is not None and checked.raw_host.rstrip(".").lower() == host


def test_allow_list_parsing() -> None:
    policy = AddressPolicy.from_setting(" 127.0.0.1, LocalHost ,10.1.0.0/16,file:///srv/feeds ")
    policy.check_url("http://127.0.0.1:8080/feed")
    policy.check_url("http://10.1.2.3/feed")
    policy.check_address("localhost", ipaddress.ip_address("127.0.0.1"))
    with pytest.raises(UnsafeAddressError):
        policy.check_url("http://10.2.0.1/feed")
    assert policy.check_file("file:///srv/feeds/a.xml").name == "a.xml"


class MapResolver(AbstractResolver):
    """Resolves every name to fixed addresses, as a hostile or rebinding DNS would."""

    def __init__(self, mapping: dict[str, list[str]]) -> None:
        self.mapping = mapping
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        return [
            ResolveResult(
                hostname=host, host=ip, port=port, family=socket.AF_INET, proto=0, flags=0
            )
            for ip in self.mapping[host]
        ]

    async def close(self) -> None:
        return None


async def test_resolver_refuses_any_private_answer() -> None:
    inner = MapResolver({"mixed.test": ["93.184.216.34", "10.0.0.7"], "ok.test": ["8.8.4.4"]})
    resolver = SafeResolver(AddressPolicy(), inner)
    with pytest.raises(UnsafeAddressError, match=re.escape("mixed.test resolves to 10.0.0.7")):
        await resolver.resolve("mixed.test", 80)
    assert [r["host"] for r in await resolver.resolve("ok.test", 80)] == ["8.8.4.4"]


async def test_hostname_resolving_to_loopback_never_connects(server: FeedServer) -> None:
    server.serve("/feed", rss(make_items(1)))
    port = server.base.rsplit(":", 1)[1]
    inner = MapResolver({"feeds.example": ["127.0.0.1"]})
    async with HttpFeedFetcher(AddressPolicy(), resolver=inner) as f:
        refused = re.escape("feeds.example resolves to 127.0.0.1")
        with pytest.raises(UnsafeAddressError, match=refused):
            await f.fetch(Feed(id=1, url=f"http://feeds.example:{port}/feed"))
    assert inner.calls == ["feeds.example"]
    assert server.hits["/feed"] == 0


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("localhost", id="localhost"),
        pytest.param("2130706433", id="decimal-ip"),
        pytest.param("127.1", id="short-ip"),
    ],
)
async def test_real_resolution_to_loopback_refused(server: FeedServer, host: str) -> None:
    server.serve("/feed", rss(make_items(1)))
    port = server.base.rsplit(":", 1)[1]
    async with HttpFeedFetcher(AddressPolicy()) as f:
        with pytest.raises(UnsafeAddressError, match="refused"):
            await f.fetch(Feed(id=1, url=f"http://{host}:{port}/feed"))
    assert server.hits["/feed"] == 0


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("http://10.0.0.5/feed", id="literal-private"),
        pytest.param("http://169.254.169.254/latest/meta-data/", id="metadata"),
        pytest.param("http://[::ffff:127.0.0.1]/", id="mapped-loopback"),
        pytest.param("http://internal.test/feed", id="name-to-private"),
        pytest.param("file:///etc/passwd", id="file"),
    ],
)
async def test_redirect_to_private_address_refused(server: FeedServer, target: str) -> None:
    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": target})

    server.routes["/go"] = redirect
    inner = MapResolver({"internal.test": ["192.168.0.10"]})
    # the operator allows the test server's address, not what it redirects to
    async with HttpFeedFetcher(AddressPolicy.from_setting("127.0.0.1"), resolver=inner) as f:
        with pytest.raises(UnsafeAddressError, match="refused"):
            await f.fetch(Feed(id=1, url=server.url("/go"), operator=True))
    assert server.hits["/go"] == 1
