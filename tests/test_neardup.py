"""MinHash signatures: near copies score >= 0.8, different stories < 0.5."""

from __future__ import annotations

import pytest

from bot import neardup

STORY = (
    "Real Madrid have made an approach to Liverpool for Trent Alexander-Arnold, according to "
    "Fabrizio Romano, but Liverpool told them the England international is not for sale in "
    "January. Real are ready to pay money now to sign the right-back, whose contract expires in "
    "the summer of 2025, and Carlo Ancelotti is pushing hard for the deal to happen this year."
)
SYNDICATED = (
    "UPDATED: Real Madrid have made an approach to Liverpool for Trent Alexander-Arnold, according "
    "to Fabrizio Romano, but Liverpool told them the England international is not for sale in "
    "January. Real are ready to pay money now to sign the right-back, whose contract expires in "
    "the summer of 2025, and Carlo Ancelotti is pushing hard for the deal to happen this year. "
    "Read more on our site."
)
OTHER = (
    "Manchester City have agreed a fee of 90 million euros with RB Leipzig for Josko Gvardiol. "
    "The Croatia defender will have his medical this week and sign a five-year contract, with "
    "Pep Guardiola keen to add a left-footed centre-back before the new season starts."
)
SAME_TOPIC = (
    "Liverpool have rejected an approach from Real Madrid for Trent Alexander-Arnold in January. "
    "The Spanish club want the England right-back, out of contract next summer, and may return "
    "with a pre-contract offer; Arne Slot hopes the vice-captain signs a new deal at Anfield."
)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        pytest.param(STORY, STORY, 1.0, 1.0, id="identical"),
        pytest.param(STORY, STORY.upper(), 1.0, 1.0, id="case-insensitive"),
        pytest.param(STORY, SYNDICATED, 0.8, 1.0, id="syndicated-copy-with-tag"),
        pytest.param(STORY, STORY.replace("hard", "very hard"), 0.8, 1.0, id="one-word-edit"),
        pytest.param(STORY, OTHER, 0.0, 0.5, id="other-story"),
        # same players and clubs, other wording: not a copy (novelty is the claims' business)
        pytest.param(STORY, SAME_TOPIC, 0.0, 0.5, id="same-topic-rewritten"),
        pytest.param("", STORY, 0.0, 0.0, id="empty"),
    ],
)
def test_similarity(a: str, b: str, low: float, high: float) -> None:
    score = neardup.similarity(neardup.signature(a), neardup.signature(b))
    assert low <= score <= high


def test_signature_shape_and_determinism() -> None:
    sig = neardup.signature(STORY)
    assert len(sig) == neardup.NUM_PERM == 64
    assert sig == neardup.signature(STORY)
    assert all(0 <= v < 2**61 for v in sig)  # fits a signed 64-bit column
    assert neardup.similarity(neardup.signature(""), neardup.signature("")) == 0.0
    assert neardup.is_near_duplicate(sig, neardup.signature(SYNDICATED))


def test_bands_match_for_copies_only() -> None:
    a = neardup.band_hashes(neardup.signature(STORY))
    b = neardup.band_hashes(neardup.signature(SYNDICATED))
    c = neardup.band_hashes(neardup.signature(OTHER))
    assert len(a) == neardup.BANDS == 16
    assert set(a) & set(b)
    assert not set(a) & set(c)
    with pytest.raises(ValueError, match="64 values"):
        neardup.band_hashes((1, 2, 3))


def test_estimate_tracks_true_jaccard() -> None:
    words = [f"w{i}" for i in range(400)]
    base = " ".join(words)
    for cut in (20, 60, 120):
        other = " ".join(words[cut:] + [f"x{i}" for i in range(cut)])
        sa, sb = neardup.shingles(base), neardup.shingles(other)
        true = len(sa & sb) / len(sa | sb)
        est = neardup.similarity(neardup.signature(base), neardup.signature(other))
        assert abs(est - true) < 0.15, (cut, true, est)
