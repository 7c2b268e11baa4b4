"""Claim extraction: ``extract_claims(article, gazetteer) -> list[Claim]`` (pure, no I/O).

Per sentence about a followed player (``bot.mentions``): the kinds whose cues match
(``bot/data/lang/<lang>/cues.toml``), negation in the few words before a cue, hedging, the clubs
(the player's current club is the seller; the other clubs named are buyers, one claim per buyer
for the forward stages), the money figures (``bot.money``) and windows (``bot.windows``), and the
credited source (``bot.attribution``). Sentences of background or the writer's opinion with no
source of their own are skipped: precision over recall for weak cues.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any

from bot.attribution import (
    article_source,
    credit_for,
    on_record,
    sentence_credits,
)
from bot.cues import Cues, cues_for
from bot.figures import fee_kind, fees_in, window_for, windows_in
from bot.gazetteer import Gazetteer
from bot.language import language_of
from bot.mentions import SentenceInfo, analyse
from bot.model import Article, Claim, ClaimKind, Fee, Source
from bot.roles import Roles, Span, clause_at, clause_spans, clubs_in, governs, infer_roles

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
# deals between two clubs: with no known owner, the second club named is the seller
_BETWEEN_CLUBS = frozenset({K.AGREEMENT, K.HERE_WE_GO, K.FEE, K.OFFICIAL, K.MEDICAL, K.BID})
# kinds that outweigh match-report colour in the same clause
_STRONG = frozenset(
    {
        K.BID,
        K.BID_REJECTED,
        K.AGREEMENT,
        K.HERE_WE_GO,
        K.MEDICAL,
        K.OFFICIAL,
        K.PERSONAL_TERMS,
        K.RENEWAL,
        K.LOAN,
    }
)
_QUOTES = "\"“‘«'"
_CONTINUATION = re.compile(
    r"\b(?:(?:he|she|they|the (?:report|paper|outlet|journalist|reporter|daily|site))"
    r" (?:adds?|added|also (?:says?|said|reports?|claims?)|went on|continued|explains?|notes?)"
    r"|the same (?:report|source|outlet)|it adds|it also|per the report|the report adds)\b"
)


def extract_claims(article: Article, gazetteer: Gazetteer) -> list[Claim]:
    text = article.text
    lang = language_of(article.lang, text)
    cues = cues_for(lang)
    followed = {p.name for p in gazetteer.followed}
    if not followed:
        return []
    am = analyse(text, gazetteer, cues, article.published.date())
    deal = [cues.kinds[k] for k in _BETWEEN_CLUBS | {K.TALKS, K.APPROACH} if k in cues.kinds]
    roles = infer_roles(am.sentences, gazetteer, cues, cues.kinds.get(K.RENEWAL), deal)
    ctx = _Context(article=article, gazetteer=gazetteer, cues=cues, lang=lang, roles=roles)
    default = article_source(article, gazetteer)
    carried: Source | None = None
    last_followed: str | None = None
    claims: list[Claim] = []
    previous: list[str] = []  # followed players the previous sentence named or referred to
    quoted = -1
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
        if s.text.lstrip()[:1] in _QUOTES:
            quoted = s.paragraph  # a quote paragraph runs on under its speaker's credit
        if about:
            base = carried if carried and (_continues(s) or s.paragraph == quoted) else default
            claims.extend(_sentence_claims(ctx, s, about, credits, base, last_followed))
            last_followed = about[-1]
        if credits:  # quotes run on: the journalist of "X reported for Y" over the outlet
            people = [c.source for c in credits if _is_journalist(gazetteer, c.source.name)]
            carried = people[-1] if people else credits[-1].source
    return _dedup(claims)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    article: Article
    gazetteer: Gazetteer
    cues: Cues
    lang: str
    roles: Roles


def _skipped(cues: Cues, text: str, span: Span, fee: bool = False) -> bool:
    """A clause of background states no claim; nor one of match-report or press-room colour
    unless it carries a strong cue of its own (a bid, an agreement, a figure …)."""
    a, b = span
    if cues.background is not None and cues.background.search(text, a, b):
        return True
    if cues.colour is None or not cues.colour.search(text, a, b) or fee:
        return False
    return not any(cues.kinds[k].search(text, a, b) for k in _STRONG if k in cues.kinds)


def _sentence_claims(  # noqa: PLR0917 - one sentence's whole context, called once
    ctx: _Context,
    s: SentenceInfo,
    about: list[str],
    credits: list[Any],
    base: Source,
    last_followed: str | None,
) -> list[Claim]:
    cues, text = ctx.cues, s.folded.text
    if not credits and cues.opinion and cues.opinion.search(text):
        return []
    spans = clause_spans(text, cues)
    found: list[tuple[ClaimKind, int, bool, Span]] = []  # kind, folded pos, polarity, clause
    for kind, pattern in cues.kinds.items():
        for m in pattern.finditer(text):
            span = clause_at(spans, m.start())
            if _skipped(cues, text, span):
                continue
            negated = kind not in _NEGATIVE and _negated(cues, text, m.start(), span[0])
            found.append((kind, m.start(), not negated, span))
    fees = [
        (pos, fee, clause_at(spans, pos))
        for pos, fee in fees_in(s, ctx.lang)
        if not _skipped(cues, text, clause_at(spans, pos), fee=True)
    ]
    alt = cues.alternative.search(text) if cues.alternative else None
    hedged = bool(cues.hedges and cues.hedges.search(text))
    windows = windows_in(s, ctx.article, ctx.lang)
    out: list[Claim] = []
    owners = {ctx.roles.own.get(p) for p in s.players} - {None}
    for player in about:
        own = ctx.roles.own.get(player)
        assumed = player not in s.players  # the caller carried him over from a sentence before
        kinds: dict[ClaimKind, tuple[int, bool, Span]] = {}
        for raw, pos, polar, span in sorted(found, key=lambda f: f[1]):
            if not governs(s, span, player, ctx.gazetteer, cues, assumed, raw is not K.ADVOCATE):
                continue
            kind, positive = raw, polar
            if not polar and raw in _NEGATED_TO_DENIAL:
                kind, positive = K.DENIAL, True
            kinds.setdefault(kind, (pos, positive, span))
        rejected = K.BID_REJECTED in kinds
        if rejected:
            kinds.pop(K.BID, None)
        for k in (K.FEE, K.RELEASE_CLAUSE):
            kinds.pop(k, None)  # money kinds come from the figures themselves
        if any(k in kinds for k in _FORWARD):
            kinds.pop(K.INTEREST, None)
        my_fees = [f for f in fees if governs(s, f[2], player, ctx.gazetteer, cues, assumed)]

        def parties(
            kind: ClaimKind, span: Span, own: str | None = own, player: str = player
        ) -> list[tuple[str | None, str | None]]:
            named = clubs_in(s, span)
            local = [c for c in named if c != own and c not in owners]
            if kind in (K.CONTRACT, K.RENEWAL, K.RELEASE_CLAUSE):
                return [(None, own or (named[0] if named else None))]
            if own is None and len(local) >= 2 and kind in _BETWEEN_CLUBS:
                ranked = sorted(local, key=lambda c: -ctx.roles.buyers[c])
                return [(ranked[0], ranked[1])]
            if not local and not s.ambiguous:
                main = ctx.roles.main_buyer(player)
                local = [main] if main else []
            if kind in _PER_BUYER:
                return [(b, own) for b in local] or [(None, own)]
            return [(local[0] if local else None, own)]

        def make(  # noqa: PLR0917
            kind: ClaimKind,
            pos: int,
            positive: bool,
            buyer: str | None,
            seller: str | None,
            fee: Fee | None = None,
            related: str | None = None,
            player: str = player,
        ) -> Claim:
            record = on_record(s, cues, player) if kind is K.OFFICIAL else None
            source = record or credit_for(pos, credits) or base
            return Claim(
                player=player,
                kind=kind,
                polarity=positive,
                hedged=hedged,
                clubs=tuple(dict.fromkeys(c for c in (buyer, seller) if c)),
                buyer=buyer,
                seller=seller,
                fee=fee,
                window=window_for(kind, spans, pos, windows, text),
                source=source,
                carrier=ctx.article.outlet or None,
                related_player=related,
                sentence=s.text,
            )

        for kind, (pos, positive, span) in kinds.items():
            if kind is K.BID and any(f[2] == span for f in my_fees) and not rejected:
                continue  # the figure makes the bid claim below
            out.extend(make(kind, pos, positive, b, sl) for b, sl in parties(kind, span))
        for pos, fee, span in my_fees:
            kind_of_fee, claim_kind = fee_kind(cues, text, pos, rejected, K.BID in kinds)
            (buyer, seller), *_ = parties(claim_kind, span)
            if claim_kind is K.RELEASE_CLAUSE:
                buyer = None
            out.append(make(claim_kind, pos, True, buyer, seller, replace(fee, kind=kind_of_fee)))
        if alt:
            out.extend(_alternatives(ctx, s, player, alt.start(), last_followed, parties, make))
    return out


def _alternatives(  # noqa: PLR0917
    ctx: _Context,
    s: SentenceInfo,
    player: str,
    pos: int,
    last_followed: str | None,
    parties: Any,
    make: Any,
) -> list[Claim]:
    out: list[Claim] = []
    others = [p for p in s.players if p != player]
    others += [p for p in s.persons if ctx.gazetteer.player(p) is None]
    if not others and last_followed and last_followed != player:
        others = [last_followed]
    span = clause_at(clause_spans(s.folded.text, ctx.cues), pos)
    (buyer, seller), *_ = parties(K.ALTERNATIVE_TARGET, span)
    for other in dict.fromkeys(others):
        claim: Claim = make(K.ALTERNATIVE_TARGET, pos, True, buyer, seller, related=other)
        out.append(claim)
        known = ctx.gazetteer.player(other)
        if other not in s.players and known is not None and known in ctx.gazetteer.followed:
            their = ctx.roles.own.get(other)
            out.append(
                replace(
                    claim,
                    player=other,
                    related_player=player,
                    seller=their,
                    clubs=tuple(c for c in (buyer, their) if c),
                )
            )
    return out


def _continues(s: SentenceInfo) -> bool:
    """Does this sentence carry on the last credited speaker (a quote, "he added" …)?"""
    head = s.text.lstrip()[:1]
    return head in _QUOTES or bool(_CONTINUATION.search(s.folded.text))


def _is_journalist(gazetteer: Gazetteer, name: str) -> bool:
    info = gazetteer.source(name)
    return info is not None and info.kind == "journalist"


def _has_cue(cues: Cues, text: str) -> bool:
    return any(p.search(text) for k, p in cues.kinds.items() if k is not K.INTEREST)


def _negated(cues: Cues, text: str, pos: int, start: int = 0) -> bool:
    if cues.negators is None:
        return False
    window = text[max(start, pos - 30) : pos]
    window = window.split(",")[-1]
    return cues.negators.search(window) is not None


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
