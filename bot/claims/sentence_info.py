"""One sentence of an article as the claim engine reads it: its text, folded form, the names and
clubs found in it. Filled by :mod:`bot.claims.mentions` and :mod:`bot.claims.club_mentions`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.claims.lexicon.gazetteer import Match
from bot.claims.lexicon.sentences import Folded
from bot.model import Fee


@dataclass(slots=True, kw_only=True)
class SentenceInfo:
    index: int
    text: str
    folded: Folded
    paragraph: int
    matches: list[Match]
    players: list[str] = field(default_factory=list)  # followed or known, as named or referred
    named: list[str] = field(default_factory=list)  # named in this sentence (not referred)
    clubs: list[tuple[int, str]] = field(default_factory=list)  # (folded offset, canonical)
    persons: list[str] = field(default_factory=list)  # capitalised person-name spans
    ambiguous: bool = False  # a club nickname here could not be resolved
    foreign_ref: bool = False  # a descriptor here contradicts the player last named
    #: the money figures read in it, by language (``bot.claims.figures.fees_in``: read once,
    #: asked for by the carrying-on test and by the sentence's claims)
    fees: dict[str, tuple[tuple[int, Fee], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
