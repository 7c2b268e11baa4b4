"""Feed parsing: feedparser on bytes, never on a URL (its own HTTP has no timeout).

:func:`parse_feed` turns a body into ``bot.ports.FeedItem``s: RSS 0.9x/1.0/2.0, Atom and RDF, odd
encodings, items with no guid or no date, HTML in titles stripped to text. A ``bozo`` feed
(ill-formed, truncated, mislabelled encoding) keeps its complete items.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from bot.errors import FeedNotAFeedError
from bot.records import FeedItem

logger = logging.getLogger(__name__)


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript"})
    _BLOCK = frozenset(
        {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "blockquote"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


_INLINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded, whitespace tidied."""
    if "<" not in markup and "&" not in markup:
        return _INLINE_SPACE.sub(" ", markup).strip()
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is lenient; never let odd markup kill an item
        logger.debug("unparseable markup, keeping it raw", exc_info=True)
        return _INLINE_SPACE.sub(" ", markup).strip()
    text = _INLINE_SPACE.sub(" ", "".join(parser.parts))
    return _BLANK_LINES.sub("\n", text).strip()


def _one_line(markup: str) -> str:
    return " ".join(html_to_text(markup).split())


def _date(entry: Mapping[str, Any]) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _lang(*candidates: object) -> str | None:
    for value in candidates:
        if isinstance(value, str) and value.strip():
            primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
            if primary.isalpha() and 2 <= len(primary) <= 3:
                return primary
    return None


def _item(entry: Mapping[str, Any], feed_lang: str | None) -> FeedItem | None:
    title = _one_line(str(entry.get("title") or ""))
    link = entry.get("link")
    guid = entry.get("id") or entry.get("guid")
    summary = html_to_text(str(entry.get("summary") or ""))
    contents = entry.get("content") or []
    content = "\n".join(
        html_to_text(str(c.get("value") or "")) for c in contents if isinstance(c, Mapping)
    ).strip()
    if content == summary:
        content = ""
    if not (title or link or guid or summary or content):
        return None  # a truncated entry ({}) or an empty shell
    detail = entry.get("summary_detail") or entry.get("title_detail") or {}
    author = entry.get("author")
    return FeedItem(
        guid=str(guid).strip() or None if guid else None,
        link=str(link).strip() or None if link else None,
        title=title,
        summary=summary,
        content=content,
        author=_one_line(str(author)) or None if author else None,
        published=_date(entry),
        lang=_lang(detail.get("language") if isinstance(detail, Mapping) else None, feed_lang),
    )


def parse_feed(
    body: bytes, headers: Mapping[str, str] | None = None
) -> tuple[str | None, tuple[FeedItem, ...], str | None]:
    """``(feed title, items, bozo complaint)`` of a feed body. Raises ``FeedNotAFeedError``.

    A ``bozo`` feed (ill-formed, truncated, mislabelled encoding) keeps its complete items.
    """
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is meant not to raise; be sure
        logger.warning("feedparser raised on a %d-byte body: %r", len(body), exc)
        raise FeedNotAFeedError(f"not a feed: parser failed ({type(exc).__name__})") from exc
    bozo = str(parsed.get("bozo_exception") or "")[:300] or None if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        content_type = response_headers.get("content-type", "unknown type")
        raise FeedNotAFeedError(f"not a feed: no RSS/Atom/RDF found ({content_type})")
    meta = parsed.get("feed") or {}
    feed_lang = _lang(meta.get("language"))
    items = tuple(
        item
        for entry in entries
        if isinstance(entry, Mapping) and (item := _item(entry, feed_lang)) is not None
    )
    title = _one_line(str(meta.get("title") or "")) or None
    return title, items, bozo
