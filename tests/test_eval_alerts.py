"""Alert quality on the labelled streams (issue 4): replay from an empty history through the real
``transferbot replay`` and compare each item's ``alert`` with ``should_alert``.

The bar is the product's: precision and recall ≥ 0.90 on dev.jsonl, dev2.jsonl and dev3.jsonl.
The seeds must alert on both items.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.alerts import EVAL_DIR, STREAMS, replay_rows, score


@pytest.mark.parametrize("stream", ["dev.jsonl", "dev2.jsonl", "dev3.jsonl"])
def test_alert_precision_and_recall(stream: str) -> None:
    """The product's bar on the three: precision and recall ≥ 0.90 (measured 2026-12-03: dev
    1.000 / 0.900, dev2 0.933 / 0.933, dev3 0.939 / 0.912; dev3's first look 0.643 / 0.794)."""
    result = score(EVAL_DIR / stream, STREAMS[stream])
    assert result.precision >= 0.90, (result.precision, result.false_alarms)
    assert result.recall >= 0.90, (result.recall, result.misses)
    # the point of the product: far fewer alerts than a guid-dedup feed bot
    assert result.alerts < result.baseline_alerts * 0.6


def test_seeds_both_alert() -> None:
    result = score(EVAL_DIR / "seeds.jsonl", STREAMS["seeds.jsonl"])
    assert (result.true_pos, result.alerts) == (2, 2)


#: Event precision (lenient): the product's bar of 0.90 on the three streams (measured
#: 2026-12-03: dev 0.914, dev2 0.912, dev3 0.917); the seeds' ten events are nine since an
#: alternative pairing is the alternative's (0.889: one wrong, Dalot's "another name on their
#: list" read as interest besides the alternative), held at that figure less 0.01.
EVENT_PRECISION_FLOOR = {
    "seeds.jsonl": 0.88,
    "dev.jsonl": 0.90,
    "dev2.jsonl": 0.90,
    "dev3.jsonl": 0.90,
}


@pytest.mark.parametrize("stream", sorted(EVENT_PRECISION_FLOOR))
def test_event_precision_by_the_official_scorer(stream: str, tmp_path: Path) -> None:
    """What the alerts say is new, scored by the labelled streams' own event scorer
    (``tests/data/eval/tools/score_events.py``, run as its README says) on the replay's output."""
    replayed = tmp_path / "replay.jsonl"
    rows = replay_rows(EVAL_DIR / stream, STREAMS[stream])
    replayed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    scorer = EVAL_DIR / "tools" / "score_events.py"
    out = subprocess.run(
        [sys.executable, str(scorer), str(EVAL_DIR / stream), str(replayed)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["events"] > 0
    assert result["event_precision_lenient"] >= EVENT_PRECISION_FLOOR[stream], result
