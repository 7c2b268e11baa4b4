"""OPML import and export of feed lists (``transferbot feeds import FILE.opml`` / ``export``).

Parsed with the standard library's expat, defusedxml-style: a document with a DTD, an entity
declaration or an external reference is refused outright (no billion laughs, no XXE).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime
from xml.parsers import expat

from bot.errors import FeedRejectedError, UsageError
from bot.feeds.feedops import add_feed
from bot.model import Channel, Feed
from bot.ports import FeedFetcher, FeedStore

logger = logging.getLogger(__name__)

MAX_OPML_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class OpmlFeed:
    url: str
    title: str | None = None


@dataclass(slots=True, kw_only=True)
class ImportReport:
    added: list[Feed] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def _forbid(*_args: object) -> int:
    raise UsageError("refused: OPML with a DTD or entity declarations is not accepted")


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds (``outline`` elements with an ``xmlUrl``, nested folders included) of an OPML
    document, in order, without duplicates. Raises ``UsageError`` on malformed or unsafe XML."""
    if len(data) > MAX_OPML_BYTES:
        raise UsageError(f"OPML file too large ({len(data)} bytes, cap {MAX_OPML_BYTES})")
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    # What defusedxml forbids: any DTD, entity declaration or external reference.
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    try:
        parser.Parse(data, True)
        root = builder.close()
    except (expat.ExpatError, AssertionError) as exc:
        raise UsageError(f"not a valid OPML file: {exc}") from exc
    if root.tag.lower() != "opml":
        raise UsageError(f"not an OPML file (root element <{root.tag}>)")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        feeds.append(OpmlFeed(url=url, title=title))
    return feeds


def export_opml(feeds: Sequence[Feed], *, title: str = "transferbot feeds") -> bytes:
    """An OPML 2.0 document listing ``feeds``."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    dates = [f.last_success_at for f in feeds if f.last_success_at is not None]
    if dates:
        ET.SubElement(head, "dateModified").text = format_datetime(max(dates), usegmt=True)
    body = ET.SubElement(root, "body")
    for feed in sorted(feeds, key=lambda f: f.id):
        name = feed.title or feed.url
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


async def import_opml(
    store: FeedStore,
    fetcher: FeedFetcher,
    channel: Channel | None,
    data: bytes,
    *,
    interval_s: int = 600,
) -> ImportReport:
    """Add every feed of an OPML document, each validated by a first fetch like ``/feeds add``.

    A refused feed is reported and skipped; the others are added.
    """
    report = ImportReport()
    for entry in parse_opml(data):
        try:
            feed = await add_feed(store, fetcher, channel, entry.url, interval_s=interval_s)
        except FeedRejectedError as exc:
            logger.warning("OPML import: %s", exc)
            report.rejected.append((entry.url, str(exc)))
        else:
            report.added.append(feed)
    return report
