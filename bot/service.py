"""The use cases every chat surface calls: follow, unfollow, following, latest, feeds, settings.

Adapters translate commands into these calls and ``UserError`` messages back to the user.
Articles come in through :mod:`bot.ingest`; alerts go out through :mod:`bot.delivery`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot import channels
from bot.errors import AmbiguousPlayerError, UnknownPlayerError, UsageError, UserError
from bot.feeds import feedops
from bot.model import Channel, Feed, Player
from bot.names import derive_aliases, normalise
from bot.players import Registry, default_registry, registry_resolver
from bot.ports import ChatStore, FeedFetcher
from bot.records import ChannelSettings, DeliveryStatus, SagaView
from bot.resolver import Candidate, How, Resolution, Resolver
from bot.summaries import render_latest

logger = logging.getLogger(__name__)

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
    typed: str = ""  # what the fan typed, when he gets another spelling ("TAA", "Kylian Mbape")


class Service:
    def __init__(
        self,
        store: ChatStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        fetcher: FeedFetcher | None = None,
        feed_interval_s: int = 600,
        registry: Registry | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._fetcher = fetcher
        self._feed_interval_s = feed_interval_s
        self._registry = registry if registry is not None else default_registry()

    # ------------------------------------------------------------------ players

    def follow(self, channel: Channel, name: str, *, new: bool = False) -> FollowResult:
        """Follow the player ``name`` means (:mod:`bot.resolver`). A name nobody knows raises
        the question (``UnknownPlayerError`` with the ``--new`` command), several players
        the choice (``AmbiguousPlayerError``); ``new``: follow a new player of that name
        unless it is exactly the name or alias of one the bot knows."""
        name = _clean_name(name)
        resolution = self._exactly(name) if new else self._resolver().resolve(name)
        found = resolution.found
        if found is None and not new:
            if resolution.choices:
                raise AmbiguousPlayerError(name, _choices(resolution), command="/follow")
            raise UnknownPlayerError(
                name, [c.name for c in resolution.suggestions], create=f"/follow {name} --new"
            )
        player, created = self._player_for(found, name)
        subscribed = self._store.subscribe(channel, player.id)
        if self._store.clear_channel_broken(channel):  # following again is a fix: try anew
            logger.info("channel %s resumed by a follow", channel)
        saga = None
        if subscribed:
            views = tuple(self._store.saga_views(player.id))
            saga = SagaReport(player=player, sagas=views, now=self._clock()) if views else None
        return FollowResult(
            player=player,
            created_player=created,
            already_following=not subscribed,
            saga=saga,
            typed=name if resolution.differs else "",
        )

    def unfollow(self, channel: Channel, name: str) -> Player:
        name = _clean_name(name)
        followed = self._store.channel_players(channel)
        mine = Resolver(_candidate(p) for p in followed).resolve(name).found
        if mine is not None:
            player = next(p for p in followed if p.id == mine.player_id)
        else:
            player = self._known(name, "/unfollow")
            if player.id == 0:
                raise UserError(f"This channel does not follow {player.name}.")
        if not self._store.unsubscribe(channel, player.id):
            raise UserError(f"This channel does not follow {player.name}.")
        return player

    def following(self, channel: Channel) -> list[Player]:
        return sorted(self._store.channel_players(channel), key=lambda p: p.name)

    def saga(self, name: str) -> SagaReport:
        """The saga so far of the player ``name`` means, followed or not; a registry player the
        news never named has none yet. ``UnknownPlayerError`` (with close names) if nobody."""
        player = self._known(_clean_name(name), "/latest")
        views = tuple(self._store.saga_views(player.id)) if player.id else ()
        return SagaReport(player=player, sagas=views, now=self._clock())

    def latest(self, name: str) -> str:
        """``/latest`` as plain text."""
        return self.saga(name).text()

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Autocomplete: known names starting with (or containing) what was typed, the store's
        players (followed, or with news) before the rest of the registry's."""
        key = normalise(prefix)
        stored = sorted(p.name for p in self._store.players())
        names = list(dict.fromkeys([*stored, *self._all_names()]))
        starts = [n for n in names if normalise(n).startswith(key)]
        contains = [n for n in names if key in normalise(n) and n not in starts]
        return (starts + contains)[:limit]

    def _known(self, name: str, command: str) -> Player:
        """The player ``name`` resolves to; id 0 for a registry player not in the store yet."""
        resolution = self._resolver().resolve(name)
        found = resolution.found
        if found is None:
            if resolution.choices:
                raise AmbiguousPlayerError(name, _choices(resolution), command=command)
            raise UnknownPlayerError(name, [c.name for c in resolution.suggestions])
        if found.player_id is not None:
            player = self._store.find_player(found.name)
            if player is not None:
                return player
        return Player(id=0, name=found.name, aliases=found.aliases)

    def _player_for(self, found: Candidate | None, typed: str) -> tuple[Player, bool]:
        """The store's player for a resolution (created from the registry, the news' spelling
        or what was typed, when the store has none yet) and whether he was created."""
        name = found.name if found is not None else typed
        listed = self._registry.get(name)
        aliases = listed.all_aliases(self._registry.shared) if listed else derive_aliases(name)
        if found is not None and found.player_id is not None:
            player = self._store.find_player(found.name)
            if player is not None and player.id == found.player_id:
                if listed is not None and not set(aliases) <= set(player.aliases):
                    # stored by the news before anyone followed him: his registry aliases too
                    player = self._store.add_player(player.name, aliases)
                return player, False
        return self._store.add_player(name, aliases), True

    def _exactly(self, name: str) -> Resolution:
        """``name`` as the full name or an alias of one player the store or the registry has,
        no misspelling guessed (``/follow … --new``)."""
        stored = self._store.find_player(name)
        if stored is not None:
            return Resolution(typed=name, found=_candidate(stored), how=How.ALIAS)
        return registry_resolver(self._registry).resolve(name, fuzzy=False)

    def _resolver(self) -> Resolver:
        """Everyone the bot knows: the registry, the store's players, names the news uses."""
        return Resolver(
            [
                *(_candidate(p) for p in self._store.players()),
                *(Candidate(name=n) for n in self._store.known_players()),
            ],
            base=registry_resolver(self._registry),
        )

    def _all_names(self) -> list[str]:
        """The registry's players, the store's, and names seen next to transfer cues."""
        return sorted({c.name for c in self._resolver().candidates()})

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

    def delivery_status(self, channel: Channel) -> DeliveryStatus:
        """``/status``: the channel's alerts given up, whether it is broken, what is to go."""
        return self._store.delivery_status(channel)

    def list_feeds(self, channel: Channel | None) -> list[str]:
        """``feeds`` as status lines, the ones this channel added marked with ``*``."""
        return self.feeds(channel).lines(marked=channel is not None)


def _candidate(player: Player) -> Candidate:
    """A store player as a candidate: not vetted (a name a fan typed is no evidence), unless
    the registry has him too (the resolver merges the two)."""
    return Candidate(name=player.name, aliases=player.aliases, player_id=player.id)


def _choices(resolution: Resolution) -> list[tuple[str, str]]:
    return [(c.name, c.detail) for c in resolution.choices]


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError("Which player? Give a name, e.g. /follow Trent Alexander-Arnold")
    if len(name) > MAX_NAME_LENGTH or not _NAME_OK.match(name):
        raise UsageError(f"That doesn't look like a player's name: {name[:40]!r}")
    return name
