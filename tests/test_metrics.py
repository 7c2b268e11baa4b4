"""The claim-field scorer of ``bench/metrics.py`` over replay rows (what ``transferbot replay``
prints): rows are matched to labels like extracted claims, a negative stage counts as a denial."""

from __future__ import annotations

from typing import Any

from bench.metrics import Got, score_rows
from tests.claims.support import small_gazetteer

BRENNAN = "Kai Brennan"


def _row(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "player": BRENNAN,
        "kind": "bid",
        "clubs": ["Arsenal", "RB Leipzig"],
        "fee": "€50m",
        "fee_eur": [50e6, 50e6],
        "window": None,
        "source": "Sky Sports",
    }
    return base | kw


def test_replay_rows_are_scored_like_claims() -> None:
    item = {
        "id": "x-1",
        "claims": [
            {
                "player": BRENNAN,
                "kind": "bid",
                "clubs": ["RB Leipzig", "Arsenal"],  # the order does not matter
                "amount": "€52m",
                "window": None,
                "source": "Sky Sports",
            },
            {"player": BRENNAN, "kind": "denial", "clubs": [], "source": "Sky Sports"},
        ],
    }
    rows = [
        {
            "id": "x-1",
            "claims": [
                _row(),
                _row(kind="talks", clubs=["Arsenal"], fee=None, fee_eur=None),
                _row(kind="agreement", polarity=False, fee=None, fee_eur=None),
            ],
        }
    ]
    score = score_rows([item], rows, [BRENNAN], small_gazetteer())
    assert (score.labels, score.matched, score.extracted) == (2, 2, 3)
    # the denial label has no figure, the agreement − row has none either; the bid's €50m is
    # within 10% of the label's €52m
    assert score.fields == {"clubs": 2, "fee": 2, "window": 2, "source": 2}


def test_a_row_missing_from_the_replay_counts_as_nothing_found() -> None:
    item = {"id": "x-2", "claims": [{"player": BRENNAN, "kind": "bid", "clubs": []}]}
    score = score_rows([item], [], [BRENNAN], small_gazetteer())
    assert (score.labels, score.matched, score.extracted) == (1, 0, 0)


def test_a_negative_stage_is_scored_as_a_denial() -> None:
    assert Got.of_row(_row(kind="agreement", polarity=False)).kind == "denial"
    assert Got.of_row(_row(kind="bid_rejected", polarity=False)).kind == "bid_rejected"
    assert Got.of_row(_row(kind="here_we_go")).kind == "agreement"
