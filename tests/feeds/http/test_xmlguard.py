"""No XML entity is ever expanded, whatever the encoding or the layout of the DOCTYPE; numeric
references to forbidden characters never cost a feed; item text is capped and clean."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser.api
import pytest

from adapters.feeds import xmlguard
from adapters.feeds.feedparse import MAX_GUID_CHARS, clean_text, newest
from adapters.feeds.fetcher import parse_feed
from bot.errors import FeedNotAFeedError
from bot.records import MAX_TEXT_CHARS, MAX_TITLE_CHARS, FeedItem
from tests.fakes import hostile_feeds as hostile

DECL = b'<?xml version="1.0" encoding="utf-8"?>'
ROOT = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


def test_feedparser_uses_our_doctype_filter() -> None:
    # canary: feedparser.api.parse looks the function up by this module-global name
    assert feedparser.api.replace_doctype is xmlguard.replace_doctype


@pytest.mark.parametrize(
    ("prolog", "kept"),
    [
        pytest.param(b"", b"", id="no-doctype"),
        pytest.param(b"<!DOCTYPE rss>", b"", id="bare"),
        pytest.param(
            b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">',
            b"",
            id="external-only",
        ),
        pytest.param(b'<!DOCTYPE rss [<!ENTITY a "b">]>', b"", id="one-line-subset"),
        pytest.param(b'<!DOCTYPE rss [\n<!ENTITY a "]>">\n]>', b"", id="bracket-in-literal"),
        pytest.param(
            b"<!-- <rss> [ --><!DOCTYPE rss [<!-- ]> -->]>", b"<!-- <rss> [ -->", id="comments"
        ),
        pytest.param(b"<?pi x?><!doctype rss [<?pi ]> ?>]>", b"<?pi x?>", id="lowercase-and-pis"),
        pytest.param(b"<!DOCTYPE a><!DOCTYPE rss [<!ENTITY a 'b'>]>", b"", id="two-doctypes"),
        pytest.param(
            b'<!DOCTYPE rdf [<!ENTITY % lat1 PUBLIC "-//W3C//ENTITIES Latin 1//EN" "l.ent">'
            b"%lat1;]>",
            b"",
            id="external-parameter-entity",  # never fetched: cut out like the rest
        ),
    ],
)
def test_every_doctype_of_the_prolog_is_cut_out(prolog: bytes, kept: bytes) -> None:
    data, removed = xmlguard.strip_doctypes(DECL + prolog + ROOT)
    assert data == DECL + kept + ROOT
    assert bool(removed) == (b"DOCTYPE" in prolog.upper())


def test_a_doctype_after_the_root_is_left_to_the_parser() -> None:
    body = DECL + b"<rss><!DOCTYPE x [<!ENTITY a 'b'>]></rss>"
    assert xmlguard.strip_doctypes(body) == (body, [])  # expat stops at it; nothing expands


@pytest.mark.parametrize(
    "subset",
    [
        pytest.param(b'<!ENTITY a "x"><!ENTITY b "&a;&a;">', id="general"),
        pytest.param(b"<!ENTITY a 'x'><!ENTITY b '&a;'>", id="single-quotes"),
        pytest.param(b'<!ENTITY % p "x"><!ENTITY b "%p;">', id="parameter-in-value"),
        pytest.param(b"<!ENTITY % d \"<!ENTITY b 'x'>\"> %d;", id="parameter-expands-to-decl"),
        pytest.param(b'<!ATTLIST item x CDATA "&a;">', id="attribute-default"),
    ],
)
def test_nested_entities_are_refused(subset: bytes) -> None:
    with pytest.raises(xmlguard.EntitiesRefused, match="nested XML entities"):
        xmlguard.strip_doctypes(DECL + b"<!DOCTYPE rss [" + subset + b"]>" + ROOT)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(DECL + b"<!DOCTYPE rss [<!ENTITY a 'x'>", id="no-end"),
        pytest.param(DECL + b'<!DOCTYPE rss [<!ENTITY a "x>]>' + ROOT, id="open-literal"),
        pytest.param(DECL + b"<!DOCTYPE rss [<!-- ]>" + ROOT, id="open-comment"),
    ],
)
def test_an_unterminated_doctype_is_refused(body: bytes) -> None:
    with pytest.raises(xmlguard.EntitiesRefused, match="not terminated"):
        xmlguard.strip_doctypes(body)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(hostile.billion_laughs(), id="one-line"),
        pytest.param(hostile.billion_laughs(newlines=True), id="one-per-line"),
        pytest.param(hostile.parameter_entities(), id="parameter-entities"),
        pytest.param(hostile.nested_near_cap(), id="nested-near-the-cap"),
        # feedparser transcodes first: the filter sees UTF-8 whatever the body was sent in
        pytest.param(
            hostile.billion_laughs()
            .replace(b'encoding="utf-8"', b'encoding="utf-16"')
            .decode()
            .encode("utf-16"),
            id="utf-16",
        ),
    ],
)
def test_expansion_attacks_are_refused_as_such(body: bytes) -> None:
    with pytest.raises(FeedNotAFeedError, match=r"nested XML entities.*nothing was expanded"):
        parse_feed(body)


def test_a_subset_longer_than_the_early_check_is_judged_whole() -> None:
    subset = '<!ENTITY big "' + "x" * (1 << 20) + '">'  # ends after the first MiB
    body = hostile.rss(hostile.item(0, description="&big;"), doctype=f"<!DOCTYPE rss [{subset}]>")
    assert parse_feed(body)[1][0].summary == "&big;"
    nested = body.replace(b'x">', b'x"><!ENTITY b "&big;">')  # nesting past the first MiB
    with pytest.raises(FeedNotAFeedError, match="nested XML entities"):
        parse_feed(nested)


def test_a_flat_entity_is_not_expanded_and_the_text_is_capped() -> None:
    subset = '<!ENTITY big "' + "x" * 4096 + '">'
    body = hostile.rss(
        hostile.item(0, description="&big;" * 20_000), doctype=f"<!DOCTYPE rss [{subset}]>"
    )
    _, items, _ = parse_feed(body)
    assert "x" * 100 not in items[0].summary  # the 4 KB value appears nowhere
    assert items[0].summary.startswith("&big;&big;") and len(items[0].summary) == MAX_TEXT_CHARS


def test_forbidden_character_references_are_dropped_not_fatal() -> None:
    _, items, _ = parse_feed(hostile.nul_items())
    assert len(items) == 5  # the feed survives its bad item
    bad = items[1]
    assert bad.title == "Real Madrid [31mapproach"  # NUL, ESC, BEL, surrogate, > U+10FFFF gone
    assert bad.summary == "NUL here ]0;pwned and there"
    assert xmlguard.drop_bad_char_refs(b"&#65;&#x1F600;&#9;&#0;&#xD800;") == b"&#65;&#x1F600;&#9;"


def test_raw_control_characters_never_reach_an_item() -> None:
    # raw bytes (not references): expat refuses them, the loose parser keeps them; we do not
    body = hostile.rss(hostile.item(0, title="a\x00b\x1b[2Jc\x7fd\x9be", description="x\x08y"))
    _, items, _ = parse_feed(body)
    # (feedparser reads a C1 control as the windows-1252 character: U+009B becomes U+203A)
    assert (items[0].title, items[0].summary) == ("ab[2Jcd\u203ae", "xy")


def test_titles_links_and_guids_are_capped() -> None:
    long_link = "http://example.com/" + "a" * 3000
    body = hostile.rss(
        f"<item><title>{'word ' * 1000}</title><link>{long_link}</link>"
        f"<guid isPermaLink='false'>{'g' * 2000}</guid></item>"
    )
    (it,) = parse_feed(body)[1]
    assert len(it.title) == MAX_TITLE_CHARS and it.link is None  # a cut link would point elsewhere
    assert it.guid is not None and it.guid.startswith("sha256:") and len(it.guid) < MAX_GUID_CHARS
    assert parse_feed(body)[1][0].guid == it.guid  # still an identity


def test_clean_text_keeps_layout_and_cuts() -> None:
    assert clean_text("a\tb\nc\r\nd\x00\x1b\x85", 100) == "a\tb\nc\r\nd"
    assert clean_text("é" * 10, 3) == "ééé"


def test_newest_keeps_feed_order_and_counts_undated_as_newest() -> None:
    def it(n: int, day: int | None) -> FeedItem:
        return FeedItem(
            guid=str(n),
            link=None,
            title=str(n),
            published=None if day is None else datetime(2025, 1, day, tzinfo=UTC),
        )

    items = [it(0, 1), it(1, 5), it(2, None), it(3, 3), it(4, 4)]
    assert [i.guid for i in newest(items, 3)] == ["1", "2", "4"]
    assert newest(items, 10) == tuple(items)
