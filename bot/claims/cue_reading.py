"""Small readings of one cue in its sentence, for ``bot.sentence_claims``: is it negated, is the
stage still to come, is a figure superseded, which clubs are named before a clause or as the
ones wanting the player, is a renewal only under way (pure, no I/O)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from bot.claims.clauses import Span, clubs_in
from bot.claims.lexicon.cues import Cues
from bot.claims.sentence_info import SentenceInfo
from bot.claims.stages import Cue, pending_near
from bot.model import ClaimKind, Fee

K = ClaimKind
_FROM = re.compile(r"(?:from|von|de|da|du|desde|dai|dal)\s*$")
_FROM_TO = re.compile(r"\s*(?:to|auf|a|au|para|bis|hasta|fino a)\s*")


def superseded(
    s: SentenceInfo, pos: int, length: int, following: Sequence[tuple[int, Fee]]
) -> bool:
    """ "Cut their demand from €100m to €70m": the old figure is backstory, the new one counts."""
    if not following:
        return False
    text = s.folded.text
    end = bisect_left(s.folded.index, s.folded.index[pos] + length)
    gap = text[end : following[0][0]]
    return (
        _FROM_TO.fullmatch(gap) is not None
        and _FROM.search(text[max(0, pos - 8) : pos]) is not None
    )


_UNDER_WAY = frozenset({K.TALKS, K.APPROACH, K.BID, K.BID_REJECTED, K.DENIAL})


def under_way(cues: Cues, text: str, mine: list[Cue], renewal: Cue) -> bool:
    """Is the renewal only talked about, offered, turned down or tried for in its clause
    ("Liverpool have been discussing a new deal", "will reject Dortmund's offer of a new
    contract", "are trying to tie him to a new contract")? Then it is the state of his
    contract, not an extension signed."""
    return pending_near(cues, text, renewal) or any(
        c.span == renewal.span and c.kind in _UNDER_WAY for c in mine
    )


def not_yet(cues: Cues, text: str, cue: Cue) -> bool:
    """ "Without having bid yet", "noch kein Angebot": a stage still to come, no news."""
    if cues.not_yet is None:
        return False
    return cues.not_yet.search(text, max(cue.span[0], cue.start - 30), cue.end + 15) is not None


def suitors(s: SentenceInfo, cues: Cues) -> set[str]:
    """Clubs named as the ones whose target he is ("for Man Utd target X", "Wunschspieler von
    Y"): they want him, they are not party to another club's bid in the clause."""
    if cues.suitor_after is None:
        return set()
    ends = {m.start: m.end for m in s.matches}
    text = s.folded.text
    return {
        club
        for pos, club in s.clubs
        if cues.suitor_after.match(text[ends.get(pos, pos) : ends.get(pos, pos) + 30])
    }


def others_offers(cues: Cues, s: SentenceInfo, m: re.Match[str], span: Span) -> bool:
    """ "Had more lucrative offers", "other offers on the table": offers from clubs the clause
    does not name, not a bid by the saga's clubs."""
    pattern = cues.other_offers
    return (
        pattern is not None
        and pattern.search(s.folded.text, span[0], m.start()) is not None
        and not clubs_in(s, span)
    )


_DETERMINER_GAP = re.compile(r"^\s+$")  # adjectives are part of the bid cue itself


def no_offer(cues: Cues, text: str, cue: Cue) -> bool:
    """Is the bid negated by its own determiner ("no official offer", "ninguna oferta", "kein
    Angebot")? Then it states there is no bid (bid, negative), unlike "without bidding yet"."""
    if cues.negators is None:
        return False
    window_start = max(cue.span[0], cue.start - 25)
    return any(
        _DETERMINER_GAP.match(text[m.end() : cue.start])
        for m in cues.negators.finditer(text, window_start, cue.start)
    )


def clubs_before(s: SentenceInfo, span: Span) -> list[str]:
    """Clubs named earlier in the sentence than the clause, nearest first."""
    return list(dict.fromkeys(c for pos, c in sorted(s.clubs, reverse=True) if pos < span[0]))


def negated(cues: Cues, text: str, pos: int, start: int = 0) -> bool:
    """A negator in the few words before the cue, after the last comma. Searched in place:
    a window cut out of the text would make the tail of a cut word ("capitai|ne") a word."""
    if cues.negators is None:
        return False
    begin = max(start, pos - 30)
    comma = text.rfind(",", begin, pos)
    return cues.negators.search(text, comma + 1 if comma >= 0 else begin, pos) is not None
