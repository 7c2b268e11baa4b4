"""The per-language quality report of ``make bench`` (``bench.alerts.report``, issue 12) adds up to
the whole-stream figures, and its event precision is what the streams' own scorer prints.

Each stream is replayed once here; the report, the official scorers (run on the stream's own file,
as the eval README says) and ``score`` all read that one replay.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.alerts import (
    EVAL_DIR,
    NONE,
    OLD_ONLY,
    STREAMS,
    Events,
    official_events,
    read_events,
    replay_rows,
    report,
    run_scorer,
    score,
    scorer_logic,
)

TOOLS = EVAL_DIR / "tools"
ALERT_FIELDS = ("items", "should", "alerts", "true_pos", "baseline_alerts", "baseline_true_pos")


@pytest.mark.parametrize("stream", list(STREAMS))
def test_per_language_report_adds_up_to_the_stream(stream: str, tmp_path: Path) -> None:
    path = EVAL_DIR / stream
    rows = replay_rows(path, STREAMS[stream])
    replayed = tmp_path / "replay.jsonl"
    replayed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    r = report(stream, rows=rows)
    whole = r.whole

    # the languages are the items' own, each with as many items as the file gives it
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert {s.lang: s.alerts.items for s in r.langs} == Counter(i["lang"] for i in items)

    # alert counts per language sum to the stream's, and the stream's are score()'s
    whole_score = score(path, STREAMS[stream], rows=rows)
    for field in ALERT_FIELDS:
        assert sum(getattr(s.alerts, field) for s in r.langs) == getattr(whole.alerts, field), field
        assert getattr(whole.alerts, field) == getattr(whole_score, field), field
    assert sorted(m for s in r.langs for m in s.alerts.misses) == sorted(whole_score.misses)
    assert sorted(f for s in r.langs for f in s.alerts.false_alarms) == sorted(
        whole_score.false_alarms
    )

    # ... and agree with the official alert scorer on the same replay
    alerts = run_scorer(TOOLS / "score_alerts.py", path, replayed)
    assert (alerts["items"], alerts["should"], alerts["alerts"]) == (
        whole.alerts.items,
        whole.alerts.should,
        whole.alerts.alerts,
    )
    assert alerts["precision"] == round(whole.alerts.precision, 3)
    assert alerts["recall"] == round(whole.alerts.recall, 3)

    # event counts and the confusion table per language sum to the stream's
    for field in ("events", "strict", "lenient"):
        assert sum(getattr(s.events, field) for s in r.langs) == getattr(whole.events, field)
    summed: Counter[tuple[str, str]] = Counter()
    for s in r.langs:
        summed.update(s.events.confusion)
    assert summed == Counter(whole.events.confusion)
    assert sum(whole.events.confusion.values()) == whole.events.events
    assert sum(s.official["events"] for s in r.langs) == whole.official["events"]  # type: ignore[misc]

    # the stream-level event precision is exactly what the event scorer prints for the stream file
    events = run_scorer(TOOLS / "score_events.py", path, replayed)
    assert whole.official == events
    assert events["events"] == whole.events.events
    assert events["event_precision_strict"] == round(whole.events.precision_strict, 3)
    assert events["event_precision_lenient"] == round(whole.events.precision_lenient, 3)


def _item(
    item_id: str, claims: list[tuple[str, str]], new: list[int], lang: str = "en"
) -> dict[str, object]:
    return {
        "id": item_id,
        "lang": lang,
        "claims": [{"player": p, "kind": k} for p, k in claims],
        "new_claims": new,
    }


def test_events_are_read_as_the_scorer_reads_them() -> None:
    """Made-up items and events covering each column of the confusion table; the scorer run on
    them as a subprocess gives the same counts."""
    labels = [
        # a bid event on a new bid (strict), a fee event on the same bid (strict: MAP[bid] has fee)
        _item("x-1", [("Tomas Varga", "bid")], [0]),
        # a medical event where the only new claim is 'other' (lenient only)
        _item("x-2", [("Tomas Varga", "other")], [0], lang="de"),
        # an official event where the new claim is interest (wrong kind), and the old one a bid
        _item("x-3", [("Tomas Varga", "bid"), ("Tomas Varga", "interest")], [1], lang="de"),
        # an agreement event on an item whose claims of his are all old
        _item("x-4", [("Tomas Varga", "agreement")], []),
        # an event about a player the item has no claim of
        _item("x-5", [("Tomas Varga", "fee")], [0]),
    ]
    varga = "Tomas Varga"
    rows: list[dict[str, object]] = [
        # the scorer takes an event for a claim's player when the claim's surname is in its name
        {
            "id": "x-1",
            "alert": True,
            "events": [{"player": varga, "kind": "bid"}, {"player": "VARGA", "kind": "fee"}],
        },
        {"id": "x-2", "alert": True, "events": [{"player": varga, "kind": "medical"}]},
        {"id": "x-3", "alert": True, "events": [{"player": varga, "kind": "official"}]},
        {"id": "x-4", "alert": True, "events": [{"player": varga, "kind": "agreement"}]},
        {"id": "x-5", "alert": True, "events": [{"player": "Ruben Okafor", "kind": "interest"}]},
    ]
    by_id = {str(row["id"]): row for row in rows}
    read = read_events(labels, by_id, scorer_logic())
    assert read == Events(
        events=6,
        strict=2,
        lenient=3,
        confusion={
            ("bid", "bid"): 1,
            ("fee", "bid"): 1,
            ("medical", "other"): 1,
            ("official", "interest"): 1,
            ("agreement", OLD_ONLY): 1,
            ("interest", NONE): 1,
        },
    )
    official = official_events(labels, rows)
    assert official["events"] == read.events
    assert official["event_precision_strict"] == round(read.precision_strict, 3)
    assert official["event_precision_lenient"] == round(read.precision_lenient, 3)
    german = [i for i in labels if i["lang"] == "de"]
    assert read_events(german, by_id, scorer_logic()).events == 2
    assert official_events(german, rows)["events"] == 2
