"""Money figures in transfer news: ``find_fees(text, lang)`` and ``same_fee(a, b)`` (pure).

A figure is *core* (optional qualifier, optional range opener, currency before or after, number,
optional second number of a range, multiplier) plus optional tails, in this order: a wage period
("a week", "por temporada"), base words ("up front", "fix"), add-ons ("+ €5m in add-ons", "plus
bonuses"), "including bonuses", and a bracketed approximation ("(≈€50m)", "(£86m)"), which is
the same fee, not a second one. A figure counts only with a currency, or with a whole-word
multiplier in a language whose data says bare figures are euros ("25 millones", "20 milioni").

Numbers: a ``.`` / ``,`` / space followed by exactly three digits groups thousands ("£240,000",
"1.000 millones", "240 000 €"); any other separator is the decimal mark ("€82.5m", "76,5
Millionen"). When both marks occur, the last one is the decimal mark ("1.234,5").

Vocabulary lives in ``bot/data/lang/<lang>/money.toml``; a new directory is a new language. Keys:
``bare_figures_are_euros``, ``multipliers`` (whole words, may stand without a currency),
``abbreviations`` (need a currency: "m", "Mio.", "mil"), ``currencies`` (word → ISO code),
``currency_links`` ("de" in "millones de euros"), ``qualifiers`` (phrase → rule name below),
``range_openers`` / ``range_joiners`` / ``range_joiners_after_opener`` (the latter only after an
opener: "between … and …") / ``range_blockers`` ("from €100m to €70m" is a change, two figures),
``qualifier_blockers`` ("went up to €85m" is a move, not a ceiling), ``addon_joiners`` (a figure
after them is an add-on), ``addon_joiners_weak`` (only when one of ``addon_words`` follows),
``addon_fillers``, ``base_words``, ``included``, ``wage_periods`` (phrase → payments per year),
``wage_adjectives``, ``wage_words`` and ``clause_words`` (a word shortly before the figure, in the
same clause, makes it wages per year or a release clause; "€50m release clause" works too).
English is always merged into a declared language; ``lang=None`` (or an unknown one) uses all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from bot.claims.lexicon.money_vocab import SYMBOLS, Vocab, key, vocab
from bot.model import Fee, FeeKind

#: Fixed conversion to euros, set on 2025-01-02 by the project: close to the ECB reference rates
#: of the last days of 2024, rounded (written in, never fetched: the core does no I/O). Fees are
#: compared in euros with a ±10% tolerance, so rate drift within a season does not matter.
RATES_TO_EUR: Mapping[str, float] = MappingProxyType(
    {"EUR": 1.0, "GBP": 1.20, "USD": 0.96, "CHF": 1.06, "BRL": 0.16}
)

#: The one rule table for qualifiers: the figure ``x`` becomes the range ``[lo·x, hi·x]`` (a range
#: "€20-25m" scales both ends). Each language's ``qualifiers`` map its phrases onto these names.
QUALIFIER_RULES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "just over": (1.00, 1.05),  # just over, a little over, algo más de, poco più di, knapp über
        "over": (1.00, 1.10),  # over, more than, más de, oltre, mehr als, mais de, plus de
        "at least": (1.00, 1.10),  # at least, al menos, almeno, mindestens, pelo menos, au moins
        "around": (0.95, 1.05),  # around, about, unos, cerca de, circa, rund, etwa, environ, ≈
        "just under": (0.95, 1.00),  # almost, nearly, casi, quasi, knapp, quase, presque
        "under": (0.90, 1.00),  # under, less than, menos de, meno di, weniger als, moins de
        "up to": (0.90, 1.00),  # up to, as much as, hasta, fino a, bis zu, até, jusqu'à
        "including add-ons": (0.90, 1.00),  # "€85m including bonuses": the base is lower
        "plus add-ons": (1.00, 1.10),  # "€100m plus bonuses", add-ons not quantified
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeeMatch:
    """One money figure found in a text: its span (qualifier + figure + add-ons) and value."""

    start: int
    end: int
    fee: Fee
    #: an add-on part of a figure named before it in the text ("an initial £55m, plus up to £5m
    #: linked to appearances", "€60m, including €10m in bonuses"): no fee of its own
    part: bool = False


def find_fees(text: str, lang: str | None = None) -> list[FeeMatch]:
    """Every money figure in ``text``, in text order; years, ages, percentages, dates are not."""
    v = vocab(lang)
    out: list[FeeMatch] = []
    pos = context_from = 0
    # every figure has a digit (its number): none left, no figure left, and the search that
    # would fail over the rest of the text is not run (issue 16)
    while _DIGIT.search(text, pos) is not None and (m := v.core.search(text, pos)) is not None:
        found = _read(text, m, v, context_from)
        if found is not None:
            if out and _is_part(text, out[-1].end, found, v):
                found = replace(found, part=True)
            out.append(found)
            pos = context_from = found.end
            if (after := v.clause_after.match(text, found.end)) is not None:
                context_from = after.end()  # "€50m release clause, €1bn": not the next one's
        elif m.group("j") is not None:  # not a range after all: look again from its join
            pos = m.start("j")
        else:
            pos = max(m.end(), m.start() + 1)
    return out


def _is_part(text: str, after: int, found: FeeMatch, v: Vocab) -> bool:
    """Is ``found`` an add-on part of the figure ending at ``after``? It is when an add-on
    joiner ("plus", "más", "+") or opener ("including") stands right before it, or add-on words
    or conditions ("in add-ons", "linked to appearances") right after it."""
    gap = text[after : found.start]
    if v.part_before.search(gap) and not _BREAK_GAP.search(gap):
        return True
    return v.part_after.match(text, found.end) is not None


_BREAK_GAP = re.compile(r"[.!?;]")
_DIGIT = re.compile(r"\d")  # what the core's number needs, as it reads it


def same_fee(a: Fee, b: Fee, tolerance: float = 0.10) -> bool:
    """Whether two fees are the same figure: both ends of their euro ranges within ±tolerance
    (DESIGN §4). Wages and transfer fees are never the same figure."""
    if (a.kind is FeeKind.WAGES) != (b.kind is FeeKind.WAGES):
        return False
    return _close(a.eur_min, b.eur_min, tolerance) and _close(a.eur_max, b.eur_max, tolerance)


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def parse_number(raw: str) -> float:
    """'240,000' → 240000, '1.000' → 1000, '82.5' → 82.5, '65,76' → 65.76, '1.234,5' → 1234.5."""
    s = re.sub(r"[\s\u00a0\u202f]", "", raw)
    last = max(s.rfind("."), s.rfind(","))
    if last < 0:
        return float(s)
    mark, tail = s[last], s[last + 1 :]
    mixed = "." in s and "," in s
    if not mixed and (s.count(mark) > 1 or len(tail) == 3):
        return float(s.replace(mark, ""))
    return float(re.sub(r"[.,]", "", s[:last]) + "." + tail)


def _read(text: str, m: re.Match[str], v: Vocab, context_from: int) -> FeeMatch | None:
    """Turn one core match into a fee with its tails, or None when it is not money."""
    g = m.group
    unit1, cur1 = v.unit(g("m1")), _currency(g("c1"), v)
    end, unit_word = m.end(), g("m") or g("m1")
    if g("n2") is None:
        lo = hi = parse_number(g("n1")) * (unit1 or 1.0)
        cur = cur1 or _currency(g("c3"), v)
    else:
        unit2 = v.unit(g("m")) or unit1
        lo = parse_number(g("n1")) * (unit1 or unit2 or 1.0)
        hi = parse_number(g("n2")) * (unit2 or 1.0)
        cur = cur1 or _currency(g("c2"), v) or _currency(g("c3"), v)
        blocked = g("open") is None and _preceded_by(text, m.start(), v.range_blockers)
        dangling = g("m1") is not None and g("m") is None and g("c2") is None  # "€5m to 2026"
        if hi <= lo or blocked or dangling:  # not a range: keep the first figure if it stands
            if g("m1") is None:
                return None
            hi, cur, end, unit_word = lo, cur1, m.end("m1"), g("m1")
    if cur is None:
        if unit_word is None or not v.bare_ok(unit_word) or _count_noun(text, end, v):
            return None
        cur = "EUR"
    if unit_word is None and _YEAR.fullmatch(g("n1")):
        return None
    start, q = m.start(), v.qualifiers.get(key(g("q"))) if g("q") else None
    if q and _preceded_by(text, start, v.qualifier_blockers):  # "went up to €85m": a move
        start, q = next(m.start(k) for k in ("open", "c1", "n1") if g(k) is not None), None
    return _finish(text, start, end, v, span=(lo, hi), currency=cur, qualifier=q,
                   unit_word=unit_word, context_from=context_from)  # fmt: skip


def _finish(
    text: str,
    start: int,
    end: int,
    v: Vocab,
    *,
    span: tuple[float, float],
    currency: str,
    qualifier: str | None,
    unit_word: str | None,
    context_from: int,
) -> FeeMatch:
    """Read the tails after a figure (period, add-ons, bracket) and its kind from context."""
    lo, hi = span
    rules = [qualifier] if qualifier else []
    per_year: float | None = None
    if (t := v.wage_tail.match(text, end)) is not None:
        per_year, end = v.periods[key(t.group("p"))], t.end()
    added = bracketed = False
    for _ in range(2):  # add-ons and a bracketed equivalent, in either order
        if not added and (a := _addon_tail(text, end, v, unit_word)) is not None:
            extra, rule, end = a
            hi, added = hi + extra, True
            rules += [rule] if rule else []
        if not bracketed and (b := v.bracket.match(text, end)) and (b["b_c1"] or b["b_c3"]):
            end, bracketed = b.end(), True
    for rule in rules:
        f_lo, f_hi = QUALIFIER_RULES[rule]
        lo, hi = lo * f_lo, hi * f_hi
    kind = FeeKind.UNKNOWN
    context = text[max(context_from, start - 60) : start]
    wage_at, clause_at = _last(v.wage_before, context), _last(v.clause_before, context)
    if per_year is not None:
        kind = FeeKind.WAGES
    elif v.clause_after.match(text, end) or clause_at > wage_at:
        kind = FeeKind.CLAUSE
    elif wage_at > clause_at:
        kind, per_year = FeeKind.WAGES, 1.0
    rate = RATES_TO_EUR[currency] * (per_year or 1.0)
    fee = Fee(
        text=text[start:end],
        eur_min=round(lo * rate, 2),
        eur_max=round(hi * rate, 2),
        currency=currency,
        qualifier=rules[0] if rules else None,
        kind=kind,
    )
    return FeeMatch(start=start, end=end, fee=fee)


def _addon_tail(
    text: str, end: int, v: Vocab, base_unit: str | None
) -> tuple[float, str | None, int] | None:
    """An add-on tail at ``end``: (amount added to the maximum, qualifier rule, new end)."""
    if (t := v.addon_tail.match(text, end)) is not None and (
        t.group("aw") or key(t.group("aj")) in v.addon_strong
    ):
        return _addon(t, v, base_unit), None, t.end()
    if (t := v.included.match(text, end)) is not None:
        return 0.0, "including add-ons", t.end()
    if (t := v.addon_vague.match(text, end)) is not None:
        return 0.0, "plus add-ons", t.end()
    return None


def _addon(t: re.Match[str], v: Vocab, base_unit: str | None) -> float:
    """The add-on figure's value, in the base figure's currency (its unit, else the base's)."""
    unit = v.unit(t.group("a_m1")) or v.unit(t.group("a_m")) or v.unit(base_unit) or 1.0
    raw = t.group("a_n2") or t.group("a_n1")
    return parse_number(raw) * unit


_YEAR = re.compile(r"(?:19|20)\d\d")


def _currency(token: str | None, v: Vocab) -> str | None:
    if token is None:
        return None
    return SYMBOLS.get(token.strip()) or v.currencies.get(key(token))


def _preceded_by(text: str, start: int, words: frozenset[str]) -> bool:
    head = re.findall(r"[^\W\d_]+", text[max(0, start - 30) : start].casefold())
    return bool(head) and (head[-1] in words or " ".join(head[-2:]) in words)


def _count_noun(text: str, end: int, v: Vocab) -> bool:
    """'10 millones de aficionados': a bare figure, then 'de' and a word that is no currency."""
    t = v.link_noun.match(text, end)
    return t is not None and _currency(t.group("w"), v) is None


def _last(pattern: re.Pattern[str], context: str) -> int:
    """Where the last keyword of ``pattern`` sits in ``context`` (-1: none, or not in this clause:
    a sentence mark or another figure stands between it and the fee)."""
    hits = [h for h in pattern.finditer(context) if not _BREAK.search(context, h.end())]
    return hits[-1].start() if hits else -1


_BREAK = re.compile(r"[.!?;\n\d]")
