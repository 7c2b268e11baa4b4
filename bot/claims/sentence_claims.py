"""One sentence's claims about the followed players it concerns (pure, no I/O).

For each player the sentence is about (``bot.claims`` decides who): the kinds whose cues match
in the clauses he governs (``bot.claims.clauses.governs``), read together
(``bot.claims.stages.refine``: a
denial swallows the stage it denies, a confirmed agreement is the agreement on record …),
negation in the few words before a cue, hedging in the cue's clause, the clubs of the cue's
clause (the player's own club is the seller; the clubs named earlier in the sentence, then the
article's main buyer, fill a clause naming none), the money figures (``bot.money``) and
windows (``bot.windows``), and the credited source (``bot.attribution``; a club's statement
puts the claim on the record, tier 0). Clauses of background, of the past and of match-report
colour state no claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.claims.attribution import club_statement, credit_for, on_record
from bot.claims.clauses import (
    Span,
    clause_at,
    clause_spans,
    clubs_in,
    governs,
    is_past,
    player_positions,
)
from bot.claims.cue_reading import (
    clubs_before,
    negated,
    no_offer,
    not_yet,
    others_offers,
    suitors,
    superseded,
    under_way,
)
from bot.claims.figures import fee_kind, fees_in, window_for, windows_in
from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.sentences import fold
from bot.claims.roles import Roles
from bot.claims.sentence_info import SentenceInfo
from bot.claims.stages import Cue, refine, refused, seller_announces, with_the_player
from bot.model import Article, Claim, ClaimKind, Fee, Source, Window

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
#: deals between two clubs: with no known owner, the second club named is the seller
BETWEEN_CLUBS = frozenset({K.AGREEMENT, K.HERE_WE_GO, K.FEE, K.OFFICIAL, K.MEDICAL, K.BID})
# kinds that outweigh match-report colour in the same clause
STRONG = frozenset(
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
        K.DENIAL,
    }
)
# kinds a club's statement in the same sentence puts on the record (tier 0)
_ON_RECORD = frozenset({K.OFFICIAL, K.RENEWAL})
# kinds a club's statement also states (the fee, the terms) when the club is its subject
_STATED = frozenset({K.FEE, K.PERSONAL_TERMS, K.AGREEMENT, K.MEDICAL, K.CONTRACT})


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    article: Article
    gazetteer: Gazetteer
    cues: Cues
    lang: str
    roles: Roles
    window: Window | None  # the one window the article talks of (figures.article_window)


def _skipped(ctx: Context, text: str, span: Span, fee: bool = False) -> bool:
    """A clause of background states no claim; nor one of match-report or press-room colour
    unless it carries a strong cue of its own (a bid, an agreement, a figure …)."""
    a, b = span
    cues = ctx.cues
    if is_past(cues, text, span, ctx.article.published.year):
        return True
    if cues.conditional is not None:
        head = cues.conditional.match(text[a:b].lstrip(" ,"))
        tail = [m for m in cues.conditional.finditer(text, max(0, a - 12), a) if m.end() >= a - 1]
        if head or tail:
            return True  # "even if he does not renew": a condition, not a claim
    if cues.colour is None or not cues.colour.search(text, a, b) or fee:
        return False
    return not any(cues.kinds[k].search(text, a, b) for k in STRONG if k in cues.kinds)


def _of_someone_else(ctx: Context, s: SentenceInfo, end: int) -> bool:
    """Does the cue end in "of"/"de"/"di"… and a person the gazetteer does not know ("the
    presentation of Franck Kessié", "la presentación de X")? It is that person's."""
    cues = ctx.cues
    if cues.of_person is None:
        return False
    m = cues.of_person.match(s.folded.text, end)
    if m is None:
        return False
    rest = s.folded.text[m.end() : m.end() + 40]
    return any(rest.startswith(fold(p).text) and ctx.gazetteer.player(p) is None for p in s.persons)


def _up_to(span: Span, following: Sequence[tuple[int, Fee]]) -> Span:
    """The figure's clause, cut at the next figure: what follows that one is about it."""
    return (span[0], min(span[1], following[0][0])) if following else span


_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞŠŽČĆĐ][\w'’-]+")


def _someone_elses(ctx: Context, s: SentenceInfo, pos: int, fee: Fee, span: Span) -> bool:
    """Is the figure another player's fee, a comparison ("ahead of the €100m United paid
    Juventus for Pogba", "les 222 M€ payés pour Neymar")? The words after it, in its clause,
    name a person after "for"/"por"/"pour"… who is no player the gazetteer knows and no club."""
    cues = ctx.cues
    if cues.fee_for is None:
        return False
    start = s.folded.index[pos]
    end = min(start + len(fee.text), len(s.text))
    stop = s.folded.index[span[1]] if span[1] < len(s.folded.index) else len(s.text)
    tail_end = min(stop, end + 60)
    named = [s.folded.span(m.start, m.end) for m in s.matches]
    for m in cues.fee_for.finditer(s.folded.text, bisect_left(s.folded.index, end), span[1]):
        at = s.folded.index[m.end()] if m.end() < len(s.folded.index) else len(s.text)
        if at >= tail_end:
            break
        word = _NAME.match(s.text, at + (1 if s.text[at : at + 1] == " " else 0))
        if word is None or any(a <= word.start() < b for a, b in named):
            continue
        if fold(word.group(0)).text not in cues.not_person and not ctx.gazetteer.club(
            word.group(0)
        ):
            return True
    return False


def sentence_claims(  # noqa: PLR0917 - one sentence's whole context, called once
    ctx: Context,
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
    # one reading per clause, not per cue: each reading scans its clause, and a clause may hold
    # as many cues as it has words (a hostile title with no punctuation)
    skipped: dict[Span, bool] = {}
    found: list[Cue] = []
    silent = [  # no-comments and room to negotiate a price: the cue words in them state nothing
        m.span() for p in (cues.no_comment, cues.price_leeway) if p for m in p.finditer(text)
    ]
    for kind, pattern in cues.kinds.items():
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in silent):
                continue  # "refused to discuss him" is no refusal, "room to negotiate" no talks
            span = clause_at(spans, m.start())
            if span not in skipped:
                skipped[span] = _skipped(ctx, text, span)
            if skipped[span] or (kind is K.BID and others_offers(ctx.cues, s, m, span)):
                continue
            if kind is K.OFFICIAL and _of_someone_else(ctx, s, m.end()):
                continue  # "at the presentation of Franck Kessié": another player's signing
            denied = kind not in _NEGATIVE and negated(cues, text, m.start(), span[0])
            found.append(
                Cue(kind=kind, start=m.start(), end=m.end(), positive=not denied, span=span)
            )
    found.extend(_cues_if_deal(ctx, s, spans, skipped))
    found = refine(cues, text, found)
    recorded = {c.start for c in found if c.on_record}
    found_fees = fees_in(s, ctx.lang)
    fees = [
        (pos, fee, clause_at(spans, pos))
        for i, (pos, fee) in enumerate(found_fees)
        if not _skipped(ctx, text, clause_at(spans, pos), fee=True)
        and not superseded(s, pos, len(fee.text), found_fees[i + 1 : i + 2])
        and not _someone_elses(ctx, s, pos, fee, _up_to(clause_at(spans, pos), found_fees[i + 1 :]))
    ]
    alt = cues.alternative.search(text) if cues.alternative else None
    hedges = [m.start() for m in cues.hedges.finditer(text)] if cues.hedges else []
    windows = windows_in(s, ctx.article, ctx.lang, ctx.window)
    out: list[Claim] = []
    owners = {ctx.roles.own.get(p) for p in s.players} - {None}
    wanting = suitors(s, cues)
    relatives = _relative_owners(ctx, s, found, spans)
    cue_ends = {c.start: c.end for c in found}
    for player in about:
        own = ctx.roles.own.get(player)
        assumed = player not in s.players  # the caller carried him over from a sentence before
        kinds: dict[ClaimKind, tuple[int, bool, Span]] = {}
        talked: set[int] = set()  # renewals only talked about: no window of their own
        governed: dict[tuple[Span, bool], bool] = {}
        for c in found:
            key = (c.span, c.kind is not K.ADVOCATE)
            if key not in governed:
                governed[key] = governs(s, c.span, player, ctx.gazetteer, cues, assumed, key[1])
        mine = [
            c
            for c in sorted(found, key=lambda f: f.start)
            if governed[c.span, c.kind is not K.ADVOCATE]
            and relatives.get(c.start, player) == player
        ]
        rejections = [c for c in mine if c.kind is K.BID_REJECTED]
        contacts = {c.span for c in mine if c.kind in (K.APPROACH, K.TALKS) and c.positive}
        turned_down = {c.start for c in mine if c.kind is K.BID and refused(c, rejections)}
        for cue in mine:
            raw, pos, polar, span = cue.kind, cue.start, cue.positive, cue.span
            if raw in _REPLACEABLE and _a_replacement_s(ctx, s, player, cue):
                continue  # "hat schon einen Nachfolger verpflichtet": the successor's signing
            if raw is K.INTENT and (
                not polar
                or any(cue.span[0] <= h < cue.span[1] for h in hedges)
                or not his_own_wish(ctx, s, player, cue)
            ):
                # "United want to move quickly": a club's wish is no player's intent; "has
                # given no sign he wants to leave" is a denial's business, not a stance; "may
                # be overestimating his desire to join" is the writer's guess
                continue
            if raw is K.BID and (
                pos in turned_down
                or (not polar and not_yet(cues, text, cue) and not no_offer(cues, text, cue))
            ):
                continue  # the rejected bid is the rejection; "without a bid yet" is no news
            if raw is K.BID and not polar and span in contacts:
                continue  # "an approach, not a formal bid": what it was, not news of a bid
            kind, positive = raw, polar
            if not polar and raw in _NEGATED_TO_DENIAL and not cue.denied:
                if any(
                    c.positive and c.kind in _FORWARD and c.kind is not K.BID_REJECTED for c in mine
                ):
                    # "has agreed personal terms, but the clubs have not agreed a fee": the
                    # stage not reached yet beside one that is, no denial of anything
                    continue
                kind, positive = K.DENIAL, True
            if kind is K.AGREEMENT and with_the_player(s, span, player):
                kind = K.PERSONAL_TERMS  # "City and Gvardiol agree": the player's own terms
            if kind is K.RENEWAL and under_way(cues, text, mine, cue):
                kind = K.CONTRACT  # "talks on a new deal", "rejected the offer of an extension"
                talked.add(pos)
            kinds.setdefault(kind, (pos, positive, span))
        live = [c for c in mine if c.kind is K.BID and c.positive and c.start not in turned_down]
        bidding = {c.span for c in live}
        refused_spans = {c.span for c in rejections} - bidding
        for k in (K.FEE, K.RELEASE_CLAUSE):
            kinds.pop(k, None)  # money kinds come from the figures themselves
        if K.INTEREST in kinds and any(
            kinds[k][2] == kinds[K.INTEREST][2] for k in _FORWARD if k in kinds
        ):
            kinds.pop(K.INTEREST)  # interest is implied by a stage beyond it in its clause
        my_fees = [f for f in fees if governs(s, f[2], player, ctx.gazetteer, cues, assumed)]

        def parties(
            kind: ClaimKind,
            span: Span,
            own: str | None = own,
            player: str = player,
            cue: int | None = None,
        ) -> list[tuple[str | None, str | None]]:
            named = clubs_in(s, span)
            local = [c for c in named if c != own and c not in owners]
            if kind in (K.CONTRACT, K.RENEWAL, K.RELEASE_CLAUSE):
                return [(None, own or (named[0] if named else None))]
            bidding = ctx.roles.bidders.get(player, set())
            if own is None and len(local) >= 2 and kind in BETWEEN_CLUBS:
                ranked = sorted(local, key=lambda c: -ctx.roles.buyers[c])
                if not {ranked[0], ranked[1]} <= bidding:  # two bidders: neither sells
                    return [(ranked[0], ranked[1])]
            if kind is K.TALKS and own and not named and {c for _, c in s.clubs} == {own}:
                return []  # "informed his coach at a meeting" at his club: no suitor's talks
            if not local:
                local = [c for c in clubs_before(s, span) if c != own and c not in owners][:1]
            if not local and not s.ambiguous:
                main = ctx.roles.main_buyer(player)
                local = [main] if main else []
            if kind in _PER_BUYER:
                bidders = [c for c in local if c not in wanting] if kind is not K.INTEREST else []
                if kind is not K.INTEREST and cue is not None:
                    # "Newcastle return with a second bid, Man Utd set a condition": the
                    # clubs named before the cue make it, when any are
                    subjects = [c for p, c in s.clubs if span[0] <= p < cue and c in bidders]
                    bidders = list(dict.fromkeys(subjects)) or bidders
                return [(b, own) for b in (bidders or local)] or [(None, own)]
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
            leaving: bool = K.CONTRACT in kinds,
            talked: set[int] = talked,
        ) -> Claim:
            record = on_record(s, cues, player) if kind in _ON_RECORD or pos in recorded else None
            if record is None and kind in _STATED:
                record = club_statement(s, cues, credits)
            if (
                kind is K.OFFICIAL
                and record is not None
                and record.tier == 0
                and record.name != player
                and (len({c for _, c in s.clubs}) >= 2 or ctx.roles.main_buyer(player))
                and not leaving  # "will leave when his contract ends": official
                and seller_announces(cues, text, span_of(pos), record.name == seller)
            ):
                kind = K.AGREEMENT  # the selling club announcing the sale: the deal on record
            source = record or credit_for(pos, credits) or base
            confidence, evidence = support(
                ctx, s, player, span_of(pos), (pos, cue_ends.get(pos)), (buyer, seller), fee
            )
            return Claim(
                player=player,
                kind=kind,
                polarity=positive,
                hedged=any(a <= h < b for h in hedges for a, b in [clause_at(spans, pos)]),
                clubs=tuple(dict.fromkeys(c for c in (buyer, seller) if c)),
                buyer=buyer,
                seller=seller,
                fee=fee,
                window=None if pos in talked else window_for(kind, spans, pos, windows, text),
                source=source,
                carrier=ctx.article.outlet or None,
                related_player=related,
                sentence=s.text,
                confidence=confidence,
                evidence=evidence,
            )

        renewing = {c.span for c in mine if c.kind is K.RENEWAL}
        # "turn down Dortmund's offer of a new contract": the renewal's terms, not a bid
        for k in (K.BID, K.BID_REJECTED, K.PERSONAL_TERMS):
            if k in kinds and kinds[k][2] in renewing:
                kinds.pop(k)
        if K.RENEWAL in kinds and kinds.pop(K.OFFICIAL, None) is not None:
            recorded.add(kinds[K.RENEWAL][0])  # "Leipzig officially extended his deal"

        def span_of(pos: int) -> Span:
            return clause_at(spans, pos)

        for kind, (pos, positive, span) in kinds.items():
            if kind is K.BID and any(f[2] == span for f in my_fees) and span in bidding:
                continue  # the figure makes the bid claim below
            if kind is K.INTENT:
                buyer, seller = _intent_parties(ctx, s, player, span, cue_ends.get(pos, pos))
                out.append(make(kind, pos, positive, buyer, seller or own))
                continue
            out.extend(make(kind, pos, positive, b, sl) for b, sl in parties(kind, span, cue=pos))
        for pos, fee, span in my_fees:
            last = [c for c in [*live, *rejections] if c.start < pos]
            bid_here = span in bidding or (
                span not in refused_spans
                and bool(last)
                and max(last, key=lambda c: c.start).kind is K.BID
            )
            kind_of_fee, claim_kind = fee_kind(cues, text, pos, span in refused_spans, bid_here)
            (buyer, seller), *_ = parties(claim_kind, span)
            if claim_kind is K.RELEASE_CLAUSE:
                buyer = None
            named = clubs_in(s, span)
            if (
                claim_kind is K.PERSONAL_TERMS
                and named
                and all(c == own or c in owners for c in named)
            ):
                # "Dortmund were willing to pay him €14m a year": his club's terms, a contract
                claim_kind, buyer, seller = K.CONTRACT, None, named[0]
            out.append(make(claim_kind, pos, True, buyer, seller, replace(fee, kind=kind_of_fee)))
        if alt:
            out.extend(_alternatives(ctx, s, player, alt.start(), last_followed, parties, make))
    return out


#: Stages a club reaches with the player it signs in someone's place.
_REPLACEABLE = frozenset(
    {K.APPROACH, K.TALKS, K.BID, K.PERSONAL_TERMS, K.AGREEMENT, K.HERE_WE_GO, K.MEDICAL, K.OFFICIAL}
)
#: At most this many words between a stage cue and a replacement noun it is about.
_REPLACEMENT_NEAR = 3


def _a_replacement_s(ctx: Context, s: SentenceInfo, player: str, cue: Cue) -> bool:
    """Is the stage cue about the player signed in this one's place: a replacement noun
    ("successor", "Nachfolger", "sustituto") within ``_REPLACEMENT_NEAR`` words of it, in a
    clause that does not name him ("Dortmund have already signed a successor", "hat schon
    einen Nachfolger verpflichtet"; not "Arsenal hat Kai Brennan als Nachfolger von Saka
    verpflichtet", where he is the one signed)?"""
    nouns, text, (a, b) = ctx.cues.replacement_nouns, s.folded.text, cue.span
    if nouns is None or any(a <= p < b for p in player_positions(s, player)):
        return False
    for m in nouns.finditer(text, a, b):
        lo, hi = (m.end(), cue.start) if m.end() <= cue.start else (cue.end, m.start())
        if len(text[lo:hi].split()) <= _REPLACEMENT_NEAR:
            return True
    return False


#: At most this many words after an ambiguous collapse word to the deal word it ends.
_DEAL_NEAR = 5


def _cues_if_deal(
    ctx: Context, s: SentenceInfo, spans: list[Span], skipped: dict[Span, bool]
) -> list[Cue]:
    """The cues whose words mean many things besides a deal. A collapse word ("pulled out of
    the squad", "dropped points", "rottura del crociato", "im Pokal gescheitert", "el Getafe
    frena al Madrid") ends a deal only with a deal word of the language in the same clause,
    before it or at most ``_DEAL_NEAR`` words after ("la trattativa si blocca", "pulled out of
    the race"). A meeting word ("meeting", "Treffen", "incontro", "reunión") is talks only with
    a deal word or a club other than his own in its clause ("a meeting with Liverpool"; not "the
    last meeting between the sides", "informed his coach at a meeting")."""
    cues, text = ctx.cues, s.folded.text
    if cues.deal_words is None:
        return []
    owners = set(ctx.roles.own.values())
    out: list[Cue] = []
    for kind, pattern in ((K.COLLAPSE, cues.collapse_if_deal), (K.TALKS, cues.talks_if_deal)):
        for m in pattern.finditer(text) if pattern is not None else ():
            span = clause_at(spans, m.start())
            if span not in skipped:
                skipped[span] = _skipped(ctx, text, span)
            if skipped[span]:
                continue
            after = " ".join(text[m.end() : span[1]].split()[:_DEAL_NEAR])
            dealt = bool(
                cues.deal_words.search(text, span[0], m.start()) or cues.deal_words.search(after)
            )
            if kind is K.TALKS and not dealt:
                dealt = any(c not in owners for c in clubs_in(s, span))
            if dealt:
                out.append(Cue(kind=kind, start=m.start(), end=m.end(), positive=True, span=span))
    return out


#: At most this many words between the player (or a pronoun for him) and his stated wish.
_SUBJECT_GAP = 4


def his_own_wish(ctx: Context, s: SentenceInfo, player: str, cue: Cue) -> bool:
    """Is the player the subject of the intent cue: named, or referred to ("he", "the
    26-year-old", "el jugador"), at most ``_SUBJECT_GAP`` words before it in its clause, with
    no club in between ("Kai Brennan wants to join Arsenal", "il veut rejoindre Lyon"; not
    "Arsenal want to move quickly for Kai Brennan")? A clause opening on the cue, in a
    sentence that is about him, has him as its subject too ("Wants out: ...")."""
    text, (a, _) = s.folded.text, cue.span
    ends = [
        m.end
        for m in s.matches
        if m.entity.kind == "player" and m.entity.names[0] == player and a <= m.start < cue.start
    ]
    if ctx.cues.refer is not None:
        ends += [m.end() for m in ctx.cues.refer.finditer(text, a, cue.start)]
    ends = [e for e in ends if e <= cue.start]  # a name the cue overlaps is not before it
    if not ends:
        return not text[a : cue.start].strip(" ,:;-'\"“‘«") and player in s.named
    last = max(ends)
    between = text[last : cue.start]
    clubs_between = any(last <= p < cue.start for p, _ in s.clubs)
    return len(between.split()) <= _SUBJECT_GAP and not clubs_between


def _intent_parties(
    ctx: Context, s: SentenceInfo, player: str, span: Span, end: int
) -> tuple[str | None, str | None]:
    """The clubs of a player's stated intent: only the club named after the cue in its clause,
    never the article's suitors ("X confirms he will leave Atlético" names no buyer). It is
    his own club when the cue speaks of leaving ("wants to leave", "quiere salir del") or the
    club is his; else where he wants to go."""
    after = [c for p, c in s.clubs if end <= p < span[1]]
    if not after:
        return None, None
    club = after[0]
    leaving = ctx.cues.leaving
    cue_text = s.folded.text[span[0] : end]
    if club == ctx.roles.own.get(player) or (leaving is not None and leaving.search(cue_text)):
        return None, club
    return club, None


def _relative_owners(
    ctx: Context, s: SentenceInfo, found: list[Cue], spans: list[Span]
) -> dict[int, str]:
    """Cue offsets inside a relative clause right after a player ("X, whose deal ends in
    2025", "X, cuyo contrato acaba en 2025"), each mapped to that player: his alone."""
    pattern, text = ctx.cues.relative_of, s.folded.text
    if pattern is None or len(s.players) < 2 or not found:
        return {}
    out: dict[int, str] = {}
    for m in pattern.finditer(text):
        before = [p for p in s.matches if p.entity.kind == "player" and 0 <= m.start() - p.end <= 3]
        if not before or before[-1].entity.names[0] not in s.players:
            continue
        comma = text.find(",", m.end())
        end = min(clause_at(spans, m.end())[1], comma if comma >= 0 else len(text))
        for c in found:
            if m.start() <= c.start < end:
                out[c.start] = before[-1].entity.names[0]
    return out


def _stood_in_for(ctx: Context, s: SentenceInfo) -> str | None:
    """The player the sentence's alternatives stand in for: the one named right after
    "alternatives to", "instead of", "should they fail to sign" (``alternative_to``)."""
    pattern = ctx.cues.alternative_to
    if pattern is None:
        return None
    text = s.folded.text
    for m in s.matches:
        name = m.entity.names[0]
        before = text[max(0, m.start - 60) : m.start]
        if m.entity.kind == "player" and name in s.players and pattern.search(before):
            return name
    return None


def _absent(ctx: Context, s: SentenceInfo) -> set[str]:
    """Names the sentence gives as injured or absent ("la larga baja de Dani Carvajal", "the
    injury to X"): the reason a club looks for a player, never the one he is paired with."""
    pattern = ctx.cues.absence_of
    if pattern is None:
        return set()
    text = s.folded.text
    out = {
        m.entity.names[0]
        for m in s.matches
        if m.entity.kind == "player" and pattern.search(text[max(0, m.start - 40) : m.start])
    }
    for person in s.persons:
        pos = text.find(fold(person).text)
        if pos >= 0 and pattern.search(text[max(0, pos - 40) : pos]):
            out.add(person)
    return out


def _followed(ctx: Context, name: str) -> bool:
    known = ctx.gazetteer.player(name)
    return known is not None and ctx.gazetteer.is_read(known)


def _alternatives(  # noqa: PLR0917
    ctx: Context,
    s: SentenceInfo,
    player: str,
    pos: int,
    last_followed: str | None,
    parties: Any,
    make: Any,
) -> list[Claim]:
    out: list[Claim] = []
    absent = _absent(ctx, s)
    if player in absent:
        return out  # the injured player is why they look, not one of the names they look at
    others = [p for p in s.players if p != player and p not in absent]
    others += [p for p in s.persons if ctx.gazetteer.player(p) is None and p not in absent]
    primary = _stood_in_for(ctx, s)
    if primary is not None and primary != player:
        others = [primary]  # "A, B and C as alternatives to X": each is X's, not one another's
    elif primary == player and others:
        # "Real see Dalot as their fallback should they fail to sign X": a followed alternative
        # is his own fact (his claim, related to X); X keeps only those nobody follows
        others = [p for p in others if not _followed(ctx, p)]
        if not others:
            return out
    if not others and last_followed and last_followed != player:
        others = [last_followed]
    span = clause_at(clause_spans(s.folded.text, ctx.cues), pos)
    (buyer, seller), *_ = parties(K.ALTERNATIVE_TARGET, span)
    # the pairing is one fact, the alternative's: the one he stands in for (named earlier, or
    # "as X fallback") gets no claim of it, and a symmetric pair already known from either side
    # is no news (``bot.novelty``)
    for other in dict.fromkeys(others):
        out.append(make(K.ALTERNATIVE_TARGET, pos, True, buyer, seller, related=other))
    return out


#: How much each way of tying a claim to its player and its counterpart is worth (``support``):
#: a name in the cue's own clause is the text saying it; a pronoun, a name elsewhere in the
#: sentence, a club named earlier or only the article's main suitor are readings of ours.
PLAYER_TIE = {"clause": 1.0, "sentence": 0.9, "referred": 0.85, "carried": 0.75}
CLUB_TIE = {"clause": 1.0, "sentence": 0.9, "article": 0.8, "none": 1.0}
#: Another followed or known player named in the same sentence: the cue may be his.
SHARED_SENTENCE = 0.85


def support(  # noqa: PLR0917
    ctx: Context,
    s: SentenceInfo,
    player: str,
    span: Span,
    cue: tuple[int, int | None],
    parties: tuple[str | None, str | None],
    fee: Fee | None,
) -> tuple[float, str]:
    """How well the sentence ties a claim to its player and its counterpart, and the evidence
    that says so: ``"cue=…; player=<how>; buyer=<club>:<how>; seller=…"``. The confidence is
    the product of the ties' worth (``PLAYER_TIE``, ``CLUB_TIE``, ``SHARED_SENTENCE``)."""
    text = s.folded.text
    start, end = cue
    said = fee.text if fee is not None else text[start : end if end is not None else start + 30]
    if player in s.named:
        where = player_positions(s, player)
        tie = "clause" if any(span[0] <= p < span[1] for p in where) else "sentence"
    else:
        tie = "referred" if player in s.players else "carried"
    confidence = PLAYER_TIE[tie]
    parts = [f"cue={said.strip()}", f"player={tie}"]
    buyer, seller = parties
    if buyer is not None:
        how = _club_tie(ctx, s, player, span, buyer)
        confidence *= CLUB_TIE[how]
        parts.append(f"buyer={buyer}:{how}")
    if seller is not None:
        own = ctx.roles.own.get(player) == seller
        parts.append(f"seller={seller}:{'own' if own else _club_tie(ctx, s, player, span, seller)}")
    if any(p != player for p in s.players):
        confidence *= SHARED_SENTENCE
        parts.append("shared")
    return round(confidence, 3), "; ".join(parts)


def _club_tie(ctx: Context, s: SentenceInfo, player: str, span: Span, club: str) -> str:
    if club in clubs_in(s, span):
        return "clause"
    if any(c == club for _, c in s.clubs):
        return "sentence"
    return "article" if ctx.roles.main_buyer(player) == club else "none"
