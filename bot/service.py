"""The use cases every chat surface calls: follow, unfollow, following, latest, feeds, ingest …

Adapters translate commands into these calls and ``UserError`` messages back to the user; the
scheduler calls ``ingest`` (through the poller) and ``deliver``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz, process

from bot import neardup, polling
from bot.claims import read_article
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.clubmemory import ClubMemory
from bot.errors import (
    DeliveryError,
    PermanentDeliveryError,
    UnknownPlayerError,
    UsageError,
    UserError,
)
from bot.model import (
    MONEY_KINDS,
    NEGATIVE_KINDS,
    STAGE_RANK,
    Alert,
    Article,
    Channel,
    Claim,
    Feed,
    Player,
)
from bot.names import derive_aliases, normalise
from bot.novelty import Novelty
from bot.ports import (
    ChatSender,
    FeedFetcher,
    IngestResult,
    NoveltyRules,
    PendingDelivery,
    SagaView,
    Store,
)
from bot.summaries import alert_line, render_latest

logger = logging.getLogger(__name__)

#: A spelling this close (rapidfuzz ratio, 0-100; not WRatio, whose partial matching would merge
#: "Marin Delgado" with "Marin Delgadoson") to a known alias is taken for that player.
FUZZY_SAME_PLAYER = 90
#: Close names offered as "did you mean" when nothing matches well enough.
FUZZY_SUGGEST = 70
#: Syndicated copies are looked for among articles this recent.
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
#: Failed sends are retried after 30 s, 1 min, 2 min … up to this many attempts.
MAX_DELIVERY_ATTEMPTS = 8
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
        lines = polling.feed_status_lines(self.feeds)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    result: IngestResult
    claims: tuple[Claim, ...]  # every claim found about a followed player, new or not


def content_hash(article: Article) -> str:
    text = "\x1f".join((article.title, article.summary, article.content))
    return hashlib.sha256(text.encode()).hexdigest()


class Service:
    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utcnow,
        fetcher: FeedFetcher | None = None,
        rules: NoveltyRules | None = None,
        gazetteer: Gazetteer | None = None,
        feed_interval_s: int = 600,
    ) -> None:
        self._store = store
        self._clock = clock
        self._fetcher = fetcher
        self._feed_interval_s = feed_interval_s
        self._rules: NoveltyRules = rules or Novelty()
        self._base = gazetteer
        self._gazetteer_key: tuple[object, ...] | None = None
        self._gazetteer: Gazetteer | None = None
        self._clubs = ClubMemory()

    # ------------------------------------------------------------------ players

    def follow(self, channel: Channel, name: str) -> FollowResult:
        name = _clean_name(name)
        player = self._resolve(name)
        created = player is None
        if player is None:
            player = self._store.add_player(name, derive_aliases(name))
        new = self._store.subscribe(channel, player.id)
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

    # ------------------------------------------------------------------ feeds

    async def add_feed(self, channel: Channel | None, url: str) -> Feed:
        if self._fetcher is None:
            raise UserError("Feeds cannot be added here: no feed fetcher is configured.")
        return await polling.add_feed(
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

    # ------------------------------------------------------------------ ingest

    def _with_clubs(self, players: Sequence[Player], at: datetime) -> list[Player]:
        """Followed players, each with the club his saga says he plays for (when it is clear)."""
        out = []
        for player in players:
            if not self._clubs.knows(player.name):
                self._clubs.seed(player.name, self._store.saga_views(player.id))
            club = self._clubs.club(player.name, at)
            if club and "club" not in player.attributes:
                out.append(replace(player, attributes={**player.attributes, "club": club}))
            else:
                out.append(player)
        return out

    def _gazetteer_for(self, players: Sequence[Player]) -> Gazetteer:
        key = tuple(
            sorted((p.id, p.name, p.aliases, p.attributes.get("club", "")) for p in players)
        )
        if self._gazetteer is None or key != self._gazetteer_key:
            base = self._base or Gazetteer.default()
            self._gazetteer = base.with_players(players)
            self._gazetteer_key = key
        return self._gazetteer

    def ingest(self, article: Article, *, silent: bool = False) -> IngestReport:
        """Extract claims, judge them against history, store events and outbox rows."""
        now = self._clock()
        gazetteer = self._gazetteer_for(
            self._with_clubs(self._store.players(followed_only=True), now)
        )
        found, known = read_article(article, gazetteer)
        claims = sorted(found, key=judging_order)
        self._clubs.learn(claims, now)
        if known:
            self._store.remember_players(known)
        signature = neardup.signature(article.text)
        original = self._store.find_near_duplicate(signature, since=now - NEAR_DUPLICATE_WINDOW)
        result = self._store.ingest(
            article,
            claims,
            self._rules,
            now,
            content_hash=content_hash(article),
            silent=silent,
            signature=signature,
            near_duplicate_of=original if original != article.key else None,
        )
        if result.events:
            logger.info("%s: %d new event(s)", article.key, len(result.events))
        return IngestReport(result=result, claims=tuple(claims))

    # ------------------------------------------------------------------ delivery

    def pending_alerts(self, platform: str | None = None, limit: int = 100) -> list[Alert]:
        return group_alerts(
            self._store.pending_deliveries(self._clock(), platform=platform, limit=limit)
        )

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        """Send due alerts through the sender of each platform; returns how many were sent."""
        sent = 0
        now = self._clock()
        for platform, sender in senders.items():
            rows = self._store.pending_deliveries(now, platform=platform)
            attempts = {row.id: row.attempts for row in rows}
            for alert in group_alerts(rows):
                ids = alert.delivery_ids
                try:
                    await sender.send(alert)
                except PermanentDeliveryError as exc:
                    logger.warning("giving up on alert to %s: %s", alert.channel, exc)
                    self._store.mark_failed(ids, str(exc), None)
                except DeliveryError as exc:
                    tries = max(attempts[i] for i in ids) + 1
                    retry = None
                    if tries < MAX_DELIVERY_ATTEMPTS:
                        retry = now + timedelta(seconds=30 * 2 ** (tries - 1))
                    logger.warning("alert to %s failed (try %d): %s", alert.channel, tries, exc)
                    self._store.mark_failed(ids, str(exc), retry)
                except Exception:
                    logger.exception("unexpected error sending an alert to %s", alert.channel)
                    self._store.mark_failed(ids, "internal error", now + timedelta(minutes=5))
                else:
                    self._store.mark_delivered(ids, self._clock())
                    sent += 1
        return sent


def judging_order(claim: Claim) -> tuple[int, int]:
    """Claims of one article are judged in deal order, whatever their order in the text: forward
    stages first (lowest first), then figures, setbacks, and context last."""
    if claim.kind in STAGE_RANK and claim.polarity:
        return (0, STAGE_RANK[claim.kind])
    if claim.kind in MONEY_KINDS:
        return (1, 0)
    if claim.kind in NEGATIVE_KINDS or not claim.polarity:
        return (2, 0)
    return (3, 0)


def group_alerts(rows: Sequence[PendingDelivery]) -> list[Alert]:
    """One alert per (subscription, article, player): several new claims make one message."""
    groups: dict[tuple[int, str, str], list[PendingDelivery]] = {}
    for row in rows:
        key = (row.subscription.id, row.article_key, row.event.claim.player)
        groups.setdefault(key, []).append(row)
    alerts = []
    for (_, _, player), members in groups.items():
        first = members[0]
        alerts.append(
            Alert(
                channel=first.subscription.channel,
                player=player,
                lines=tuple(alert_line(m.event) for m in members),
                stage=members[-1].saga_stage,
                link=first.link,
                outlet=first.outlet,
                published=first.published,
                delivery_ids=tuple(m.id for m in members),
            )
        )
    return alerts


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError("Which player? Give a name, e.g. /follow Trent Alexander-Arnold")
    if len(name) > MAX_NAME_LENGTH or not _NAME_OK.match(name):
        raise UsageError(f"That doesn't look like a player's name: {name[:40]!r}")
    return name
