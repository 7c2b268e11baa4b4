"""The words of alerts and /latest (platform-neutral)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    DealKind,
    Event,
    EventKind,
    Fee,
    FeeKind,
    Player,
    SagaKey,
    SagaState,
    SagaStatus,
    Source,
    Window,
)
from bot.records import ClaimView, SagaView, TimelineEntry
from bot.summaries import alert_line, event_label, headline, render_latest

T = datetime(2025, 1, 2, tzinfo=UTC)
TAA = "Trent Alexander-Arnold"
TIMES = Source(name="The Times", tier=1)
JAN = Window(key="january-2025", start=T.date(), end=T.date())


def c(kind: ClaimKind, **kw: object) -> Claim:
    base: dict[str, object] = {
        "player": TAA,
        "kind": kind,
        "buyer": "Real Madrid",
        "seller": "Liverpool",
        "clubs": ("Real Madrid", "Liverpool"),
        "source": TIMES,
    }
    base.update(kw)
    return Claim(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        pytest.param(
            c(ClaimKind.FEE, fee=Fee(text="just over £20m", eur_min=24e6, eur_max=25e6)),
            "Real Madrid willing to pay just over £20m for Trent Alexander-Arnold",
            id="fee-the-issue-example",
        ),
        pytest.param(
            c(ClaimKind.APPROACH, window=JAN),
            "Real Madrid approach Liverpool for Trent Alexander-Arnold — January 2025",
            id="approach-with-window",
        ),
        pytest.param(
            c(ClaimKind.BID_REJECTED),
            "Liverpool turn down Real Madrid for Trent Alexander-Arnold",
            id="rejection",
        ),
        pytest.param(
            c(ClaimKind.TALKS, polarity=False),
            "Not so: Real Madrid in talks over Trent Alexander-Arnold with Liverpool",
            id="negated",
        ),
        pytest.param(
            c(ClaimKind.BID, hedged=True, fee=Fee(text="£33m", eur_min=39e6, eur_max=40e6)),
            "Real Madrid bid £33m for Trent Alexander-Arnold (tentative)",
            id="hedged",
        ),
        pytest.param(
            c(
                ClaimKind.ALTERNATIVE_TARGET,
                player="Diogo Dalot",
                seller="Manchester United",
                related_player=TAA,
            ),
            "Diogo Dalot and Trent Alexander-Arnold both on Real Madrid's list",
            id="alternative-about-the-other-player",
        ),
        pytest.param(
            c(
                ClaimKind.FEE,
                fee=Fee(text="£240k a week", eur_min=1, eur_max=1, kind=FeeKind.WAGES),
            ),
            "Trent Alexander-Arnold set to earn £240k a week at Real Madrid",
            id="wages",
        ),
        pytest.param(
            c(ClaimKind.APPROACH, buyer=None, clubs=("Liverpool",)),
            "A club approach Liverpool for Trent Alexander-Arnold",
            id="approach-whose-suitor-is-unnamed-never-the-seller",
        ),
        pytest.param(
            c(ClaimKind.INTEREST, buyer=None, clubs=("Liverpool", "Real Madrid")),
            "Real Madrid interested in Trent Alexander-Arnold",
            id="no-buyer-the-other-club-named",
        ),
    ],
)
def test_headline(claim: Claim, text: str) -> None:
    assert headline(claim) == text


def test_event_labels() -> None:
    stage = Event(
        kind=EventKind.STAGE,
        claim=c(ClaimKind.BID),
        fact_key="k",
        previous_stage=ClaimKind.APPROACH,
        stage=ClaimKind.BID,
    )
    assert event_label(stage) == "STAGE: approach → bid"
    fee = Event(kind=EventKind.FEE, claim=c(ClaimKind.FEE), fact_key="k")
    assert event_label(fee) == "NEW FEE"
    confirmed = Event(kind=EventKind.CORROBORATED, claim=c(ClaimKind.AGREEMENT), fact_key="k")
    assert event_label(confirmed) == "CONFIRMED by The Times"
    line = alert_line(fee)
    assert (line.source, line.tier) == ("The Times", 1)


def _view(counterpart: str, claims: list[Claim], at: datetime) -> SagaView:
    key = SagaKey(player=TAA, counterpart=counterpart, deal=DealKind.TRANSFER)
    state = SagaState(
        key=key,
        stage=ClaimKind.APPROACH,
        status=SagaStatus.OPEN,
        first_seen=at,
        last_seen=at,
        best_tier=1,
    )
    views = tuple(
        ClaimView(
            record=ClaimRecord(
                fact_key=f"{cl.kind}|{counterpart}|{cl.polarity}",
                kind=cl.kind,
                polarity=cl.polarity,
                fee_eur=None,
                fee_kind=None,
                first_seen=at,
                last_seen=at,
                times_seen=3,
                best_tier=1,
                outlets=3,
            ),
            claim=cl,
        )
        for cl in claims
    )
    event = Event(kind=EventKind.NEW_SAGA, claim=claims[0], fact_key="k")
    timeline = (TimelineEntry(at=at, event=event, outlet="The Times", link=None),)
    return SagaView(state=state, claims=views, timeline=timeline)


def test_latest_lists_club_deals_first_flags_contradictions_and_has_a_timeline() -> None:
    player = Player(id=1, name=TAA)
    unnamed = _view("*", [c(ClaimKind.CONTRACT, buyer=None)], T + timedelta(days=3))
    real = _view("Real Madrid", [c(ClaimKind.TALKS), c(ClaimKind.TALKS, polarity=False)], T)
    text = render_latest(player, [unnamed, real], T)
    lines = text.splitlines()
    assert lines[0] == f"{TAA} — 2 sagas"
    assert lines[1].startswith("▸ Real Madrid (transfer): stage approach")
    assert "reported by 3 outlets" in text
    assert "⚠ contradicted" in text
    assert text.index("Reports naming no club") > text.index("Real Madrid (transfer)")
    assert "Timeline:" in text


def test_latest_without_news() -> None:
    assert "No transfer news" in render_latest(Player(id=1, name=TAA), [], T)


def test_an_alternative_with_no_other_player_named() -> None:
    claim = Claim(
        player=TAA, kind=ClaimKind.ALTERNATIVE_TARGET, buyer="Real Madrid", clubs=("Real Madrid",)
    )
    assert headline(claim) == "Trent Alexander-Arnold is on Real Madrid's list as an alternative"


def test_a_denial_reads_as_reports_denied() -> None:
    claim = Claim(
        player=TAA,
        kind=ClaimKind.DENIAL,
        buyer="Real Madrid",
        seller="Liverpool",
        clubs=("Real Madrid", "Liverpool"),
    )
    assert headline(claim) == "Reports of a Trent Alexander-Arnold move denied (Liverpool)"
