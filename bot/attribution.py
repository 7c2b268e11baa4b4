"""Who a claim is credited to: the cited original over the carrier that published it.

Order of preference for a cue at a position in a sentence: a source named in the same sentence
(the nearest one before the cue, else the first after it: "X reports that …" / "…, X reported"),
else the last source named earlier in the article (quotes run on over several sentences), else
the article's own origin: a headline prefix ("Relevo: …"), the outlet a rewrite names
("Kursio (ESPN rewrite)"), the by-line, the outlet. A club or player speaking on the record
("announced", "statement", "in a post on X") is tier 0. Unknown names that the attribution
phrasing marks as a source ("The i newspaper says", "según Diario X") are kept with tier 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cues import Cues
from bot.gazetteer import Gazetteer
from bot.mentions import SentenceInfo
from bot.model import Article, Source

_PREFIX = re.compile(r"^\s*([^:]{2,40}):\s")
_PAREN = re.compile(r"\(([^)]+)\)")
_PAREN_NOISE = re.compile(r"\b(?:rewrite|text|via|edition|en|copy)\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(
    r"((?:[A-Z][\w'’.-]*|[a-z]{1,3})(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|di|der|la|le|el))*)\s*$"
)
_QUOTING = re.compile(
    r"\b(?:quoting|citing|cit(?:ando|ant)|zitiert|unter berufung auf|riprendendo)"
    r"(?: (?:the|a|la|le|il|el|o|die|der|das))?\s*$"
)
_NAME_AFTER = re.compile(r"^\s*((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|di))*)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    pos: int  # folded offset in the sentence
    source: Source


def make_source(name: str, gazetteer: Gazetteer, club: str | None = None) -> Source:
    info = gazetteer.source(name)
    if info is not None:
        return Source(
            name=info.name, tier=gazetteer.tier(info.name, club), aggregator=info.aggregator
        )
    known_club = gazetteer.club(name)
    if known_club is not None:
        return Source(name=known_club.name, tier=0)
    return Source(name=name.strip(), tier=gazetteer.tier(name, club))


def article_source(article: Article, gazetteer: Gazetteer) -> Source:
    """The article's own origin, used when no sentence names a source."""
    prefix = _PREFIX.match(article.title)
    if prefix and gazetteer.source(prefix.group(1)) is not None:
        return make_source(prefix.group(1), gazetteer)
    outlet = article.outlet or "unknown"
    bare = _PAREN.sub("", outlet).strip()
    for inner in _PAREN.findall(outlet):
        cleaned = _PAREN_NOISE.sub("", inner).strip(" ,;")
        for part in re.split(r",|/|;", cleaned):
            if gazetteer.source(part.strip()) is not None:
                return make_source(part.strip(), gazetteer)
    if article.journalist and gazetteer.source(article.journalist) is not None:
        return make_source(article.journalist, gazetteer)
    if gazetteer.source(outlet) is None:
        if bare and gazetteer.source(bare) is not None:
            return make_source(bare, gazetteer)
        return Source(name=bare or outlet, tier=3)
    return make_source(outlet, gazetteer)


def sentence_credits(s: SentenceInfo, gazetteer: Gazetteer, cues: Cues) -> list[Credit]:
    """Sources named in one sentence, in order: gazetteer sources plus attributed unknown names."""
    credits = [
        Credit(pos=m.start, source=make_source(m.name, gazetteer))
        for m in s.matches
        if m.entity.kind == "source" and _speaks(s, gazetteer, cues, m.name)
    ]
    if cues.attribution is None:
        return credits
    taken = [(m.start, m.end) for m in s.matches]
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
            if gazetteer.club(name) or gazetteer.player(name):
                continue
            if cues.generic_sources and cues.generic_sources.fullmatch(name.lower()):
                continue
            credits.append(Credit(pos=pos, source=Source(name=name, tier=3)))
            break
    credits.sort(key=lambda c: c.pos)
    # "Quoting Marca, Tuttosport says …": the cited original over the paper quoting it
    cited = [c for c in credits if _QUOTING.search(text[: c.pos])]
    return cited or credits


def _speaks(s: SentenceInfo, gazetteer: Gazetteer, cues: Cues, name: str) -> bool:
    """A league or governing body is a source only when it announces something on the record
    ("topping the Premier League" names a competition, not a source)."""
    info = gazetteer.source(name)
    if info is None or info.kind != "league":
        return True
    return cues.official_voice is not None and cues.official_voice.search(s.folded.text) is not None


def credit_for(pos: int, credits: list[Credit]) -> Source | None:
    before = [c for c in credits if c.pos <= pos]
    if before:
        return before[-1].source
    return credits[0].source if credits else None


def club_statement(s: SentenceInfo, cues: Cues, credits: list[Credit]) -> Source | None:
    """A club named as the subject of an official voice ("Dortmund announced in a statement",
    "El Borussia Dortmund comunicó", "Per Ad-hoc-Mitteilung hat der BVB … bekanntgegeben"), with
    no outlet credited in the sentence ("…, die laut Medienberichten 85 Millionen zahlen" keeps
    the press's credit): the figures and terms of the sentence are the club's."""
    if cues.official_voice is None:
        return None
    voice = cues.official_voice.search(s.folded.text)
    if voice is None or credits:
        return None
    clubs_before = [c for pos, c in s.clubs if pos < voice.start()]
    return Source(name=clubs_before[-1], tier=0) if clubs_before else None


def on_record(s: SentenceInfo, cues: Cues, player: str | None) -> Source | None:
    """A club or the player speaking on the record in this sentence (tier 0), if any."""
    if cues.official_voice is None:
        return None
    voice = cues.official_voice.search(s.folded.text)
    if voice is None:
        return None
    clubs_before = [c for pos, c in s.clubs if pos < voice.start()]
    if clubs_before:
        return Source(name=clubs_before[-1], tier=0)
    if player and re.search(r"\b(?:post|video|instagram|on x)\b", s.folded.text):
        return Source(name=player, tier=0)
    if s.clubs:
        return Source(name=s.clubs[0][1], tier=0)
    return None
