"""LSH banding of MinHash signatures."""

from __future__ import annotations

import pytest

from storage.lsh import agreement, band_hashes


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
