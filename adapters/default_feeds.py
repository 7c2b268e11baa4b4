"""The bundled list of public football and transfer feeds (``bot/data/default_feeds.toml``).

``transferbot feeds defaults`` lists them; ``--add`` adds them as the operator's feeds; ``run``
adds them on a database with no feed yet unless ``TRANSFERBOT_DEFAULT_FEEDS`` is off. They are
stored without a probe: a feed that cannot be reached (offline, moved) is polled, backs off and
is disabled with its reason like any other, and the bot goes on.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.feeds.feedops import clamp_interval
from bot.model import Feed
from bot.ports import FeedStore

logger = logging.getLogger(__name__)

DEFAULT_FEEDS_FILE = Path(__file__).resolve().parent.parent / "bot" / "data" / "default_feeds.toml"
LANGUAGES = ("en", "es", "it", "de", "pt", "fr")


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultFeed:
    outlet: str
    source: str
    tier: int
    lang: str
    url: str
    interval_s: int


def load_default_feeds(path: Path = DEFAULT_FEEDS_FILE) -> list[DefaultFeed]:
    """The feeds of the list, checked (ConfigError naming the entry when one is malformed)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("default feeds", f"cannot read {path}: {exc}") from None
    feeds: list[DefaultFeed] = []
    for number, entry in enumerate(data.get("feed", []), start=1):
        try:
            feed = DefaultFeed(
                outlet=str(entry["outlet"]),
                source=str(entry["source"]),
                tier=int(entry["tier"]),
                lang=str(entry["lang"]),
                url=str(entry["url"]),
                interval_s=clamp_interval(int(entry.get("interval_s", 600))),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError("default feeds", f"{path} feed {number}: missing {exc}") from None
        if urlsplit(feed.url).scheme != "https" or feed.lang not in LANGUAGES:
            raise ConfigError("default feeds", f"{path} feed {number}: bad url or lang")
        feeds.append(feed)
    return feeds


@dataclass(frozen=True, slots=True)
class Added:
    default: DefaultFeed
    feed: Feed
    new: bool


def add_default_feeds(store: FeedStore, feeds: Sequence[DefaultFeed]) -> list[Added]:
    """Store every default feed as the operator's (idempotent: a feed already there is kept)."""
    added = []
    for default in feeds:
        before = store.find_feed(default.url)
        feed = store.add_feed(
            default.url, channel=None, title=default.outlet, interval_s=default.interval_s
        )
        added.append(Added(default, feed, before is None))
    return added


def describe(feeds: Sequence[DefaultFeed]) -> list[str]:
    """One line a feed: tier, language, outlet, address."""
    width = max((len(f.outlet) for f in feeds), default=0)
    return [f"tier {f.tier}  {f.lang}  {f.outlet:<{width}}  {f.url}" for f in feeds]
