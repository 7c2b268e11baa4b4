"""Is a claim new information? The pure rules of DESIGN §4.

``judge(claim, history, now)`` compares one extracted claim with the stored history of its saga
and returns the ``Event`` it is, or ``None`` for a rehash. It never reads text similarity: two
claims are the same fact when their *structured* identity is the same, whatever the wording,
language or outlet. The store calls these rules inside its ingest transaction
(``bot.ports.NoveltyRules``).

Order of the rules (first that fires wins):

1. nothing known yet of this player's deal with that club       → NEW_SAGA
   (a contract fact, or a claim naming no club about a player with history → CONTEXT)
2. the same fact was seen before (same kind, polarity and club, a figure within ±10%; a firm
   report is not the same fact as an earlier "could"/"considering" one; a denial restating a
   rejection is the same "no"):
   - first tier 0–1 report of a fact only tier 2–3 had carried (a figure counts as carried by
     every report of the same figure, as a bid or as a fee),
     unless a tier 0–1 source already put the deal at a later stage → CORROBORATED
   - the whole deal silent for ``REVIVE_AFTER``, then tier 0–1,
     or silent for ``REVIVE_ANY_TIER_AFTER``, then any source     → REVIVED
   - a bid with another figure after that bid was turned down     → FEE (a renewed offer)
   - otherwise                                                   → rehash (None)
   A contract fact is context once per player: later ones are restatements.
3. the same kind was stated with the opposite polarity in an earlier article → CONTRADICTION
   (not a bid whose figure was already reported: that is the earlier report again)
4. a firm (not hedged) forward stage above the highest reached,
   or an event in time (a medical) the deal never had            → STAGE
5. a negative kind (rejected, denied, collapsed) not seen before  → STAGE
6. a figure with no earlier figure of its kind within ±10%, in any deal of the player → FEE
   (an offer is not the same fact as an asking price; a fee already reported for another
   deal is usually the same figure with the clubs misread; a fee equal to a known release
   clause, or a clause equal to a known fee, is that figure again)
7. advocate / alternative target / contract fact / the player's stated intent, first per saga
   → CONTEXT (an intent hedged, or in a deal already at personal terms or later, is no news)
8. anything else                                                 → rehash (None)

A claim naming no club (counterpart ``*``) is compared with the facts of every deal of the player;
a claim naming a club with the facts of that club's deal and of the unnamed ones.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta

from bot.model import (
    CONTEXT_KINDS,
    NEGATIVE_KINDS,
    STAGE_RANK,
    UNKNOWN_TIER,
    Claim,
    ClaimKind,
    ClaimRecord,
    Event,
    EventKind,
    Fee,
    FeeKind,
    SagaHistory,
    SagaState,
    SagaStatus,
)
from bot.names import normalise

# ------------------------------------------------------------------ thresholds, in one place

#: Two figures within this relative distance are the same fact (eval rule 5, DESIGN §4 FEE):
#: reports round and convert currencies ("£42m ≈ €50m"), so a 10% band absorbs that noise while a
#: real new bid (usually +15% or more) still stands out.
FEE_TOLERANCE = 0.10
#: A fact silent this long and reported again by a top source is news again (DESIGN §4 REVIVED):
#: a transfer window lasts about a month; a month of silence means the saga went cold.
REVIVE_AFTER = timedelta(days=30)
#: After this long, the same fact is news again whoever reports it: a full transfer cycle has
#: passed, so "Real want him" a year later is a new chapter, not the old rumour.
REVIVE_ANY_TIER_AFTER = timedelta(days=180)
#: Tiers that count as top sources for CORROBORATED and REVIVED (0 = on the record, 1 = top media).
TOP_TIER = 1
#: Events in time (a medical) are news the first time the deal reports them, even when reported
#: out of order ("passed his medical", written after the announcement). States a later stage
#: implies (terms agreed, clubs agreed) are not: an official signing already says so.
MILESTONE_KINDS = frozenset({ClaimKind.MEDICAL})
#: A player's stated wish to join is no news once his own terms with that club are agreed: a
#: deal at this stage or later already says he wants it.
INTENT_IMPLIED_FROM = STAGE_RANK[ClaimKind.PERSONAL_TERMS]


def tier_of(claim: Claim) -> int:
    return claim.source.tier if claim.source is not None else UNKNOWN_TIER


def fee_family(fee: Fee) -> str:
    """The family a figure belongs to: wages, clause, or a transfer fee (offer or valuation)."""
    if fee.kind is FeeKind.WAGES:
        return "wages"
    if fee.kind is FeeKind.CLAUSE:
        return "clause"
    return "transfer"


def comparable(a: FeeKind, b: FeeKind) -> bool:
    """Figures are compared only when they can mean the same thing: wages with wages, clauses with
    clauses, what a buyer offers with what a buyer offers, what a seller asks with what a seller
    asks (DESIGN §3 fee kinds). An offer that reaches the asking price is news. A figure of
    unknown kind may be either of the last two."""
    if a is b:
        return True
    transfer = {FeeKind.OFFER, FeeKind.VALUATION, FeeKind.UNKNOWN}
    return FeeKind.UNKNOWN in (a, b) and a in transfer and b in transfer


def same_figure(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two EUR ranges overlap once the higher is allowed ``FEE_TOLERANCE`` of slack."""
    return a[0] <= b[1] * (1 + FEE_TOLERANCE) and b[0] <= a[1] * (1 + FEE_TOLERANCE)


def _bucket(fee: Fee) -> str:
    mid = max(fee.eur_mid, 1.0)
    return f"{fee_family(fee)}:{round(math.log(mid) / math.log(1 + FEE_TOLERANCE))}"


def fact_key(claim: Claim) -> str:
    """Structured identity of the fact a claim states; never its text.

    ``kind|counterpart|…``: the first two fields are read back by ``_counterpart_of``.
    """
    kind = claim.kind
    sign = "+" if claim.polarity else "-"
    base = f"{kind.value}|{claim.counterpart}"
    if kind in (ClaimKind.FEE, ClaimKind.RELEASE_CLAUSE) and claim.fee is not None:
        return f"{base}|{sign}|{_bucket(claim.fee)}"
    if kind is ClaimKind.ALTERNATIVE_TARGET:
        return f"{base}|{normalise(claim.related_player or '')}"
    if kind is ClaimKind.CONTRACT:
        return f"{base}|{claim.window.key if claim.window else ''}|{sign}"
    hedge = "|~" if claim.hedged and kind in STAGE_RANK else ""
    if kind is ClaimKind.BID and claim.fee is not None:
        return f"{base}|{sign}|{_bucket(claim.fee)}{hedge}"
    if kind is ClaimKind.OFFICIAL and claim.provisional and not hedge:
        return f"{base}|{sign}|p"
    return f"{base}|{sign}{hedge}"


def _hedged(record: ClaimRecord) -> bool:
    """A stage only said to be possible ("considering a bid"), not said to have happened."""
    return record.fact_key.endswith("|~")


def _provisional(record: ClaimRecord) -> bool:
    """An official word on a deal agreed in principle, the signing still to come."""
    return record.fact_key.endswith("|p")


def _counterpart_of(record: ClaimRecord) -> str:
    return record.fact_key.split("|", 2)[1]


def _stage_rank(kind: ClaimKind | None) -> int:
    return STAGE_RANK.get(kind, 0) if kind is not None else 0


def _compatible(claim: Claim, record: ClaimRecord) -> bool:
    """Could ``record`` be about the same deal? An unnamed counterpart (``*``) may be any club."""
    theirs = _counterpart_of(record)
    return "*" in (claim.counterpart, theirs) or theirs == claim.counterpart


def _pair_known(claim: Claim, paired: tuple[ClaimRecord, ...]) -> bool:
    """Is the pair already known from the other player's side: his alternative_target fact,
    for a compatible buyer, that names this claim's player?"""
    me = normalise(claim.player)
    return any(
        r.kind is ClaimKind.ALTERNATIVE_TARGET
        and normalise(r.related_player or "") == me
        and _compatible(claim, r)
        for r in paired
    )


def _no_family(kind: ClaimKind) -> ClaimKind:
    """A club saying no to a deal ("not for sale", "dismissed the idea he could leave") is one
    fact whether the sentence reads as a rejection or a denial."""
    return ClaimKind.BID_REJECTED if kind is ClaimKind.DENIAL else kind


def _same_fact(claim: Claim, record: ClaimRecord, key: str) -> bool:
    if record.fact_key == key:
        return True
    if _no_family(record.kind) != _no_family(claim.kind) or record.polarity != claim.polarity:
        return False
    if _hedged(record) and not claim.hedged:
        return False  # a firm report is news after mere talk of the possibility
    if _provisional(record) and not claim.provisional:
        return False  # the signing is news after its agreement was announced in principle
    if not _compatible(claim, record):
        return False
    if claim.kind is ClaimKind.ALTERNATIVE_TARGET:
        return normalise(record.related_player or "") == normalise(claim.related_player or "")
    if claim.kind is ClaimKind.CONTRACT:
        return record.fact_key.split("|")[2:3] == key.split("|")[2:3]  # same window
    if claim.fee is not None and record.fee_eur is not None:
        theirs = record.fee_kind or FeeKind.UNKNOWN
        return comparable(claim.fee.kind, theirs) and same_figure(
            (claim.fee.eur_min, claim.fee.eur_max), record.fee_eur
        )
    return claim.fee is None and record.fee_eur is None


def known_figure(a: FeeKind, b: FeeKind) -> bool:
    """Can a figure of kind ``b`` already known make one of kind ``a`` no new figure? When
    they are ``comparable``, and also a release clause and a transfer fee: the fee of a deal
    that pays the clause is the clause's figure ("paid the €120m clause" after "a €120m
    clause"), which the news of the payment (a stage) carries, not a new figure."""
    if comparable(a, b):
        return True
    return FeeKind.WAGES not in (a, b) and FeeKind.CLAUSE in (a, b)


def _same_figure_known(claim: Claim, record: ClaimRecord) -> bool:
    """Is ``record`` the same money figure as ``claim`` (±10%, kinds that can be one figure),
    whichever claim kind carried it ("a €47m bid" and "the €47m fee")?"""
    return (
        claim.fee is not None
        and record.fee_eur is not None
        and known_figure(claim.fee.kind, record.fee_kind or FeeKind.UNKNOWN)
        and same_figure((claim.fee.eur_min, claim.fee.eur_max), record.fee_eur)
    )


def _fee_is_new(claim: Claim, records: list[ClaimRecord]) -> bool:
    if claim.fee is None:
        return False
    return not any(_same_figure_known(claim, record) for record in records)


def judge(claim: Claim, history: SagaHistory, now: datetime) -> Event | None:
    """The event this claim is against its saga's history, or None for a rehash.

    ``history.claims`` may hold the facts of every saga of the player: only those that could be
    about the same deal (same counterpart, or one of them unnamed) are compared.
    """
    saga = history.saga
    key = fact_key(claim)
    if claim.kind is ClaimKind.ALTERNATIVE_TARGET and _pair_known(claim, history.paired):
        return None  # "Dalot on Real's list beside Alexander-Arnold" after Dalot's was told
    related = [r for r in history.claims if _compatible(claim, r)]
    if claim.kind is ClaimKind.INTENT and (
        claim.hedged or _stage_rank(saga.stage if saga else None) >= INTENT_IMPLIED_FROM
    ):
        return None  # a wish said only maybe, or one his agreed terms already say, is no news
    reached = max(
        [_stage_rank(saga.stage if saga else None)]
        + [_stage_rank(r.kind) for r in related if r.polarity and not _hedged(r)],
    )
    stage_before = saga.stage if saga else _highest(related)
    stage_after = _advance_stage(stage_before, claim)

    def event(kind: EventKind) -> Event:
        return Event(
            kind=kind, claim=claim, fact_key=key, previous_stage=stage_before, stage=stage_after
        )

    if saga is None and not related:
        if claim.kind is ClaimKind.CONTRACT or (claim.counterpart == "*" and history.claims):
            return event(EventKind.CONTEXT)
        return event(EventKind.NEW_SAGA)
    tier = tier_of(claim)
    seen = [r for r in related if _same_fact(claim, r, key)]
    if seen:
        # a figure's best source is that of any recent report of the same figure, as a bid
        # or as a fee (one silent for a month is an old chapter: REVIVED decides)
        same = seen + [
            r for r in related if _same_figure_known(claim, r) and now - r.last_seen < REVIVE_AFTER
        ]
        tiers = [r.best_tier for r in same if r.best_tier is not None]
        upgrade = not tiers or min(tiers) > TOP_TIER
        if (
            tier <= TOP_TIER
            and upgrade
            and claim.kind not in CONTEXT_KINDS  # context is worth one mention, not two
            and not _implied_by_top_source(claim, related)
        ):
            return event(EventKind.CORROBORATED)
        quiet_for = min(now - r.last_seen for r in related)
        if quiet_for >= REVIVE_ANY_TIER_AFTER or (tier <= TOP_TIER and quiet_for >= REVIVE_AFTER):
            return event(EventKind.REVIVED)
        if _renewed_offer(claim, seen, related):
            return event(EventKind.FEE)
        return None
    if claim.kind is ClaimKind.CONTRACT and any(
        r.kind is ClaimKind.CONTRACT for r in history.claims
    ):
        return None  # contract status is context once per player; restatements are colour
    restated = any(_same_figure_known(claim, r) for r in related)
    if (
        not claim.hedged
        and not restated  # "put €20m on the table" after "€20m offered": that report again
        and any(
            r.kind is claim.kind
            and r.polarity != claim.polarity
            and not _hedged(r)
            and r.first_seen < now  # an article that says both is nuanced, not contradicted
            for r in related
            if claim.kind in STAGE_RANK or claim.kind in NEGATIVE_KINDS
        )
    ):
        return event(EventKind.CONTRADICTION)
    firm = claim.polarity and not claim.hedged
    if firm and _stage_rank(claim.kind) > reached:
        return event(EventKind.STAGE)
    if (
        firm
        and tier <= TOP_TIER
        and _stage_rank(claim.kind) > _reached_by_top_sources(related)
        and not any(r.kind is claim.kind and r.polarity and not _hedged(r) for r in related)
    ):
        # only lesser sources had put the deal further: a top source's first report of this
        # stage is news, or one false rumour of a late stage would silence every true report
        return event(EventKind.STAGE)
    if (
        firm
        and claim.kind is ClaimKind.OFFICIAL
        and not claim.provisional
        and any(r.kind is ClaimKind.OFFICIAL and _provisional(r) for r in related)
        and not any(
            r.kind is ClaimKind.OFFICIAL and r.polarity and not _provisional(r) for r in related
        )
    ):
        # "City confirm agreement in principle", then "Haaland completes his move": the
        # signing announced in principle has now happened
        return event(EventKind.STAGE)
    if (
        firm
        and claim.kind in MILESTONE_KINDS
        and not any(r.kind is claim.kind and r.polarity and not _hedged(r) for r in related)
    ):
        return event(EventKind.STAGE)
    if claim.kind in NEGATIVE_KINDS and claim.polarity:
        return event(EventKind.STAGE)
    if claim.fee is not None and _fee_is_new(claim, list(history.claims)):
        return event(EventKind.FEE)
    if claim.kind in CONTEXT_KINDS:
        return event(EventKind.CONTEXT)
    return None


def _renewed_offer(claim: Claim, seen: list[ClaimRecord], related: list[ClaimRecord]) -> bool:
    """A bid after that bid was turned down, with another figure, is a new offer ("second bid")
    even within ±10% of the first."""
    if claim.kind is not ClaimKind.BID or claim.fee is None or claim.hedged:
        return False
    last = max(seen, key=lambda r: r.first_seen)
    if last.fee_eur is None or last.fee_eur == (claim.fee.eur_min, claim.fee.eur_max):
        return False
    if any(
        r.kind is ClaimKind.BID_REJECTED and r.polarity and r.first_seen >= last.first_seen
        for r in related
    ):
        return True
    # a raised offer after a refusal restated since that bid: the refusal's fact was first
    # seen earlier (the first "no"), but it was reported again after the bid ("a second no")
    return claim.fee.eur_min > last.fee_eur[1] and any(
        r.kind is ClaimKind.BID_REJECTED and r.polarity and r.last_seen >= last.last_seen
        for r in related
    )


def _reached_by_top_sources(related: list[ClaimRecord]) -> int:
    """The furthest stage a top source (tier 0–1) has reported for the deal, firm and positive."""
    return max(
        (
            _stage_rank(r.kind)
            for r in related
            if r.polarity and not _hedged(r) and r.best_tier is not None and r.best_tier <= TOP_TIER
        ),
        default=0,
    )


def _implied_by_top_source(claim: Claim, related: list[ClaimRecord]) -> bool:
    """A top source already put the deal at a later stage, which implies this earlier one."""
    rank = _stage_rank(claim.kind)
    return rank > 0 and any(
        r.polarity
        and _stage_rank(r.kind) > rank
        and r.best_tier is not None
        and r.best_tier <= TOP_TIER
        for r in related
    )


def _highest(records: list[ClaimRecord]) -> ClaimKind | None:
    best: ClaimKind | None = None
    for record in records:
        if record.polarity and _stage_rank(record.kind) > _stage_rank(best):
            best = record.kind
    return best


def _advance_stage(stage: ClaimKind | None, claim: Claim) -> ClaimKind | None:
    if claim.polarity and not claim.hedged and _stage_rank(claim.kind) > _stage_rank(stage):
        return claim.kind
    return stage


def advance(saga: SagaState | None, claim: Claim, now: datetime) -> SagaState:
    """The saga's state once ``claim`` is recorded."""
    tier = tier_of(claim)
    if saga is None:
        status = SagaStatus.OPEN
        if claim.kind is ClaimKind.OFFICIAL and claim.polarity:
            status = SagaStatus.DONE
        elif claim.kind is ClaimKind.COLLAPSE:
            status = SagaStatus.DEAD
        return SagaState(
            key=claim.saga_key,
            stage=_advance_stage(None, claim),
            status=status,
            first_seen=now,
            last_seen=now,
            best_tier=tier,
            last_fee=claim.fee,
        )
    stage = _advance_stage(saga.stage, claim)
    status = saga.status
    if claim.kind is ClaimKind.OFFICIAL and claim.polarity:
        status = SagaStatus.DONE
    elif claim.kind is ClaimKind.COLLAPSE and claim.polarity:
        status = SagaStatus.DEAD
    elif stage != saga.stage and status is SagaStatus.DEAD:
        status = SagaStatus.OPEN  # a dead saga revived by a later stage
    best = tier if saga.best_tier is None else min(saga.best_tier, tier)
    return replace(
        saga,
        stage=stage,
        status=status,
        first_seen=min(saga.first_seen, now),
        last_seen=max(saga.last_seen, now),
        best_tier=best,
        last_fee=claim.fee or saga.last_fee,
    )


class Novelty:
    """``bot.ports.NoveltyRules`` over the module's pure functions."""

    def fact_key(self, claim: Claim) -> str:
        return fact_key(claim)

    def judge(self, claim: Claim, history: SagaHistory, now: datetime) -> Event | None:
        return judge(claim, history, now)

    def advance(self, saga: SagaState | None, claim: Claim, now: datetime) -> SagaState:
        return advance(saga, claim, now)
