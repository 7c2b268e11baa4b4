"""A hostile-feed corpus, generated here (never fetched, never vendored): each function builds one
body of an attack on the parser or the poller. ``bench/hostile_bench.py`` measures the same
bodies (peak memory, the next feed's latency)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

CAP = 5 * 1024 * 1024  # the fetcher's default body cap
AT = datetime(2025, 1, 6, 12, tzinfo=UTC)


def rss(items: str, *, doctype: str = "", title: str = "Hostile") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.com/</link>{items}</channel></rss>"
    ).encode()


def item(i: int, *, title: str | None = None, description: str | None = None) -> str:
    when = format_datetime(AT - timedelta(minutes=i), usegmt=True)
    return (
        f"<item><title>{title if title is not None else f'story {i}: Real Madrid approach'}"
        f"</title><link>http://example.com/s/{i}</link><guid>http://example.com/s/{i}</guid>"
        f"<description>{description if description is not None else f'Body of story {i}.'}"
        f"</description><pubDate>{when}</pubDate></item>"
    )


def billion_laughs(levels: int = 10, fan: int = 10, *, newlines: bool = False) -> bytes:
    """The classic: ten entities of ten references each, ~1 KB that expands to 10^10 "lol"s.

    ``newlines`` puts each declaration on its own line (feedparser's own filter sees those)."""
    sep = "\n" if newlines else ""
    decls = [f'<!ENTITY lol0 "lol">{sep}']
    for n in range(1, levels):
        decls.append(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * fan}">{sep}')
    return rss(
        item(0, title=f"&lol{levels - 1};"), doctype=f"<!DOCTYPE rss [{sep}{''.join(decls)}]>"
    )


def parameter_entities() -> bytes:
    """A parameter entity that expands into more declarations (the subset builds itself)."""
    subset = "<!ENTITY % decl \"<!ENTITY big 'lol'>\"> %decl;"
    return rss(item(0, title="&big;"), doctype=f"<!DOCTYPE rss [{subset}]>")


def nested_near_cap(size: int = CAP - 300 * 1024) -> bytes:
    """Two levels of entities and items that use them, ~``size`` bytes (under the cap): the shape
    that drove the bot from 90 MB to 2.1 GB."""
    base = "x" * 64 * 1024
    subset = f'<!ENTITY a "{base}"><!ENTITY b "{"&a;" * 64}">'
    one = item(0, description="&b;" * 64)
    n = max(1, (size - len(subset)) // len(one))
    return rss(
        "".join(item(i, description="&b;" * 64) for i in range(n)),
        doctype=f"<!DOCTYPE rss [{subset}]>",
    )


def flat_entity_near_cap(size: int = CAP - 300 * 1024) -> bytes:
    """One big entity, no nesting, referenced a million times: never expanded, its references
    stay as text and the summary is capped."""
    subset = f'<!ENTITY big "{"x" * 4096}">'
    refs = "&big;" * ((size - len(subset)) // 5)
    return rss(item(0, description=refs), doctype=f"<!DOCTYPE rss [{subset}]>")


def many_items(n: int = 10_000) -> bytes:
    """``n`` ordinary items (newest first): a poll must read only the newest few hundred."""
    return rss("".join(item(i) for i in range(n)))


def nul_items(n: int = 5) -> bytes:
    """``n`` items, the second with NUL, ESC and other control characters as references (and a
    surrogate and an out-of-range one, on which feedparser itself raises)."""
    bad = item(
        1,
        title="Real&#0; Madrid &#27;[31mapproach&#7; &#xD800; &#x110000;",
        description="NUL&#0; here &#x1b;]0;pwned&#x07; and &#0;&#0; there",
    )
    return rss("".join(bad if i == 1 else item(i) for i in range(n)))


def huge_title(chars: int = 1_000_000) -> bytes:
    """One item whose title is a megabyte of words with no punctuation."""
    words = ("transfer talks continue " * (chars // 24 + 1))[:chars]
    return rss(item(0, title=words, description=words))


def slow_parse(size: int = CAP - 64 * 1024) -> bytes:
    """As many tiny items as fit under the cap (~100,000): too slow and too big to parse whole."""
    one = "<item><title>t</title><guid>g{}</guid></item>"
    n = size // (len(one) + 5)
    return rss("".join(one.format(i) for i in range(n)))


BODIES = {
    "billion laughs": billion_laughs,
    "nested entities near the cap": nested_near_cap,
    "one flat entity, 1M references": flat_entity_near_cap,
    "10,000 items": many_items,
    "NUL and control characters": nul_items,
    "1 MB title": huge_title,
    "100,000 tiny items (slow/huge parse)": slow_parse,
}
