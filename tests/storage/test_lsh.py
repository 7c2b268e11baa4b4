"""LSH banding of MinHash signatures."""

from __future__ import annotations

import random

import pytest

from storage.lsh import MIN_AGREEMENT, ROWS_PER_BAND, agreement, band_hashes, min_shared_bands


def test_64_values_make_16_bands_and_band_number_matters() -> None:
    bands = band_hashes(list(range(64)))
    assert [b for b, _ in bands] == list(range(16))
    assert len({h for _, h in bands}) == 16
    # the same 4 values in another band hash differently
    same_rows = band_hashes([1, 2, 3, 4] * 2)
    assert same_rows[0][1] != same_rows[1][1]
    assert all(-(2**63) <= h < 2**63 for _, h in bands)


def test_band_hashes_are_stable_across_runs() -> None:
    # a stored hash must match tomorrow's: no per-process hash() seeds
    assert band_hashes([1, 2, 3, 4]) == band_hashes((1, 2, 3, 4))
    assert band_hashes([1, 2, 3]) == []  # no complete band


@pytest.mark.parametrize(
    ("a", "b", "share"),
    [
        pytest.param([1, 2, 3, 4], [1, 2, 3, 4], 1.0, id="same"),
        pytest.param([1, 2, 3, 4], [1, 2, 0, 0], 0.5, id="half"),
        pytest.param([1, 2, 3, 4], [1, 2, 3], 0.0, id="lengths-differ"),
        pytest.param([], [], 0.0, id="empty"),
    ],
)
def test_agreement(a: list[int], b: list[int], share: float) -> None:
    assert agreement(a, b) == share


def test_min_shared_bands_is_the_fewest_any_near_duplicate_shares() -> None:
    # the lookup skips articles sharing fewer bands: no signature agreeing on MIN_AGREEMENT
    # of its positions may share fewer, and the bound is reached (it is the fewest)
    assert min_shared_bands(64) == 4
    rng = random.Random(5)
    reached = False
    for _ in range(3000):
        a = [rng.randrange(10**6) for _ in range(64)]
        b = list(a)
        for i in rng.sample(range(64), rng.randrange(20)):
            b[i] = -1
        shared = sum(a[i : i + ROWS_PER_BAND] == b[i : i + ROWS_PER_BAND] for i in range(0, 64, 4))
        if agreement(a, b) >= MIN_AGREEMENT:
            assert shared >= min_shared_bands(64)
            reached |= shared == min_shared_bands(64)
    assert reached
    assert min_shared_bands(0) == 0 and min_shared_bands(3) == 0
