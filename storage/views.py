"""Read side: a player's sagas with their facts, evidence and timeline (``/latest``)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import distinct, func, select

from bot.records import ClaimView, EvidenceView, SagaView, TimelineEntry
from storage import mapping
from storage.codec import claim_from_dict, event_from_dict
from storage.models import ArticleRow, ClaimRow, EventRow, EvidenceRow, PlayerRow, SagaRow
from storage.repo import Repo


class ViewRepo(Repo):
    def saga_views(self, player_id: int) -> list[SagaView]:
        """Each saga of the player, newest first: its facts (newest first, with their evidence
        newest first) and its timeline of events (oldest first)."""
        with self._tx() as s:
            player = s.get(PlayerRow, player_id)
            if player is None:
                return []
            sagas = (
                s.execute(
                    select(SagaRow)
                    .where(SagaRow.player_id == player_id)
                    .order_by(SagaRow.last_seen.desc(), SagaRow.id.desc())
                )
                .scalars()
                .all()
            )
            saga_ids = [saga.id for saga in sagas]
            claims = (
                s.execute(
                    select(ClaimRow)
                    .where(ClaimRow.saga_id.in_(saga_ids))
                    .order_by(ClaimRow.last_seen.desc(), ClaimRow.id.desc())
                )
                .scalars()
                .all()
            )
            claim_ids = [c.id for c in claims]
            outlets = dict(
                s.execute(
                    select(EvidenceRow.claim_id, func.count(distinct(EvidenceRow.outlet)))
                    .where(EvidenceRow.claim_id.in_(claim_ids))
                    .group_by(EvidenceRow.claim_id)
                ).all()
            )
            evidence: dict[int, list[EvidenceView]] = defaultdict(list)
            for ev, link in s.execute(
                select(EvidenceRow, ArticleRow.link)
                .join(ArticleRow, ArticleRow.id == EvidenceRow.article_id)
                .where(EvidenceRow.claim_id.in_(claim_ids))
                .order_by(EvidenceRow.seen_at.desc(), EvidenceRow.id.desc())
            ):
                evidence[ev.claim_id].append(
                    EvidenceView(
                        outlet=ev.outlet,
                        source=ev.source,
                        tier=ev.tier,
                        seen_at=ev.seen_at,
                        link=link,
                        sentence=ev.sentence,
                    )
                )
            by_saga: dict[int, list[ClaimView]] = defaultdict(list)
            for c in claims:
                by_saga[c.saga_id].append(
                    ClaimView(
                        record=mapping.claim_record(c, outlets.get(c.id, 0)),
                        claim=claim_from_dict(c.last_claim),
                        evidence=tuple(evidence[c.id]),
                    )
                )
            timeline: dict[int, list[TimelineEntry]] = defaultdict(list)
            for saga_id, at, payload, outlet, link in s.execute(
                select(
                    EventRow.saga_id,
                    EventRow.created_at,
                    EventRow.payload,
                    ArticleRow.outlet,
                    ArticleRow.link,
                )
                .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(EventRow.saga_id.in_(saga_ids))
                .order_by(EventRow.created_at, EventRow.id)
            ):
                timeline[saga_id].append(
                    TimelineEntry(at=at, event=event_from_dict(payload), outlet=outlet, link=link)
                )
            return [
                SagaView(
                    state=mapping.saga_state(saga, player.name),
                    claims=tuple(by_saga[saga.id]),
                    timeline=tuple(timeline[saga.id]),
                )
                for saga in sagas
            ]
