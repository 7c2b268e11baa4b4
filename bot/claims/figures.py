"""The figures and windows of a claim: fees (``bot.money``), windows (``bot.windows``), fee kinds.

A window is attached only to kinds about when a move happens (a contract takes its expiry):
the one the cue's clause names, else one another clause of the sentence names, else (for a
club's approach, talks or bid) the one window the article talks of (``window_for``);
"contract until June 2031" is a term, not a window.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime

from bot.claims.clauses import Span, clause_at
from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.money import find_fees
from bot.claims.lexicon.sentences import fold
from bot.claims.lexicon.windows import find_windows
from bot.claims.sentence_info import SentenceInfo
from bot.model import Article, ClaimKind, Fee, FeeKind, Window

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
# kinds of a deal's steps: a window another clause of the sentence names is theirs too
_SENTENCE_KINDS = _WINDOW_KINDS - {K.CONTRACT}
# a club's moves on the player: the one window the article talks of is theirs
_ARTICLE_KINDS = frozenset({K.APPROACH, K.TALKS, K.BID, K.LOAN})
_UNTIL = re.compile(
    r"(?:until|till|through|to|runs to|hasta|fino al?|bis|jusqu'(?:en|au)|ate|tot)\s+(?:the\s+)?$"
)


def _to_folded(s: SentenceInfo, original: int) -> int:
    return bisect_left(s.folded.index, original)


def fees_in(s: SentenceInfo, lang: str) -> tuple[tuple[int, Fee], ...]:
    """The figures of a sentence (folded offset, fee), read once per sentence and language."""
    if lang in s.fees:
        return s.fees[lang]
    try:
        found = find_fees(s.text, lang)
    except Exception:  # a figure the parser chokes on costs that figure, not the article's claims
        logger.exception("money.find_fees failed on %r", s.text[:80])
        return ()
    s.fees[lang] = tuple((_to_folded(s, m.start), m.fee) for m in found if not m.part)
    return s.fees[lang]


@dataclass(frozen=True, slots=True, kw_only=True)
class Windows:
    """The windows a sentence names (folded offset, window), the one window its article
    talks of, and the publication day (a window over by then is background, never lent)."""

    found: list[tuple[int, Window]]
    article: Window | None = None
    today: date | None = None


def windows_in(s: SentenceInfo, article: Article, lang: str, whole: Window | None) -> Windows:
    """The windows of one sentence; ``whole`` is :func:`article_window` of its article, read
    once per article (reading it per sentence made extraction quadratic in the text)."""
    try:
        found = find_windows(s.text, article.published, lang)
    except Exception:  # a window the parser chokes on costs that window, not the claims
        logger.exception("windows.find_windows failed on %r", s.text[:80])
        return Windows(found=[])
    return Windows(
        found=[(_to_folded(s, m.start), m.window) for m in found],
        article=whole,
        today=article.published.date(),
    )


def article_window(article: Article, lang: str) -> Window | None:
    """The one window an article talks of: the windows it names, leaving out terms ("contract
    until June 2031") and windows already over, when they are all one; else none."""
    try:
        return _article_window(article.text, article.published, lang)
    except Exception:  # as in windows_in: a window the parser chokes on costs that window
        logger.exception("windows.find_windows failed on the article %r", article.title[:80])
        return None


def _article_window(text: str, published: datetime, lang: str) -> Window | None:
    keys: dict[str, Window] = {}
    folded = fold(text)
    for m in find_windows(text, published, lang):
        at = bisect_left(folded.index, m.start)
        if not _UNTIL.search(folded.text[max(0, at - 25) : at]):
            keys.setdefault(m.window.key, m.window)
    live = [w for w in keys.values() if w.end >= published.date()]
    return live[0] if len(keys) == 1 and live else None


def window_for(
    kind: ClaimKind, spans: list[Span], pos: int, windows: Windows, text: str
) -> Window | None:
    """The window of the move a claim is about, for kinds about when a move happens (a
    contract takes its expiry):

    1. the one its cue's clause names;
    2. for a deal's steps (not a contract's terms), the one the sentence's other clauses name
       ("Real contacted Liverpool about signing him in January and were turned away"), when
       they name one only, it is not over and no semicolon stands between;
    3. for a club's own moves on the player (approach, talks, bid, loan) in a sentence naming
       none, the one window the article talks of ("Real's January approach" in the title).

    A window a clause names as a term ("until June 2031") is no window of a move."""
    if kind not in _WINDOW_KINDS:
        return None
    span = clause_at(spans, pos)
    moves = [(at, w) for at, w in windows.found if not _is_term(kind, span, at, text)]
    for at, window in moves:
        if span[0] <= at < span[1]:
            return window
    keys = {w.key: w for at, w in moves if _same_statement(text, pos, at)}
    if kind in _SENTENCE_KINDS and len(keys) == 1:
        lent = next(iter(keys.values()))
        return lent if windows.today is None or lent.end >= windows.today else None
    if kind in _ARTICLE_KINDS and not moves:
        return windows.article
    return None


def _same_statement(text: str, a: int, b: int) -> bool:
    """Are two offsets of a sentence in one statement? A semicolon ends one ("his clause must
    be triggered by the end of June; United are still keeping an eye on him")."""
    return ";" not in text[min(a, b) : max(a, b)]


def _is_term(kind: ClaimKind, span: Span, at: int, text: str) -> bool:
    """ "Contract until June 2031": a term, not a window (but a contract's own expiry)."""
    if kind is K.CONTRACT and span[0] <= at < span[1]:
        return False
    return _UNTIL.search(text[max(0, at - 25) : at]) is not None


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
    if cues.enough and cues.enough.search(_own_clause(cues, text, pos)):
        return FeeKind.VALUATION, K.FEE  # "a bid of £60m could be enough": the price
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
