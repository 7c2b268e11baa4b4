"""Ingest: an article and its claims, judged against saga history, into events and the outbox.

One transaction per article. Every dedup rests on a unique constraint (article key, claim per saga
and fact, evidence per claim and article, delivery per subscription and event), and each saga row
is locked before its history is read (``SELECT … FOR UPDATE`` on PostgreSQL, in one lock order;
``BEGIN IMMEDIATE`` on SQLite), so concurrent ingests of one fact yield one event.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from bot.model import Article, Claim, Event, SagaHistory, SagaKey, SagaState
from bot.ports import NoveltyRules
from bot.records import IngestResult, IngestStatus
from storage import lsh, mapping
from storage.codec import claim_to_dict, event_to_dict, fee_to_dict
from storage.models import (
    ArticleBandRow,
    ArticleRow,
    ClaimRow,
    DeliveryRow,
    EventRow,
    EvidenceRow,
    SagaRow,
    SubscriptionRow,
)
from storage.players import PlayerRepo

logger = logging.getLogger(__name__)


class IngestRepo(PlayerRepo):
    def ingest(
        self,
        article: Article,
        claims: Sequence[Claim],
        rules: NoveltyRules,
        now: datetime,
        *,
        content_hash: str,
        silent: bool = False,
        signature: Sequence[int] = (),
        near_duplicate_of: str | None = None,
    ) -> IngestResult:
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        with self._tx(write=True) as s:
            article_id, status = self._record_article(
                s,
                article,
                now=now,
                content_hash=content_hash,
                signature=signature,
                near_duplicate_of=near_duplicate_of,
            )
            if status is IngestStatus.DUPLICATE:
                return IngestResult(status=status)
            player_ids, saga_ids = self._lock_sagas(s, claims, now)
            quiet = silent or near_duplicate_of is not None
            judged: set[int] = set()  # claim rows this ingest gave evidence to
            histories: dict[int, _PlayerHistory] = {}  # read once per player and article
            events: list[Event] = []
            deliveries = 0
            for claim in claims:
                key = claim.saga_key
                saga_id = saga_ids[key]
                fact_key = rules.fact_key(claim)
                row = s.execute(
                    select(ClaimRow).where(
                        ClaimRow.saga_id == saga_id, ClaimRow.fact_key == fact_key
                    )
                ).scalar_one_or_none()
                if (
                    row is not None
                    and row.id not in judged
                    and _has_evidence(s, row.id, article_id)
                ):
                    continue  # an edited article: this fact was judged when first read
                saga = s.get_one(SagaRow, saga_id)
                if saga.player_id not in histories:
                    histories[saga.player_id] = _PlayerHistory.read(s, saga.player_id)
                player_history = histories[saga.player_id]
                history = player_history.as_seen_by(saga, key)
                event = rules.judge(claim, history, now)
                state = rules.advance(history.saga, claim, now)
                row, outlet = self._record_claim(
                    s,
                    row,
                    saga_id=saga_id,
                    fact_key=fact_key,
                    claim=claim,
                    article=article,
                    article_id=article_id,
                    now=now,
                )
                player_history.recorded(row, outlet)
                judged.add(row.id)
                _save_saga(saga, state)
                if event is None or quiet:
                    continue
                s.add(
                    ev := EventRow(
                        saga_id=saga_id,
                        claim_id=row.id,
                        article_id=article_id,
                        kind=event.kind.value,
                        payload=event_to_dict(event),
                        created_at=now,
                    )
                )
                s.flush()
                player_id = player_ids.get(event.claim.player) or self._player_id(
                    s, event.claim.player
                )
                deliveries += self._fan_out(s, ev.id, player_id, now)
                events.append(event)
            logger.debug(
                "ingested %s (%s): %d claims, %d events, %d deliveries",
                article.key,
                status.value,
                len(claims),
                len(events),
                deliveries,
            )
            return IngestResult(status=status, events=tuple(events), deliveries=deliveries)

    def find_near_duplicate(self, signature: Sequence[int], *, since: datetime) -> str | None:
        bands = lsh.band_hashes(signature)
        if not bands:
            return None
        with self._tx() as s:
            candidates = s.execute(
                select(ArticleRow.key, ArticleRow.signature, ArticleRow.first_seen)
                .where(
                    ArticleRow.id.in_(
                        select(ArticleBandRow.article_id).where(
                            ArticleBandRow.band_hash.in_([h for _, h in bands])
                        )
                    ),
                    ArticleRow.first_seen >= since,
                )
                .order_by(ArticleRow.first_seen, ArticleRow.id)
            ).all()
        best: tuple[float, str] | None = None
        for key, other, _seen in candidates:
            score = lsh.agreement(signature, other or ())
            if score >= lsh.MIN_AGREEMENT and (best is None or score > best[0]):
                best = (score, key)  # ties keep the earliest article: the original
        return best[1] if best else None

    # ----------------------------------------------------------------------- steps

    def _record_article(
        self,
        s: Session,
        article: Article,
        *,
        now: datetime,
        content_hash: str,
        signature: Sequence[int],
        near_duplicate_of: str | None,
    ) -> tuple[int, IngestStatus]:
        fields = {
            "link": article.link,
            "title": article.title,
            "outlet": article.outlet,
            "journalist": article.journalist,
            "lang": article.lang,
            "published": article.published,
            "content_hash": content_hash,
            "feed_id": article.feed_id,
            "near_duplicate_of": near_duplicate_of,
            "signature": [int(v) for v in signature] or None,
        }
        stmt = self._insert_ignore(ArticleRow, ["key"], key=article.key, first_seen=now, **fields)
        article_id = s.execute(stmt.returning(ArticleRow.id)).scalar_one_or_none()
        if article_id is not None:
            self._store_bands(s, article_id, signature)
            return article_id, IngestStatus.NEW
        # seen before (or being inserted by a concurrent ingest, which we waited for)
        row = s.execute(
            select(ArticleRow).where(ArticleRow.key == article.key).with_for_update()
        ).scalar_one()
        if row.content_hash == content_hash:
            return row.id, IngestStatus.DUPLICATE
        for name, value in fields.items():
            if name != "feed_id" or value is not None:
                setattr(row, name, value)
        if signature:
            s.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == row.id))
            self._store_bands(s, row.id, signature)
        s.flush()
        return row.id, IngestStatus.EDITED

    def _store_bands(self, s: Session, article_id: int, signature: Sequence[int]) -> None:
        bands = lsh.band_hashes(signature)
        if bands:  # one executemany of a cached statement
            s.connection().execute(
                insert(ArticleBandRow),
                [{"article_id": article_id, "band": b, "band_hash": h} for b, h in bands],
            )

    def _lock_sagas(
        self, s: Session, claims: Sequence[Claim], now: datetime
    ) -> tuple[dict[str, int], dict[SagaKey, int]]:
        """Get or create every saga the claims touch and lock them, in one global order."""
        keys = sorted({c.saga_key for c in claims}, key=lambda k: (k.player, k.counterpart, k.deal))
        player_ids: dict[str, int] = {}
        saga_ids: dict[SagaKey, int] = {}
        for key in keys:
            if key.player not in player_ids:
                player_ids[key.player] = self._player_id(s, key.player)
            player_id = player_ids[key.player]
            s.execute(
                self._insert_ignore(
                    SagaRow,
                    ["player_id", "counterpart", "deal"],
                    player_id=player_id,
                    counterpart=key.counterpart,
                    deal=key.deal.value,
                    status="open",
                    first_seen=now,
                    last_seen=now,
                )
            )
            saga_ids[key] = s.execute(
                select(SagaRow.id)
                .where(
                    SagaRow.player_id == player_id,
                    SagaRow.counterpart == key.counterpart,
                    SagaRow.deal == key.deal.value,
                )
                .with_for_update()
            ).scalar_one()
        return player_ids, saga_ids

    def _record_claim(
        self,
        s: Session,
        row: ClaimRow | None,
        *,
        saga_id: int,
        fact_key: str,
        claim: Claim,
        article: Article,
        article_id: int,
        now: datetime,
    ) -> tuple[ClaimRow, str | None]:
        """The claim's row (created if new) with this article's evidence, and the outlet of that
        evidence as stored when it is new (None when the article had given it before)."""
        tier = claim.source.tier if claim.source else None
        if row is None:
            row = ClaimRow(
                saga_id=saga_id,
                fact_key=fact_key,
                kind=claim.kind.value,
                polarity=claim.polarity,
                related_player=claim.related_player,
                first_seen=now,
                last_seen=now,
                times_seen=0,
                best_tier=tier,
                last_claim=claim_to_dict(claim),
            )
            _copy_fee(row, claim)
            s.add(row)
            s.flush()
        evidence = self._insert_ignore(
            EvidenceRow,
            ["claim_id", "article_id"],
            claim_id=row.id,
            article_id=article_id,
            source=claim.source.name if claim.source else None,
            tier=tier,
            carrier=claim.carrier,
            outlet=article.outlet or claim.carrier or "",
            sentence=claim.sentence,
            seen_at=now,
        )
        outlet = s.execute(evidence.returning(EvidenceRow.outlet)).scalar_one_or_none()
        if outlet is not None:
            row.times_seen += 1
            row.last_seen = max(row.last_seen, now)
            row.last_claim = claim_to_dict(claim)
            _copy_fee(row, claim)
        if tier is not None and (row.best_tier is None or tier < row.best_tier):
            row.best_tier = tier
        s.flush()
        return row, outlet

    def _fan_out(self, s: Session, event_id: int, player_id: int, now: datetime) -> int:
        """One pending delivery per subscription of the player. Whether its channel wants it (its
        settings: minimum tier, broken) is the delivery worker's call (``bot.delivery``), made
        when it is due, on the settings of that moment."""
        subscriptions = (
            s.execute(
                select(SubscriptionRow.id)
                .where(SubscriptionRow.player_id == player_id)
                .order_by(SubscriptionRow.id)
            )
            .scalars()
            .all()
        )
        if not subscriptions:
            return 0
        stmt = (
            self._insert(DeliveryRow)
            .values(
                [
                    {
                        "subscription_id": sub,
                        "event_id": event_id,
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                    }
                    for sub in subscriptions
                ]
            )
            .on_conflict_do_nothing(index_elements=["subscription_id", "event_id"])
            .returning(DeliveryRow.id)
        )
        return len(s.execute(stmt).all())


def _has_evidence(s: Session, claim_id: int, article_id: int) -> bool:
    return (
        s.execute(
            select(EvidenceRow.id).where(
                EvidenceRow.claim_id == claim_id, EvidenceRow.article_id == article_id
            )
        ).first()
        is not None
    )


class _PlayerHistory:
    """What ``judge`` sees of one player, read once per article and kept up to date by this
    ingest's own writes (issue 16: it was re-read for every claim).

    Every fact of *every* saga of the player (a claim that names no club may be about any of his
    deals: ``bot.novelty`` picks the comparable ones), with the distinct outlets that reported
    each. The rows are the session's own objects, so what ``_record_claim`` changes on them is
    what the next claim sees, as a fresh read would."""

    __slots__ = ("_ids", "outlets", "rows")

    def __init__(self, rows: list[ClaimRow], outlets: dict[int, set[str]]) -> None:
        self.rows = rows
        self.outlets = outlets
        self._ids = {row.id for row in rows}

    @classmethod
    def read(cls, s: Session, player_id: int) -> _PlayerHistory:
        rows = list(
            s.execute(
                select(ClaimRow)
                .join(SagaRow, SagaRow.id == ClaimRow.saga_id)
                .where(SagaRow.player_id == player_id)
                .order_by(ClaimRow.id)
            ).scalars()
        )
        outlets: dict[int, set[str]] = {}
        for claim_id, outlet in s.execute(
            select(EvidenceRow.claim_id, EvidenceRow.outlet)
            .distinct()
            .join(ClaimRow, ClaimRow.id == EvidenceRow.claim_id)
            .join(SagaRow, SagaRow.id == ClaimRow.saga_id)
            .where(SagaRow.player_id == player_id)
        ):
            outlets.setdefault(claim_id, set()).add(outlet)
        return cls(rows, outlets)

    def as_seen_by(self, saga: SagaRow, key: SagaKey) -> SagaHistory:
        """The history for a claim of ``saga``: its state (None while it has no fact yet) and
        every fact of the player."""
        own = any(row.saga_id == saga.id for row in self.rows)
        return SagaHistory(
            saga=mapping.saga_state(saga, key.player) if own else None,
            claims=tuple(
                mapping.claim_record(row, len(self.outlets.get(row.id, ()))) for row in self.rows
            ),
        )

    def recorded(self, row: ClaimRow, outlet: str | None) -> None:
        """``row`` was written with new evidence from ``outlet`` (None: no new evidence)."""
        if row.id not in self._ids:  # a new fact: ids grow, so the order by id holds
            self._ids.add(row.id)
            self.rows.append(row)
        if outlet is not None:
            self.outlets.setdefault(row.id, set()).add(outlet)


def _save_saga(row: SagaRow, state: SagaState) -> None:
    row.stage = state.stage.value if state.stage else None
    row.status = state.status.value
    row.first_seen = state.first_seen
    row.last_seen = state.last_seen
    row.best_tier = state.best_tier
    row.last_fee = fee_to_dict(state.last_fee) if state.last_fee else None


def _copy_fee(row: ClaimRow, claim: Claim) -> None:
    if claim.fee is not None:
        row.fee_text = claim.fee.text
        row.fee_eur_min = claim.fee.eur_min
        row.fee_eur_max = claim.fee.eur_max
        row.fee_kind = claim.fee.kind.value
    if claim.window is not None:
        row.window_key = claim.window.key
