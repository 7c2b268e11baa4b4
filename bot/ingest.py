"""Ingest: one article → its claims → judged against history → events and outbox rows, stored.

:class:`Ingest` is what the poller (and ``replay``, ``demo``) calls for every article. It keeps
the gazetteer of followed players (rebuilt when they change) and the club memory (which club each
followed player plays for, learnt from his saga), reads the article with the claim engine, finds
syndicated copies, and hands the claims to the store, which judges them in one transaction.

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
from bot.clubmemory import ClubMemory
from bot.errors import ExtractionBudgetError
from bot.model import MONEY_KINDS, NEGATIVE_KINDS, STAGE_RANK, Article, Claim, Player
from bot.novelty import Novelty
from bot.ports import IngestStore, NoveltyRules
from bot.records import IngestResult

logger = logging.getLogger(__name__)

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
        self._gazetteer: Gazetteer | None = None
        self._clubs = ClubMemory()

    def ingest(self, article: Article, *, silent: bool = False) -> IngestResult:
        """Extract claims, judge them against history, store events and outbox rows: what the
        poller calls (:class:`bot.feeds.polling.ArticleIngest`)."""
        return self.read(article, silent=silent).result

    def read(self, article: Article, *, silent: bool = False) -> IngestReport:
        """:meth:`ingest`, also returning every claim found (``replay`` and the demo print them)."""
        now = self._clock()
        gazetteer = self._gazetteer_for(
            self._with_clubs(self._store.players(followed_only=True), now)
        )
        note = None
        try:
            found, known = read_article(article, gazetteer, self._budget)
        except ExtractionBudgetError as exc:
            found, known = [], []
            note = over_budget_note(article, exc)
            logger.warning("%s: %s; stored without claims", article.key, exc)
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
        if note is not None:
            result = replace(result, note=note)
        return IngestReport(result=result, claims=tuple(claims))

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
