"""parse_feed: RSS 0.9x/1.0/2.0, Atom, RDF, odd encodings, missing fields, HTML, bozo feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.feeds.fetcher import html_to_text, parse_feed
from bot.errors import FeedNotAFeedError

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<item><title>Dalot talks</title><link>http://x.test/a</link><description>Plain</description></item>
</channel></rss>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x.test/"><title>RDF feed</title><link>http://x.test/</link></channel>
<item rdf:about="http://x.test/b"><title>Bid rejected</title><link>http://x.test/b</link>
<dc:date>2025-01-05T10:00:00Z</dc:date><dc:language>it</dc:language></item>
</rdf:RDF>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es"><title>Atom feed</title>
<entry><id>tag:x.test,2025:1</id>
<title type="html">&lt;b&gt;Oferta&lt;/b&gt; del Real Madrid</title>
<link href="http://x.test/c"/><updated>2025-01-05T11:30:00+01:00</updated>
<author><name>José Félix Díaz</name></author>
<content type="html">&lt;p&gt;El club blanco ofrece &lt;i&gt;20 millones&lt;/i&gt;.&lt;/p&gt;
&lt;script&gt;x()&lt;/script&gt;</content>
</entry></feed>""".encode()
LATIN1 = (
    '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Kicker</title>'
    "<item><title>Gvardiol: Einigung mit Manchester City für 90 Millionen</title>"
    "<guid isPermaLink='false'>k-1</guid></item></channel></rss>"
).encode("latin-1")


def test_rss_091_without_guid_or_date() -> None:
    title, items, bozo = parse_feed(RSS091)
    assert title == "Old" and bozo is None
    [item] = items
    assert (item.guid, item.link, item.published) == (None, "http://x.test/a", None)
    assert item.summary == "Plain"


def test_rdf_with_dc_date_and_language() -> None:
    title, items, _ = parse_feed(RDF)
    assert title == "RDF feed"
    [item] = items
    assert item.link == "http://x.test/b"
    assert item.published == datetime(2025, 1, 5, 10, 0, tzinfo=UTC)


def test_atom_html_title_stripped_and_content_text() -> None:
    title, items, _ = parse_feed(ATOM)
    [item] = items
    assert title == "Atom feed"
    assert item.title == "Oferta del Real Madrid"
    assert (item.content or item.summary) == "El club blanco ofrece 20 millones."  # no script
    assert item.author == "José Félix Díaz"
    assert item.guid == "tag:x.test,2025:1"
    assert item.published == datetime(2025, 1, 5, 10, 30, tzinfo=UTC)
    assert item.lang == "es"


def test_latin1_declared_encoding() -> None:
    _, items, _ = parse_feed(LATIN1)
    assert items[0].title == "Gvardiol: Einigung mit Manchester City für 90 Millionen"
    assert items[0].guid == "k-1"


def test_charset_from_http_header_wins_over_a_missing_declaration() -> None:
    body = (
        "<rss version='2.0'><channel><title>L'Équipe</title>"
        "<item><title>Accord trouvé à Paris</title></item></channel></rss>"
    ).encode("cp1252")
    _, items, _ = parse_feed(body, {"Content-Type": "application/rss+xml; charset=windows-1252"})
    assert items[0].title == "Accord trouvé à Paris"


def test_truncated_feed_keeps_complete_items() -> None:
    body = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        b"<item><title>One</title><link>http://x.test/1</link></item>"
        b"<item><title>Two</title><link>http://x.test/2</link></item>"
        b"<item><title>Thr"
    )
    _, items, bozo = parse_feed(body)
    assert bozo is not None
    assert [i.title for i in items][:2] == ["One", "Two"]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        pytest.param("<b>Real</b> &amp; <i>Liverpool</i>", "Real & Liverpool", id="inline"),
        pytest.param("<p>One</p><p>Two</p>", "One\nTwo", id="blocks"),
        pytest.param("a<style>p{}</style>b", "ab", id="style"),
        pytest.param("No markup  at\tall", "No markup at all", id="plain"),
        pytest.param("5 &lt; 6 &#8364;20m", "5 < 6 €20m", id="entities"),
        pytest.param("<unclosed <b>bold", "bold", id="broken"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_not_a_feed_message() -> None:
    with pytest.raises(FeedNotAFeedError, match=r"not a feed: .*text/html"):
        parse_feed(b"<!doctype html><html><p>hi</p></html>", {"Content-Type": "text/html"})
