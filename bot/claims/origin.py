"""Where an article comes from, and the source a name stands for.

``article_source`` is the origin of an article's uncredited sentences: a headline prefix naming a
known source ("Relevo: …"), the original a parenthesis names ("Kursio (ESPN rewrite)", "KSTP
(AP)", the partner site a known aggregator re-runs: "OneFootball (Ecuagol)"), the by-line, the
outlet. A parenthesis naming the network a site runs on ("Liverpool FC On SI (Sports
Illustrated)") is no original. ``journalists`` finds reporters named in full, so that a later
surname ("Joyce adds …") means them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.claims.lexicon.gazetteer import Gazetteer, Match
from bot.claims.lexicon.sentences import fold
from bot.model import UNKNOWN_TIER, Article, Source

_PREFIX = re.compile(r"^\s*([^:]{2,40}):\s")
_PAREN = re.compile(r"\(([^)]+)\)")
_PAREN_NOISE = re.compile(r"\b(?:rewrite|text|via|edition|en|copy)\b", re.IGNORECASE)


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
        if _network_of(bare, inner):
            continue  # "Liverpool FC On SI (Sports Illustrated)": the host, not an original
        cleaned = _PAREN_NOISE.sub("", inner).strip(" ,;")
        parts = [p.strip() for p in re.split(r",|/|;", cleaned) if p.strip()]
        for part in parts:
            if gazetteer.source(part) is not None:
                return make_source(part, gazetteer)
        republisher = gazetteer.source(bare)
        if republisher is not None and republisher.aggregator and parts:
            return Source(
                name=parts[0], tier=UNKNOWN_TIER
            )  # "OneFootball (Ecuagol)": the partner site
    if article.journalist and gazetteer.source(article.journalist) is not None:
        return make_source(article.journalist, gazetteer)
    if gazetteer.source(outlet) is None:
        if bare and gazetteer.source(bare) is not None:
            return make_source(bare, gazetteer)
        return Source(name=bare or outlet, tier=UNKNOWN_TIER)
    return make_source(outlet, gazetteer)


def _network_of(site: str, host: str) -> bool:
    """Is ``host`` the network a site runs on ("Liverpool FC On SI (Sports Illustrated)"): the
    site's name carries the host's initials."""
    initials = "".join(w[0] for w in host.split() if w[:1].isupper())
    return len(initials) >= 2 and re.search(rf"\b{re.escape(initials)}\b", site) is not None


def journalists(gazetteer: Gazetteer, matches: Iterable[Match]) -> dict[str, Source]:
    """Journalists named in full among a sentence's gazetteer ``matches``, by folded surname: a
    later "Joyce and the Mail's Lewis Steele now report" or a headline "Joyce: …" means the Paul
    Joyce named there."""
    out: dict[str, Source] = {}
    for m in matches:
        info = gazetteer.source(m.name) if m.entity.kind == "source" else None
        if info is not None and info.kind == "journalist" and " " in info.name:
            out[fold(info.name.rsplit(maxsplit=1)[-1]).text] = make_source(info.name, gazetteer)
    return out
