"""The use cases every chat surface calls: follow, unfollow, following, latest, feeds, settings.

Adapters translate commands into these calls and ``UserError`` messages back to the user.
Articles come in through :mod:`bot.ingest`; alerts go out through :mod:`bot.delivery`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from rapidfuzz import fuzz, process

from bot import channels
from bot.errors import UnknownPlayerError, UsageError, UserError
from bot.feeds import feedops
from bot.model import Channel, Feed, Player
from bot.names import derive_aliases, normalise
from bot.ports import ChatStore, FeedFetcher
from bot.records import ChannelSettings, SagaView
from bot.summaries import render_latest

logger = logging.getLogger(__name__)

#: A spelling this close (rapidfuzz ratio, 0-100; not WRatio, whose partial matching would merge
#: "Marin Delgado" with "Marin Delgadoson") to a known alias is taken for that player.
FUZZY_SAME_PLAYER = 90
#: Close names offered as "did you mean" when nothing matches well enough.
FUZZY_SUGGEST = 70
MAX_NAME_LENGTH = 80
_NAME_OK = re.compile(r"^[\w .'’\-]+$")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class SagaReport:
    """A player's sagas as the store has them, for ``/latest`` (each surface renders it)."""

    player: Player
    sagas: tuple[SagaView, ...]
    now: datetime

    def text(self) -> str:
        return render_latest(self.player, self.sagas, self.now)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedListing:
    """The feeds the bot reads; ``mine``: the ids of those the asking channel added."""

    feeds: tuple[Feed, ...]
    mine: frozenset[int]
    now: datetime

    def lines(self, *, marked: bool = True) -> list[str]:
        lines = feedops.feed_status_lines(self.feeds)
        if not self.feeds or not marked:
            return lines
        return [
            ("* " if f.id in self.mine else "  ") + line
            for f, line in zip(self.feeds, lines, strict=True)
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowResult:
    player: Player
    created_player: bool
    already_following: bool
    saga: SagaReport | None  # his saga so far, when a new follow finds history


class Service:
    def __init__(
        self,
        store: ChatStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        fetcher: FeedFetcher | None = None,
        feed_interval_s: int = 600,
    ) -> None:
        self._store = store
        self._clock = clock
        self._fetcher = fetcher
        self._feed_interval_s = feed_interval_s

    # ------------------------------------------------------------------ players

    def follow(self, channel: Channel, name: str) -> FollowResult:
        name = _clean_name(name)
        player = self._resolve(name)
        created = player is None
        if player is None:
            player = self._store.add_player(name, derive_aliases(name))
        new = self._store.subscribe(channel, player.id)
        if self._store.clear_channel_broken(channel):  # following again is a fix: try anew
            logger.info("channel %s resumed by a follow", channel)
        saga = None
        if new:
            report = self.saga(player.name)
            saga = report if report.sagas else None
        return FollowResult(
            player=player, created_player=created, already_following=not new, saga=saga
        )

    def unfollow(self, channel: Channel, name: str) -> Player:
        name = _clean_name(name)
        followed = self._store.channel_players(channel)
        player = self._resolve(name, among=followed) or self._resolve(name)
        if player is None:
            raise UnknownPlayerError(name, self._suggestions(name))
        if not self._store.unsubscribe(channel, player.id):
            raise UserError(f"This channel does not follow {player.name}.")
        return player

    def following(self, channel: Channel) -> list[Player]:
        return sorted(self._store.channel_players(channel), key=lambda p: p.name)

    def saga(self, name: str) -> SagaReport:
        """The saga so far of the player ``name`` means (``UnknownPlayerError`` if nobody)."""
        name = _clean_name(name)
        player = self._resolve(name)
        if player is None:
            raise UnknownPlayerError(name, self._suggestions(name))
        views = tuple(self._store.saga_views(player.id))
        return SagaReport(player=player, sagas=views, now=self._clock())

    def latest(self, name: str) -> str:
        """``/latest`` as plain text."""
        return self.saga(name).text()

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Autocomplete: known names starting with (or containing) what was typed."""
        key = normalise(prefix)
        names = self._all_names()
        starts = [n for n in names if normalise(n).startswith(key)]
        contains = [n for n in names if key in normalise(n) and n not in starts]
        return (starts + contains)[:limit]

    def _resolve(self, name: str, among: Sequence[Player] | None = None) -> Player | None:
        """An alias match, else a close fuzzy match of one alias; None for a new name."""
        if among is None:
            exact = self._store.find_player(name)
            if exact is not None:
                return exact
        players = list(among) if among is not None else self._store.players()
        key = normalise(name)
        choices: dict[str, Player] = {}
        for player in players:
            for alias in (player.name, *player.aliases):
                choices.setdefault(normalise(alias), player)
        if key in choices:
            return choices[key]
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio)
        if best is not None and best[1] >= FUZZY_SAME_PLAYER and len(key) >= 4:
            return choices[best[0]]
        return None

    def _all_names(self) -> list[str]:
        """Players in the store and names seen next to transfer cues (known players)."""
        names = {p.name for p in self._store.players()}
        by_key = {normalise(n) for n in names}
        for known in self._store.known_players():
            if normalise(known) not in by_key:
                names.add(known)
        return sorted(names)

    def _suggestions(self, name: str) -> list[str]:
        names = self._all_names()
        found = process.extract(
            normalise(name), names, scorer=fuzz.WRatio, processor=normalise, limit=3
        )
        return [n for n, score, _ in found if score >= FUZZY_SUGGEST]

    # ------------------------------------------------------------------ channel settings

    def channel_settings(self, channel: Channel) -> ChannelSettings:
        return self._store.channel_settings(channel)

    def change_setting(self, channel: Channel, key: str, value: str) -> ChannelSettings:
        """Set one of the channel's settings (``bot.channels.KEYS``); ``UsageError`` for a bad
        key or value, and then nothing changes. A change resumes a broken channel."""
        current = self._store.channel_settings(channel)
        changed = replace(channels.change(current, key, value), broken=None)
        self._store.save_channel_settings(channel, changed)
        return changed

    # ------------------------------------------------------------------ feeds

    async def add_feed(self, channel: Channel | None, url: str) -> Feed:
        if self._fetcher is None:
            raise UserError("Feeds cannot be added here: no feed fetcher is configured.")
        return await feedops.add_feed(
            self._store, self._fetcher, channel, url.strip(), interval_s=self._feed_interval_s
        )

    def remove_feed(self, channel: Channel | None, url_or_id: str) -> Feed:
        wanted = url_or_id.strip()
        for feed in self._store.list_feeds(channel):
            if wanted in (feed.url, str(feed.id)):
                self._store.remove_feed(feed.id, channel=channel)
                return feed
        raise UserError(f"No feed {wanted!r} here. See /feeds list.")

    def feeds(self, channel: Channel | None) -> FeedListing:
        """Every feed the bot reads (alerts for a channel's players come from all of them), and
        which of them ``channel`` added."""
        feeds = tuple(sorted(self._store.list_feeds(None), key=lambda f: f.id))
        mine = frozenset(f.id for f in self._store.list_feeds(channel)) if channel else frozenset()
        return FeedListing(feeds=feeds, mine=mine, now=self._clock())

    def list_feeds(self, channel: Channel | None) -> list[str]:
        """``feeds`` as status lines, the ones this channel added marked with ``*``."""
        return self.feeds(channel).lines(marked=channel is not None)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError("Which player? Give a name, e.g. /follow Trent Alexander-Arnold")
    if len(name) > MAX_NAME_LENGTH or not _NAME_OK.match(name):
        raise UsageError(f"That doesn't look like a player's name: {name[:40]!r}")
    return name
