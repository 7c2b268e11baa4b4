"""``storage.codec``: claims and events survive the round trip through JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.model import Claim, ClaimKind, Event, EventKind, Fee, FeeKind, Source, Window
from storage.codec import claim_from_dict, claim_to_dict, event_from_dict, event_to_dict

FULL = Claim(
    player="Trent Alexander-Arnold",
    kind=ClaimKind.FEE,
    polarity=False,
    hedged=True,
    clubs=("Real Madrid", "Liverpool"),
    buyer="Real Madrid",
    seller="Liverpool",
    fee=Fee(
        text="just over £20m",
        eur_min=24_000_000.0,
        eur_max=26_500_000.5,
        currency="GBP",
        qualifier="just over",
        kind=FeeKind.OFFER,
    ),
    window=Window(key="january-2025", start=date(2025, 1, 1), end=date(2025, 2, 3)),
    source=Source(name="Paul Joyce", tier=1, aggregator=False),
    carrier="The Times",
    related_player="Diogo Dalot",
    sentence="Real Madrid willing to pay «just over £20m» — según Joyce",
)
BARE = Claim(player="Joško Gvardiol", kind=ClaimKind.INTEREST)


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param(FULL, id="every-field"),
        pytest.param(BARE, id="defaults-only"),
        pytest.param(
            Claim(
                player="X",
                kind=ClaimKind.RENEWAL,
                source=Source(name="Club", tier=0, aggregator=True),
            ),
            id="aggregator-tier0",
        ),
    ],
)
def test_claim_round_trip_through_json(claim: Claim) -> None:
    assert claim_from_dict(json.loads(json.dumps(claim_to_dict(claim)))) == claim


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(
            Event(
                kind=EventKind.STAGE,
                claim=FULL,
                fact_key="fee|offer|25",
                previous_stage=ClaimKind.APPROACH,
                stage=ClaimKind.BID,
            ),
            id="stage-with-previous",
        ),
        pytest.param(Event(kind=EventKind.NEW_SAGA, claim=BARE, fact_key="k"), id="no-stages"),
    ],
)
def test_event_round_trip_through_json(event: Event) -> None:
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event


def test_window_dates_are_iso_strings() -> None:
    d = claim_to_dict(FULL)
    assert d["window"] == {"key": "january-2025", "start": "2025-01-01", "end": "2025-02-03"}
    assert d["fee"]["kind"] == "offer"


def test_missing_optional_keys_take_defaults() -> None:
    # a row written by an older version: only the required keys
    assert claim_from_dict({"player": "Joško Gvardiol", "kind": "interest"}) == BARE
