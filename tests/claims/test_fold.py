"""``fold``: the fast paths give what folding each character on its own gives, offsets too."""

from __future__ import annotations

import pytest
from unidecode import unidecode

from bot.claims.lexicon.sentences import fold


def _reference(text: str) -> tuple[str, tuple[int, ...]]:
    out, index = [], []
    for i, ch in enumerate(text):
        piece = "'" if ch in "’‘`´" else ch.lower() if ch.isascii() else unidecode(ch).lower()
        out.append(piece)
        index.extend([i] * len(piece))
    index.append(len(text))
    return "".join(out), tuple(index)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Arsenal BID for Rice`s team-mate",
        "Bayern München bietet 80 Mio. Euro für Müller",
        "Atlético confirma el fichaje de João Félix: «es oficial»",
        "L’OM a formulé une offre pour Ødegaard ‘ce soir’",
        "Šeško, Gvardiol i Kovačić – transfer do Manchester Cityja",
        "Ξ Москва ⅷ ① ß ﬁ 漢字 \u200b\x00",
    ],
)
def test_fold_matches_folding_each_character(text: str) -> None:
    folded = fold(text)
    assert (folded.text, folded.index) == _reference(text)
    assert folded.original == text
