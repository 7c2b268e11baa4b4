"""Clauses: where a sentence's claims take their clubs, figures and windows from, and whose
subject matter each clause is.

A claim takes its clubs from the clause of its cue, not from anywhere in the sentence
("Liverpool's win at Bournemouth" is no approach by Bournemouth). Clauses are cut at the
language's ``clause_breaks`` (";", ", while", ", although" …). A clause of the past (background
vocabulary, a pluperfect, an old year) states no claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.sentences import fold
from bot.claims.sentence_info import SentenceInfo

Span = tuple[int, int]

_YEAR = re.compile(r"(?<![\d.,'])((?:19|20)\d\d)(?![\d.,]?\d)")
_MONTH_BEFORE = re.compile(r"[a-z]{3,}\.?\s+(?:de\s+|del\s+)?$")


def clause_spans(text: str, cues: Cues) -> list[Span]:
    """Folded ``(start, end)`` of each clause of a sentence, in order."""
    if cues.clause_breaks is None:
        return [(0, len(text))]
    spans: list[Span] = []
    begin = 0
    for m in cues.clause_breaks.finditer(text):
        if m.start() > begin:
            spans.append((begin, m.start()))
        begin = m.end() if m.end() > m.start() else m.start()
    spans.append((begin, len(text)))
    return [s for s in spans if s[1] > s[0]] or [(0, len(text))]


def clause_at(spans: Sequence[Span], pos: int) -> Span:
    for a, b in spans:
        if a <= pos < b:
            return a, b
    return spans[-1] if spans else (0, pos + 1)


def clubs_in(s: SentenceInfo, span: Span) -> list[str]:
    return list(dict.fromkeys(c for pos, c in s.clubs if span[0] <= pos < span[1]))


def player_positions(s: SentenceInfo, player: str) -> list[int]:
    """Folded offsets where ``player`` is named in the sentence (aliases, or his surname)."""
    found = [m.start for m in s.matches if m.entity.kind == "player" and m.name == player]
    if not found and player in s.named:
        last = fold(player.rsplit(maxsplit=1)[-1]).text
        first = fold(player.split(maxsplit=1)[0]).text
        found = [m.start() for m in re.finditer(re.escape(last), s.folded.text)]
        found += [m.start() for m in re.finditer(re.escape(first), s.folded.text)]
    return found


def only_a_reference(s: SentenceInfo, player: str, cues: Cues) -> bool:
    """Is ``player`` named in the sentence only as a reference point for someone else
    ("X to succeed Bellingham", "the Gvardiol gap", "l'après-Bellingham")?"""
    if cues.replacement is None and cues.replaced is None:
        return False
    text = s.folded.text
    spans = [(m.start, m.end) for m in s.matches if m.entity.kind == "player" and m.name == player]
    if not spans:
        return False
    for start, end in spans:
        before = text[max(0, start - 60) : start]
        lead = cues.replacement.search(before) if cues.replacement else None
        near = lead is not None and len(before[lead.end() :].split()) <= 4
        tail = bool(cues.replaced and cues.replaced.match(text[end:]))
        if not (near or tail):
            return False
    return True


def _speaks(cues: Cues, after: str) -> bool:
    if cues.attribution is None:
        return False
    m = cues.attribution.search(after)
    return m is not None and len(after[: m.start()].split()) <= 3


def _person_positions(s: SentenceInfo, gazetteer: Gazetteer, cues: Cues) -> list[int]:
    out: list[int] = []
    for name in s.persons:
        if gazetteer.player(name) is not None:
            continue
        folded = fold(name).text
        pos = s.folded.text.find(folded)
        after = s.folded.text[pos + len(folded) : pos + len(folded) + 30]
        if pos >= 0 and not _speaks(cues, after):
            out.append(pos)  # a person who only speaks ("X said", "X afirmou") is no subject
    return out


def governs(  # noqa: PLR0917
    s: SentenceInfo,
    span: Span,
    player: str,
    gazetteer: Gazetteer,
    cues: Cues,
    assumed: bool = False,
    persons: bool = True,
) -> bool:
    """Is ``player`` the subject matter of the clause ``span``?

    Yes when he is named or referred to in it; else when the clause names no other person and
    the sentence is about him (named, or referred to, elsewhere in it).
    """
    a, b = span
    if any(a <= p < b for p in player_positions(s, player)):
        return True
    others = [
        p
        for other in s.players
        if other != player
        for p in player_positions(s, other)
        if a <= p < b
    ]
    if persons:  # another person named in the clause is its subject ("Ancelotti asked for …")
        others += [p for p in _person_positions(s, gazetteer, cues) if a <= p < b]
    if cues.refer is not None:
        refs = [m.start() for m in cues.refer.finditer(s.folded.text, a, b)]
        if refs and (not others or _leads(s.folded.text, a, refs[0], min(others))):
            return True  # "He is Real's top target ahead of Carvajal": he is the subject
    return not others and (assumed or player in s.players)


def _leads(text: str, start: int, ref: int, other: int) -> bool:
    """Is the reference the clause's subject, its first words, before anyone else named?"""
    return ref < other and len(text[start:ref].split()) <= 1


def is_past(cues: Cues, text: str, span: Span, year: int | None = None) -> bool:
    """Does the clause tell an old story: background vocabulary, a pluperfect, or a year well
    before the article's ("signed from Birmingham in 2020")? A clause of the past states no
    claim, and its clubs are no guide to the player's club now."""
    a, b = span
    for pattern in (cues.background, cues.past):
        if pattern is not None and pattern.search(text, a, b):
            return True
    if year is None:
        return False
    for m in _YEAR.finditer(text, a, b):
        old = int(m.group(1))
        if old <= year - 2 or (old == year - 1 and not _MONTH_BEFORE.search(text[a : m.start()])):
            return True
    return False
