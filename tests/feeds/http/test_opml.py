"""OPML import/export, and refusal of DTDs and entities."""

from __future__ import annotations

import pytest

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.opml import export_opml, import_opml, parse_opml
from bot.errors import UsageError
from bot.model import Channel, Feed
from tests.fakes.feeds import FeedServer, MemoryFeedStore, make_items, rss

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="Football">
  <outline type="rss" text="BBC" title="BBC Sport" xmlUrl="https://feeds.bbci.co.uk/sport/football/rss.xml"/>
  <outline type="rss" text="Guardian" xmlUrl="https://www.theguardian.com/football/rss"/>
</outline>
<outline type="rss" text="BBC again" xmlUrl="https://feeds.bbci.co.uk/sport/football/rss.xml"/>
<outline text="no url"/>
</body></opml>"""


def test_parse_nested_and_deduplicated() -> None:
    feeds = parse_opml(OPML)
    assert [(f.url, f.title) for f in feeds] == [
        ("https://feeds.bbci.co.uk/sport/football/rss.xml", "BBC Sport"),
        ("https://www.theguardian.com/football/rss", "Guardian"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<opml><body><outline xmlUrl="&lol2;"/></body></opml>',
            id="billion-laughs",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<opml><body><outline xmlUrl="&xxe;"/></body></opml>',
            id="xxe",
        ),
        pytest.param(b'<!DOCTYPE opml SYSTEM "http://evil.test/x.dtd"><opml/>', id="external-dtd"),
        pytest.param(b"<opml><body>", id="truncated"),
        pytest.param(b"<rss version='2.0'/>", id="not-opml"),
    ],
)
def test_refused(data: bytes) -> None:
    with pytest.raises(UsageError):
        parse_opml(data)


def test_export_roundtrip() -> None:
    feeds = [
        Feed(id=2, url="https://b.test/rss", title="B & co"),
        Feed(id=1, url="https://a.test/"),
    ]
    data = export_opml(feeds)
    assert data.startswith(b"<?xml")
    assert [(f.url, f.title) for f in parse_opml(data)] == [
        ("https://a.test/", "https://a.test/"),
        ("https://b.test/rss", "B & co"),
    ]


async def test_import_validates_each_feed(server: FeedServer, fetcher: HttpFeedFetcher) -> None:
    server.serve("/good", rss(make_items(1)))
    data = (
        '<opml version="2.0"><body>'
        f'<outline text="good" xmlUrl="{server.url("/good")}"/>'
        f'<outline text="gone" xmlUrl="{server.url("/gone")}"/>'
        '<outline text="private" xmlUrl="http://192.168.1.1/rss"/>'
        "</body></opml>"
    ).encode()
    store = MemoryFeedStore()
    report = await import_opml(
        store, fetcher, Channel(platform="console", workspace="w", channel="c"), data
    )
    assert [f.url for f in report.added] == [server.url("/good")]
    assert [u for u, _ in report.rejected] == [server.url("/gone"), "http://192.168.1.1/rss"]
    assert "private address" in report.rejected[1][1]
