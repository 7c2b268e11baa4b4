"""Claim extraction: ``extract_claims(article, gazetteer) -> list[Claim]`` (pure, no I/O).

Which followed players each sentence is about (``bot.mentions``): those it names, except a
player named only as a reference for someone else ("X to succeed Bellingham"); a sentence naming
nobody carries on the previous one's player when it has a transfer cue and a club, a figure or a
strong cue of its own. Quotes and "he added" run on under the last credited speaker. Each
sentence's claims come from ``bot.sentence_claims``; the article's claims are then deduplicated,
keeping the most credible source of each.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Set
from dataclasses import replace

from bot.claims.attribution import (
    club_statement,
    on_the_record,
    sentence_credits,
    stated_on,
    writers_sums,
)
from bot.claims.budget import Budget, Deadline, unlimited
from bot.claims.clauses import clause_at, clause_spans, clubs_in, only_a_reference, player_positions
from bot.claims.figures import article_window, fees_in
from bot.claims.lexicon.cues import Cues, cues_for
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.language import language_of
from bot.claims.lexicon.sentences import fold
from bot.claims.mentions import ArticleMentions, analyse
from bot.claims.origin import article_source, journalists
from bot.claims.roles import infer_roles
from bot.claims.sentence_claims import BETWEEN_CLUBS, STRONG, Context, sentence_claims
from bot.claims.sentence_info import SentenceInfo
from bot.model import Article, Claim, ClaimKind, Source

logger = logging.getLogger(__name__)

K = ClaimKind
# kinds strong enough to carry the previous sentence's player into a sentence naming no club
_CARRIED = frozenset(
    {K.DENIAL, K.AGREEMENT, K.BID_REJECTED, K.OFFICIAL, K.MEDICAL, K.PERSONAL_TERMS}
)
# kinds that are a stage of a deal of their own (a collapse next to one is that deal's end)
_STAGES = frozenset(
    {K.APPROACH, K.TALKS, K.BID, K.PERSONAL_TERMS, K.AGREEMENT, K.HERE_WE_GO, K.MEDICAL}
)
# what a club's statement details in the sentence after it: the deal's terms, not the suitors
_DETAILS = frozenset({K.FEE, K.PERSONAL_TERMS, K.AGREEMENT, K.MEDICAL, K.OFFICIAL})
_QUOTES = "\"“‘«'"
_CONTINUATION = re.compile(
    r"\b(?:(?:he|she|they|the (?:report|paper|outlet|journalist|reporter|daily|site))"
    r" (?:adds?|added|also (?:says?|said|reports?|claims?)|went on|continued|explains?|notes?)"
    r"|the same (?:report|source|outlet)|it adds|it also|per the report|the report adds)\b"
)


def read_article(
    article: Article, gazetteer: Gazetteer, budget: Budget | None = None
) -> tuple[list[Claim], list[str]]:
    """``extract_claims`` and ``known_player_names`` over one analysis of the article.

    With a ``budget``, reading raises :class:`bot.errors.ExtractionBudgetError` once it is
    spent (``bot.claims.budget``)."""
    deadline = budget.start() if budget is not None else unlimited()
    lang = language_of(article.lang, article.text)
    cues = cues_for(lang)
    am = analyse(article.text, gazetteer, cues, article.published.date(), deadline)
    return _claims(article, gazetteer, lang, cues, am, deadline), _known_names(am, cues)


def extract_claims(
    article: Article, gazetteer: Gazetteer, budget: Budget | None = None
) -> list[Claim]:
    if not gazetteer.followed:
        return []
    deadline = budget.start() if budget is not None else unlimited()
    lang = language_of(article.lang, article.text)
    cues = cues_for(lang)
    am = analyse(article.text, gazetteer, cues, article.published.date(), deadline)
    return _claims(article, gazetteer, lang, cues, am, deadline)


def _claims(  # noqa: PLR0917 - the article's whole reading, called once
    article: Article,
    gazetteer: Gazetteer,
    lang: str,
    cues: Cues,
    am: ArticleMentions,
    deadline: Deadline,
) -> list[Claim]:
    followed = gazetteer.followed_names
    if not followed:
        return []
    deal = [cues.kinds[k] for k in BETWEEN_CLUBS | {K.TALKS, K.APPROACH} if k in cues.kinds]
    roles = infer_roles(
        am.sentences,
        gazetteer,
        cues,
        cues.kinds.get(K.RENEWAL),
        deal,
        article.published.year,
        deadline,
    )
    ctx = Context(
        article=article,
        gazetteer=gazetteer,
        cues=cues,
        lang=lang,
        roles=roles,
        window=article_window(article, lang),
    )
    default = article_source(article, gazetteer)
    carried: Source | None = None
    last_followed: str | None = None
    claims: list[Claim] = []
    previous: list[str] = []  # followed players the previous sentence named or referred to
    quoted = -1
    stated: tuple[Source, int] | None = None
    known: dict[str, Source] = {}  # journalists named so far, by surname
    background = _background(article, am, followed, cues)
    for s in am.sentences:
        deadline.check()
        credits = sentence_credits(s, gazetteer, cues, known)
        known.update(journalists(gazetteer, s.matches))
        about = [
            p
            for p in s.players
            if p in followed
            and not (p in background and not _restates(s, p, gazetteer))
            and not only_a_reference(s, p, cues)
        ]
        if not about and previous and _carries_on(s, cues, lang):
            about = list(previous)  # a continuation: "Real made contact with Liverpool …"
        # a continuation carries him on to the next sentence too, unless someone else named
        # after him became the topic ("… Gvardiol gefunden: Castello Lukeba kommt …")
        previous = [] if _someone_else_last(s, about, cues, gazetteer) else about
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
            details = stated_on(s, cues, credits, stated)
            found = sentence_claims(ctx, s, about, credits, details or base, last_followed)
            if details:  # "Dortmund announced the sale. The fixed fee is €103m …"
                found = [
                    c if c.kind in _DETAILS or c.source != details else replace(c, source=base)
                    for c in found
                ]
            reporters = frozenset(c.source.name for c in credits)
            claims.extend(on_the_record(c, reporters) for c in writers_sums(found, base))
            last_followed = about[-1]
        if credits:  # quotes run on: the journalist of "X reported for Y" over the outlet
            people = [c.source for c in credits if _is_journalist(gazetteer, c.source.name)]
            carried = people[-1] if people else credits[-1].source
        # a club's statement runs on into the next sentence of its paragraph, which details it
        statement = club_statement(s, cues, credits)
        stated = (statement, s.paragraph) if statement else None
    if _other_story(article, am, cues):
        claims = [c for c in claims if c.kind in STRONG_IN_OTHER_STORIES]
    return _dedup(_provisional(_no_collapse_after_renewal(claims), am, cues))


def _provisional(claims: list[Claim], am: ArticleMentions, cues: Cues) -> list[Claim]:
    """An official word on a deal its own sentence, headline or lead says is agreed only in
    principle, or subject to a medical or terms ("Offiziell: City meldet Einigung" over "die
    grundsätzliche Einigung"), is provisional: the signing is still to come."""
    if cues.provisional is None:
        return claims
    lead = " ".join(s.folded.text for s in am.sentences[:2])
    article_wide = cues.provisional.search(lead) is not None
    pattern = cues.provisional
    return [
        replace(c, provisional=True)
        if c.kind is K.OFFICIAL
        and c.polarity
        and not c.hedged
        and (article_wide or pattern.search(fold(c.sentence).text))
        else c
        for c in claims
    ]


#: What an article about something else (a match, an injury, an award) may still state: a
#: stage no match report or injury bulletin words by accident. A denial ("ruled out for six
#: weeks"), an interest, a collapse, an alternative or a coach's wish there are its colour.
STRONG_IN_OTHER_STORIES = (STRONG - {K.DENIAL}) | {K.FEE}


def _other_story(article: Article, am: ArticleMentions, cues: Cues) -> bool:
    """Is the article about something other than a transfer: its headline (or, with none, its
    first sentence) is a match report's, an injury's, an award's or squad news
    (``not_transfer_head``) and carries no transfer cue of any kind?"""
    if cues.not_transfer_head is None or not am.sentences:
        return False
    head = am.sentences[0].folded.text
    if not cues.not_transfer_head.search(head):
        return False
    return not any(p.search(head) for p in cues.kinds.values())


def _background(article: Article, am: ArticleMentions, followed: Set[str], cues: Cues) -> Set[str]:
    """The followed players an article names only as background: its headline names them,
    and only as a reference for someone else ("Atlético sign X to replace Griezmann", "BVB
    holt X als Haaland-Nachfolger"), or names none of them and tells another player's move
    (``_someone_else_s_move``). The article is about that someone else; only a sentence
    restating the followed player's own story gives him claims (``_restates``)."""
    if not article.title or not am.sentences:
        return set()
    head = am.sentences[0]
    named = [p for p in head.named if p in followed]
    if not named:
        return followed if _someone_else_s_move(head, followed, cues) else set()
    if not all(only_a_reference(head, p, cues) for p in named):
        return set()
    return set(named)


def _someone_else_s_move(head: SentenceInfo, followed: Set[str], cues: Cues) -> bool:
    """Is the headline about another player's move: it names no followed player, names a
    player nobody here follows (or a person the gazetteer does not know) and states a transfer
    cue ("Arsenal sign Pedro Alvarez from Porto", "BVB holt Adeyemi")? Then a followed player
    the body names ("the same fee Liverpool paid for X") is background too."""
    others = [p for p in head.players if p not in followed] + list(head.persons)
    text = head.folded.text
    deal = any(p is not None and p.search(text) for p in (cues.deal_words, cues.arrival))
    return bool(others) and (deal or _has_cue(cues, text, interest=True))


def _restates(s: SentenceInfo, player: str, gazetteer: Gazetteer) -> bool:
    """In an article about someone else, does this sentence restate the followed player's own
    story: it names him (not a pronoun or descriptor) and nobody else ("Goal recalls that X has
    agreed terms with Real")? A sentence naming the article's subject too is that subject's."""
    others = [p for p in s.persons if gazetteer.player(p) is None]
    return player in s.named and not others and s.players == [player]


def _someone_else_last(s: SentenceInfo, about: list[str], cues: Cues, gazetteer: Gazetteer) -> bool:
    """Is a person nobody follows the subject of a later clause of his own, a transfer clause
    naming a club ("… Gvardiol gefunden: Castello Lukeba kommt von Lyon")? Then a sentence
    after is about that person, not ours. A coach or director quoted after him is no such
    topic ("Klopp is said to back the call")."""
    if not about:
        return False
    text = s.folded.text
    mine = max((pos for p in about for pos in player_positions(s, p)), default=-1)
    spans = clause_spans(text, cues)
    for person in s.persons:
        key = fold(person).text
        pos = text.find(key)
        if gazetteer.player(person) is not None or pos <= mine:
            continue
        span = clause_at(spans, pos)
        if span[0] > mine and clubs_in(s, span) and _has_cue(cues, text[span[0] : span[1]]):
            return True
    return False


def _no_collapse_after_renewal(claims: list[Claim]) -> list[Claim]:
    """A renewal ends the suitors' chase: "sfuma il Milan", "X's interest fades" in a sentence
    stating no stage of a deal of its own is no collapse of a deal that never had one."""
    renewed = {c.player for c in claims if c.kind is K.RENEWAL and c.polarity}
    staged = {
        (c.player, c.sentence) for c in claims if c.kind in _STAGES and c.kind is not K.RENEWAL
    }
    return [
        c
        for c in claims
        if not (
            c.kind is K.COLLAPSE and c.player in renewed and (c.player, c.sentence) not in staged
        )
    ]


def _continues(s: SentenceInfo) -> bool:
    """Does this sentence carry on the last credited speaker (a quote, "he added" …)?"""
    head = s.text.lstrip()[:1]
    return head in _QUOTES or bool(_CONTINUATION.search(s.folded.text))


def _is_journalist(gazetteer: Gazetteer, name: str) -> bool:
    info = gazetteer.source(name)
    return info is not None and info.kind == "journalist"


def _carries_on(s: SentenceInfo, cues: Cues, lang: str) -> bool:
    """Does a sentence naming no followed player go on about the previous sentence's? Yes
    when it opens on a reference to him ("He is Real's top target") or names a club, and
    states a figure or a transfer cue ("Leipzig are asking around £86m", "United have joined
    City and Chelsea in the race"); or, naming no club, states a figure or a strong cue with
    a transfer cue. Not when a descriptor in it points at someone else."""
    if s.foreign_ref:
        return False
    text = s.folded.text
    if cues.refer is not None and cues.refer.match(text.lstrip(" \"'“‘«")):
        return _has_cue(cues, text, interest=True)  # "He is Real's top target …"
    if s.clubs:
        return bool(fees_in(s, lang)) or _has_cue(cues, text, interest=True)
    return _has_cue(cues, text) and (_has_cue(cues, text, _CARRIED) or bool(fees_in(s, lang)))


def _has_cue(
    cues: Cues, text: str, kinds: frozenset[ClaimKind] | None = None, interest: bool = False
) -> bool:
    """A cue of ``kinds`` (any kind), interest only when asked: its words ("option",
    "favourites") are too common to carry a player on their own."""
    return any(
        p.search(text)
        for k, p in cues.kinds.items()
        if (interest or k is not K.INTEREST) and (kinds is None or k in kinds)
    )


def _dedup(claims: list[Claim]) -> list[Claim]:
    """One claim per fact and named source, the most credible kept: the article reports who
    said what, so Marca's and Romano's reports of one approach are two claims; the carrier's
    own restatement of a fact a named source is credited with is that source's claim."""
    best: dict[tuple[object, ...], dict[str | None, tuple[int, Claim]]] = {}
    for index, claim in enumerate(claims):
        fee = round(claim.fee.eur_mid, -5) if claim.fee else None
        fact = (
            claim.player,
            claim.kind,
            claim.polarity,
            claim.counterpart,
            fee,
            claim.related_player,
        )
        by_source = best.setdefault(fact, {})
        credited = _credited(claim)
        first, kept = by_source.get(credited, (index, None))
        if kept is None or _tier(claim) < _tier(kept):
            by_source[credited] = (first, _with_window(claim, kept))
        else:
            by_source[credited] = (first, _with_window(kept, claim))
    out: list[tuple[int, Claim]] = []
    for by_source in best.values():
        if len(by_source) > 1:
            _, carrier = by_source.pop(None, (0, None))
            for source, (first, claim) in by_source.items():
                by_source[source] = (first, _with_window(claim, carrier))
        out.extend(by_source.values())
    return [claim for _, claim in sorted(out, key=lambda pair: pair[0])]


def _with_window(kept: Claim, dropped: Claim | None) -> Claim:
    """The kept claim, with the window the dropped copy of its fact named when it names none
    ("terms set to expire in summer 2025" folded into Romano's claim about his contract)."""
    if dropped is None or kept.window is not None or dropped.window is None:
        return kept
    return replace(kept, window=dropped.window)


def _tier(claim: Claim) -> int:
    return claim.source.tier if claim.source else 9


def _credited(claim: Claim) -> str | None:
    """The source a claim is credited to, when it is not the carrier itself."""
    source = claim.source.name if claim.source else None
    return source if source and source != claim.carrier else None


def known_player_names(article: Article, gazetteer: Gazetteer) -> list[str]:
    """Person-name spans the article puts next to transfer cues, followed or not."""
    cues = cues_for(language_of(article.lang, article.text))
    return _known_names(analyse(article.text, gazetteer, cues, article.published.date()), cues)


def _known_names(am: ArticleMentions, cues: Cues) -> list[str]:
    names: list[str] = []
    for s in am.sentences:
        if not any(p.search(s.folded.text) for p in cues.kinds.values()):
            continue
        for m in s.matches:
            if m.entity.kind == "player":
                names.append(m.name)
        names.extend(s.persons)
    return list(dict.fromkeys(names))
