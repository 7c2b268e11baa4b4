"""Canonical links and article keys."""

from __future__ import annotations

import pytest

from bot.feeds.urls import article_key, canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        pytest.param(
            "HTTPS://WWW.BBC.co.uk:443/sport/football/123#comments",
            "https://www.bbc.co.uk/sport/football/123",
            id="case-port-fragment",
        ),
        pytest.param(
            "http://x.test:80/a?utm_source=rss&utm_medium=feed&id=5",
            "http://x.test/a?id=5",
            id="utm",
        ),
        pytest.param(
            "https://x.test/a?fbclid=abc&gclid=1&at_medium=RSS&at_campaign=KARANGA&mc_cid=9&ref=tw",
            "https://x.test/a",
            id="trackers",
        ),
        pytest.param("https://x.test/a?b=2&a=1&a=0", "https://x.test/a?a=0&a=1&b=2", id="sorted"),
        pytest.param("https://x.test:8443/a", "https://x.test:8443/a", id="other-port-kept"),
        pytest.param("https://x.test", "https://x.test/", id="empty-path"),
        pytest.param("https://x.test/a?q=", "https://x.test/a?q=", id="blank-value-kept"),
        pytest.param("  https://x.test/a  ", "https://x.test/a", id="spaces"),
        pytest.param("tag:x.test,2025:1", "tag:x.test,2025:1", id="not-http"),
        pytest.param("http://[::1]:80/a", "http://[::1]/a", id="ipv6"),
        pytest.param("http://x.test:99999/a", "http://x.test:99999/a", id="bad-port-unchanged"),
        pytest.param("https://x.test/Path/Case", "https://x.test/Path/Case", id="path-case-kept"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("link", "guid", "key"),
    [
        pytest.param(
            "https://x.test/a?utm_source=rss",
            "https://x.test/a",
            "https://x.test/a",
            id="guid-is-link",
        ),
        pytest.param("https://x.test/a", None, "https://x.test/a", id="no-guid"),
        pytest.param("https://x.test/a", "abc-123", "https://x.test/a abc-123", id="opaque-guid"),
        pytest.param(None, "abc-123", "guid:abc-123", id="guid-only"),
        pytest.param("", "  ", None, id="neither"),
    ],
)
def test_article_key(link: str | None, guid: str | None, key: str | None) -> None:
    found = article_key(link, guid, fallback="feed\ntitle")
    if key is None:
        assert found.startswith("hash:")
        assert found == article_key(None, None, fallback="feed  \n title")  # whitespace-blind
        assert found != article_key(None, None, fallback="feed\nother title")
    else:
        assert found == key


def test_same_story_two_feeds_same_key() -> None:
    a = article_key("https://www.x.test/story?utm_source=feed_a#top", None)
    b = article_key("https://WWW.X.TEST:443/story?at_medium=RSS", None)
    assert a == b
