"""Claim extraction: ``extract_claims(article, gazetteer) -> list[Claim]`` (pure, no I/O).

Per sentence about a followed player (``bot.mentions``): the kinds whose cues match
(``bot/data/lang/<lang>/cues.toml``), negation in the few words before a cue, hedging, the clubs
(the player's current club is the seller; the other clubs named are buyers, one claim per buyer
for the forward stages), the money figures (``bot.money``) and windows (``bot.windows``), and the
credited source (``bot.attribution``). Sentences of background or the writer's opinion with no
source of their own are skipped: precision over recall for weak cues.
"""

from __future__ import annotations

import importlib
import logging
from bisect import bisect_left
from dataclasses import replace
from typing import Any

from bot.attribution import (
    article_source,
    credit_for,
    on_record,
    sentence_credits,
)
from bot.cues import Cues, cues_for
from bot.gazetteer import Gazetteer
from bot.language import language_of
from bot.mentions import SentenceInfo, analyse
from bot.model import Article, Claim, ClaimKind, Fee, FeeKind, Source, Window

logger = logging.getLogger(__name__)

K = ClaimKind
_PER_BUYER = frozenset({K.INTEREST, K.APPROACH, K.TALKS, K.BID, K.AGREEMENT, K.HERE_WE_GO, K.LOAN})
_FORWARD = frozenset(
    {
        K.APPROACH,
        K.TALKS,
        K.BID,
        K.AGREEMENT,
        K.HERE_WE_GO,
        K.MEDICAL,
        K.OFFICIAL,
        K.PERSONAL_TERMS,
        K.BID_REJECTED,
        K.LOAN,
        K.RENEWAL,
    }
)
_NEGATED_TO_DENIAL = frozenset(
    {K.AGREEMENT, K.PERSONAL_TERMS, K.HERE_WE_GO, K.MEDICAL, K.OFFICIAL, K.INTEREST}
)
_NEGATIVE = frozenset({K.BID_REJECTED, K.DENIAL, K.COLLAPSE})


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:  # a sibling module not landed yet: no fees / windows
        return None


def extract_claims(article: Article, gazetteer: Gazetteer) -> list[Claim]:
    text = article.text
    lang = language_of(article.lang, text)
    cues = cues_for(lang)
    followed = {p.name for p in gazetteer.followed}
    if not followed:
        return []
    am = analyse(text, gazetteer, cues, article.published.date())
    default = article_source(article, gazetteer)
    carried: Source | None = None
    last_followed: str | None = None
    claims: list[Claim] = []
    previous: list[str] = []  # followed players the previous sentence named or referred to
    for s in am.sentences:
        credits = sentence_credits(s, gazetteer, cues)
        about = [p for p in s.players if p in followed]
        own = bool(about)
        if (
            not about
            and previous
            and s.clubs
            and not s.foreign_ref
            and _has_cue(cues, s.folded.text)
        ):
            about = list(previous)  # a continuation: "Real made contact with Liverpool …"
        previous = about if own else []
        if (
            not about
            and last_followed
            and cues.alternative
            and cues.alternative.search(s.folded.text)
            and [p for p in s.persons if gazetteer.player(p) is None]
        ):
            about = [last_followed]
        if about:
            base = carried or default
            claims.extend(
                _sentence_claims(
                    article, gazetteer, cues, lang, am, s, about, credits, base, last_followed
                )
            )
            last_followed = about[-1]
        if credits:  # quotes run on: the journalist of "X reported for Y" over the outlet
            people = [c.source for c in credits if _is_journalist(gazetteer, c.source.name)]
            carried = people[-1] if people else credits[-1].source
    return _dedup(claims)


def _sentence_claims(  # noqa: PLR0917 - one sentence's whole context, called once
    article: Article,
    gazetteer: Gazetteer,
    cues: Cues,
    lang: str,
    am: Any,
    s: SentenceInfo,
    about: list[str],
    credits: list[Any],
    base: Source,
    last_followed: str | None,
) -> list[Claim]:
    text = s.folded.text
    if not credits and (
        (cues.opinion and cues.opinion.search(text))
        or (cues.background and cues.background.search(text))
    ):
        return []
    found: list[tuple[ClaimKind, int, bool]] = []  # kind, folded pos, polarity
    for kind, pattern in cues.kinds.items():
        for m in pattern.finditer(text):
            negated = kind not in _NEGATIVE and _negated(cues, text, m.start())
            found.append((kind, m.start(), not negated))
    fees = _fees(s, lang)
    kinds: dict[ClaimKind, tuple[int, bool]] = {}
    for raw, pos, polar in sorted(found, key=lambda f: f[1]):
        kind, positive = raw, polar
        if not polar and raw in _NEGATED_TO_DENIAL:
            kind, positive = K.DENIAL, True
        elif not polar and raw is K.TALKS:
            kind, positive = K.BID_REJECTED, True
        kinds.setdefault(kind, (pos, positive))
    rejected = K.BID_REJECTED in kinds
    if rejected:
        kinds.pop(K.BID, None)
    for k in (K.FEE, K.RELEASE_CLAUSE):
        kinds.pop(k, None)  # money kinds come from the figures themselves
    if any(k in kinds for k in _FORWARD):
        kinds.pop(K.INTEREST, None)
    alt = cues.alternative.search(text) if cues.alternative else None
    hedged = bool(cues.hedges and cues.hedges.search(text))
    window = _window(s, article, lang)
    record = on_record(s, cues, about[0]) if K.OFFICIAL in kinds else None
    out: list[Claim] = []
    sellers_here = {am.sellers.get(p) for p in s.named}
    for player in about:
        seller = am.sellers.get(player)
        buyers = [c for _, c in s.clubs if c != seller and c not in sellers_here]
        buyers = list(dict.fromkeys(buyers))
        if not buyers and not s.ambiguous:
            common = [c for c, _ in am.buyers.most_common() if c != seller]
            buyers = common[:1]

        def make(  # noqa: PLR0917
            kind: ClaimKind,
            pos: int,
            positive: bool,
            buyer: str | None,
            fee: Fee | None = None,
            related: str | None = None,
            player: str = player,
            seller: str | None = seller,
        ) -> Claim:
            source = record if kind is K.OFFICIAL and record else credit_for(pos, credits) or base
            clubs = tuple(c for c in (buyer, seller) if c)
            return Claim(
                player=player,
                kind=kind,
                polarity=positive,
                hedged=hedged,
                clubs=clubs,
                buyer=buyer,
                seller=seller,
                fee=fee,
                window=window,
                source=source,
                carrier=article.outlet or None,
                related_player=related,
                sentence=s.text,
            )

        for kind, (pos, positive) in kinds.items():
            if kind in (K.BID,) and fees and not rejected:
                continue  # the figure makes the bid claim below
            if kind in (K.CONTRACT, K.RENEWAL):
                out.append(make(kind, pos, positive, None))
            elif kind in _PER_BUYER:
                targets: list[str | None] = list(buyers) or [None]
                out.extend(make(kind, pos, positive, b) for b in targets)
            else:
                out.append(make(kind, pos, positive, buyers[0] if buyers else None))
        for pos, fee in fees:
            fee_kind, claim_kind = _fee_kind(cues, text, pos, rejected, K.BID in kinds)
            buyer = buyers[0] if buyers else None
            if claim_kind is K.RELEASE_CLAUSE or fee_kind is FeeKind.VALUATION:
                buyer = buyer if claim_kind is not K.RELEASE_CLAUSE else None
            out.append(make(claim_kind, pos, True, buyer, replace(fee, kind=fee_kind)))
        if alt:
            others = [p for p in s.players if p != player]
            others += [p for p in s.persons if gazetteer.player(p) is None]
            if not others and last_followed and last_followed != player:
                others = [last_followed]
            for other in dict.fromkeys(others):
                out.append(
                    make(
                        K.ALTERNATIVE_TARGET,
                        alt.start(),
                        True,
                        buyers[0] if buyers else None,
                        related=other,
                    )
                )
                if (
                    other not in s.players
                    and gazetteer.player(other) is not None
                    and (gazetteer.player(other) in gazetteer.followed)
                ):
                    out.append(
                        replace(
                            out[-1],
                            player=other,
                            related_player=player,
                            seller=am.sellers.get(other),
                            clubs=tuple(c for c in (out[-1].buyer, am.sellers.get(other)) if c),
                        )
                    )
    return out


def _is_journalist(gazetteer: Gazetteer, name: str) -> bool:
    info = gazetteer.source(name)
    return info is not None and info.kind == "journalist"


def _has_cue(cues: Cues, text: str) -> bool:
    return any(p.search(text) for k, p in cues.kinds.items() if k is not K.INTEREST)


def _negated(cues: Cues, text: str, pos: int) -> bool:
    if cues.negators is None:
        return False
    window = text[max(0, pos - 30) : pos]
    window = window.split(",")[-1]
    return cues.negators.search(window) is not None


def _to_folded(s: SentenceInfo, original: int) -> int:
    return bisect_left(s.folded.index, original)


def _fees(s: SentenceInfo, lang: str) -> list[tuple[int, Fee]]:
    money = _optional("bot.money")
    if money is None:
        return []
    try:
        found = money.find_fees(s.text, lang)
    except Exception:  # a sibling module mid-change must not take claims down with it
        logger.exception("money.find_fees failed on %r", s.text[:80])
        return []
    return [(_to_folded(s, m.start), m.fee) for m in found]


def _window(s: SentenceInfo, article: Article, lang: str) -> Window | None:
    windows = _optional("bot.windows")
    if windows is None:
        return None
    try:
        found = windows.find_windows(s.text, article.published, lang)
    except Exception:  # a sibling module mid-change must not take claims down with it
        logger.exception("windows.find_windows failed on %r", s.text[:80])
        return None
    if not found:
        return None
    window: Window = found[0].window
    return window


def _fee_kind(
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


def _dedup(claims: list[Claim]) -> list[Claim]:
    best: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        fee = round(claim.fee.eur_mid, -5) if claim.fee else None
        key = (
            claim.player,
            claim.kind,
            claim.polarity,
            claim.counterpart,
            fee,
            claim.related_player,
        )
        kept = best.get(key)
        tier = claim.source.tier if claim.source else 9
        if kept is None or tier < (kept.source.tier if kept.source else 9):
            best[key] = claim
    return list(best.values())


def known_player_names(article: Article, gazetteer: Gazetteer) -> list[str]:
    """Person-name spans the article puts next to transfer cues, followed or not."""
    cues = cues_for(language_of(article.lang, article.text))
    am = analyse(article.text, gazetteer, cues, article.published.date())
    names: list[str] = []
    for s in am.sentences:
        if not any(p.search(s.folded.text) for p in cues.kinds.values()):
            continue
        for m in s.matches:
            if m.entity.kind == "player":
                names.append(m.name)
        names.extend(s.persons)
    return list(dict.fromkeys(names))
