"""The claim engine: what an article says about players, as ``Claim`` values (pure, no I/O).

Its one face is :func:`read_article` (the claims and the names of players it learnt, from one
analysis of the article); :func:`extract_claims` and :func:`known_player_names` are the two halves
of it, for callers that need only one; each takes an optional :class:`Budget` of time for the
article (``bot.claims.budget``). The vocabularies it reads (gazetteer, cues, sentence
splitting, language, money, windows) live in :mod:`bot.claims.lexicon`.
"""

from bot.claims.budget import Budget
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.reader import extract_claims, known_player_names, read_article

__all__ = ["Budget", "Gazetteer", "extract_claims", "known_player_names", "read_article"]
