"""Fuzzy name matching searches only the keys that can reach its cutoff (issue 16): the best
match of every word is the one a search of all the keys finds, ties included."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Player

CUTOFF = 90


def _names(rng: random.Random, n: int) -> list[str]:
    letters = "abcdeilmnorstuvz"
    return [
        " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randrange(3, 11))).capitalize()
            for _ in range(2)
        )
        for _ in range(n)
    ]


def test_the_candidates_give_the_best_match_a_search_of_all_keys_gives() -> None:
    rng = random.Random(16)
    players = [Player(id=i, name=name, followed=True) for i, name in enumerate(_names(rng, 3000))]
    gazetteer = Gazetteer.default().with_players(players)
    keys = list(gazetteer.fuzzy_keys())
    words = rng.sample(keys, 300)  # the keys themselves, then near misses
    words += [w[:-1] for w in words[:300]] + [w + "s" for w in words[:300]]
    words += [w[1:] for w in words[:300]] + [w.replace("a", "e", 1) for w in words[:300]]
    found = 0
    for word in words:
        everyone = process.extractOne(word, keys, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        some = gazetteer.fuzzy_candidates(len(word), CUTOFF)
        assert len(some) < len(keys)
        ours = process.extractOne(word, some, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        assert (ours and ours[:2]) == (everyone and everyone[:2]), word
        found += everyone is not None
    assert found > 600  # most words do match something: the comparison is not all misses
