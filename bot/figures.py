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
    for fee_kind, claim_kind in (
        (FeeKind.CLAUSE, K.RELEASE_CLAUSE),
        (FeeKind.WAGES, K.PERSONAL_TERMS),
    ):
        pattern = cues.fee_kinds.get(fee_kind)
        if pattern and pattern.search(near):
            return fee_kind, claim_kind
    offer = cues.fee_kinds.get(FeeKind.OFFER)
    valuation = cues.fee_kinds.get(FeeKind.VALUATION)
    if valuation and valuation.search(text[max(0, pos - 60) : pos]):
        return FeeKind.VALUATION, K.FEE
    if offer and offer.search(near):
        return FeeKind.OFFER, K.BID if bid and not rejected else K.FEE
    return FeeKind.UNKNOWN, K.FEE
