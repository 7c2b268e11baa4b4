"""The compiled money vocabulary of one set of languages, from ``bot/data/lang/*/money.toml``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from bot.claims.lexicon.langdata import language_files

SYMBOLS: Mapping[str, str] = MappingProxyType(
    {"€": "EUR", "£": "GBP", "US$": "USD", "$": "USD", "R$": "BRL", "EUR": "EUR", "GBP": "GBP",
     "USD": "USD", "CHF": "CHF"}
)  # fmt: skip


def key(phrase: str) -> str:
    return re.sub(r"[\s\-]+", " ", phrase.strip()).replace("’", "'").casefold()


def alt(words: Iterable[str], head: bool = True) -> str:
    """A regex alternation of phrases, longest first, whole words, any spacing or hyphen."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        body = r"[\s\-]+".join(re.escape(p) for p in w.split()).replace("'", "['’]")
        start = r"(?<!\w)" if head and w[0].isalnum() else ""
        tail = r"(?!\w)" if w[-1].isalnum() else ""
        parts.append(start + body + tail)
    return "|".join(parts) or "(?!)"


def heads(words: Iterable[str]) -> str:
    """What :func:`alt`'s branches for ``words`` start with, as one alternation: a word's
    first letter where no letter stands before (its whole-word check), else its first character
    (an apostrophe as :func:`alt` writes it, either mark)."""
    ws = set(words)
    letters = {w[0] for w in ws if w[0].isalnum()}
    others = {w.split()[0][0] for w in ws if not w[0].isalnum()}
    if "'" in others:
        others |= {"’"}
    parts = [rf"(?<!\w)[{_chars(letters)}]"] if letters else []
    return "|".join(parts + ([f"[{_chars(others)}]"] if others else [])) or "(?!)"


def _chars(chars: set[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocab:
    """The compiled vocabulary of one set of languages."""

    units: Mapping[str, float]
    bare: frozenset[str]
    currencies: Mapping[str, str]
    qualifiers: Mapping[str, str]
    periods: Mapping[str, float]
    addon_strong: frozenset[str]
    range_blockers: frozenset[str]
    qualifier_blockers: frozenset[str]
    core: re.Pattern[str]
    wage_tail: re.Pattern[str]
    addon_tail: re.Pattern[str]
    addon_vague: re.Pattern[str]
    included: re.Pattern[str]
    bracket: re.Pattern[str]
    clause_after: re.Pattern[str]
    clause_before: re.Pattern[str]
    wage_before: re.Pattern[str]
    link_noun: re.Pattern[str]
    part_before: re.Pattern[str]  # ends the text before an add-on part: "plus", "including"
    part_after: re.Pattern[str]  # starts the text after an add-on part: "in bonuses"

    def unit(self, word: str | None) -> float | None:
        return self.units.get(key(word)) if word else None

    def bare_ok(self, word: str) -> bool:
        return key(word) in self.bare


@cache
def vocab(lang: str | None) -> Vocab:
    langs = language_files("money")
    picked = [langs[lang], langs["en"]] if lang in langs and lang != "en" else []
    picked = picked or ([langs["en"]] if lang == "en" else list(langs.values()))

    def words(name: str) -> list[str]:
        return [w for d in picked for w in d.get(name, [])]

    def table(name: str) -> dict[str, Any]:
        return {key(k): val for d in reversed(picked) for k, val in d.get(name, {}).items()}

    units = {**table("multipliers"), **table("abbreviations")}
    bare_by = [
        (d.get("bare_figures_are_euros"), {key(w) for w in d["multipliers"]}) for d in picked
    ]
    bare = bare_by[0][1] if bare_by[0][0] and lang in langs else set()
    if lang not in langs:  # every language: a word some language reads as a count is not bare
        bare = set().union(*(ws for ok, ws in bare_by if ok)) - set().union(
            *(ws for ok, ws in bare_by if not ok)
        )
    cur_words = [w for d in picked for w in d.get("currencies", {})]
    syms = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    mults = alt(
        (w for d in picked for k in ("multipliers", "abbreviations") for w in d.get(k, {})),
        head=False,
    )
    links = alt(words("currency_links"))
    quals = alt(w for d in picked for w in d.get("qualifiers", {}))
    periods = alt(w for d in picked for w in d.get("wage_periods", {}))
    addon_j = alt(words("addon_joiners") + words("addon_joiners_weak"))
    fillers, addon_w = alt(words("addon_fillers")), alt(words("addon_words"))
    base = alt(words("base_words"))
    number = r"(?<![\w.,])(?:\d{1,3}(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"  # noqa: E501

    # what a figure can start with: a qualifier's or range opener's first letter (whole word)
    # or character, a currency symbol's, or the number's digit; checked at each position before
    # the qualifiers' branches are tried one by one (issue 16)
    first = "|".join(
        (
            heads(w for d in picked for w in d.get("qualifiers", {})),
            heads(words("range_openers")),
            f"[{_chars({s[0] for s in SYMBOLS})}]",
            r"(?<![\w.,])\d",
        )
    )

    def core(p: str) -> str:
        return (
            rf"(?=(?:{first}))(?:(?P<{p}q>{quals})\s*)?(?:(?P<{p}open>{alt(words('range_openers'))})\s+)?"
            rf"(?:(?P<{p}c1>{syms})\s?)?(?P<{p}n1>{number})(?:\s?(?P<{p}m1>{mults}))?"
            rf"(?:\s*(?P<{p}j>{alt(words('range_joiners'))}|(?({p}open)"
            rf"(?:{alt(words('range_joiners_after_opener'))})|(?!)))\s*"
            rf"(?:(?P<{p}c2>{syms})\s?)?(?P<{p}n2>{number}))?(?:\s?(?P<{p}m>{mults}))?"
            rf"(?:\s?(?:(?:{links})\s?)?(?P<{p}c3>{alt(cur_words)}|(?:{syms})(?!\s?\d)))?"
        )

    period_tail = rf"[\s,\-]*(?:(?:{alt(words('wage_adjectives'))})[\s\-]+)?(?P<p>{periods})"
    joined = rf"\s*,?\s*(?:(?:{base})\s*,?\s*)?"
    flags = re.IGNORECASE
    return Vocab(
        units=units,
        bare=frozenset(bare),
        currencies={**{key(k): c for k, c in table("currencies").items()}},
        qualifiers=table("qualifiers"),
        periods=table("wage_periods"),
        addon_strong=frozenset(key(w) for w in words("addon_joiners")),
        range_blockers=frozenset(key(w) for w in words("range_blockers")),
        qualifier_blockers=frozenset(key(w) for w in words("qualifier_blockers")),
        core=re.compile(core(""), flags),
        wage_tail=re.compile(period_tail, flags),
        addon_tail=re.compile(
            rf"{joined}(?P<aj>{addon_j})\s*(?:(?:{fillers})\s+)*{core('a_')}"
            rf"(?:\s+(?:(?:{fillers})\s+)*(?P<aw>{addon_w}))?",
            flags,
        ),
        addon_vague=re.compile(
            rf"{joined}(?:{addon_j})\s+(?:[\w\-]+\s+){{0,2}}?(?:{addon_w})", flags
        ),
        included=re.compile(rf"{joined}(?:{alt(words('included'))})", flags),
        bracket=re.compile(
            rf"\s*\(\s*{core('b_')}(?:{period_tail.replace('?P<p>', '')})?\s*\)", flags
        ),
        clause_after=re.compile(rf"\s*(?:{alt(words('clause_words'))})", flags),
        clause_before=re.compile(alt(words("clause_words")), flags),
        wage_before=re.compile(alt(words("wage_words")), flags),
        link_noun=re.compile(rf"\s+(?:{links})\s?(?P<w>[^\W\d_]+)", flags),
        part_before=re.compile(
            rf"(?:{alt(words('addon_joiners') + words('part_openers'))})\s*"
            rf"(?:(?:{fillers})\s+)*(?:(?:{quals})\s*)?$",
            flags,
        ),
        part_after=re.compile(
            rf"\s*(?:(?:{fillers})\s+)*(?:{alt(words('addon_words') + words('addon_conditions'))})",
            flags,
        ),
    )
