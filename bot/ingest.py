"""Ingest: one article → its claims → judged against history → events and outbox rows, stored.

:class:`Ingest` is what the poller (and ``replay``, ``demo``) calls for every article. It keeps
the gazetteer of followed players (rebuilt when they change) and the club memory (which club each
followed player plays for, learnt from his saga), reads the article with the claim engine, finds
syndicated copies, and hands the claims to the store, which judges them in one transaction.

Every known player's claims are kept, not only the followed ones' (their history, for a fan who
follows later and for ``/latest``): the players of the registry (``bot.players``) and of the
store are tracked by the gazetteer, matched by alias only. The article is read once knowing only
the followed players (their claims and alerts), then, when a sentence holds the name of one of
the others, once knowing everyone (the others' claims).
Names learnt from the news (next to transfer cues) are known players from the next article on.

Reading one article has a time budget (``extraction_budget_s``, ``EXTRACTION_BUDGET_S`` in
``run``). An article over it is stored without claims (so it is not read again until it
changes, and a first poll still completes) and its result carries a ``note`` the poller shows on
the feed; the poll goes on with the next item.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot import neardup
from bot.claims import Budget, Gazetteer, read_article
from bot.claims.lexicon.gazetteer import TrackedPlayers, key_of, track
from bot.claims.lexicon.sentences import split_sentences
from bot.clubmemory import ClubMemory
from bot.errors import ExtractionBudgetError
from bot.model import MONEY_KINDS, NEGATIVE_KINDS, STAGE_RANK, Article, Claim, Player
from bot.names import derive_aliases
from bot.novelty import Novelty
from bot.players import (
    Learnt,
    Registry,
    default_registry,
    learn_onto,
    registry_with_stored,
    sort_learnt,
    with_facts,
)
from bot.ports import IngestStore, NoveltyRules
from bot.records import IngestResult

logger = logging.getLogger(__name__)

#: Names learnt from the news (most often seen first) whose claims are kept, at most.
LEARNT_PLAYERS = 5000
#: Syndicated copies are looked for among articles this recent.
NEAR_DUPLICATE_WINDOW = timedelta(days=7)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    result: IngestResult
    claims: tuple[Claim, ...]  # every claim found about a followed player, new or not


def content_hash(article: Article) -> str:
    text = "\x1f".join((article.title, article.summary, article.content))
    return hashlib.sha256(text.encode()).hexdigest()


class Ingest:
    """Reads articles into the store. One per process; ``ingest`` is synchronous (it reads and
    writes the database): async callers run it in a worker thread."""

    def __init__(
        self,
        store: IngestStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        rules: NoveltyRules | None = None,
        gazetteer: Gazetteer | None = None,
        extraction_budget_s: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        registry: Registry | None = None,
    ) -> None:
        self._store = store
        self._budget = (
            Budget(seconds=extraction_budget_s, clock=monotonic)
            if extraction_budget_s is not None
            else None
        )
        self._clock = clock
        self._rules: NoveltyRules = rules or Novelty()
        self._base = gazetteer
        self._gazetteer_key: tuple[object, ...] | None = None
        self._gazetteer: Gazetteer | None = None  # the followed players only
        self._everyone: Gazetteer | None = None  # and every other known player
        # what that one is built of: built when an article needs it (most name nobody else)
        self._everyone_of: tuple[Sequence[Player], TrackedPlayers] | None = None
        self._tracked_index: TrackedPlayers | None = None
        self._tracked_for: frozenset[str] = frozenset()
        self._tracked_keys: _NameKeys | None = None  # of the tracked players nobody follows
        self._clubs = ClubMemory()
        self._followed: list[Player] | None = None  # read again when followed_version() moves
        self._followed_version: tuple[object, ...] | None = None
        # what the gazetteer's key is made of, kept per list of followed players (issue 16:
        # sorting a key over every followed player for every item cost 4-5 ms at 1,005)
        self._keyed: list[Player] | None = None  # the list the two below are of
        self._players_key: tuple[object, ...] = ()
        self._by_name: dict[str, Player] = {}
        self._with_sagas: set[int] | None = None  # the players with a stored saga
        self._club_at = datetime.min.replace(tzinfo=UTC)  # the date of the article being read
        self._registry = registry if registry is not None else default_registry()

    def ingest(self, article: Article, *, silent: bool = False) -> IngestResult:
        """Extract claims, judge them against history, store events and outbox rows: what the
        poller calls (:class:`bot.feeds.polling.ArticleIngest`)."""
        return self.read(article, silent=silent).result

    def read(self, article: Article, *, silent: bool = False) -> IngestReport:
        """:meth:`ingest`, also returning every claim found about a followed player (``replay``
        and the demo print them)."""
        # the news is dated by its publication (a late follower reads the saga as it happened),
        # never later than now; replay and the demo already run their clock on it
        published = article.published
        now = self._clock()
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        now = min(now, published) if now.tzinfo is not None else now
        gazetteer = self._gazetteer_at(now)
        note = None
        try:
            found, known = read_article(article, gazetteer, self._budget)
        except ExtractionBudgetError as exc:
            found, known = [], []
            note = over_budget_note(article, exc)
            logger.warning("%s: %s; stored without claims", article.key, exc)
        watched = gazetteer.watched
        self._clubs.learn(found, now)
        claims = sorted([*found, *self._history(article, watched)], key=judging_order)
        learnt = self._sort(known, article)
        for name, aliases in learnt.aliases.items():
            self._store.add_player(name, aliases)
        self._learn(learnt)
        # the names, the syndicated-copy lookup and the spellings (after the claims: they use
        # his name) go in the ingest's own transaction (issue 16)
        result = self._store.ingest(
            article,
            claims,
            self._rules,
            now,
            content_hash=content_hash(article),
            silent=silent,
            signature=neardup.signature(article.text),
            near_duplicate_since=now - NEAR_DUPLICATE_WINDOW,
            remember=learnt.names,
            spellings=learnt.spellings,
        )
        if result.events:
            logger.info("%s: %d new event(s)", article.key, len(result.events))
        if note is not None:
            result = replace(result, note=note)
        # every known player's claims are stored (his history); followers hear of their own
        events = tuple(e for e in result.events if e.claim.player in watched)
        return IngestReport(
            result=replace(result, events=events),
            claims=tuple(c for c in claims if c.player in watched),
        )

    def _followed_players(self) -> list[Player]:
        """The followed players with their aliases, read from the store only when what is
        followed or how players are named has changed since (issue 16: reading them for every
        item cost 3–4 ms with 5 followed and grew with every one); a follow through this
        store is seen at the next item, one in another process within a second."""
        version = self._store.followed_version()
        if self._followed is None or version != self._followed_version:
            self._followed = with_facts(self._registry, self._store.players(followed_only=True))
            self._followed_version = version
        return self._followed

    def _gazetteer_at(self, at: datetime) -> Gazetteer:
        """The gazetteer of the followed players, built again only when they change; the club
        each plays for at ``at`` is asked of club memory when an article names him
        (:meth:`_club_of`).

        Its key is the sorted (id, name, aliases, registry club) of every followed player,
        kept with their list. Club memory is no part of it (issue 16: a learnt club's change
        rebuilt the gazetteer, and the clubs of every followed player were looked up for every
        item: with 28,580 followed, all with a saga, that and reading every saga at start cost
        more than the items)."""
        followed = self._followed_players()
        self._club_at = at
        if followed is not self._keyed:
            self._players_key = tuple(
                sorted((p.id, p.name, p.aliases, p.attributes.get("club", "")) for p in followed)
            )
            self._by_name = {p.name: p for p in followed}
            self._with_sagas = None  # who has a saga: read again at the next player asked about
            self._keyed = followed
        if self._gazetteer is None or self._players_key != self._gazetteer_key:
            base = self._base or Gazetteer.default()
            self._gazetteer = base.with_players(followed, club_of=self._club_of)
            tracked = self._tracked(base, frozenset(p.name for p in followed))
            self._everyone = None
            self._everyone_of = (followed, tracked) if tracked.players else None
            self._gazetteer_key = self._players_key
        return self._gazetteer

    def _club_of(self, name: str) -> str | None:
        """The club club memory gives the followed player ``name`` at the article's date; his
        stored sagas are read into it the first time he is asked about (one statement first
        for who has a saga at all, not one read per player: issue 16)."""
        player = self._by_name.get(name)
        if player is None:
            return None  # only the followed players' sagas are learnt from
        if not self._clubs.knows(name):
            if self._with_sagas is None:
                self._with_sagas = self._store.players_with_sagas()
            has_saga = player.id in self._with_sagas
            self._clubs.seed(name, self._store.saga_views(player.id) if has_saga else [])
        return self._clubs.club(name, self._club_at)

    def _history(self, article: Article, watched: frozenset[str]) -> list[Claim]:
        """The claims about every other known player, read with them all in the gazetteer.

        A second reading, so that the followed players' claims (and alerts) come from a reading
        that knows only them, as before the history was kept: another known name in a sentence
        changes whom the next sentences carry on about. Over its budget, no history is kept.

        Skipped when no sentence holds a key of a tracked player nobody follows (issue 16): the
        tracked players are matched by alias key only, so that reading would then find the
        same players as the first and keep none of their claims."""
        if self._everyone_of is None:
            return []
        if self._tracked_keys is None or not self._tracked_keys.in_text(article.text):
            return []  # no other known player named: that reading is this one, less his claims
        try:
            found, _ = read_article(article, self._everyone_gazetteer(), self._budget)
        except ExtractionBudgetError as exc:
            logger.warning("%s: %s; no history kept for players nobody follows", article.key, exc)
            return []
        return [c for c in found if c.player not in watched]

    def _everyone_gazetteer(self) -> Gazetteer:
        """The gazetteer of the followed and every tracked player, built on first use after
        either changed (issue 16: with 1,005 followed, building it at every club change cost as
        much as the followed players' own)."""
        if self._everyone is None:
            assert self._everyone_of is not None
            players, tracked = self._everyone_of
            self._everyone = (self._base or Gazetteer.default()).with_players(
                players, tracked, club_of=self._club_of
            )
        return self._everyone

    def _tracked(self, base: Gazetteer, followed: frozenset[str]) -> TrackedPlayers:
        """Everyone whose claims are kept besides the followed: the registry's players and the
        store's (a player someone followed once, a name a fan followed with ``--new``). Indexed
        again only when whom the channels follow changes, not when a followed player's club
        does (the gazetteers built on it leave the followed players out of it)."""
        if self._tracked_index is None or self._tracked_for != followed:
            others = [p for p in self._store.players() if not p.followed]
            index = track(registry_with_stored(self._registry, others), clubs=base)
            learnt = self._store.known_players(limit=LEARNT_PLAYERS)
            self._tracked_index = track(_learnt(learnt), clubs=base, onto=index)
            self._tracked_for = followed
            self._tracked_keys = _NameKeys(self._tracked_index, followed)
        return self._tracked_index

    def _sort(self, known: Sequence[str], article: Article) -> Learnt:
        """The names the article put next to transfer cues, sorted (:func:`sort_learnt`)."""
        if not known:
            return Learnt()
        base = self._base or Gazetteer.default()
        followed = self._followed or []
        return sort_learnt(
            known,
            article.text,
            registry=self._registry,
            players=followed,
            clubs=base,
            tracked=self._tracked_index,
        )

    def _learn(self, learnt: Learnt) -> None:
        """Names the article put next to transfer cues: known players from the next article on
        (one the index knows by his full name already is that player), and spellings of
        registry players: their aliases."""
        if self._tracked_index is None or self._gazetteer is None:
            return
        if not learnt.names and not learnt.aliases:
            return
        base = self._base or Gazetteer.default()
        before = self._tracked_index
        grown = learn_onto(before, learnt, base)
        if grown is not before:
            self._tracked_index = grown
            followed = [p for p in self._gazetteer.players if p.followed]
            self._everyone = None
            self._everyone_of = (followed, grown)
            # the keys of what was learnt only (issue 16: folding every tracked player's keys
            # again for each name learnt was a third of an item's time with 5,000 known)
            keys = self._tracked_keys
            self._tracked_keys = (
                keys.learnt(before, grown, learnt, self._tracked_for)
                if keys is not None
                else _NameKeys(grown, self._tracked_for)
            )


class _NameKeys:
    """The folded keys a tracked player nobody follows can be found under (his index keys,
    and his name's, which ``Gazetteer.player`` looks up too), to tell in one pass over an
    article's tokens whether any of them can be in it."""

    __slots__ = ("_firsts", "_keys", "_longest")

    def __init__(self, tracked: TrackedPlayers, followed: frozenset[str]) -> None:
        keys = {
            key
            for key, entities in tracked.index.items()
            if any(e.names[0] not in followed for e in entities)
        }
        keys.update(key_of(name) for name in tracked.players if name not in followed)
        keys.discard("")
        self._keys = frozenset(keys)
        self._firsts = frozenset(key.split(" ", 1)[0] for key in keys)
        self._longest = max((key.count(" ") + 1 for key in keys), default=0)

    def learnt(
        self,
        before: TrackedPlayers,
        grown: TrackedPlayers,
        learnt: Learnt,
        followed: frozenset[str],
    ) -> _NameKeys:
        """The keys of ``grown``, the index these keys are of (``before``) after ``learnt``
        (:func:`learn_onto`): the keys of the players it added and of the spellings it wrote
        are the only ones whose entities can have changed, so only they are folded; what
        building the keys of ``grown`` anew gives."""
        added = grown.players.keys() - before.players.keys()
        written = {
            *(alias for name in added for alias in (name, *grown.players[name].aliases)),
            *(spelling for spellings in learnt.aliases.values() for spelling in spellings),
        }
        new = {
            key
            for key in {key_of(alias) for alias in written}
            if any(e.names[0] not in followed for e in grown.index.get(key, ()))
        }
        new.update(key_of(name) for name in added if name not in followed)
        new.discard("")
        new -= self._keys
        if not new:
            return self
        out = _NameKeys.__new__(_NameKeys)
        out._keys = self._keys | new
        out._firsts = self._firsts | {key.split(" ", 1)[0] for key in new}
        out._longest = max(self._longest, *(key.count(" ") + 1 for key in new))
        return out

    def in_text(self, text: str) -> bool:
        """Does a sentence of ``text`` (as the claim engine splits and folds it) hold one of
        the keys as a run of its tokens?"""
        for sentence in split_sentences(text):
            tokens = key_of(sentence.text).split(" ")
            for i, token in enumerate(tokens):
                if token not in self._firsts:
                    continue
                for n in range(1, min(self._longest, len(tokens) - i) + 1):
                    if " ".join(tokens[i : i + n]) in self._keys:
                        return True
        return False


def _learnt(names: Sequence[str]) -> list[Player]:
    """Names learnt from the news as the claim engine's players (id 0: not in the store)."""
    return [Player(id=0, name=n, aliases=derive_aliases(n)) for n in names]


def over_budget_note(article: Article, exc: ExtractionBudgetError) -> str:
    """The feed's note about an article read past its budget (shown by ``/feeds list``)."""
    title = " ".join((article.title or article.key).split())
    title = title if len(title) <= 60 else title[:59] + "…"
    return f"an item took too long to read ({exc}), stored without claims: {title!r}"


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
