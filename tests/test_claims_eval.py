"""Claim-field accuracy on the labelled dev streams (metric defined in ``bench.metrics``).

The floors are the figures measured when this test was written (see the report), rounded down;
they guard against regressions, they are not the product target (0.85 on every field).
"""

from __future__ import annotations

import pytest

from bench.metrics import EVAL, score_file
from bot.gazetteer import Gazetteer

pytestmark = pytest.mark.skipif(not (EVAL / "dev.jsonl").exists(), reason="eval data absent")

FLOORS = {
    "dev.jsonl": {
        "kind": 0.80,
        "clubs": 0.73,
        "fee": 0.99,
        "window": 0.81,
        "source": 0.81,
        "precision": 0.56,
    },
    "dev2.jsonl": {
        "kind": 0.76,
        "clubs": 0.54,
        "fee": 0.94,
        "window": 0.85,
        "source": 0.66,
        "precision": 0.68,
    },
}


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in FLOORS])
def test_field_accuracy_floor(name: str) -> None:
    if Gazetteer.default().club("Liverpool") is None:
        pytest.skip("bot/data/clubs.toml not there yet")
    accuracy = score_file(name).accuracy()
    print(name, {k: round(v, 3) for k, v in accuracy.items()})
    for field, floor in FLOORS[name].items():
        assert accuracy[field] >= floor, (field, accuracy[field])
