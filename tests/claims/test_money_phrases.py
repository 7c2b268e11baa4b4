"""Table tests for bot.money: fees in six languages, and what is not a fee."""

from __future__ import annotations

import pytest

from bot.claims.lexicon.langdata import language_files
from bot.claims.lexicon.money import (
    QUALIFIER_RULES,
    RATES_TO_EUR,
    find_fees,
    parse_number,
    same_fee,
)
from bot.model import Fee, FeeKind

GBP, USD = RATES_TO_EUR["GBP"], RATES_TO_EUR["USD"]
U, W, C = FeeKind.UNKNOWN, FeeKind.WAGES, FeeKind.CLAUSE

# (text, lang, [(fee text, eur_min in millions, eur_max in millions, currency, qualifier, kind)])
ROWS = [
    pytest.param(
        "Real would pay just over £20 million for him.",
        "en",
        [("just over £20 million", 20 * GBP, 21 * GBP, "GBP", "just over", U)],
        id="en-just-over-pounds",
    ),
    pytest.param(
        "Liverpool want £50m.",
        "en",
        [("£50m", 50 * GBP, 50 * GBP, "GBP", None, U)],
        id="en-pounds-m",
    ),
    pytest.param(
        "A fee of €1.5bn is absurd.",
        "en",
        [("€1.5bn", 1500, 1500, "EUR", None, U)],
        id="en-bn-decimal",
    ),
    pytest.param(
        "Dortmund want $110m.",
        "en",
        [("$110m", 110 * USD, 110 * USD, "USD", None, U)],
        id="en-dollars",
    ),
    pytest.param(
        "a deal worth 40 million euros",
        "en",
        [("40 million euros", 40, 40, "EUR", None, U)],
        id="en-word-euros",
    ),
    pytest.param(
        "a bid of 30 million pounds sterling",
        "en",
        [("30 million pounds sterling", 30 * GBP, 30 * GBP, "GBP", None, U)],
        id="en-pounds-sterling",
    ),
    pytest.param(
        "between €20m and €25m",
        "en",
        [("between €20m and €25m", 20, 25, "EUR", None, U)],
        id="en-range-between",
    ),
    pytest.param(
        "an offer of €20-25m", "en", [("€20-25m", 20, 25, "EUR", None, U)], id="en-range-hyphen"
    ),
    pytest.param(
        "a first offer of €75–80m plus bonuses",
        "en",
        [("€75–80m plus bonuses", 75, 88, "EUR", "plus add-ons", U)],
        id="en-range-en-dash-plus-bonuses",
    ),
    pytest.param(
        "City are willing to go to around €90m.",
        "en",
        [("around €90m", 85.5, 94.5, "EUR", "around", U)],
        id="en-around",
    ),
    pytest.param(
        "a bid that could reach up to £33m",
        "en",
        [("up to £33m", 33 * GBP * 0.9, 33 * GBP, "GBP", "up to", U)],
        id="en-up-to",
    ),
    pytest.param(
        "Leipzig want at least €100m.",
        "en",
        [("at least €100m", 100, 110, "EUR", "at least", U)],
        id="en-at-least",
    ),
    pytest.param(
        "a token fee of under €1m", "en", [("under €1m", 0.9, 1, "EUR", "under", U)], id="en-under"
    ),
    pytest.param(
        "in the region of €60m",
        "en",
        [("in the region of €60m", 57, 63, "EUR", "around", U)],
        id="en-in-the-region",
    ),
    pytest.param(
        "an offer worth €75m plus €5m in add-ons",
        "en",
        [("€75m plus €5m in add-ons", 75, 80, "EUR", None, U)],
        id="en-base-plus-addons",
    ),
    pytest.param(
        "€75m + €5m in add-ons",
        "en",
        [("€75m + €5m in add-ons", 75, 80, "EUR", None, U)],
        id="en-plus-sign-addons",
    ),
    pytest.param(
        "€100m plus bonuses for Dortmund",
        "en",
        [("€100m plus bonuses", 100, 110, "EUR", "plus add-ons", U)],
        id="en-plus-unquantified",
    ),
    pytest.param(
        "Newcastle's offer – €82.5m plus €2.5m – was accepted",
        "en",
        [("€82.5m plus €2.5m", 82.5, 85, "EUR", None, U)],
        id="en-plus-bare-second-figure",
    ),
    # "up front … and up to … more in add-ons": one fee, the add-on tops the range
    pytest.param(
        "€80m up front and up to €10m more in add-ons",
        "en",
        [("€80m up front and up to €10m more in add-ons", 80, 90, "EUR", None, U)],
        id="en-up-front-and-addons",
    ),
    pytest.param(
        "€85m including bonuses",
        "en",
        [("€85m including bonuses", 76.5, 85, "EUR", "including add-ons", U)],
        id="en-including-bonuses",
    ),
    # the bracket restates the same fee in another currency: one fee, not two
    pytest.param(
        "Liverpool ask £42m (≈€50m) for Dalot.",
        "en",
        [("£42m (≈€50m)", 42 * GBP, 42 * GBP, "GBP", None, U)],
        id="en-bracket-approximation",
    ),
    pytest.param(
        "more than €100m (£86m) plus bonuses",
        "en",
        [("more than €100m (£86m) plus bonuses", 100, 121, "EUR", "over", U)],
        id="en-bracket-then-addons",
    ),
    pytest.param(
        "he earns £240,000 a week",
        "en",
        [("£240,000 a week", 0.24 * 52 * GBP, 0.24 * 52 * GBP, "GBP", None, W)],
        id="en-wages-week",
    ),
    pytest.param(
        "a £240,000-a-week deal",
        "en",
        [("£240,000-a-week", 0.24 * 52 * GBP, 0.24 * 52 * GBP, "GBP", None, W)],
        id="en-wages-hyphenated",
    ),
    pytest.param(
        "a salary of about €15m a season",
        "en",
        [("about €15m a season", 14.25, 15.75, "EUR", "around", W)],
        id="en-wages-season",
    ),
    pytest.param(
        "~£240k per week (≈€15m per year)",
        "en",
        [
            (
                "~£240k per week (≈€15m per year)",
                0.24 * 52 * GBP * 0.95,
                0.24 * 52 * GBP * 1.05,
                "GBP",
                "around",
                W,
            )
        ],
        id="en-wages-k-with-bracket",
    ),
    pytest.param(
        "his €50m release clause",
        "en",
        [("€50m", 50, 50, "EUR", None, C)],
        id="en-release-clause-after",
    ),
    pytest.param(
        "a release clause of £55m, and a €1bn valuation",
        "en",
        [("£55m", 55 * GBP, 55 * GBP, "GBP", None, C), ("€1bn", 1000, 1000, "EUR", None, U)],
        id="en-clause-before-only-nearest",
    ),
    # "from X to Y" is a change of figure, not a range
    pytest.param(
        "Leipzig cut their demand from €100m to €70m.",
        "en",
        [("€100m", 100, 100, "EUR", None, U), ("€70m", 70, 70, "EUR", None, U)],
        id="en-from-to-is-two-figures",
    ),
    pytest.param(
        "unos 42 millones de libras por Dalot",
        "es",
        [("unos 42 millones de libras", 42 * GBP * 0.95, 42 * GBP * 1.05, "GBP", "around", U)],
        id="es-libras",
    ),
    pytest.param(
        "pagó 25 millones al club",
        "es",
        [("25 millones", 25, 25, "EUR", None, U)],
        id="es-bare-millones-euros",
    ),
    pytest.param(
        "una cláusula de 1.000 millones",
        "es",
        [("1.000 millones", 1000, 1000, "EUR", None, C)],
        id="es-thousands-clausula",
    ),
    pytest.param(
        "entre 20 y 25 millones de euros",
        "es",
        [("entre 20 y 25 millones de euros", 20, 25, "EUR", None, U)],
        id="es-range-entre",
    ),
    pytest.param(
        "unos 100 millones fijos más variables",
        "es",
        [("unos 100 millones fijos más variables", 95, 115.5, "EUR", "around", U)],
        id="es-fijos-mas-variables",
    ),
    pytest.param(
        "un sueldo de 20 millones brutos al año",
        "es",
        [("20 millones brutos al año", 20, 20, "EUR", None, W)],
        id="es-wages-al-ano",
    ),
    pytest.param(
        "cobrará 12 millones por temporada",
        "es",
        [("12 millones por temporada", 12, 12, "EUR", None, W)],
        id="es-wages-por-temporada",
    ),
    pytest.param(
        "hasta 60 millones de dólares",
        "es",
        [("hasta 60 millones de dólares", 54 * USD, 60 * USD, "USD", "up to", U)],
        id="es-hasta-dolares",
    ),
    pytest.param(
        "más de 70 millones",
        "es",
        [("más de 70 millones", 70, 77, "EUR", "over", U)],
        id="es-mas-de",
    ),
    pytest.param(
        "mettendo sul piatto tra i 20 e i 25 milioni",
        "it",
        [("tra i 20 e i 25 milioni", 20, 25, "EUR", None, U)],
        id="it-range-tra-i",
    ),
    pytest.param(
        "Per il cartellino servono 20 milioni",
        "it",
        [("20 milioni", 20, 20, "EUR", None, U)],
        id="it-bare-milioni",
    ),
    pytest.param(
        "circa 35 milioni di euro bonus compresi",
        "it",
        [
            (
                "circa 35 milioni di euro bonus compresi",
                35 * 0.95 * 0.9,
                35 * 1.05,
                "EUR",
                "around",
                U,
            )
        ],
        id="it-circa-bonus-compresi",
    ),
    pytest.param(
        "un rinnovo da 14 milioni a stagione",
        "it",
        [("14 milioni a stagione", 14, 14, "EUR", None, W)],
        id="it-wages-a-stagione",
    ),
    pytest.param(
        "la clausola rescissoria che, in base al rendimento, è salita a 65 milioni di euro",
        "it",
        [("65 milioni di euro", 65, 65, "EUR", None, C)],
        id="it-clausola-far-before",
    ),
    pytest.param(
        "fino a 30 milioni di sterline",
        "it",
        [("fino a 30 milioni di sterline", 27 * GBP, 30 * GBP, "GBP", "up to", U)],
        id="it-fino-a-sterline",
    ),
    pytest.param(
        "oltre 90 milioni", "it", [("oltre 90 milioni", 90, 99, "EUR", "over", U)], id="it-oltre"
    ),
    pytest.param(
        "die Madrilenen bieten zwischen 100 und 120 Millionen",
        "de",
        [("zwischen 100 und 120 Millionen", 100, 120, "EUR", None, U)],
        id="de-range-zwischen",
    ),
    pytest.param(
        "20 bis 25 Millionen Euro",
        "de",
        [("20 bis 25 Millionen Euro", 20, 25, "EUR", None, U)],
        id="de-range-bis",
    ),
    pytest.param(
        "eine Ablöse von 76,5 Millionen",
        "de",
        [("76,5 Millionen", 76.5, 76.5, "EUR", None, U)],
        id="de-decimal-comma",
    ),
    pytest.param(
        "rund 80 Millionen fix und knapp 10 Millionen Boni",
        "de",
        [("rund 80 Millionen fix und knapp 10 Millionen Boni", 76, 94.5, "EUR", "around", U)],
        id="de-fix-und-boni",
    ),
    pytest.param(
        "bis zu 34 Mio. €",
        "de",
        [("bis zu 34 Mio. €", 30.6, 34, "EUR", "up to", U)],
        id="de-mio-bis-zu",
    ),
    pytest.param(
        "seine Ausstiegsklausel über 65 Millionen Euro",
        "de",
        [("65 Millionen Euro", 65, 65, "EUR", None, C)],
        id="de-ausstiegsklausel",
    ),
    pytest.param(
        "ein Jahresgehalt von 20 Millionen Euro",
        "de",
        [("20 Millionen Euro", 20, 20, "EUR", None, W)],
        id="de-jahresgehalt",
    ),
    pytest.param(
        "40 Millionen Pfund",
        "de",
        [("40 Millionen Pfund", 40 * GBP, 40 * GBP, "GBP", None, U)],
        id="de-pfund",
    ),
    pytest.param(
        "um valor de €65,76 milhões",
        "pt",
        [("€65,76 milhões", 65.76, 65.76, "EUR", None, U)],
        id="pt-decimal-comma-symbol",
    ),
    pytest.param(
        "entre 80 e 90 milhões de euros",
        "pt",
        [("entre 80 e 90 milhões de euros", 80, 90, "EUR", None, U)],
        id="pt-range-entre",
    ),
    pytest.param(
        "cerca de 14 milhões de euros por época",
        "pt",
        [("cerca de 14 milhões de euros por época", 13.3, 14.7, "EUR", "around", W)],
        id="pt-wages-por-epoca",
    ),
    pytest.param(
        "85 milhões de euros, bónus incluídos",
        "pt",
        [("85 milhões de euros, bónus incluídos", 76.5, 85, "EUR", "including add-ons", U)],
        id="pt-bonus-incluidos",
    ),
    pytest.param(
        "a cláusula de rescisão de 60 milhões",
        "pt",
        [("60 milhões", 60, 60, "EUR", None, C)],
        id="pt-clausula-rescisao",
    ),
    pytest.param(
        "mais de 50 milhões de libras",
        "pt",
        [("mais de 50 milhões de libras", 50 * GBP, 55 * GBP, "GBP", "over", U)],
        id="pt-mais-de-libras",
    ),
    pytest.param(
        "le Real vise 100 à 120 M€",
        "fr",
        [("100 à 120 M€", 100, 120, "EUR", None, U)],
        id="fr-range-a-meuro",
    ),
    pytest.param(
        "une clause libératoire de 45 M€",
        "fr",
        [("45 M€", 45, 45, "EUR", None, C)],
        id="fr-clause-liberatoire",
    ),
    pytest.param(
        "environ 140 millions d’euros",
        "fr",
        [("environ 140 millions d’euros", 133, 147, "EUR", "around", U)],
        id="fr-environ-curly-apostrophe",
    ),
    pytest.param(
        "75 M€ plus 10 M€ de bonus",
        "fr",
        [("75 M€ plus 10 M€ de bonus", 75, 85, "EUR", None, U)],
        id="fr-plus-bonus",
    ),
    pytest.param(
        "un salaire de 10 millions d'euros par an",
        "fr",
        [("10 millions d'euros par an", 10, 10, "EUR", None, W)],
        id="fr-wages-par-an",
    ),
    pytest.param(
        "jusqu'à 150 millions",
        "fr",
        [("jusqu'à 150 millions", 135, 150, "EUR", "up to", U)],
        id="fr-jusqua",
    ),
    # "went up to" is a move to a new figure, not a ceiling
    pytest.param(
        "Newcastle went up to €85m including bonuses",
        "en",
        [("€85m including bonuses", 76.5, 85, "EUR", "including add-ons", U)],
        id="en-went-up-to-is-no-qualifier",
    ),
    pytest.param(
        "un ingaggio da 8 milioni netti all’anno",
        "it",
        [("8 milioni netti all’anno", 8, 8, "EUR", None, W)],
        id="it-wages-curly-apostrophe-netti",
    ),
    pytest.param(
        "Real offered €5m to 2026 bondholders",
        "en",
        [("€5m", 5, 5, "EUR", None, U)],
        id="en-range-needs-a-second-figure-with-unit",
    ),
    pytest.param(
        "Leipzig verlangen 100 Millionen, Real bietet 90",
        None,
        [("100 Millionen", 100, 100, "EUR", None, U)],
        id="any-language-bare-millionen",
    ),
    # negatives: years, ages, percentages, shirt numbers, goals, dates, counts
    pytest.param(
        "In 2025 the 25-year-old scored 12 goals, wore No.66 and signed on 30 June.",
        "en",
        [],
        id="neg-years-ages-goals-shirt-date",
    ),
    pytest.param(
        "up to 30% of the fee; 30 Prozent; il 40 per cento", None, [], id="neg-percentages"
    ),
    pytest.param(
        "a 3-1 win in the 2024-25 season, 124 km/h, a 35 m sprint",
        "en",
        [],
        id="neg-scores-seasons-speeds",
    ),
    pytest.param("the club's 2 million fans", "en", [], id="neg-english-bare-million"),
    pytest.param("10 millones de aficionados", "es", [], id="neg-es-count-noun"),
    pytest.param("30. Juni 2026, Rückennummer 10", "de", [], id="neg-de-date-shirt"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), ROWS)
def test_find_fees(
    text: str, lang: str | None, expected: list[tuple[str, float, float, str, str | None, FeeKind]]
) -> None:
    found = find_fees(text, lang)
    got = [(m.fee.text, m.fee.currency, m.fee.qualifier, m.fee.kind) for m in found]
    assert got == [(t, cur, q, k) for t, _, _, cur, q, k in expected]
    for m, (_, lo, hi, *_rest) in zip(found, expected, strict=True):
        assert text[m.start : m.end] == m.fee.text
        assert m.fee.eur_min == pytest.approx(lo * 1e6)
        assert m.fee.eur_max == pytest.approx(hi * 1e6)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("Sesko: clausola da 65 milioni", "it", id="declared-it"),
        pytest.param("Sesko: clausola da 65 milioni", None, id="all-languages"),
        pytest.param("Sesko: clausola da 65 milioni", "xx", id="unknown-language"),
    ],
)
def test_language_selection(text: str, lang: str | None) -> None:
    (m,) = find_fees(text, lang)
    assert (m.fee.text, m.fee.kind) == ("65 milioni", FeeKind.CLAUSE)


def test_fees_come_in_text_order_with_spans() -> None:
    text = "Real offered €80m, Liverpool want £70m and later €100m plus bonuses."
    spans = [(m.start, m.end) for m in find_fees(text, "en")]
    assert [text[a:b] for a, b in spans] == ["€80m", "£70m", "€100m plus bonuses"]
    assert spans == sorted(spans)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        pytest.param("240,000", 240_000, id="comma-thousands"),
        pytest.param("1.000", 1000, id="dot-thousands"),
        pytest.param("82.5", 82.5, id="dot-decimal"),
        pytest.param("65,76", 65.76, id="comma-decimal"),
        pytest.param("1.234,5", 1234.5, id="mixed"),
        pytest.param("20.000.000", 20_000_000, id="many-groups"),
        pytest.param("240 000", 240_000, id="space-thousands"),
    ],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


def _fee(lo: float, hi: float, kind: FeeKind = FeeKind.UNKNOWN) -> Fee:
    return Fee(text="x", eur_min=lo * 1e6, eur_max=hi * 1e6, kind=kind)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(_fee(20, 20), _fee(21.9, 21.9), True, id="within-10pc"),
        pytest.param(_fee(20, 20), _fee(23, 23), False, id="beyond-10pc"),
        pytest.param(_fee(50.4, 50.4), _fee(50, 50), True, id="gbp-42m-vs-eur-50m"),
        pytest.param(_fee(75, 80), _fee(80, 90), False, id="ranges-max-differs"),
        pytest.param(_fee(100, 110), _fee(100, 100), True, id="plus-addons-vs-base"),
        pytest.param(_fee(15, 15, FeeKind.WAGES), _fee(15, 15), False, id="wages-never-a-fee"),
    ],
)
def test_same_fee(a: Fee, b: Fee, same: bool) -> None:
    assert same_fee(a, b) is same
    assert same_fee(b, a) is same


def test_every_qualifier_phrase_has_a_rule() -> None:
    for name, data in language_files("money").items():
        unknown = set(data["qualifiers"].values()) - set(QUALIFIER_RULES)
        assert not unknown, (name, unknown)


def test_every_currency_word_has_a_rate() -> None:
    for name, data in language_files("money").items():
        unknown = set(data["currencies"].values()) - set(RATES_TO_EUR)
        assert not unknown, (name, unknown)


def test_languages_are_the_data_directories() -> None:
    assert {"en", "es", "it", "de", "pt", "fr"} <= set(language_files("money"))


# An add-on part of a figure named before it is no fee of its own: (text, lang, [(figure, part)])
PART_ROWS = [
    pytest.param(
        "Arsenal pay an initial £30m for the winger, plus up to £4m linked to results.",
        "en",
        [("£30m", False), ("up to £4m", True)],
        id="en-plus-after-comma",
    ),
    pytest.param(
        "The deal is worth €45m, including €6m in bonuses.",
        "en",
        [("€45m", False), ("€6m", True)],
        id="en-including-in-bonuses",
    ),
    pytest.param(
        "Porto receive €40m from Real and €20m from Atlético.",
        "en",
        [("€40m", False), ("€20m", False)],
        id="neg-en-two-fees-joined-by-and",
    ),
    pytest.param(
        "Der Kaufpreis liegt bei 60 Millionen Euro, davon 8 Millionen Euro an Boni.",
        "de",
        [("60 Millionen Euro", False), ("8 Millionen Euro", True)],
        id="de-davon-boni",
    ),
    pytest.param(
        "El Sevilla pide 30 millones; el Betis ofrece 25 millones.",
        "es",
        [("30 millones", False), ("25 millones", False)],
        id="neg-es-ask-and-offer",
    ),
    pytest.param(
        "Il Napoli incassa 50 milioni, di cui 7 milioni legati ai risultati.",
        "it",
        [("50 milioni", False), ("7 milioni", True)],
        id="it-di-cui-legati",
    ),
    pytest.param(
        "Lyon touchera 35 millions d'euros, dont 5 millions d'euros de bonus.",
        "fr",
        [("35 millions d'euros", False), ("5 millions d'euros", True)],
        id="fr-dont-bonus",
    ),
    pytest.param(
        "Lyon demande 35 millions d'euros, Lille en offre 28 millions d'euros.",
        "fr",
        [("35 millions d'euros", False), ("28 millions d'euros", False)],
        id="neg-fr-ask-and-offer",
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), PART_ROWS)
def test_add_on_parts(text: str, lang: str, expected: list[tuple[str, bool]]) -> None:
    assert [(m.fee.text, m.part) for m in find_fees(text, lang)] == expected
