"""Who a claim is credited to: the cited original over the carrier that published it.

Order of preference for a cue at a position in a sentence: a source named in the same sentence
(the nearest one before the cue; else the first after it that shares its clause or closes a
later one: "…, X reported", not "…, but according to X, United …"), else the last source named
earlier in the article (quotes run on over several sentences), else the article's own origin
(``bot.origin``). A club or player speaking on the record ("announced", "statement", "in a post
on X") is tier 0, and so is a club speaking through an outlet ("Leipzig's director told the
LVZ"); a club statement runs on into the next sentence that details its terms, and a transfer
made official is the club's word. Unknown names that the attribution phrasing marks as a source
("The i newspaper says", "según Diario X") are kept with tier 3; unnamed press of a place ("talk
in Germany") is "Media reports"; a reporter's surname after his full name is that reporter.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.claims.clauses import clause_at, clause_spans
from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.sentences import fold
from bot.claims.origin import article_source, make_source
from bot.claims.sentence_info import SentenceInfo
from bot.model import UNKNOWN_TIER, Claim, ClaimKind, Source

__all__ = [
    "Credit",
    "article_source",
    "club_statement",
    "credit_for",
    "on_record",
    "on_the_record",
    "sentence_credits",
    "stated_on",
    "writers_sums",
]

_NAME_BEFORE = re.compile(
    r"((?:[A-Z][\w'’.-]*|[a-z]{1,3})(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|di|der|la|le|el))*)\s*$"
)
_QUOTING = re.compile(
    r"\b(?:quoting|citing|cit(?:ando|ant)|zitiert|unter berufung auf|riprendendo)"
    r"(?: (?:the|a|la|le|il|el|o|die|der|das))?\s*$"
)
_TOLD = re.compile(
    r"\b(?:told|tells|speaking to|in an interview with|gegenuber"
    r"|sagte (?:[a-z]+ ){0,3}(?:der|dem|bei)|(?:ha )?(?:detto|dichiarato) a"
    r"|a (?:dit|declare) a|dijo a|declaro a|disse (?:ao|a))"
    r"(?: (?:the|la|il|el|o|a|der|dem|den|l'))?\s*$"
)
# unnamed press of a place: "talk in Germany", "reports in Slovenia", "Berichte aus England"
_PRESS_IN = re.compile(
    r"\b(?:[Tt]alk|[Rr]eports?|[Rr]umou?rs?|[Ss]peculation|[Bb]erichten?|[Vv]oci|[Rr]umeurs)"
    r" (?:in|from|aus|in arrivo da|dalla|en) (?:the )?(?=[A-Z])"
)
_UNNAMED = "Media reports"  # the gazetteer's name for unnamed press (bot/data/sources.toml)
# a conjunction, then the credit opening the next conjunct: "… and, according to X, …"
_CONJUNCT = re.compile(
    r"\b(?:and|but|y|pero|e|ma|et|mais|und|aber|mas)\s*,?\s*"
    r"(?:according to|per|segun|secondo|selon|d'apres|laut|segundo|de acordo com)\s+(?:the\s+)?$"
)
_NEAR = 60  # folded characters after a statement noun where its club is named
_STATEMENT = re.compile(r"statement|comunicad|mitteilung|stellungnahme|communique|comunicato|nota")
_NAME_AFTER = re.compile(r"^\s*((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|di))*)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    pos: int  # folded offset in the sentence
    source: Source
    trailing: bool = True  # "…, Marca reports": covers what came before it in the sentence
    opens: int = 0  # folded start of the credit's clause: it covers that whole clause


def sentence_credits(
    s: SentenceInfo,
    gazetteer: Gazetteer,
    cues: Cues,
    known: Mapping[str, Source] | None = None,
) -> list[Credit]:
    """Sources named in one sentence, in order: gazetteer sources, the surnames of journalists
    named earlier (``known``, see ``journalists``) and attributed unknown names."""
    staff = list((known or {}).values())[-1:]  # the journalist named last in the article
    credits = [
        Credit(
            pos=m.start,
            source=_writer(s, m.end, staff)
            or make_source(cues.local_sources.get(m.name, m.name), gazetteer),
        )
        for m in s.matches
        if m.entity.kind == "source" and _speaks(s, gazetteer, cues, m.name)
    ]
    taken = [(m.start, m.end) for m in s.matches]
    for surname, source in (known or {}).items():
        for hit in re.finditer(rf"\b{re.escape(surname)}\b", s.folded.text):
            if s.text[s.folded.index[hit.start()]].isupper() and not any(
                x <= hit.start() < y for x, y in taken
            ):
                credits.append(Credit(pos=hit.start(), source=source))
                taken.append((hit.start(), hit.end()))
    if cues.attribution is None:
        return sorted(credits, key=lambda c: c.pos)
    text = s.folded.text
    for cue in cues.attribution.finditer(text):
        a, b = s.folded.span(cue.start(), cue.end())
        before = _NAME_BEFORE.search(s.text[:a])
        after = _NAME_AFTER.match(s.text[b:])
        for found, pos in ((before, cue.start()), (after, cue.end())):
            if found is None or not found.group(1).strip():
                continue
            name = found.group(1).strip()
            weak = name[0].islower() or len(name) < 2 or name.split()[0] in {"The", "He", "It"}
            if weak and not re.match(r"The [A-Z]", name):
                continue
            if any(x <= pos + 3 and pos - 3 <= y for x, y in taken):
                continue  # already a known entity next to the cue
            if gazetteer.club(name) or gazetteer.player(name) or _a_cue_word(cues, name):
                continue
            if cues.generic_sources and cues.generic_sources.fullmatch(name.lower()):
                continue
            credits.append(Credit(pos=pos, source=Source(name=name, tier=UNKNOWN_TIER)))
            break
    credits.extend(_officials(s, cues))
    for press in _PRESS_IN.finditer(s.text):
        pos = bisect_left(s.folded.index, press.start())
        credits.append(Credit(pos=pos, source=make_source(_UNNAMED, gazetteer)))
    credits.sort(key=lambda c: c.pos)
    # "Quoting Marca, Tuttosport says …": the cited original over the paper quoting it
    cited = [c for c in credits if _QUOTING.search(text[: c.pos])]
    spans = clause_spans(text, cues)
    return [
        replace(
            c,
            source=_speaker(s, spans, c.pos) or c.source,
            trailing=_trailing(s, spans, c.pos),
            opens=_opening(text, spans, c.pos),
        )
        for c in cited or credits
    ]


def _a_cue_word(cues: Cues, name: str) -> bool:
    """Does the capitalised run next to "meldet", "reveals" … open on a transfer word, not a
    name ("City meldet Einigung": German capitalises its nouns; "Romano Reveals Agreement
    Between …": a title-case headline)?"""
    folded = fold(name.split(maxsplit=1)[0]).text
    return any(p.fullmatch(folded) for p in cues.kinds.values())


def _officials(s: SentenceInfo, cues: Cues) -> list[Credit]:
    """A club's officer speaking ("the Barcelona president, Joan Laporta, denied",
    "l'amministratore delegato del Borussia Dortmund ha detto", "Dortmund chief executive
    Hans-Joachim Watzke said"): the club on the record (tier 0), credited from the title on."""
    if cues.club_official is None:
        return []
    text = s.folded.text
    out: list[Credit] = []
    ends = {m.start: m.end for m in s.matches}
    for pos, club in s.clubs:
        title = cues.club_official.search(text, max(0, pos - 45), pos)
        if title is not None and re.fullmatch(
            r"\s*(?:of|de|del|du|des|di|del|dello|della|do|da|von|vom|des)?\s*(?:the|la|le|l'|il|el|o|a)?\s*",
            text[title.end() : pos],
        ):
            out.append(Credit(pos=title.start(), source=Source(name=club, tier=0), trailing=False))
            continue
        end = ends.get(pos, pos)
        after = re.match(rf"(?:'s?)?\s+(?:{cues.club_official.pattern})", text[end : end + 40])
        if after is not None:
            out.append(Credit(pos=pos, source=Source(name=club, tier=0), trailing=False))
    return out


_STAFF = re.compile(r"\s*(?:columnist|reporter|journalist|correspondent|insider|writer|pundit)\b")


def _writer(s: SentenceInfo, end: int, staff: list[Source]) -> Source | None:
    """ "The CaughtOffside columnist informed …" after Fabrizio Romano was named: the person, not
    the outlet he writes for, when the article has named a journalist."""
    if staff and _STAFF.match(s.folded.text, end):
        return staff[0]
    return None


def _speaker(s: SentenceInfo, spans: list[tuple[int, int]], pos: int) -> Source | None:
    """The club speaking through an outlet: "Leipzig sporting director Max Eberl told the LVZ",
    "Liverpool's coach told Sky Sports", "sagte Leipzigs Sportchef bei Sky": the outlet is only
    the medium, the club (named before the outlet in the clause) is on the record (tier 0)."""
    told = _TOLD.search(s.folded.text[:pos])
    if told is None:
        return None
    start = clause_at(spans, told.start())[0]
    clubs = [c for p, c in s.clubs if start <= p < told.end()]  # "sagte Leipzigs Sportchef bei"
    return Source(name=clubs[-1], tier=0) if clubs else None


def _opening(text: str, spans: list[tuple[int, int]], pos: int) -> int:
    """Where the stretch a credit covers begins: its clause, or the conjunct it opens ("United
    sent him a contract offer and, according to Romano, are confident …" covers only what
    follows "and")."""
    start = clause_at(spans, pos)[0]
    conj = _CONJUNCT.search(text[start:pos])
    return start + conj.start() if conj else start


def _trailing(s: SentenceInfo, spans: list[tuple[int, int]], pos: int) -> bool:
    """Does a credit close its clause ("…, the Standard reports", "…, secondo Sky") rather
    than open one ("…, but according to The Athletic, United have bid €75m")? Only a closing
    credit covers a claim stated before it; an opening one covers what follows."""
    end = clause_at(spans, pos)[1]
    rest = s.folded.text[pos:end]
    named = any(pos < p < end for p, _ in s.clubs) or any(
        pos < m.start < end and m.entity.kind == "player" for m in s.matches
    )
    return not named and not re.search(r"\d", rest) and len(rest.split()) <= 7


def _speaks(s: SentenceInfo, gazetteer: Gazetteer, cues: Cues, name: str) -> bool:
    """A league or governing body is a source only when it announces something on the record
    ("topping the Premier League" names a competition, not a source)."""
    info = gazetteer.source(name)
    if info is None or info.kind != "league":
        return True
    return cues.official_voice is not None and cues.official_voice.search(s.folded.text) is not None


def credit_for(pos: int, credits: list[Credit]) -> Source | None:
    """The credit a claim at ``pos`` falls under: the nearest before it, else the first after
    it in its own clause or closing a later one ("Arsenal are keen, the Standard reports"),
    else none: "Newcastle raised their bid, but according to The Athletic United …" credits
    The Athletic with United's part only."""
    before = [c for c in credits if c.pos <= pos]
    if before:
        return before[-1].source
    after = [c for c in credits if c.trailing or c.opens <= pos]
    return after[0].source if after else None


def club_statement(s: SentenceInfo, cues: Cues, credits: list[Credit]) -> Source | None:
    """A club named as the subject of an official voice ("Dortmund announced in a statement",
    "El Borussia Dortmund comunicó", "Per Ad-hoc-Mitteilung hat der BVB … bekanntgegeben"), with
    no outlet credited in the sentence ("…, die laut Medienberichten 85 Millionen zahlen" keeps
    the press's credit): the figures and terms of the sentence are the club's."""
    if credits:
        return None
    club = _voiced_club(s, cues)
    return Source(name=club, tier=0) if club else None


def _voiced_club(s: SentenceInfo, cues: Cues) -> str | None:
    """The club an official voice of the sentence belongs to, voice by voice: the last club
    named before it ("…, Dortmund announced"), or, for a statement noun, the club right after it
    ("Per Ad-hoc-Mitteilung hat der BVB …", "según el comunicado que emitió el Dortmund")."""
    if cues.official_voice is None:
        return None
    for voice in cues.official_voice.finditer(s.folded.text):
        before = [c for pos, c in s.clubs if pos < voice.start()]
        if before:
            return before[-1]
        after = [c for pos, c in s.clubs if voice.end() <= pos <= voice.end() + _NEAR]
        if after and _STATEMENT.search(voice.group()):
            return after[0]
    return None


def stated_on(
    s: SentenceInfo, cues: Cues, credits: list[Credit], stated: tuple[Source, int] | None
) -> Source | None:
    """The club statement of the sentence before, run on into this one ("Dortmund announced
    the sale in a filing. The fixed fee is €103m …"): only in its paragraph, and only when this
    sentence credits nobody, attributes nothing ("según lo publicado", "reportedly") and has no
    official voice of its own."""
    if stated is None or stated[1] != s.paragraph or credits:
        return None
    text = s.folded.text
    for pattern in (cues.attribution, cues.official_voice):
        if pattern is not None and pattern.search(text):
            return None
    return stated[0]


def on_record(s: SentenceInfo, cues: Cues, player: str | None) -> Source | None:
    """A club or the player speaking on the record in this sentence (tier 0), if any."""
    if cues.official_voice is None or cues.official_voice.search(s.folded.text) is None:
        return None
    club = _voiced_club(s, cues)
    if club:
        return Source(name=club, tier=0)
    if player and re.search(r"\b(?:post|video|instagram|on x)\b", s.folded.text):
        return Source(name=player, tier=0)
    if s.clubs:
        return Source(name=s.clubs[0][1], tier=0)
    return None


def writers_sums(found: list[Claim], base: Source) -> list[Claim]:
    """A figure that adds up two others of the same sentence ("103 Millionen fix, dazu bis zu
    30,9 Millionen, im besten Fall also 133,9 Millionen") is the writer's arithmetic: a club's
    statement gives the parts, the total is the carrier's, not the club's word."""
    mids = [c.fee.eur_mid for c in found if c.fee is not None]
    out: list[Claim] = []
    for claim in found:
        fee, source = claim.fee, claim.source
        summed = fee is not None and any(
            abs(a + b - fee.eur_mid) <= 0.01 * fee.eur_mid
            for i, a in enumerate(mids)
            for b in mids[i + 1 :]
            if fee.eur_mid not in (a, b)
        )
        tier0 = source is not None and source.tier == 0
        out.append(replace(claim, source=base) if summed and tier0 else claim)
    return out


def on_the_record(claim: Claim, reporters: frozenset[str] = frozenset()) -> Claim:
    """A transfer made official is the club's word, whoever relays it: "City have completed the
    signing", "fue presentado por el Real Madrid" credit the club he joins (else the one he
    leaves) at tier 0, not the outlet. A hedged or negated one ("could be official next week")
    stays the outlet's, and so does one its own sentence credits to a reporter ("La SER asegura
    que firmó en marzo", "X has signed, Marca claims"): a signing reported, not announced."""
    if (
        claim.kind is not ClaimKind.OFFICIAL
        or not claim.polarity
        or claim.hedged
        or (claim.source is not None and claim.source.tier == 0)
        or (claim.source is not None and claim.source.name in reporters)
    ):
        return claim
    club = claim.buyer or claim.seller
    return replace(claim, source=Source(name=club, tier=0)) if club else claim
