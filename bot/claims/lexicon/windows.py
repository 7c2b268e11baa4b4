"""Transfer windows in transfer news: ``find_windows(text, published, lang)`` (pure).

A window is ``january-YYYY`` (the winter window) or ``summer-YYYY``; its dates are in one table,
``WINDOW_DATES``. Phrases live in ``bot/data/lang/<lang>/windows.toml`` (a new directory is a new
language); each maps to one of:

===================== =====================================================================
``<season>:upcoming``  the window of that season still open or to come at ``published``
                       ("the summer", "January", "end of the season", "mercato invernale")
``<season>:next``      the first window of that season starting after ``published``
                       ("next summer", "el próximo verano"; "next January" in January → next year)
``<season>:this``      the window of that season nearest to ``published`` ("this summer")
``<season>:last``      the last window of that season ended before ``published``
``month:<n>``          the season whose window holds the 15th of month n, upcoming ("June")
``month:this|next``    the window holding the 15th of this / next month, else none
``window:current``     the window open at ``published``, else the next one ("this window")
===================== =====================================================================

An explicit year right after the phrase ("summer 2025", "the summer of 2025", "June 2025",
"verano de 2025") or right before it ("the 2025 summer window") wins over inference. Other keys of
the data: ``year_links`` ("of", "de"), ``exact_case`` (matched only as written: "June" but not
"june", "agosto" but not "Agosto"), ``ambiguous`` (read only when the text is declared in that
language: Italian "estate" is English "estate"), ``needs_year`` (read only with a year: French
"été" is also "been"), ``contrast`` ("rather than", "instead of", "invece di"): a window a few
words after one is the move set aside, not the move's ("sign him now rather than for free in
the summer"), so none is read there. ``lang=None`` (or an unknown one) uses every language;
English is always merged into a declared one. Where a phrase is ambiguous the rule is no
window rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType

from bot.claims.lexicon.langdata import language_files
from bot.claims.lexicon.money_vocab import heads
from bot.model import Window

#: Each window's dates as ((month, day) opens, (month, day) closes), inclusive. Wide enough for
#: the main European leagues: England's winter window closes 3 February; the summer window runs
#: from the end of the season (1 June) to deadline day (1 September).
WINDOW_DATES: Mapping[str, tuple[tuple[int, int], tuple[int, int]]] = MappingProxyType(
    {"january": ((1, 1), (2, 3)), "summer": ((6, 1), (9, 1))}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowMatch:
    """One mention of a transfer window in a text, resolved against the publication date."""

    start: int
    end: int
    window: Window


def find_windows(text: str, published: datetime, lang: str | None = None) -> list[WindowMatch]:
    """Every transfer-window mention in ``text``, in text order, resolved at ``published``."""
    v = _vocab(lang)
    today = published.date()
    out: list[WindowMatch] = []
    for m in v.pattern.finditer(text):
        phrase = _key(m.group("p"))
        if phrase in v.exact and _key_exact(m.group("p")) != v.exact[phrase]:
            continue
        if v.contrast and v.contrast.search(text, max(0, m.start() - _CONTRAST_REACH), m.start()):
            continue  # "now rather than in the summer": the move not made
        year_text = m.group("y") or m.group("y0")
        if phrase in v.needs_year and year_text is None:
            continue
        window = _resolve(v.phrases[phrase], today, int(year_text) if year_text else None)
        if window is not None:
            out.append(WindowMatch(start=m.start(), end=m.end(), window=window))
    return out


def window_containing(day: date) -> Window | None:
    """The transfer window ``day`` falls in, if any."""
    for season in WINDOW_DATES:
        w = make_window(season, day.year)
        if w.start <= day <= w.end:
            return w
    return None


def make_window(season: str, year: int) -> Window:
    """The window of ``season`` ("january" | "summer") in ``year``."""
    (m1, d1), (m2, d2) = WINDOW_DATES[season]
    return Window(key=f"{season}-{year}", start=date(year, m1, d1), end=date(year, m2, d2))


def _resolve(rule: str, today: date, year: int | None) -> Window | None:
    kind, _, relation = rule.partition(":")
    if kind == "month":
        if relation in ("this", "next"):
            month = today.month + (relation == "next")
            mid = date(today.year + (month > 12), (month - 1) % 12 + 1, 15)
            return window_containing(mid) if year is None else None
        kind = _season_of_month(int(relation)) or ""
        relation = "upcoming"
        if not kind:
            return None
    if kind == "window":
        return window_containing(today) or _next_any(today) if year is None else None
    if year is not None:
        return make_window(kind, year)
    y = today.year
    if relation == "upcoming":
        return make_window(kind, y if today <= make_window(kind, y).end else y + 1)
    if relation == "next":
        return make_window(kind, y if make_window(kind, y).start > today else y + 1)
    if relation == "last":
        return make_window(kind, y if make_window(kind, y).end < today else y - 1)
    return min((make_window(kind, y + d) for d in (-1, 0, 1)), key=lambda w: _distance(w, today))


def _season_of_month(month: int) -> str | None:
    w = window_containing(date(2000, month, 15))
    return w.key.partition("-")[0] if w else None


def _next_any(today: date) -> Window:
    ahead = [make_window(s, today.year + d) for s in WINDOW_DATES for d in (0, 1)]
    return min((w for w in ahead if w.start > today), key=lambda w: w.start)


def _distance(w: Window, day: date) -> timedelta:
    if w.start <= day <= w.end:
        return timedelta(0)
    return w.start - day if day < w.start else day - w.end


# --------------------------------------------------------------------------- vocabulary


def _key(phrase: str) -> str:
    return _key_exact(phrase).casefold()


def _key_exact(phrase: str) -> str:
    return re.sub(r"[\s\-]+", " ", phrase.strip()).replace("’", "'")


def _alt(words: Iterable[str]) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        body = r"[\s\-]+".join(re.escape(p) for p in w.split()).replace("'", "['’]")
        parts.append((r"(?<!\w)" if w[0].isalnum() else "") + body + r"(?!\w)")
    return "|".join(parts) or "(?!)"


#: how far before a window phrase a contrast may stand ("rather than for free in the summer")
_CONTRAST_REACH = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class _Vocab:
    phrases: Mapping[str, str]
    exact: Mapping[str, str]
    needs_year: frozenset[str]
    pattern: re.Pattern[str]
    contrast: re.Pattern[str] | None


@cache
def _vocab(lang: str | None) -> _Vocab:
    langs = language_files("windows")
    if lang in langs:
        picked = {lang: langs[lang], "en": langs["en"]}
    else:
        picked = {
            name: {
                **d,
                "phrases": {k: r for k, r in d["phrases"].items() if k not in d["ambiguous"]},
            }
            for name, d in langs.items()
        }
    phrases: dict[str, str] = {}
    for d in reversed(picked.values()):
        phrases.update({_key(k): r for k, r in d["phrases"].items()})
    exact = {_key(w): _key_exact(w) for d in picked.values() for w in d["exact_case"]}
    links = _alt(w for d in picked.values() for w in d["year_links"])
    year = r"(?:19|20)\d\d(?![\d/\-–])"
    names = _alt(k for d in picked.values() for k in d["phrases"])
    # the first letters a match can start with, checked before the alternation's branches
    # are tried one by one at every position (issue 16): the year's digit or a phrase's letter
    first = heads(k for d in picked.values() for k in d["phrases"])
    pattern = (
        rf"(?=(?<!\d)[12]|{first})(?:(?P<y0>(?<!\d){year})\s+)?(?P<p>{names})"
        rf"(?:,?\s+(?:(?:{links})\s+)?(?P<y>{year}))?"
    )
    contrast = _alt(w for d in picked.values() for w in d.get("contrast", ()))
    return _Vocab(
        phrases=phrases,
        exact=exact,
        needs_year=frozenset(_key(w) for d in picked.values() for w in d["needs_year"]),
        pattern=re.compile(pattern, re.IGNORECASE),
        # the contrast, then a few words of its own clause, right up to the window phrase
        contrast=re.compile(rf"(?:{contrast})[^.,;:!?–()]*$", re.IGNORECASE)
        if contrast != "(?!)"
        else None,
    )
