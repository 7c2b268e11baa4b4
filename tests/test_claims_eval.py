"""Claim-field accuracy on the labelled dev streams (metric defined in ``bench.metrics``), both
for the extractor alone and for the claims the pipeline prints (``transferbot replay``).

The floors are the figures measured when this test was written (see the report), rounded down;
they guard against regressions, they are not the product target (0.85 on every field).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.metrics import EVAL, Score, score_file, score_replay
from bot.gazetteer import Gazetteer

pytestmark = pytest.mark.skipif(not (EVAL / "dev.jsonl").exists(), reason="eval data absent")

FLOORS = {
    ("extractor", "dev.jsonl"): {
        "kind": 0.85,
        "clubs": 0.73,
        "fee": 0.99,
        "window": 0.82,
        "source": 0.84,
        "precision": 0.55,
    },
    ("extractor", "dev2.jsonl"): {
        "kind": 0.87,
        "clubs": 0.65,
        "fee": 0.95,
        "window": 0.85,
        "source": 0.79,
        "precision": 0.67,
    },
    ("pipeline", "dev.jsonl"): {
        "kind": 0.85,
        "clubs": 0.88,
        "fee": 0.99,
        "window": 0.82,
        "source": 0.83,
        "precision": 0.56,
    },
    ("pipeline", "dev2.jsonl"): {
        "kind": 0.87,
        "clubs": 0.92,
        "fee": 0.95,
        "window": 0.85,
        "source": 0.78,
        "precision": 0.67,
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
