"""Feed parsing: feedparser on bytes, never on a URL (its own HTTP has no timeout).

:func:`parse_feed` turns a body into ``bot.ports.FeedItem``s: RSS 0.9x/1.0/2.0, Atom and RDF, odd
encodings, items with no guid or no date, HTML in titles stripped to text. A ``bozo`` feed
(ill-formed, truncated, mislabelled encoding) keeps its complete items.

Bounds on what a feed can make the parser do (the wall-clock and memory limits are the worker's:
:mod:`adapters.feeds.parsepool`):

* **No entity is ever expanded.** The DOCTYPE's internal subset is cut out of the document after
  feedparser has transcoded it to UTF-8 and before any XML parser sees it (see
  :mod:`.xmlguard`), so neither expat nor feedparser's loose parser knows a declared entity:
  a reference to one stays as text. A subset that nests entities (an entity whose value refers
  to another: "billion laughs") is refused with ``FeedNotAFeedError``.
* Every text is capped (title ``MAX_TITLE_CHARS``, summary and content ``MAX_TEXT_CHARS``, …),
  and stripped of NUL and other control characters, before it reaches the claim engine.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import logging
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from adapters.feeds import xmlguard
from bot.errors import FeedNotAFeedError
from bot.records import MAX_TEXT_CHARS, MAX_TITLE_CHARS, FeedItem

logger = logging.getLogger(__name__)

xmlguard.install()

MAX_NAME_CHARS = 200  # author, feed language
MAX_LINK_CHARS = 2048  # a longer link is dropped (truncated, it would point elsewhere)
MAX_GUID_CHARS = 1024  # a longer guid is replaced by its hash (it stays an identity)
#: Markup read per field: the visible text kept is capped anyway; this bounds the HTML parser's
#: work on one field (CPython 3.11's HTMLParser is quadratic on some malformed input).
MAX_MARKUP_CHARS = 16 * MAX_TEXT_CHARS

# NUL, the other C0 controls but tab, newline and carriage return, DEL, the C1 controls (ESC
# sequences, CSI), and lone surrogates (from a numeric reference such as &#xD800;): never kept.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str, cap: int) -> str:
    """``text`` without control characters, cut to ``cap`` characters."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text[:cap]


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
    except MemoryError:
        raise
    except Exception:  # HTMLParser is lenient; never let odd markup kill an item
        logger.debug("unparseable markup, keeping it raw", exc_info=True)
        return _INLINE_SPACE.sub(" ", markup).strip()
    text = _INLINE_SPACE.sub(" ", "".join(parser.parts))
    return _BLANK_LINES.sub("\n", text).strip()


def _one_line(markup: str, cap: int) -> str:
    return clean_text(" ".join(html_to_text(markup[:MAX_MARKUP_CHARS]).split()), cap)


def _text(markup: str) -> str:
    return clean_text(html_to_text(markup[:MAX_MARKUP_CHARS]), MAX_TEXT_CHARS)


def _identity(value: object, cap: int, *, hash_long: bool) -> str | None:
    text = clean_text(str(value), 1 << 62).strip() if value else ""
    if len(text) <= cap:
        return text or None
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest() if hash_long else None


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
    title = _one_line(str(entry.get("title") or ""), MAX_TITLE_CHARS)
    link = _identity(entry.get("link"), MAX_LINK_CHARS, hash_long=False)
    guid = _identity(entry.get("id") or entry.get("guid"), MAX_GUID_CHARS, hash_long=True)
    summary = _text(str(entry.get("summary") or ""))
    contents = entry.get("content") or []
    content = "\n".join(
        _text(str(c.get("value") or "")) for c in contents[:8] if isinstance(c, Mapping)
    ).strip()[:MAX_TEXT_CHARS]
    if content == summary:
        content = ""
    if not (title or link or guid or summary or content):
        return None  # a truncated entry ({}) or an empty shell
    detail = entry.get("summary_detail") or entry.get("title_detail") or {}
    author = entry.get("author")
    return FeedItem(
        guid=guid,
        link=link,
        title=title,
        summary=summary,
        content=content,
        author=_one_line(str(author), MAX_NAME_CHARS) or None if author else None,
        published=_date(entry),
        lang=_lang(detail.get("language") if isinstance(detail, Mapping) else None, feed_lang),
    )


_PROLOG_PEEK = 1 << 20  # a DOCTYPE that does not end within 1 MiB is judged inside feedparser


def _ascii_compatible(body: bytes) -> bool:
    """Not UTF-16/32 (a BOM, or a NUL in the first four bytes), so ``<!DOCTYPE`` reads as such."""
    head = body[:4]
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head


def parse_feed(
    body: bytes, headers: Mapping[str, str] | None = None
) -> tuple[str | None, tuple[FeedItem, ...], str | None]:
    """``(feed title, items, bozo complaint)`` of a feed body. Raises ``FeedNotAFeedError``
    (also for a DOCTYPE that nests entities); ``MemoryError`` is let through (the worker of
    :mod:`adapters.feeds.parsepool` reports it).

    A ``bozo`` feed (ill-formed, truncated, mislabelled encoding) keeps its complete items.
    """
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    try:
        if _ascii_compatible(body):  # refuse early, before feedparser copies the body
            xmlguard.check_prefix(body[:_PROLOG_PEEK], whole=len(body) <= _PROLOG_PEEK)
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except xmlguard.EntitiesRefused as exc:
        raise FeedNotAFeedError(exc.reason) from exc
    except MemoryError:
        raise
    except Exception as exc:  # feedparser is meant not to raise; be sure
        logger.warning("feedparser raised on a %d-byte body: %r", len(body), exc)
        raise FeedNotAFeedError(f"not a feed: parser failed ({type(exc).__name__})") from exc
    complaint = str(parsed.get("bozo_exception") or "") if parsed.get("bozo") else ""
    bozo = clean_text(complaint, 300) or None
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
    title = _one_line(str(meta.get("title") or ""), MAX_TITLE_CHARS) or None
    return title, items, bozo


def newest(items: Sequence[FeedItem], limit: int) -> tuple[FeedItem, ...]:
    """The ``limit`` newest items, in feed order; an undated item counts as the newest."""
    if len(items) <= limit:
        return tuple(items)
    far = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(range(len(items)), key=lambda i: items[i].published or far, reverse=True)
    return tuple(items[i] for i in sorted(ranked[:limit]))
