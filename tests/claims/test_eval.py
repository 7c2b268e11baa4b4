"""Claim-field accuracy on the labelled dev streams (metric defined in ``bench.metrics``), both
for the extractor alone and for the claims the pipeline prints (``transferbot replay``).

The product's bar (the claim-engine issue): kind, clubs, fee, window and source each at least
0.85 on dev and dev2, for the claims the bot stores and prints (the pipeline). The floors below
are the figures measured when this test was last updated, less 0.01 and rounded down; they guard
every field of both scopes against regressions. The extractor alone, without the club the saga
taught the service, is below the bar on clubs: some articles never name the selling club, and the
roles read from one article still miss some that it does name.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.metrics import Score, score_file, score_replay
from bot.claims.lexicon.gazetteer import Gazetteer

FLOORS = {
    ("extractor", "dev.jsonl"): {
        "kind": 0.85,
        "clubs": 0.73,
        "fee": 0.98,
        "window": 0.86,
        "source": 0.90,
        "precision": 0.56,
    },
    ("extractor", "dev2.jsonl"): {
        "kind": 0.87,
        "clubs": 0.78,
        "fee": 0.94,
        "window": 0.87,
        "source": 0.85,
        "precision": 0.68,
    },
    ("pipeline", "dev.jsonl"): {
        "kind": 0.85,
        "clubs": 0.90,
        "fee": 0.98,
        "window": 0.86,
        "source": 0.89,
        "precision": 0.57,
    },
    ("pipeline", "dev2.jsonl"): {
        "kind": 0.87,
        "clubs": 0.93,
        "fee": 0.94,
        "window": 0.87,
        "source": 0.85,
        "precision": 0.68,
    },
}
SCORERS: dict[str, Callable[[str], Score]] = {"extractor": score_file, "pipeline": score_replay}


@pytest.mark.parametrize(
    ("how", "name"), [pytest.param(how, name, id=f"{how}-{name}") for how, name in FLOORS]
)
def test_field_accuracy_floor(how: str, name: str) -> None:
    if Gazetteer.default().club("Liverpool") is None:
        pytest.skip("bot/data/clubs.toml not there yet")
    accuracy = SCORERS[how](name).accuracy()
    print(how, name, {k: round(v, 3) for k, v in accuracy.items()})
    for field, floor in FLOORS[how, name].items():
        assert accuracy[field] >= floor, (field, accuracy[field])


BAR = 0.85
FIELDS = ("kind", "clubs", "fee", "window", "source")


@pytest.mark.parametrize("name", ["dev.jsonl", "dev2.jsonl"])
def test_pipeline_meets_the_bar_on_every_field(name: str) -> None:
    accuracy = score_replay(name).accuracy()
    short = {f: round(accuracy[f], 3) for f in FIELDS if accuracy[f] < BAR}
    assert not short, short
