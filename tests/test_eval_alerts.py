"""Alert quality on the labelled streams (issue 4): replay from an empty history through the real
``transferbot replay`` and compare each item's ``alert`` with ``should_alert``.

The bar is the product's: precision ≥ 0.85 and recall ≥ 0.90 on dev.jsonl, holding on dev2.jsonl.
The seeds must alert on both items.
"""

from __future__ import annotations

import pytest

from bench.alerts import EVAL_DIR, STREAMS, score


@pytest.mark.parametrize("stream", ["dev.jsonl", "dev2.jsonl"])
def test_alert_precision_and_recall(stream: str) -> None:
    result = score(EVAL_DIR / stream, STREAMS[stream])
    assert result.precision >= 0.85, (result.precision, result.false_alarms)
    assert result.recall >= 0.90, (result.recall, result.misses)
    # the point of the product: far fewer alerts than a guid-dedup feed bot
    assert result.alerts < result.baseline_alerts * 0.6


def test_seeds_both_alert() -> None:
    result = score(EVAL_DIR / "seeds.jsonl", STREAMS["seeds.jsonl"])
    assert (result.true_pos, result.alerts) == (2, 2)


def test_dev3_holds_its_measured_floor() -> None:
    """dev3.jsonl (99 items, five sagas, 52% not English; issue 12): first look 0.643 / 0.794;
    the floor is the figure measured when the rules of issue 12 landed, less a little. The
    product's bar (0.90 / 0.90) is not reached yet on recall."""
    result = score(EVAL_DIR / "dev3.jsonl", STREAMS["dev3.jsonl"])
    assert result.precision >= 0.92, (result.precision, result.false_alarms)
    assert result.recall >= 0.84, (result.recall, result.misses)
