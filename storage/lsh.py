"""LSH banding of MinHash signatures, so near-duplicate candidates are an indexed lookup.

A 64-value signature is cut into 16 bands of 4 rows; two articles whose Jaccard similarity is s
share at least one band with probability 1 - (1 - s⁴)¹⁶ (≈ 0.9996 at s = 0.8, ≈ 0.42 at s = 0.5).
Candidates are then confirmed on the whole signature (share of equal positions). Only an article
sharing :func:`min_shared_bands` bands can agree that much (a position that differs spoils at most
its own band), so the lookup asks for those alone: the others are never read (issue 16: articles
that share a stock sentence share a band or two, and reading and comparing every one of them was
a sixth of an item's ingest).
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Sequence

ROWS_PER_BAND = 4
#: Share of equal signature positions that makes two articles near-duplicates.
MIN_AGREEMENT = 0.8


def band_hashes(signature: Sequence[int]) -> list[tuple[int, int]]:
    """``(band number, 63-bit signed hash)`` per complete band of the signature."""
    out: list[tuple[int, int]] = []
    for band, start in enumerate(range(0, len(signature) - ROWS_PER_BAND + 1, ROWS_PER_BAND)):
        rows = ",".join(str(int(v)) for v in signature[start : start + ROWS_PER_BAND])
        digest = hashlib.blake2b(f"{band}:{rows}".encode(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


def agreement(a: Sequence[int], b: Sequence[int]) -> float:
    """Share of positions where two signatures agree (0 when their lengths differ)."""
    if not a or len(a) != len(b):
        return 0.0
    equal: int = sum(map(operator.eq, a, b))
    return equal / len(a)


def min_shared_bands(length: int) -> int:
    """The fewest bands a signature of ``length`` values shares with one agreeing with it on
    :data:`MIN_AGREEMENT` of its positions: each position that differs spoils at most one
    band, so with ``d`` of them allowed at least ``bands - d`` bands are equal."""
    bands = length // ROWS_PER_BAND
    if length == 0:
        return 0
    allowed = max(d for d in range(length + 1) if (length - d) / length >= MIN_AGREEMENT)
    return max(bands - allowed, 0)
