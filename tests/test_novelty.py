"""Table tests of ``bot.novelty.judge``: every event kind and every rehash the rules name."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    EventKind,
    Fee,
    FeeKind,
    SagaHistory,
    Source,
)
from bot.novelty import advance, fact_key, judge

NOW = datetime(2025, 1, 2, 12, tzinfo=UTC)
TAA = "Trent Alexander-Arnold"
ROMANO = Source(name="Fabrizio Romano", tier=1)
MARCA = Source(name="Marca", tier=2)
FAN = Source(name="Fan site", tier=3)
TIMES = Source(name="The Times", tier=1)
CLUB = Source(name="Real Madrid (official)", tier=0)


def claim(kind: ClaimKind, **kw: object) -> Claim:
    base: dict[str, object] = {
        "player": TAA,
        "kind": kind,
        "buyer": "Real Madrid",
        "seller": "Liverpool",
        "clubs": ("Real Madrid", "Liverpool"),
        "source": ROMANO,
    }
    base.update(kw)
    return Claim(**base)  # type: ignore[arg-type]


def eur(lo: float, hi: float | None = None, kind: FeeKind = FeeKind.OFFER) -> Fee:
    return Fee(text=f"€{lo}m", eur_min=lo * 1e6, eur_max=(hi or lo) * 1e6, kind=kind)


def history_of(*claims: tuple[Claim, datetime]) -> SagaHistory:
    """Replay claims through ``advance`` into the history ``judge`` reads."""
    saga = None
    records: dict[str, ClaimRecord] = {}
    for c, at in claims:
        saga = advance(saga, c, at)
        key = fact_key(c)
        tier = c.source.tier if c.source else 3
        old = records.get(key)
        records[key] = ClaimRecord(
            fact_key=key,
            kind=c.kind,
            polarity=c.polarity,
            fee_eur=(c.fee.eur_min, c.fee.eur_max) if c.fee else None,
            fee_kind=c.fee.kind if c.fee else None,
            first_seen=old.first_seen if old else at,
            last_seen=at,
            times_seen=(old.times_seen + 1) if old else 1,
            best_tier=min(tier, old.best_tier) if old and old.best_tier is not None else tier,
        )
    return SagaHistory(saga=saga, claims=tuple(records.values()))


DAY = timedelta(days=1)
APPROACH = claim(ClaimKind.APPROACH)

CASES = [
    # --- events
    pytest.param(history_of(), APPROACH, EventKind.NEW_SAGA, id="first-claim-new-saga"),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.BID, fee=eur(50)),
        EventKind.STAGE,
        id="bid-above-approach-is-stage",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.BID_REJECTED),
        EventKind.STAGE,
        id="first-rejection-is-setback-stage",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.FEE, fee=eur(23.5)),
        EventKind.FEE,
        id="first-fee",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.FEE, fee=eur(23.5)), NOW - DAY)),
        claim(ClaimKind.FEE, fee=eur(39)),
        EventKind.FEE,
        id="fee-beyond-10pct-is-new",
    ),
    pytest.param(
        history_of((claim(ClaimKind.AGREEMENT, source=MARCA), NOW - DAY)),
        claim(ClaimKind.AGREEMENT, polarity=False, source=Source(name="Sky Sports", tier=1)),
        EventKind.CONTRADICTION,
        id="agreement-denied-is-contradiction",
    ),
    pytest.param(
        history_of((claim(ClaimKind.TALKS), NOW - DAY)),
        claim(ClaimKind.TALKS, polarity=False),
        EventKind.CONTRADICTION,
        id="talks-on-then-off",
    ),
    pytest.param(
        history_of((claim(ClaimKind.AGREEMENT, source=MARCA), NOW - 3 * DAY)),
        claim(ClaimKind.AGREEMENT, source=Source(name="The Athletic", tier=1)),
        EventKind.CORROBORATED,
        id="tier1-confirms-tier2-fact",
    ),
    pytest.param(
        history_of((claim(ClaimKind.INTEREST, source=FAN), NOW - 40 * DAY)),
        claim(ClaimKind.INTEREST, source=CLUB),
        EventKind.CORROBORATED,
        id="on-record-confirms-fan-site-fact",
    ),
    pytest.param(
        history_of((claim(ClaimKind.INTEREST), NOW - 45 * DAY)),
        claim(ClaimKind.INTEREST, source=TIMES),
        EventKind.REVIVED,
        id="silent-45-days-then-tier1-revived",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.ADVOCATE, clubs=("Real Madrid",), seller=None),
        EventKind.CONTEXT,
        id="advocate-first-time-context",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.ALTERNATIVE_TARGET, related_player="Diogo Dalot"),
        EventKind.CONTEXT,
        id="alternative-first-time-context",
    ),
    pytest.param(
        history_of((claim(ClaimKind.CONTRACT, buyer=None, clubs=("Liverpool",)), NOW - DAY)),
        claim(ClaimKind.CONTRACT, buyer=None, clubs=("Liverpool",), source=MARCA),
        None,
        id="contract-restated-is-colour",
    ),
    pytest.param(
        history_of((claim(ClaimKind.BID, hedged=True), NOW - DAY)),
        claim(ClaimKind.BID),
        EventKind.STAGE,
        id="firm-bid-after-talk-of-one",
    ),
    pytest.param(
        history_of(
            (claim(ClaimKind.BID, fee=eur(75, 80)), NOW - 2 * DAY),
            (claim(ClaimKind.BID_REJECTED), NOW - 2 * DAY),
        ),
        claim(ClaimKind.BID, fee=eur(80, 90)),
        EventKind.FEE,
        id="second-bid-after-rejection-within-10pct",
    ),
    pytest.param(
        history_of((claim(ClaimKind.OFFICIAL, source=CLUB), NOW - DAY)),
        claim(ClaimKind.MEDICAL, source=CLUB),
        EventKind.STAGE,
        id="milestone-reported-out-of-order",
    ),
    pytest.param(
        history_of((claim(ClaimKind.FEE, fee=eur(40, kind=FeeKind.VALUATION)), NOW - DAY)),
        claim(ClaimKind.BID, fee=eur(39.6), hedged=True),
        EventKind.FEE,
        id="offer-reaching-the-asking-price",
    ),
    # --- rehashes
    pytest.param(
        history_of((claim(ClaimKind.BID_REJECTED), NOW - DAY)),
        claim(ClaimKind.DENIAL, source=TIMES),
        None,
        id="denial-restating-a-rejection",
    ),
    pytest.param(
        history_of((claim(ClaimKind.TALKS), NOW)),
        claim(ClaimKind.TALKS, polarity=False),
        None,
        id="same-article-says-both-is-nuance-not-contradiction",
    ),
    pytest.param(
        history_of((claim(ClaimKind.BID), NOW - DAY)),
        claim(ClaimKind.BID, hedged=True),
        None,
        id="talk-of-a-bid-after-the-bid",
    ),
    pytest.param(
        history_of(
            (claim(ClaimKind.BID_REJECTED), NOW - 2 * DAY),
            (claim(ClaimKind.BID, fee=eur(80, 90)), NOW - DAY),
        ),
        claim(ClaimKind.BID, fee=eur(85)),
        None,
        id="same-bid-restated-after-an-older-rejection",
    ),
    pytest.param(
        # a signing only a lesser outlet had reported ("Marca claims he signed in March"):
        # the club's own announcement is the news (the engine credits an official relayed
        # without a reporter to the club itself, tier 0)
        history_of((claim(ClaimKind.OFFICIAL, source=MARCA), NOW - DAY)),
        claim(ClaimKind.OFFICIAL, source=CLUB),
        EventKind.CORROBORATED,
        id="club-announces-a-signing-only-rumoured",
    ),
    pytest.param(
        history_of((claim(ClaimKind.OFFICIAL, source=ROMANO), NOW - DAY)),
        claim(ClaimKind.OFFICIAL, source=CLUB),
        None,
        id="official-a-top-source-reported-needs-no-confirming",
    ),
    pytest.param(
        history_of((claim(ClaimKind.OFFICIAL, source=CLUB), NOW - DAY)),
        claim(ClaimKind.OFFICIAL, source=TIMES),
        None,
        id="announced-official-restated",
    ),
    pytest.param(
        history_of((claim(ClaimKind.OFFICIAL, source=CLUB), NOW - DAY)),
        claim(ClaimKind.INTEREST, source=FAN),
        None,
        id="low-stage-below-reached-not-a-milestone",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.APPROACH, sentence="Real Madrid made contact with Liverpool."),
        None,
        id="reworded-same-fact",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY)),
        claim(ClaimKind.APPROACH, source=MARCA, sentence="El Real Madrid contactó al Liverpool."),
        None,
        id="translated-same-fact",
    ),
    pytest.param(
        history_of((claim(ClaimKind.AGREEMENT, source=TIMES), NOW - DAY)),
        claim(ClaimKind.AGREEMENT, source=FAN),
        None,
        id="lower-tier-repeat",
    ),
    pytest.param(
        history_of((claim(ClaimKind.AGREEMENT, source=TIMES), NOW - DAY)),
        claim(ClaimKind.AGREEMENT, source=CLUB),
        None,
        id="on-record-after-tier1-is-not-new",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.FEE, fee=eur(23.5)), NOW - DAY)),
        claim(ClaimKind.FEE, fee=eur(20, 25), source=MARCA),
        None,
        id="fee-within-10pct-range-overlap",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.FEE, fee=eur(50)), NOW - DAY)),
        claim(ClaimKind.FEE, fee=eur(49.6)),  # £42m at a fixed rate
        None,
        id="fee-currency-equivalent",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.BID, fee=eur(80)), NOW - DAY)),
        claim(ClaimKind.BID, fee=eur(85)),
        None,
        id="bid-within-10pct-no-new-stage",
    ),
    pytest.param(
        history_of((claim(ClaimKind.AGREEMENT), NOW - DAY)),
        claim(ClaimKind.INTEREST),
        None,
        id="lower-stage-restated",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.ADVOCATE), NOW - DAY)),
        claim(ClaimKind.ADVOCATE, source=MARCA),
        None,
        id="context-second-time-rehash",
    ),
    pytest.param(
        history_of((claim(ClaimKind.INTEREST), NOW - 45 * DAY)),
        claim(ClaimKind.INTEREST, source=FAN),
        None,
        id="silent-then-low-tier-not-revived",
    ),
    pytest.param(
        history_of((claim(ClaimKind.INTEREST, source=FAN), NOW - 365 * DAY)),
        claim(ClaimKind.INTEREST, source=FAN),
        EventKind.REVIVED,
        id="silent-a-year-any-tier-revived",
    ),
    pytest.param(
        history_of((claim(ClaimKind.INTEREST), NOW - 45 * DAY), (APPROACH, NOW - DAY)),
        claim(ClaimKind.INTEREST, source=TIMES),
        None,
        id="old-fact-of-a-live-deal-not-revived",
    ),
    pytest.param(
        history_of(
            (claim(ClaimKind.INTEREST, source=FAN), NOW - 3 * DAY),
            (claim(ClaimKind.AGREEMENT, source=CLUB), NOW - DAY),
        ),
        claim(ClaimKind.INTEREST, source=ROMANO),
        None,
        id="top-source-repeat-of-a-stage-already-passed-on-record",
    ),
    pytest.param(
        history_of((APPROACH, NOW - DAY), (claim(ClaimKind.FEE, fee=eur(15)), NOW)),
        claim(ClaimKind.FEE, fee=eur(15, kind=FeeKind.WAGES)),
        EventKind.FEE,
        id="wages-are-another-family-than-fee",
    ),
]


@pytest.mark.parametrize(("history", "new", "expected"), CASES)
def test_judge(history: SagaHistory, new: Claim, expected: EventKind | None) -> None:
    event = judge(new, history, NOW)
    assert (event.kind if event else None) == expected
    if event is not None:
        assert event.claim == new
        assert event.fact_key == fact_key(new)


def test_stage_event_carries_previous_and_new_stage() -> None:
    event = judge(claim(ClaimKind.BID), history_of((APPROACH, NOW - DAY)), NOW)
    assert event is not None
    assert (event.previous_stage, event.stage) == (ClaimKind.APPROACH, ClaimKind.BID)


def test_fact_key_ignores_text_and_source_not_hedging() -> None:
    a = claim(ClaimKind.APPROACH, sentence="one wording", source=ROMANO)
    b = replace(a, sentence="otra redacción", source=MARCA)
    assert fact_key(a) == fact_key(b)
    assert fact_key(a) != fact_key(replace(a, hedged=True))
    assert fact_key(a) != fact_key(replace(a, polarity=False))
    assert fact_key(a) != fact_key(replace(a, buyer="Chelsea"))


def test_advance_tracks_highest_stage_status_and_best_tier() -> None:
    saga = advance(None, claim(ClaimKind.BID, source=FAN), NOW - DAY)
    saga = advance(saga, claim(ClaimKind.INTEREST, source=ROMANO), NOW)
    assert saga.stage is ClaimKind.BID
    assert saga.best_tier == 1
    done = advance(saga, claim(ClaimKind.OFFICIAL, source=CLUB), NOW)
    assert done.status.value == "done"
    assert done.stage is ClaimKind.OFFICIAL


def test_a_figure_already_reported_for_another_deal_is_not_a_new_fee() -> None:
    chelsea = history_of((claim(ClaimKind.FEE, fee=eur(85), buyer="Chelsea"), NOW - 2 * DAY))
    arsenal = history_of((claim(ClaimKind.INTEREST, buyer="Arsenal"), NOW - DAY))
    both = SagaHistory(saga=arsenal.saga, claims=chelsea.claims + arsenal.claims)
    assert judge(claim(ClaimKind.FEE, fee=eur(84), buyer="Arsenal"), both, NOW) is None
    event = judge(claim(ClaimKind.FEE, fee=eur(60), buyer="Arsenal"), both, NOW)
    assert event is not None and event.kind is EventKind.FEE


@pytest.mark.parametrize(
    ("known", "new", "is_new"),
    [
        pytest.param(eur(120, kind=FeeKind.CLAUSE), eur(118, kind=FeeKind.UNKNOWN), False,
                     id="fee-paying-a-known-clause"),
        pytest.param(eur(60, kind=FeeKind.UNKNOWN), eur(60, kind=FeeKind.CLAUSE), False,
                     id="clause-equal-to-a-known-fee"),
        pytest.param(eur(120, kind=FeeKind.CLAUSE), eur(90, kind=FeeKind.UNKNOWN), True,
                     id="neg-fee-below-the-clause"),
        pytest.param(eur(12, kind=FeeKind.CLAUSE), eur(12, kind=FeeKind.WAGES), True,
                     id="neg-wages-are-never-a-clause"),
    ],
)  # fmt: skip
def test_a_figure_equal_to_a_known_clause_is_not_new(known: Fee, new: Fee, is_new: bool) -> None:
    history = history_of(
        (claim(ClaimKind.RELEASE_CLAUSE if known.kind is FeeKind.CLAUSE else ClaimKind.FEE,
               fee=known), NOW - 2 * DAY),
        (claim(ClaimKind.INTEREST, buyer="Arsenal"), NOW - DAY),
    )  # fmt: skip
    kind = {FeeKind.CLAUSE: ClaimKind.RELEASE_CLAUSE, FeeKind.WAGES: ClaimKind.PERSONAL_TERMS}
    event = judge(claim(kind.get(new.kind, ClaimKind.FEE), fee=new, buyer="Arsenal"), history, NOW)
    assert (event is not None) is is_new


def _second_refusal(restated_after_bid: bool) -> SagaHistory:
    """A first bid (€40m) refused, a second (€50m), and the refusal restated after it or not."""
    refusal = claim(ClaimKind.BID_REJECTED, buyer="Real Madrid")
    steps = [
        (claim(ClaimKind.BID, fee=eur(40)), NOW - 6 * DAY),
        (refusal, NOW - 5 * DAY),
        (claim(ClaimKind.BID, fee=eur(50)), NOW - 3 * DAY),
    ]
    if restated_after_bid:
        steps.append((refusal, NOW - 2 * DAY))
    return history_of(*steps)


@pytest.mark.parametrize(
    ("restated", "figure", "is_new"),
    [
        pytest.param(True, eur(54), True, id="raised-within-10pct-after-a-second-no"),
        pytest.param(True, eur(50, 52), False, id="neg-the-refused-bid-restated"),
        pytest.param(False, eur(54), False, id="neg-no-refusal-since-that-bid"),
    ],
)
def test_a_raised_offer_after_a_second_refusal_is_a_new_bid(
    restated: bool, figure: Fee, is_new: bool
) -> None:
    event = judge(claim(ClaimKind.BID, fee=figure), _second_refusal(restated), NOW)
    assert (event is not None and event.kind is EventKind.FEE) is is_new


@pytest.mark.parametrize(
    ("bid_source", "bid_age", "expected"),
    [
        pytest.param(ROMANO, DAY, None, id="the-figure-came-from-a-top-source-as-a-bid"),
        pytest.param(MARCA, DAY, EventKind.CORROBORATED, id="neg-only-tier-2-had-the-figure"),
        pytest.param(ROMANO, 40 * DAY, EventKind.CORROBORATED, id="neg-the-top-report-is-old"),
    ],
)
def test_a_figure_a_top_source_gave_as_a_bid_is_no_upgrade_as_a_fee(
    bid_source: Source, bid_age: timedelta, expected: EventKind | None
) -> None:
    history = history_of(
        (claim(ClaimKind.BID, fee=eur(47), source=bid_source), NOW - bid_age),
        (claim(ClaimKind.FEE, fee=eur(47, kind=FeeKind.UNKNOWN), source=MARCA), NOW - DAY),
    )
    event = judge(
        claim(ClaimKind.FEE, fee=eur(48, kind=FeeKind.UNKNOWN), source=TIMES), history, NOW
    )
    assert (event.kind if event else None) is expected


def test_a_bid_whose_figure_was_reported_is_no_contradiction_of_a_no_bid() -> None:
    """ "Real put €20–25m on the table" after "Real offered €20m" and then "no formal bid yet":
    the earlier report again, not news that contradicts the denial; a bid with a figure never
    reported does contradict it (issue 12)."""
    offered = claim(ClaimKind.FEE, fee=eur(20))
    no_bid = claim(ClaimKind.BID, polarity=False)
    rumour = claim(ClaimKind.AGREEMENT, source=FAN)  # the saga is past the bid stage already
    history = history_of(
        (offered, NOW - timedelta(days=5)),
        (rumour, NOW - timedelta(days=4)),
        (no_bid, NOW - timedelta(days=3)),
    )
    again = claim(ClaimKind.BID, fee=eur(20, 25), source=MARCA)
    assert judge(again, history, NOW) is None
    new = judge(claim(ClaimKind.BID, fee=eur(45), source=MARCA), history, NOW)
    assert new is not None and new.kind is EventKind.CONTRADICTION
    bare = judge(claim(ClaimKind.BID, source=MARCA), history, NOW)
    assert bare is not None and bare.kind is EventKind.CONTRADICTION
