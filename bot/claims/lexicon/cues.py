"""Per-language cue vocabularies (``bot/data/lang/<lang>/cues.toml``) compiled to regexes.

A language is a directory of data: adding one needs no code change. Every cue is a regular
expression fragment over folded text (lowercase ASCII, see
``bot.claims.lexicon.sentences.fold``); a list is
compiled into one alternation bounded by non-word characters.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from bot.claims.lexicon.sentences import fold
from bot.model import ClaimKind, FeeKind

FALLBACK_LANG = "en"


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Cues:
    lang: str
    stopwords: frozenset[str]
    kinds: dict[ClaimKind, re.Pattern[str]]
    fee_kinds: dict[FeeKind, re.Pattern[str]]
    negators: re.Pattern[str] | None
    hedges: re.Pattern[str] | None
    refer: re.Pattern[str] | None  # pronouns and descriptors pointing back at a named player
    alternative: re.Pattern[str] | None
    attribution: re.Pattern[str] | None  # "according to", "reports", "says" …
    official_voice: re.Pattern[str] | None  # "announced", "statement", "confirmed" …
    background: re.Pattern[str] | None  # old transfers, career colour
    opinion: re.Pattern[str] | None  # the writer's own view
    seller_verbs: re.Pattern[str] | None  # the club refusing/holding: its subject is the seller
    ownership: re.Pattern[str] | None  # gap between club and player meaning "his club"
    ownership_after: re.Pattern[str] | None  # gap between player and club meaning "his club"
    generic_sources: re.Pattern[str] | None  # "sources in Spain", "reports" (not a name)
    seller_objects: (
        re.Pattern[str] | None
    )  # "approached", "talks with": the club after is the seller
    # Optional keys (``roles.toml`` beside ``cues.toml``, or in ``cues.toml`` itself); a missing
    # key is empty. See ``bot.clauses`` and ``bot.roles``.
    clause_breaks: re.Pattern[str] | None = None  # where one clause ends and the next begins
    own_before: re.Pattern[str] | None = None  # text ending right before a club: his club
    own_after: re.Pattern[str] | None = None  # text right after a club: his club ("Y defender")
    buyer_before: re.Pattern[str] | None = None  # text ending right before a club: destination
    buyer_verbs: re.Pattern[str] | None = None  # the club just before is the one that wants him
    colour: re.Pattern[str] | None = None  # match reports, injuries, press-room colour
    past: re.Pattern[str] | None = None  # pluperfect, "at the time": a story of the past
    replacement: re.Pattern[str] | None = (
        None  # "succeed", "the gap left by": a player as a reference
    )
    replaced: re.Pattern[str] | None = None  # right after a player: "… gap", "-Lücke"
    pending: re.Pattern[str] | None = None  # "close to", "still open": a stage not reached
    with_player: re.Pattern[str] | None = None  # "agreement with the player": personal terms
    conditional: re.Pattern[str] | None = None  # a clause opening with "if", "unless" …
    # "refused to discuss", "n'a pas voulu commenter": a cue inside one states no claim
    no_comment: re.Pattern[str] | None = None
    # right before a player: "alternatives to X", "instead of X": he is the one they stand in for
    alternative_to: re.Pattern[str] | None = None
    # right after a player: "X, whose deal ends in 2025": what the relative states is X's alone
    relative_of: re.Pattern[str] | None = None
    # "with room to negotiate", "Verhandlungsspielraum": a word on a price, not talks
    price_leeway: re.Pattern[str] | None = None
    not_yet: re.Pattern[str] | None = None  # "yet", "noch": a negated stage still to come
    future: re.Pattern[str] | None = None  # right before an official cue: not done yet
    sale: re.Pattern[str] | None = None  # a club announcing a sale: the deal on record
    arrival: re.Pattern[str] | None = None  # a club announcing an arrival: official
    # capitalised words that never start or end a person's name ("Der", "Montag", "Spieler")
    not_person: frozenset[str] = frozenset()
    # endings a club's name takes in this language (German genitive: "Leipzigs Sportchef")
    name_suffixes: tuple[str, ...] = ()
    # a source's name meaning this language's own edition ("Sky" in German news is Sky Germany)
    local_sources: Mapping[str, str] = field(default_factory=dict)
    filler: re.Pattern[str] | None = None  # auxiliaries/adverbs between a club and its verb
    other_offers: re.Pattern[str] | None = None  # right before a bid cue: others' offers
    fee_neutral: re.Pattern[str] | None = None  # valuation words a bid's figure may take too
    suitor_after: re.Pattern[str] | None = None  # right after a club: "… target" (his suitor)
    fixture_after: re.Pattern[str] | None = None  # right after a club: a match ("… friendly")
    fixture_before: re.Pattern[str] | None = None  # right before a club: "Testspiel gegen"
    former_before: re.Pattern[str] | None = None  # right before a club: "former", "ex-"
    fee_for: re.Pattern[str] | None = None  # "for"/"por" before whose fee a figure is
    enough: re.Pattern[str] | None = None  # after a figure: "could be enough" (a price)
    # a club's statement as a document ("statement", "comunicado"): what it says is the claim
    statement_nouns: re.Pattern[str] | None = None
    # a deal agreed in principle or subject to a medical: an official word on it is provisional
    provisional: re.Pattern[str] | None = None
    # right before a player: his injury or absence ("the long absence of X", "la baja de X"):
    # the reason a club looks for someone, not one of the names it looks at
    absence_of: re.Pattern[str] | None = None
    club_official: re.Pattern[str] | None = None  # "president", "CEO": a club's voice
    leaving: re.Pattern[str] | None = None  # an intent cue's words for leaving his club
    collapse_if_deal: re.Pattern[str] | None = None  # ends a deal only next to a deal word
    talks_if_deal: re.Pattern[str] | None = None  # a meeting: talks only about a deal or club
    deal_words: re.Pattern[str] | None = None  # "deal", "talks", "trattativa", "Wechsel" …
    not_transfer_head: re.Pattern[str] | None = None  # a headline of a match, injury, award …
    replacement_nouns: re.Pattern[str] | None = None  # "successor", "Nachfolger", "sustituto" …
    of_person: re.Pattern[str] | None = None  # right after a signing cue: "of", "de" (whose)
    # descriptor words: canonical English stem -> this language's stems ("croat" -> "kroat")
    nationality_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    position_words: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _get(doc: dict[str, Any], key: str) -> list[str]:
    return [str(x) for x in doc.get(key, [])]


def _compile(lang: str, doc: dict[str, Any]) -> Cues:
    kinds: dict[ClaimKind, re.Pattern[str]] = {}
    for name, patterns in doc.get("kinds", {}).items():
        compiled = _alternation([str(p) for p in patterns])
        if compiled is not None:
            kinds[ClaimKind(name)] = compiled
    fee_kinds: dict[FeeKind, re.Pattern[str]] = {}
    for name, patterns in doc.get("fee_kinds", {}).items():
        compiled = _alternation([str(p) for p in patterns])
        if compiled is not None:
            fee_kinds[FeeKind(name)] = compiled
    gap = doc.get("ownership_gap")
    gap_after = doc.get("ownership_gap_after")
    return Cues(
        lang=lang,
        stopwords=frozenset(_get(doc, "stopwords")),
        kinds=kinds,
        fee_kinds=fee_kinds,
        negators=_alternation(_get(doc, "negators")),
        hedges=_alternation(_get(doc, "hedges")),
        refer=_alternation(_get(doc, "refer")),
        alternative=_alternation(_get(doc, "alternative")),
        attribution=_alternation(_get(doc, "attribution")),
        official_voice=_alternation(_get(doc, "official_voice")),
        background=_alternation(_get(doc, "background")),
        opinion=_alternation(_get(doc, "opinion")),
        seller_verbs=_alternation(_get(doc, "seller_verbs")),
        ownership=re.compile(str(gap)) if gap else None,
        ownership_after=re.compile(str(gap_after)) if gap_after else None,
        generic_sources=_alternation(_get(doc, "generic_sources")),
        seller_objects=_alternation(_get(doc, "seller_objects")),
        clause_breaks=_plain(_get(doc, "clause_breaks")),
        own_before=_suffix(_get(doc, "own_before")),
        own_after=_prefix(_get(doc, "own_after")),
        buyer_before=_suffix(_get(doc, "buyer_before")),
        buyer_verbs=_alternation(_get(doc, "buyer_verbs")),
        colour=_alternation(_get(doc, "colour")),
        past=_alternation(_get(doc, "past")),
        replacement=_alternation(_get(doc, "replacement")),
        replaced=_prefix(_get(doc, "replaced")),
        pending=_alternation(_get(doc, "pending")),
        future=_suffix(_get(doc, "future")),
        not_yet=_alternation(_get(doc, "not_yet")),
        conditional=_alternation(_get(doc, "conditional")),
        no_comment=_alternation(_get(doc, "no_comment")),
        alternative_to=_suffix(_get(doc, "alternative_to")),
        relative_of=_alternation(_get(doc, "relative_of")),
        price_leeway=_alternation(_get(doc, "price_leeway")),
        with_player=_alternation(_get(doc, "with_player")),
        sale=_alternation(_get(doc, "sale")),
        arrival=_alternation(_get(doc, "arrival")),
        not_person=frozenset(fold_word(w) for w in _get(doc, "not_person")),
        name_suffixes=tuple(_get(doc, "name_suffixes")),
        local_sources={str(k): str(v) for k, v in doc.get("local_sources", {}).items()},
        filler=_filler(_get(doc, "filler")),
        other_offers=_suffix(_get(doc, "other_offers")),
        fee_neutral=_plain(_get(doc, "fee_neutral")),
        suitor_after=_prefix(_get(doc, "suitor_after")),
        fixture_after=_prefix(_get(doc, "fixture_after")),
        fixture_before=_suffix(_get(doc, "fixture_before")),
        former_before=_suffix(_get(doc, "former_before")),
        fee_for=_alternation(_get(doc, "fee_for")),
        enough=_alternation(_get(doc, "enough")),
        statement_nouns=_alternation(_get(doc, "statement_nouns")),
        provisional=_alternation(_get(doc, "provisional")),
        absence_of=_suffix(_get(doc, "absence_of")),
        club_official=_alternation(_get(doc, "club_official")),
        leaving=_alternation(_get(doc, "leaving")),
        collapse_if_deal=_alternation(_get(doc, "collapse_if_deal")),
        talks_if_deal=_alternation(_get(doc, "talks_if_deal")),
        deal_words=_alternation(_get(doc, "deal_words")),
        not_transfer_head=_alternation(_get(doc, "not_transfer_head")),
        replacement_nouns=_alternation(_get(doc, "replacement_nouns")),
        of_person=re.compile(rf"\s+(?:{'|'.join(_get(doc, 'of_person'))})\s+")
        if _get(doc, "of_person")
        else None,
        nationality_words=_words(doc.get("descriptors", {}).get("nationality", {})),
        position_words=_words(doc.get("descriptors", {}).get("position", {})),
    )


def fold_word(word: str) -> str:
    """A word as ``not_person`` stores it: folded, without surrounding punctuation."""
    return fold(word).text.strip(".,;:'\"()")


def _filler(words: list[str]) -> re.Pattern[str] | None:
    """One auxiliary/adverb and the space after it ("ha ", "bereits ")."""
    if not words:
        return None
    body = "|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{body})\s+")


def _words(table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(w) for w in v) for k, v in table.items()}


def _plain(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _suffix(patterns: list[str]) -> re.Pattern[str] | None:
    """Cues that must end the text before a club: ``…(?:leave|stay at)\\s*$``."""
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![a-z0-9])(?:{body})\s*$")


def _prefix(patterns: list[str]) -> re.Pattern[str] | None:
    """Cues that must start the text after a club: ``^(?:'s)?\\s*(?:defender|…)``."""
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"^(?:'s?)?[\s-]*(?:{body})(?![a-z0-9])")


@functools.cache
def languages() -> tuple[str, ...]:
    root = resources.files("bot") / "data" / "lang"
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "cues.toml").is_file())
    )


@functools.cache
def cues_for(lang: str | None) -> Cues:
    """The cues of ``lang`` (a code like "es" or "pt-BR"), English when unknown."""
    code = (lang or FALLBACK_LANG).split("-")[0].split("_")[0].lower()
    if code not in languages():
        code = FALLBACK_LANG
    folder = resources.files("bot") / "data" / "lang" / code
    doc = tomllib.loads((folder / "cues.toml").read_text(encoding="utf-8"))
    roles = folder / "roles.toml"
    if roles.is_file():
        for key, value in tomllib.loads(roles.read_text(encoding="utf-8")).items():
            doc.setdefault(key, value)
    return _compile(code, doc)
