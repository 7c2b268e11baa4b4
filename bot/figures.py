"""The figures and windows of a claim: fees (``bot.money``), windows (``bot.windows``), fee kinds.

A window is attached only when the cue's clause names one and the kind is about when a move
happens (a contract takes its expiry); "contract until June 2031" is a term, not a window.
"""

from __future__ import annotations

import importlib
import logging
import re
from bisect import bisect_left
from typing import Any

from bot.cues import Cues
from bot.mentions import SentenceInfo
from bot.model import Article, ClaimKind, Fee, FeeKind, Window
from bot.roles import Span, clause_at

logger = logging.getLogger(__name__)

K = ClaimKind
# kinds about when a move happens; contract takes its expiry
_WINDOW_KINDS = frozenset(
    {
        K.INTEREST,
        K.APPROACH,
        K.TALKS,
        K.BID,
        K.AGREEMENT,
        K.HERE_WE_GO,
        K.OFFICIAL,
        K.LOAN,
        K.CONTRACT,
    }
)
_UNTIL = re.compile(
    r"(?:until|till|through|to|runs to|hasta|fino al?|bis|jusqu'(?:en|au)|ate|tot)\s+(?:the\s+)?$"
)


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:  # a sibling module not landed yet: no fees / windows
        return None


def _to_folded(s: SentenceInfo, original: int) -> int:
    return bisect_left(s.folded.index, original)


def fees_in(s: SentenceInfo, lang: str) -> list[tuple[int, Fee]]:
    money = _optional("bot.money")
    if money is None:
        return []
    try:
        found = money.find_fees(s.text, lang)
    except Exception:  # a sibling module mid-change must not take claims down with it
        logger.exception("money.find_fees failed on %r", s.text[:80])
        return []
    return [(_to_folded(s, m.start), m.fee) for m in found]


def windows_in(s: SentenceInfo, article: Article, lang: str) -> list[tuple[int, Window]]:
    windows = _optional("bot.windows")
    if windows is None:
        return []
    try:
        found = windows.find_windows(s.text, article.published, lang)
    except Exception:  # a sibling module mid-change must not take claims down with it
        logger.exception("windows.find_windows failed on %r", s.text[:80])
        return []
    return [(_to_folded(s, m.start), m.window) for m in found]


def window_for(
    kind: ClaimKind, spans: list[Span], pos: int, found: list[tuple[int, Window]], text: str
) -> Window | None:
    """The window the cue's clause names, for kinds about when a move happens (or expiry)."""
    if kind not in _WINDOW_KINDS:
        return None
    span = clause_at(spans, pos)
    for at, window in found:
        if not span[0] <= at < span[1]:
            continue
        if kind is not K.CONTRACT and _UNTIL.search(text[max(span[0], at - 25) : at]):
            continue  # "contract until June 2031": a term, not a window
        return window
    return None


def fee_kind(
    cues: Cues, text: str, pos: int, rejected: bool, bid: bool
) -> tuple[FeeKind, ClaimKind]:
    near = text[max(0, pos - 60) : pos + 60]
    a, b = _clause_around(cues, text, pos)
    own_start = max(a, pos - 60)
    own = text[own_start : min(b, pos + 60)]  # "salary …, and Real must pay €1m"
    # the nearer word decides: "a €1bn clause and a salary of £240k a week" has one of each
    nearest: tuple[int, FeeKind, ClaimKind] | None = None
    for fee_kind, claim_kind in (
        (FeeKind.CLAUSE, K.RELEASE_CLAUSE),
        (FeeKind.WAGES, K.PERSONAL_TERMS),
    ):
        pattern = cues.fee_kinds.get(fee_kind)
        for m in pattern.finditer(own) if pattern else ():
            start, end = own_start + m.start(), own_start + m.end()
            gap = pos - end if end <= pos else max(0, start - pos)
            if nearest is None or gap < nearest[0]:
                nearest = (gap, fee_kind, claim_kind)
    if nearest is not None:
        return nearest[1], nearest[2]
    offer = cues.fee_kinds.get(FeeKind.OFFER)
    valuation = cues.fee_kinds.get(FeeKind.VALUATION)
    before = text[max(0, pos - 60) : pos]
    said = list(valuation.finditer(before)) if valuation else []
    if said and not (
        bid and cues.fee_neutral and all(cues.fee_neutral.fullmatch(m.group(0)) for m in said)
    ):
        return FeeKind.VALUATION, K.FEE  # a bid "worth €75m" is the bid's figure
    after = _own_clause(cues, text, pos)
    if valuation and valuation.search(after) and not (offer and offer.search(before)):
        return FeeKind.VALUATION, K.FEE  # "die 100 Millionen Euro, die RB verlangt"
    if bid or (offer and offer.search(near)):  # a bid's figure is an offer ("opened with €85m")
        return FeeKind.OFFER, K.BID if bid and not rejected else K.FEE
    return FeeKind.UNKNOWN, K.FEE


_FIGURE_REACH = 25  # a clause break this close after the figure opens its own relative clause


def _own_clause(cues: Cues, text: str, pos: int) -> str:
    """The text after the figure at ``pos`` up to its clause's end; a break right after the
    figure ("€100m, which …", "100 Millionen Euro, die …") opens a clause about the figure,
    read up to the next break."""
    end = min(len(text), pos + 80)
    if cues.clause_breaks is None:
        return text[pos:end]
    breaks = [m.start() for m in cues.clause_breaks.finditer(text, pos, end) if m.start() > pos]
    if breaks and breaks[0] - pos <= _FIGURE_REACH:
        breaks = breaks[1:]
    return text[pos : breaks[0] if breaks else end]


def _clause_around(cues: Cues, text: str, pos: int) -> tuple[int, int]:
    """The clause holding the figure at ``pos``: from the last clause break before it to the
    first one after it (the whole sentence when the language has no breaks)."""
    if cues.clause_breaks is None:
        return 0, len(text)
    start, end = 0, len(text)
    for m in cues.clause_breaks.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() > pos:
            end = m.start()
            break
    return start, end
