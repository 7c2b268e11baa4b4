"""A tiny NoveltyRules, so the contract suite tests the store and not ``bot.novelty``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.model import (
    STAGE_RANK,
    Article,
    Channel,
    Claim,
    ClaimKind,
    Event,
    EventKind,
    Fee,
    FeeKind,
    SagaHistory,
    SagaState,
    SagaStatus,
    Source,
    Window,
)

T0 = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
DISCORD = Channel(platform="discord", workspace="g1", channel="c1")
DISCORD_2 = Channel(platform="discord", workspace="g1", channel="c2")
SLACK = Channel(platform="slack", workspace="T1", channel="c1")
ROMANO = Source(name="Fabrizio Romano", tier=1)
BLOG = Source(name="Fan blog", tier=3, aggregator=True)


@dataclass
class FakeRules:
    """fact_key = kind/polarity/fee; judge: new fact → event (NEW_SAGA for the first), else None.

    Records the history it was shown; ``delay`` (s) widens race windows in concurrency tests.
    """

    delay: float = 0.0
    seen: list[tuple[Claim, SagaHistory]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fact_key(self, claim: Claim) -> str:
        fee = f"{claim.fee.eur_min:.0f}" if claim.fee else ""
        return f"{claim.kind.value}|{'+' if claim.polarity else '-'}|{fee}"

    def judge(self, claim: Claim, history: SagaHistory, now: datetime) -> Event | None:
        with self.lock:
            self.seen.append((claim, history))
        if self.delay:
            time.sleep(self.delay)
        key = self.fact_key(claim)
        if history.saga is None:
            return Event(kind=EventKind.NEW_SAGA, claim=claim, fact_key=key, stage=claim.kind)
        if key in {c.fact_key for c in history.claims}:
            return None
        return Event(
            kind=EventKind.STAGE,
            claim=claim,
            fact_key=key,
            previous_stage=history.saga.stage,
            stage=claim.kind,
        )

    def advance(self, saga: SagaState | None, claim: Claim, now: datetime) -> SagaState:
        tier = claim.source.tier if claim.source else None
        if saga is None:
            return SagaState(
                key=claim.saga_key,
                stage=claim.kind if claim.kind in STAGE_RANK else None,
                status=SagaStatus.OPEN,
                first_seen=now,
                last_seen=now,
                best_tier=tier,
                last_fee=claim.fee,
            )
        stage = saga.stage
        if claim.kind in STAGE_RANK and (
            stage is None or STAGE_RANK[claim.kind] > STAGE_RANK[stage]
        ):
            stage = claim.kind
        best = saga.best_tier if tier is None else min(tier, saga.best_tier or tier)
        return SagaState(
            key=saga.key,
            stage=stage,
            status=SagaStatus.DONE if stage is ClaimKind.OFFICIAL else saga.status,
            first_seen=saga.first_seen,
            last_seen=now,
            best_tier=best,
            last_fee=claim.fee or saga.last_fee,
        )


def article(key: str, *, outlet: str = "The Times", minutes: int = 0, **kw: object) -> Article:
    return Article(
        key=key,
        title=f"title {key}",
        summary="summary",
        published=T0 + timedelta(minutes=minutes),
        outlet=outlet,
        link=f"https://news.example/{key}",
        **kw,  # type: ignore[arg-type]
    )


def claim(
    kind: ClaimKind = ClaimKind.APPROACH,
    *,
    player: str = "Trent Alexander-Arnold",
    buyer: str | None = "Real Madrid",
    source: Source | None = ROMANO,
    fee_m: float | None = None,
    polarity: bool = True,
    sentence: str = "",
) -> Claim:
    fee = (
        Fee(text=f"€{fee_m:g}m", eur_min=fee_m * 1e6, eur_max=fee_m * 1e6, kind=FeeKind.OFFER)
        if fee_m is not None
        else None
    )
    return Claim(
        player=player,
        kind=kind,
        polarity=polarity,
        clubs=(buyer, "Liverpool") if buyer else ("Liverpool",),
        buyer=buyer,
        seller="Liverpool",
        fee=fee,
        window=Window(
            key="january-2025",
            start=T0.date().replace(day=1),
            end=T0.date().replace(month=2, day=3),
        ),
        source=source,
        carrier="The Times",
        sentence=sentence or f"{player}: {kind.value}",
    )
