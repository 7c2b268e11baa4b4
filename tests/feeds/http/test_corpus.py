"""Never crash: every file of a vendored subset of feedparser's own test corpus (BSD-2-Clause,
see tests/data/feedparser_corpus/LICENSE) gives items or a recorded ``FeedNotAFeedError``."""

from __future__ import annotations

from pathlib import Path

from adapters.feeds.fetcher import parse_feed
from bot.errors import FeedNotAFeedError
from bot.records import FeedItem

CORPUS = Path(__file__).resolve().parents[2] / "data" / "feedparser_corpus"


def test_parser_never_raises_on_the_corpus() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xml", ".rdf"))
    assert len(files) > 600, "the vendored corpus is missing"
    parsed = rejected = items = 0
    for path in files:
        try:
            title, found, _ = parse_feed(path.read_bytes())
        except FeedNotAFeedError as exc:
            assert exc.reason.startswith("not a feed"), path
            rejected += 1
            continue
        assert title is None or isinstance(title, str), path
        assert all(isinstance(i, FeedItem) and isinstance(i.title, str) for i in found), path
        parsed += 1
        items += len(found)
    # nearly all of feedparser's samples are feeds of some kind
    assert parsed > 0.9 * len(files), (parsed, rejected)
    assert items > 100  # many samples test one exotic field and carry no title or link
